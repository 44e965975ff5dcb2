import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { bearer, postGraphql, useApp } from '../helpers/suite';

/**
 * The journey map's notes (goal, touchpoints, feelings, pain points, KPIs, opportunities,
 * emotion) are the team's internal working notes: no content API route serves them, whether
 * through Strapi's own populate of `journeyStages`, the plugin's /api/journey routes or GraphQL,
 * while the admin's journey map still reads and writes them.
 */
const app = useApp({ admin: true, withGraphql: true });
const http = app.http;

const NOTES = {
  customerGoal: 'SECRET-GOAL understand the offer',
  touchpoints: ['SECRET-TOUCH website'],
  feelings: 'SECRET-FEEL unsure',
  painPoints: ['SECRET-PAIN unclear pricing'],
  kpis: ['SECRET-KPI share of search'],
  opportunities: ['SECRET-OPP a price calculator'],
  emotion: -1,
};
const NOTE_FIELDS = Object.keys(NOTES);

type Stage = Record<string, unknown> & { key: string; documentId: string };

/** Nothing of the notes in a response body: no field name, no value. */
const expectNoNotes = (body: unknown) => {
  const text = JSON.stringify(body);
  expect(text).not.toContain('SECRET-');
  for (const field of NOTE_FIELDS) expect(text).not.toContain(`"${field}"`);
};

beforeAll(async () => {
  const journeys = await http().get('/journey/journeys').set(bearer(app.token));
  const customer = journeys.body.data.find((j: { key: string }) => j.key === 'customer');
  const awareness = customer.stages.find((s: Stage) => s.key === 'awareness') as Stage;
  const put = await http()
    .put(`/journey/stages/${awareness.documentId}`)
    .set(bearer(app.token))
    .send(NOTES);
  expect(put.status).toBe(200);
  const stages = await stageIds(app.strapi);
  await createTagged(app.strapi, ARTICLE, stages, {
    title: 'Why run',
    stages: ['awareness'],
    intent: 'informational',
    status: 'published',
  });
  await grantPublic(app.strapi, [
    'api::article.article.find',
    'plugin::journey.stage.find',
    'plugin::journey.journey.find',
    'plugin::journey.content.find',
    'plugin::journey.next.find',
  ]);
});

describe('the journey-map notes are private', () => {
  test("Strapi's REST populate of journeyStages (and of their journey) leaves them out", async () => {
    const res = await http().get('/api/articles?populate[journeyStages][populate]=journey');
    expect(res.status).toBe(200);
    const stage = res.body.data[0].journeyStages[0];
    expect(stage.key).toBe('awareness');
    expect(stage.journey.key).toBe('customer');
    expectNoNotes(res.body);
    const star = await http().get('/api/articles?populate=*');
    expect(star.status).toBe(200);
    expect(star.body.data[0].journeyStages[0].key).toBe('awareness');
    expectNoNotes(star.body);
  });

  test('a filter on a note is refused, so it cannot be used to guess one', async () => {
    for (const field of ['painPoints', 'feelings', 'emotion']) {
      const res = await http().get(`/api/articles?filters[journeyStages][${field}][$notNull]=true`);
      expect(res.status).toBe(400);
    }
  });

  test('the plugin’s /api/journey routes leave them out', async () => {
    for (const path of [
      '/api/journey/journeys',
      '/api/journey/stages',
      '/api/journey/content?stage=awareness',
      '/api/journey/content?stage=awareness&populate=journeyStages',
      '/api/journey/next?stage=awareness',
    ]) {
      const res = await http().get(path);
      expect(res.status).toBe(200);
      expectNoNotes(res.body);
    }
    const content = await http().get('/api/journey/content?stage=awareness');
    expect(content.body.data[0].journeyStages).toEqual([
      { journey: 'customer', key: 'awareness', name: 'Awareness' },
    ]);
  });

  test('GraphQL has no field for them', async () => {
    const ok = await postGraphql(
      app.strapi,
      `{ articles { title journeyStages { __typename key journey { key } } } }`
    );
    expect(ok.body.errors).toBeUndefined();
    expectNoNotes(ok.body);
    const stageType = (
      ok.body.data?.articles as Array<{ journeyStages: Array<{ __typename: string }> }>
    )[0].journeyStages[0].__typename;
    const fields = await postGraphql(
      app.strapi,
      `query T($name: String!) { __type(name: $name) { fields { name } } }`,
      { name: stageType }
    );
    const names = (fields.body.data?.__type as { fields: Array<{ name: string }> }).fields.map(
      (f) => f.name
    );
    expect(names).toContain('key');
    for (const field of NOTE_FIELDS) expect(names).not.toContain(field);
    const asked = await postGraphql(app.strapi, `{ articles { journeyStages { painPoints } } }`);
    expect(asked.body.errors?.length).toBeGreaterThan(0);
    expect(asked.body.data ?? null).toBeNull();
    expectNoNotes(asked.body.data ?? null);
  });

  test('the admin journey map still reads them all', async () => {
    const res = await http().get('/journey/journeys').set(bearer(app.token));
    expect(res.status).toBe(200);
    const customer = res.body.data.find((j: { key: string }) => j.key === 'customer');
    const awareness = customer.stages.find((s: Stage) => s.key === 'awareness');
    expect(awareness).toMatchObject(NOTES);
    const exported = await http().get('/journey/journeys/export').set(bearer(app.token));
    expect(exported.status).toBe(200);
    const file = exported.body.journeys.find((j: { key: string }) => j.key === 'customer');
    expect(file.stages.find((s: Stage) => s.key === 'awareness')).toMatchObject(NOTES);
  });
});
