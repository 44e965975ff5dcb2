import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

const app = useApp({ admin: true });

const admin = app.http;
const auth = (bearer = app.token) => ({ Authorization: `Bearer ${bearer}` });

const journey = async (key: string) => {
  const res = await admin().get('/journey/journeys').set(auth());
  return res.body.data.find((j: { key: string }) => j.key === key);
};

const stageTagsOf = async (documentId: string) => {
  const doc = (await app.strapi.documents(ARTICLE as never).findOne({
    documentId,
    populate: ['journeyStages'],
  } as never)) as unknown as { journeyStages: Array<{ key: string }> };
  return doc.journeyStages.map((s) => s.key).sort();
};

describe('journey settings routes', () => {
  test('creates a journey, adds stages, renames and re-keys it; reorders journeys', async () => {
    const created = await admin()
      .post('/journey/journeys')
      .set(auth())
      .send({ key: 'partner', name: 'Partner journey', names: { sv: 'Partnerresa' } });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({ key: 'partner', stages: [] });

    for (const [key, name] of [
      ['recruit', 'Recruit'],
      ['onboard', 'Onboard'],
    ]) {
      const res = await admin()
        .post('/journey/journeys/partner/stages')
        .set(auth())
        .send({ key, name, colour: '#328048', touchpoints: ['Webinar'] });
      expect(res.status).toBe(200);
    }
    expect((await journey('partner')).stages.map((s: { key: string }) => s.key)).toEqual([
      'recruit',
      'onboard',
    ]);

    const renamed = await admin()
      .put('/journey/journeys/partner')
      .set(auth())
      .send({ key: 'partners', name: 'Partners', description: 'Resellers' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.data).toMatchObject({ key: 'partners', name: 'Partners' });
    expect(renamed.body.data.stages).toHaveLength(2);

    const order = await admin()
      .put('/journey/journeys/order')
      .set(auth())
      .send({ journeys: ['partners', 'customer'] });
    expect(order.status).toBe(200);
    const keys = (await admin().get('/journey/journeys').set(auth())).body.data.map(
      (j: { key: string }) => j.key
    );
    expect(keys).toEqual(['partners', 'customer']);
    // The public API follows the new order at once.
    const again = await admin()
      .put('/journey/journeys/order')
      .set(auth())
      .send({ journeys: ['customer', 'partners'] });
    expect(again.status).toBe(200);
  });

  test('a stage edit keeps every tag; a new key follows into the intent mapping', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Tagged before the edit',
      stages: ['consideration'],
      intent: 'commercial',
    });
    const res = await admin()
      .put(`/journey/stages/${stages.consideration}`)
      .set(auth())
      .send({
        key: 'evaluation',
        name: 'Evaluation',
        names: { sv: 'Utvärdering', nb: 'Vurdering' },
        colour: '#D9822F',
        kpis: ['Comparison page views'],
      });
    expect(res.status).toBe(200);
    const customer = res.body.data;
    expect(customer.intentStages.commercial).toBe('evaluation');
    expect(customer.stages.find((s: { key: string }) => s.key === 'evaluation')).toMatchObject({
      name: 'Evaluation',
      colour: '#D9822F',
      kpis: ['Comparison page views'],
    });
    expect(await stageTagsOf(doc.documentId)).toEqual(['evaluation']);

    // null clears an optional field; the required ones cannot be cleared.
    const cleared = await admin()
      .put(`/journey/stages/${stages.consideration}`)
      .set(auth())
      .send({ kpis: null, name: null });
    expect(cleared.status).toBe(200);
    const stage = cleared.body.data.stages.find((s: { key: string }) => s.key === 'evaluation');
    expect(stage.kpis).toBeNull();
    expect(stage.name).toBe('Evaluation');
  });

  test('deleting a stage moves its tags and re-points the intent mapping', async () => {
    const stages = await stageIds(app.strapi);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'On a stage to delete',
      stages: ['decision'],
      intent: 'transactional',
    });
    const refused = await admin().delete(`/journey/stages/${stages.decision}`).set(auth());
    expect(refused.status).toBe(400);
    expect(refused.body.error.details.usage).toEqual([{ contentType: ARTICLE, documents: 1 }]);

    const res = await admin()
      .delete(`/journey/stages/${stages.decision}?moveTo=customer.usage`)
      .set(auth());
    expect(res.status).toBe(200);
    expect(await stageTagsOf(doc.documentId)).toEqual(['usage']);
    const customer = await journey('customer');
    expect(customer.intentStages).toMatchObject({ transactional: 'usage', local: 'usage' });
  });

  test.each([
    ['post', '/journey/journeys', { key: 'Bad Key', name: 'x' }, 'journey.key'],
    ['post', '/journey/journeys', { key: 'customer', name: 'x' }, 'exists'],
    ['post', '/journey/journeys', { key: 'ok', name: 'x', colour: '#fff' }, 'unknown key'],
    ['put', '/journey/journeys/customer', { intentStages: { commercial: 'nope' } }, 'nope'],
    ['post', '/journey/journeys/customer/stages', { key: 'awareness', name: 'A' }, 'already'],
    ['post', '/journey/journeys/customer/stages', { key: 'x', name: 'X', colour: 'red' }, 'colour'],
    ['put', '/journey/journeys/order', { journeys: ['customer'] }, 'each journey key'],
  ] as const)('%s %s answers 400 naming the problem', async (method, path, body, text) => {
    const res = await admin()[method](path).set(auth()).send(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(text);
  });

  test('unknown journeys and stages are 404', async () => {
    expect((await admin().put('/journey/journeys/nope').set(auth()).send({})).status).toBe(404);
    expect((await admin().put('/journey/stages/nope').set(auth()).send({})).status).toBe(404);
  });
});

