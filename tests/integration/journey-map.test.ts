import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, grantPublic, stageIds } from '../helpers/content';
import { importProblems } from '../../server/src/domain/config';
import { ACTIONS } from '../../server/src/utils/constants';
import { useApp } from '../helpers/suite';

const app = useApp({ admin: true });

const http = app.http;
const auth = (bearer = app.token) => ({ Authorization: `Bearer ${bearer}` });

type Stage = {
  key: string;
  documentId: string;
  updatedAt: string;
  opportunities?: string[];
  emotion?: number | null;
  nextStages?: string[];
  customerGoal?: string;
};
type Journey = { key: string; updatedAt: string; stages: Stage[] };

const journey = async (key: string): Promise<Journey> => {
  const res = await http().get('/journey/journeys').set(auth());
  return res.body.data.find((j: Journey) => j.key === key);
};
const stageOf = async (journeyKey: string, key: string) =>
  (await journey(journeyKey)).stages.find((s) => s.key === key) as Stage;

const putStage = (documentId: string, body: Record<string, unknown>, bearer = app.token) =>
  http().put(`/journey/stages/${documentId}`).set(auth(bearer)).send(body);

const addStage = (journeyKey: string, body: Record<string, unknown>) =>
  http().post(`/journey/journeys/${journeyKey}/stages`).set(auth()).send(body);

describe('journey-map stage fields', () => {
  test('opportunities, emotion and nextStages round-trip through the admin routes and export/import', async () => {
    expect(
      (await http().post('/journey/journeys').set(auth()).send({ key: 'map', name: 'Map' })).status
    ).toBe(200);
    expect((await addStage('map', { key: 'first', name: 'First' })).status).toBe(200);
    const added = await addStage('map', {
      key: 'second',
      name: 'Second',
      opportunities: ['a shorter form'],
      emotion: -2,
      nextStages: ['first'],
    });
    expect(added.status).toBe(200);
    expect(added.body.data.stages[1]).toMatchObject({
      key: 'second',
      opportunities: ['a shorter form'],
      emotion: -2,
      nextStages: ['first'],
    });

    const first = await stageOf('map', 'first');
    const changed = await putStage(first.documentId, {
      emotion: 0,
      opportunities: ['follow up'],
      nextStages: ['second'],
    });
    expect(changed.status).toBe(200);
    expect(await stageOf('map', 'first')).toMatchObject({
      emotion: 0,
      opportunities: ['follow up'],
      nextStages: ['second'],
    });
    // null clears the score.
    expect((await putStage(first.documentId, { emotion: null })).status).toBe(200);
    expect((await stageOf('map', 'first')).emotion ?? null).toBeNull();

    const exported = await http().get('/journey/journeys/export').set(auth());
    const file = exported.body;
    const mapJourney = file.journeys.find((j: Journey) => j.key === 'map');
    expect(mapJourney.stages).toEqual([
      { key: 'first', name: 'First', opportunities: ['follow up'], nextStages: ['second'] },
      {
        key: 'second',
        name: 'Second',
        opportunities: ['a shorter form'],
        emotion: -2,
        nextStages: ['first'],
      },
    ]);

    // The same file imported with changed map fields: the preview names them, apply writes them.
    mapJourney.stages[1].emotion = 1;
    mapJourney.stages[1].opportunities = ['a shorter form', 'save and continue later'];
    const preview = await http().post('/journey/journeys/import').set(auth()).send(file);
    expect(preview.status).toBe(200);
    const change = preview.body.changes.find(
      (c: { journey: string; stage?: string }) => c.journey === 'map' && c.stage === 'second'
    );
    expect(change).toMatchObject({
      action: 'update',
      fields: {
        emotion: { from: -2, to: 1 },
        opportunities: { to: ['a shorter form', 'save and continue later'] },
      },
    });
    const applied = await http()
      .post('/journey/journeys/import?dryRun=false')
      .set(auth())
      .send(file);
    expect(applied.status).toBe(200);
    expect(await stageOf('map', 'second')).toMatchObject({
      emotion: 1,
      opportunities: ['a shorter form', 'save and continue later'],
      nextStages: ['first'],
    });
  });

  test.each([
    [{ emotion: 3 }, 'stage.emotion: must be a whole number from -2 to 2'],
    [{ emotion: 1.5 }, 'stage.emotion: must be a whole number from -2 to 2'],
    [{ nextStages: ['nowhere'] }, 'nextStages: unknown stage key "nowhere"'],
    [{ nextStages: ['first'] }, 'stage.nextStages: must not name the stage itself'],
    [{ nextStages: ['second', 'second'] }, 'stage.nextStages: names a stage twice'],
    [{ opportunities: 'one' }, 'stage.opportunities'],
  ])('%j is refused with 400 naming the field', async (patch, message) => {
    const first = await stageOf('map', 'first');
    const res = await putStage(first.documentId, patch);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
    // Nothing was written.
    expect(await stageOf('map', 'first')).toMatchObject({ nextStages: ['second'] });
  });

  test('a new stage naming an unknown stage is refused; so is an import doing so', async () => {
    const res = await addStage('map', { key: 'third', name: 'Third', nextStages: ['ghost'] });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('nextStages: unknown stage key "ghost"');
    expect((await journey('map')).stages).toHaveLength(2);

    const file = {
      journeys: [
        { key: 'map', name: 'Map', stages: [{ key: 'first', name: 'First', nextStages: ['x'] }] },
      ],
    };
    const imported = await http().post('/journey/journeys/import').set(auth()).send(file);
    expect(imported.status).toBe(400);
    expect(imported.body.error.message).toContain(
      'journeys[0] ("map").stages[0] ("first").nextStages: unknown stage key "x"'
    );
  });

  test('re-keying a stage renames it in the other stages’ nextStages; deleting it removes it', async () => {
    expect(
      (await addStage('map', { key: 'third', name: 'Third', nextStages: ['second', 'first'] }))
        .status
    ).toBe(200);
    const second = await stageOf('map', 'second');
    expect((await putStage(second.documentId, { key: 'middle' })).status).toBe(200);
    expect(await stageOf('map', 'first')).toMatchObject({ nextStages: ['middle'] });
    expect(await stageOf('map', 'third')).toMatchObject({ nextStages: ['middle', 'first'] });
    // The re-keyed stage keeps its own.
    expect(await stageOf('map', 'middle')).toMatchObject({ nextStages: ['first'] });

    const deleted = await http().delete(`/journey/stages/${second.documentId}`).set(auth());
    expect(deleted.status).toBe(200);
    expect((await stageOf('map', 'first')).nextStages).toEqual([]);
    expect((await stageOf('map', 'third')).nextStages).toEqual(['first']);
  });

  test('the content manager’s path (document service) checks nextStages against the journey', async () => {
    const first = await stageOf('map', 'first');
    await expect(
      app.strapi
        .documents('plugin::journey.stage' as never)
        .update({ documentId: first.documentId, data: { nextStages: ['ghost'] } } as never)
    ).rejects.toThrow(/nextStages: unknown stage key "ghost"/);
  });
});

