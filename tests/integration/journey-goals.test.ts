import { useApp } from '../helpers/suite';

const app = useApp({ admin: true });

const admin = app.http;
const auth = () => ({ Authorization: `Bearer ${app.token}` });

const goalsOf = async (key: string) => {
  const res = await admin().get('/journey/journeys').set(auth());
  return res.body.data.find((j: { key: string }) => j.key === key)?.goals ?? null;
};

describe('journey goals', () => {
  test('are set, changed and cleared where the journey is edited, and kept by other edits', async () => {
    const set = await admin()
      .put('/journey/journeys/customer')
      .set(auth())
      .send({ goals: ['signup', 'purchase'] });
    expect(set.status).toBe(200);
    expect(set.body.data.goals).toEqual(['signup', 'purchase']);

    // A change of another field leaves the goals as they are.
    const renamed = await admin()
      .put('/journey/journeys/customer')
      .set(auth())
      .send({ description: 'Buyers' });
    expect(renamed.status).toBe(200);
    expect(await goalsOf('customer')).toEqual(['signup', 'purchase']);

    const cleared = await admin()
      .put('/journey/journeys/customer')
      .set(auth())
      .send({ goals: null });
    expect(cleared.status).toBe(200);
    expect(await goalsOf('customer')).toBeNull();
  });

  test('are accepted when a journey is created', async () => {
    const created = await admin()
      .post('/journey/journeys')
      .set(auth())
      .send({ key: 'trial', name: 'Trial', goals: ['trial_start', 'paid-1'] });
    expect(created.status).toBe(200);
    expect(await goalsOf('trial')).toEqual(['trial_start', 'paid-1']);
  });

  test.each([
    ['a name with upper-case letters', ['SignUp'], 'lowercase letters, digits, - and _'],
    ['a name with a space', ['sign up'], 'lowercase letters, digits, - and _'],
    ['an empty name', [''], 'must not be empty'],
    ['a name twice', ['signup', 'signup'], 'names a goal twice'],
    ['more than 20 goals', Array.from({ length: 21 }, (_, i) => `goal-${i}`), 'at most 20 goals'],
    ['a string instead of a list', 'signup', 'goals'],
    ['a number in the list', [42], 'goals[0]'],
  ])('refuse %s with a 400 naming goals', async (_, goals, text) => {
    const before = await goalsOf('customer');
    const res = await admin().put('/journey/journeys/customer').set(auth()).send({ goals });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('journey.goals');
    expect(res.body.error.message).toContain(text);
    expect(await goalsOf('customer')).toEqual(before);

    const created = await admin()
      .post('/journey/journeys')
      .set(auth())
      .send({ key: 'refused', name: 'Refused', goals });
    expect(created.status).toBe(400);
    expect(created.body.error.message).toContain('journey.goals');
  });

  test('travel with the journeys export and import', async () => {
    await admin()
      .put('/journey/journeys/customer')
      .set(auth())
      .send({ goals: ['purchase'] });
    const exported = await admin().get('/journey/journeys/export').set(auth());
    expect(exported.status).toBe(200);
    const customer = exported.body.journeys.find((j: { key: string }) => j.key === 'customer');
    expect(customer.goals).toEqual(['purchase']);
  });
});