describe('editor routes of the content manager views', () => {
  test('serve journeys and a page of tags to whoever may read the type, and no one else', async () => {
    const stages = await stageIds(app.strapi);
    const a = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Two stages',
      stages: ['awareness', 'usage'],
    });
    const b = await createTagged(app.strapi, ARTICLE, stages, { title: 'None' });

    const readerRole = await createRole(app.strapi, 'Article reader', []);
    await app.strapi.service('admin::role').addPermissions(readerRole, [
      {
        action: 'plugin::content-manager.explorer.read',
        subject: ARTICLE,
        properties: { fields: ['title'], locales: ['en'] },
        conditions: [],
      },
    ]);
    const reader = await adminToken(app.strapi, { roleId: readerRole });

    const journeys = await admin()
      .get(`/journey/editor/journeys?contentType=${ARTICLE}`)
      .set(auth(reader));
    expect(journeys.status).toBe(200);
    expect(journeys.body.data[0].stages[0]).toEqual({
      id: expect.any(Number),
      documentId: expect.any(String),
      key: 'awareness',
      name: 'Awareness',
      names: expect.objectContaining({ sv: 'Medvetenhet' }),
      colour: expect.stringMatching(/^#/),
    });

    const tags = await admin()
      .get(
        `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${a.documentId},${b.documentId}`
      )
      .set(auth(reader));
    expect(tags.status).toBe(200);
    const byId = new Map(
      journeys.body.data[0].stages.map((s: { id: number; key: string }) => [s.id, s.key])
    );
    expect(tags.body.data[a.documentId].map((id: number) => byId.get(id)).sort()).toEqual([
      'awareness',
      'usage',
    ]);
    expect(tags.body.data[b.documentId]).toBeUndefined();

    const nobody = await adminToken(app.strapi, {
      roleId: await createRole(app.strapi, 'Nothing', []),
    });
    for (const path of [
      `/journey/editor/journeys?contentType=${ARTICLE}`,
      `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${a.documentId}`,
    ]) {
      expect((await admin().get(path).set(auth(nobody))).status).toBe(403);
    }
    expect(
      (await admin().get('/journey/editor/journeys?contentType=api::note.note').set(auth())).status
    ).toBe(400);
    expect((await admin().get(`/journey/editor/journeys?contentType=${ARTICLE}`)).status).toBe(401);
  });
});
