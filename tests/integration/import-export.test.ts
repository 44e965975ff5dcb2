import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/admin';
import { ARTICLE, createTagged, stageIds } from '../helpers/content';

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

const admin = () => request(app.strapi.server.httpServer);
const auth = () => ({ Authorization: `Bearer ${token}` });

describe('journey export and import', () => {
  test('exports every journey with its stages as JSON, ready to import elsewhere', async () => {
    const res = await admin().get('/journey/journeys/export').set(auth());
    expect(res.status).toBe(200);
    expect(res.headers['content-disposition']).toContain('journeys.json');
    expect(res.body).toMatchObject({ version: 1, plugin: 'journey' });
    expect(res.body.journeys).toHaveLength(1);
    const [customer] = res.body.journeys;
    expect(customer).toMatchObject({ key: 'customer', name: 'Customer journey' });
    expect(customer.stages.map((s: { key: string }) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    expect(customer.stages[0]).toMatchObject({
      names: { sv: 'Medvetenhet' },
      colour: expect.stringMatching(/^#/),
    });
    // No database ids: they mean nothing on another server.
    expect(JSON.stringify(res.body)).not.toMatch(/"(id|documentId)":/);
  });

  test('reports what an import would change before changing anything', async () => {
    const exported = (await admin().get('/journey/journeys/export').set(auth())).body;
    const customer = exported.journeys[0];
    customer.stages[0].name = 'Discover';
    customer.stages.push({ key: 'advocacy', name: 'Advocacy', colour: '#aa00ff' });
    exported.journeys.push({
      key: 'partner',
      name: 'Partner',
      stages: [{ key: 'recruit', name: 'Recruit' }],
    });

    const dry = await admin().post('/journey/journeys/import').set(auth()).send(exported);
    expect(dry.status).toBe(200);
    expect(dry.body.dryRun).toBe(true);
    expect(dry.body.summary).toMatchObject({ create: 3, update: 1 });
    expect(dry.body.changes).toContainEqual(
      expect.objectContaining({
        action: 'update',
        kind: 'stage',
        journey: 'customer',
        stage: 'awareness',
        fields: { name: { from: 'Awareness', to: 'Discover' } },
      })
    );
    expect(dry.body.changes).toContainEqual(
      expect.objectContaining({
        action: 'create',
        kind: 'stage',
        journey: 'customer',
        stage: 'advocacy',
      })
    );
    // Nothing changed yet.
    const journeys = app.strapi.plugin('journey').service('journeys');
    expect((await journeys.list()).map((j: { key: string }) => j.key)).toEqual(['customer']);
    expect((await journeys.list())[0].stages[0].name).toBe('Awareness');

    const applied = await admin()
      .post('/journey/journeys/import?dryRun=false')
      .set(auth())
      .send(exported);
    expect(applied.status).toBe(200);
    expect(applied.body.dryRun).toBe(false);
    const after = await journeys.list();
    expect(after.map((j: { key: string }) => j.key)).toEqual(['customer', 'partner']);
    expect(after[0].stages.map((s: { key: string }) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
      'advocacy',
    ]);
    expect(after[0].stages[0].name).toBe('Discover');

    // Importing the same file again changes nothing.
    const again = await admin().post('/journey/journeys/import').set(auth()).send(exported);
    expect(again.body.summary).toMatchObject({ create: 0, update: 0 });
  });

  test('never deletes: stages missing from the file are kept with their tags', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Loyal',
      stages: ['loyalty'],
      status: 'published',
    });
    const file = {
      journeys: [
        {
          key: 'customer',
          name: 'Customer journey',
          stages: [{ key: 'awareness', name: 'Discover' }],
        },
      ],
    };
    const res = await admin().post('/journey/journeys/import?dryRun=false').set(auth()).send(file);
    expect(res.status).toBe(200);
    expect(res.body.changes).toContainEqual(
      expect.objectContaining({
        action: 'kept',
        kind: 'stage',
        journey: 'customer',
        stage: 'loyalty',
      })
    );
    const found = (await app.strapi.documents(ARTICLE as never).findOne({
      documentId: doc.documentId,
      status: 'published',
      populate: ['journeyStages'],
    } as never)) as unknown as { journeyStages: Array<{ key: string }> };
    expect(found.journeyStages.map((s) => s.key)).toEqual(['loyalty']);
  });

  test.each([
    ['not an export', { hello: 'world' }, 'must be an object with a "journeys" array'],
    [
      'a stage key twice',
      {
        journeys: [
          {
            key: 'x',
            name: 'X',
            stages: [
              { key: 'a', name: 'A' },
              { key: 'a', name: 'B' },
            ],
          },
        ],
      },
      'journeys[0] ("x").stages[1] ("a").key: duplicate stage key "a"',
    ],
    [
      'a bad colour',
      { journeys: [{ key: 'x', name: 'X', stages: [{ key: 'a', name: 'A', colour: 'red' }] }] },
      'journeys[0] ("x").stages[0] ("a").colour: must be a hex colour',
    ],
  ])('refuses %s with a 400 that names the problem', async (_what, body, message) => {
    const res = await admin().post('/journey/journeys/import?dryRun=false').set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });
});