describe('optimistic check', () => {
  test('a save that did not see the latest change gets 409 with the stage as it is now', async () => {
    const editor = await adminToken(app.strapi, {
      email: 'kari@journey.test',
    });
    // Kari's profile name is the helper's "Test Admin": the conflict names who saved.
    const opened = await stageOf('map', 'third');
    const first = await putStage(
      opened.documentId,
      { customerGoal: 'Kari’s goal', expectedUpdatedAt: opened.updatedAt },
      editor
    );
    expect(first.status).toBe(200);
    const saved = first.body.data.stages.find((s: Stage) => s.key === 'third') as Stage;
    expect(saved.updatedAt).not.toBe(opened.updatedAt);

    const stale = await putStage(opened.documentId, {
      customerGoal: 'Ola’s goal',
      expectedUpdatedAt: opened.updatedAt,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.name).toBe('ConflictError');
    expect(stale.body.error.message).toMatch(
      /^This stage was changed by Test Admin at \d{4}-\d\d-\d\dT[\d:.]+Z since you opened it; reload to see their change$/
    );
    expect(stale.body.error.details.current).toMatchObject({
      key: 'third',
      customerGoal: 'Kari’s goal',
      updatedAt: saved.updatedAt,
    });
    expect((await stageOf('map', 'third')).customerGoal).toBe('Kari’s goal');

    const current = await putStage(opened.documentId, {
      customerGoal: 'Ola’s goal',
      expectedUpdatedAt: saved.updatedAt,
    });
    expect(current.status).toBe(200);
    expect((await stageOf('map', 'third')).customerGoal).toBe('Ola’s goal');

    // Without it, the last write wins, as before.
    expect((await putStage(opened.documentId, { customerGoal: 'Last' })).status).toBe(200);
    const bad = await putStage(opened.documentId, { expectedUpdatedAt: 'yesterday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('expectedUpdatedAt must be an ISO date-time');
  });

  test('the journey route has the same check', async () => {
    const opened = await journey('map');
    const first = await http()
      .put('/journey/journeys/map')
      .set(auth())
      .send({ description: 'one', expectedUpdatedAt: opened.updatedAt });
    expect(first.status).toBe(200);
    const stale = await http()
      .put('/journey/journeys/map')
      .set(auth())
      .send({ description: 'two', expectedUpdatedAt: opened.updatedAt });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/^This journey was changed by /);
    expect(stale.body.error.details.current).toMatchObject({ key: 'map', description: 'one' });
    const current = await http()
      .put('/journey/journeys/map')
      .set(auth())
      .send({ description: 'two', expectedUpdatedAt: first.body.data.updatedAt });
    expect(current.status).toBe(200);
    expect((await journey('map')) as unknown).toMatchObject({ description: 'two' });
  });

  test('changes an import or a re-key of another stage makes are caught too', async () => {
    const opened = await stageOf('map', 'first');
    const file = (await http().get('/journey/journeys/export').set(auth())).body;
    const mapJourney = file.journeys.find((j: Journey) => j.key === 'map');
    mapJourney.stages.find((s: Stage) => s.key === 'first').customerGoal = 'from the import';
    expect(
      (await http().post('/journey/journeys/import?dryRun=false').set(auth()).send(file)).status
    ).toBe(200);
    const stale = await putStage(opened.documentId, {
      customerGoal: 'mine',
      expectedUpdatedAt: opened.updatedAt,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error.details.current.customerGoal).toBe('from the import');

    // Re-keying "third" rewrites first's nextStages: first changed, so its editor is told.
    const third = await stageOf('map', 'third');
    expect((await putStage(third.documentId, { nextStages: [] })).status).toBe(200);
    expect((await putStage(opened.documentId, { nextStages: ['third'] })).status).toBe(200);
    const before = await stageOf('map', 'first');
    expect((await putStage(third.documentId, { key: 'last' })).status).toBe(200);
    const after = await putStage(before.documentId, {
      feelings: 'calm',
      expectedUpdatedAt: before.updatedAt,
    });
    expect(after.status).toBe(409);
    expect(after.body.error.details.current.nextStages).toEqual(['last']);
  });
});

describe('GET /api/journey/next with declared next stages', () => {
  test('serves a declared next stage first, with reason "declared"', async () => {
    const stages = await stageIds(app.strapi);
    for (const [title, key] of [
      ['Consider', 'consideration'],
      ['Decide', 'decision'],
    ]) {
      await app.strapi.documents(ARTICLE as never).create({
        data: { title, journeyStages: [stages[key]], searchIntent: null },
        status: 'published',
      } as never);
    }
    await grantPublic(app.strapi, ['plugin::journey.next.find', 'api::article.article.find']);
    const before = await http().get('/api/journey/next?journey=customer&stage=awareness');
    expect(before.body.meta.servedStage).toEqual({ key: 'consideration', reason: 'next' });

    const awareness = await stageOf('customer', 'awareness');
    expect(
      (await putStage(awareness.documentId, { nextStages: ['usage', 'decision'] })).status
    ).toBe(200);
    const res = await http().get('/api/journey/next?journey=customer&stage=awareness');
    expect(res.status).toBe(200);
    // usage has no content: the next declared stage serves.
    expect(res.body.meta.servedStage).toEqual({ key: 'decision', reason: 'declared' });
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Decide']);
  });
});

describe('starters', () => {
  test('only journey managers list and fetch them', async () => {
    const readerRole = await createRole(app.strapi, 'Map reader', [ACTIONS.readCoverage]);
    const reader = await adminToken(app.strapi, { roleId: readerRole });
    expect((await http().get('/journey/starters').set(auth(reader))).status).toBe(403);
    expect((await http().get('/journey/starters/b2b').set(auth(reader))).status).toBe(403);

    const list = await http().get('/journey/starters').set(auth());
    expect(list.status).toBe(200);
    expect(list.body.data.map((s: { key: string }) => s.key)).toEqual([
      'customer',
      'b2b',
      'candidate',
      'investor',
      'donor',
    ]);
    expect(list.body.data[1]).toMatchObject({
      key: 'b2b',
      name: 'B2B buyer journey',
      names: { sv: 'B2B-köpresa', nb: 'B2B-kjøpsreise' },
      stages: 6,
    });
    const missing = await http().get('/journey/starters/nope').set(auth());
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toContain(
      'starters: customer, b2b, candidate, investor, donor'
    );
  });

  test.each(['b2b', 'candidate', 'investor', 'donor', 'customer'])(
    'the %s starter, imported with a preview then applied, makes a valid journey',
    async (key) => {
      const fetched = await http().get(`/journey/starters/${key}`).set(auth());
      expect(fetched.status).toBe(200);
      const file = fetched.body.data;
      // The customer journey exists: the admin lets the user pick another key first.
      const journeyKey = key === 'customer' ? 'customer-2' : key;
      file.journeys[0].key = journeyKey;
      const preview = await http().post('/journey/journeys/import').set(auth()).send(file);
      expect(preview.status).toBe(200);
      expect(preview.body.summary.create).toBe(1 + file.journeys[0].stages.length);
      expect(await journey(journeyKey)).toBeUndefined();

      const applied = await http()
        .post('/journey/journeys/import?dryRun=false')
        .set(auth())
        .send(file);
      expect(applied.status).toBe(200);
      const created = await journey(journeyKey);
      expect(created.stages.map((s) => s.key)).toEqual(
        file.journeys[0].stages.map((s: Stage) => s.key)
      );
      // What is stored passes the import's own validation, as any journey in an export.
      const exported = (await http().get('/journey/journeys/export').set(auth())).body;
      const stored = exported.journeys.find((j: Journey) => j.key === journeyKey);
      expect(stored).toEqual(file.journeys[0]);
      expect(await importProblems(exported.journeys)).toEqual([]);
    }
  );
});
