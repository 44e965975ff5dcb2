import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';

const STAGE = 'plugin::journey.stage';
const JOURNEY = 'plugin::journey.journey';

/** An app may show the types in the content manager again; the guards must hold there too. */
const SHOW_IN_CONTENT_MANAGER = `module.exports = (plugin) => {
  for (const ct of Object.values(plugin.contentTypes)) {
    ct.schema.pluginOptions['content-manager'].visible = true;
  }
  return plugin;
};
`;

/** The corrupt values from issue 12, each with the field the refusal must name. */
const BAD_STAGE_VALUES: Array<[string, string, Record<string, unknown>]> = [
  ['a colour that is not hex', 'colour', { colour: 'red' }],
  ['touchpoints that are not a list', 'touchpoints', { touchpoints: 'not-a-list' }],
  ['a translated name that is an object', 'names.sv', { names: { sv: { nested: 1 } } }],
  ['a translation in an unknown language', 'names', { names: { fr: 'Usage' } }],
  ['a key that is not a slug', 'key', { key: 'Not A Slug' }],
  ['an empty name', 'name', { name: null }],
  ['a misspelt field', 'colur', { colur: '#4945FF' }],
  ['a list with a number in it', 'kpis[1]', { kpis: ['CSAT', 3] }],
];
const BAD_JOURNEY_VALUES: Array<[string, string, Record<string, unknown>]> = [
  ['intentStages that are a string', 'intentStages', { intentStages: 'a string' }],
  [
    'intentStages naming a stage of no journey',
    'intentStages.commercial',
    { intentStages: { commercial: 'nowhere' } },
  ],
  ['an unknown intent', 'intentStages', { intentStages: { curious: 'awareness' } }],
  ['names that are a list', 'names', { names: ['Kundresa'] }],
];

const ORPHANING = 'cannot be left without a journey';

const boot = (options: Parameters<typeof startApp>[0] = {}) => {
  const ctx = {} as { app: TestApp; token: string };
  beforeAll(async () => {
    ctx.app = await startApp(options);
    ctx.token = await adminToken(ctx.app.strapi);
    await grantPublic(ctx.app.strapi, ['plugin::journey.journey.find']);
  });
  afterAll(async () => {
    await ctx.app?.stop();
  });
  return ctx;
};

type Stored = Record<string, unknown> & { documentId: string };

const helpers = (ctx: { app: TestApp; token: string }) => {
  const http = () => request(ctx.app.strapi.server.httpServer);
  const auth = () => ({ Authorization: `Bearer ${ctx.token}` });
  const docs = (uid: string) => ctx.app.strapi.documents(uid as never);
  /** Straight from the database: what the next reader will get. */
  const row = (uid: string, documentId: string) =>
    ctx.app.strapi.db.query(uid).findOne({
      where: { documentId },
      populate: uid === STAGE ? ['journey'] : ['stages'],
    }) as Promise<Stored>;
  const journeyOf = async (key: string) =>
    (await ctx.app.strapi.db.query(JOURNEY).findOne({ where: { key } })) as Stored;
  const stageCount = async () => ctx.app.strapi.db.query(STAGE).count();
  /** Every translated name the public API serves in Swedish must be a string. */
  const publicNamesAreStrings = async () => {
    const res = await http().get('/api/journey/journeys?locale=sv');
    expect(res.status).toBe(200);
    const names = res.body.data.flatMap((j: { name: unknown; stages: { name: unknown }[] }) => [
      j.name,
      ...j.stages.map((s) => s.name),
    ]);
    expect(names.length).toBeGreaterThan(5);
    for (const name of names) expect(typeof name).toBe('string');
  };
  /** The plugin's own export must still be a valid import, and import as "nothing to change". */
  const exportReimports = async () => {
    const exported = (await http().get('/journey/journeys/export').set(auth())).body;
    const res = await http()
      .post('/journey/journeys/import?dryRun=false')
      .set(auth())
      .send(exported);
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ create: 0, update: 0 });
  };
  return { http, auth, docs, row, journeyOf, stageCount, publicNamesAreStrings, exportReimports };
};

/** The path of a field in `details.errors`, as the content manager reads it: kpis[1] → kpis.1 */
const errorPath = (field: string) => field.replace(/\[(\d+)\]/g, '.$1');

/** Expects a document-service call to be refused with a ValidationError naming `field`. */
const refused = async (call: Promise<unknown>, field: string) => {
  const error = (await call.then(
    () => null,
    (e: unknown) => e
  )) as { name: string; message: string; details?: { errors?: { path: string[] }[] } } | null;
  expect(error).not.toBeNull();
  expect(error?.name).toBe('ValidationError');
  expect(error?.message).toContain(field);
  return error;
};

describe('journeys and stages hidden from the content manager (the default)', () => {
  const ctx = boot();
  const h = helpers(ctx);

  test('the content manager lists neither type and its write routes change nothing', async () => {
    const types = await h.http().get('/content-manager/content-types').set(h.auth());
    const shown = types.body.data
      .filter((t: { uid: string }) => t.uid.startsWith('plugin::journey.'))
      .map((t: { uid: string; isDisplayed: boolean }) => [t.uid, t.isDisplayed]);
    // Every type of the plugin's, its internal records (tag history, suggestions, site terms,
    // editors' intent choices) as much as journeys and stages, stays out of the content manager.
    expect(shown.map(([uid]: [string]) => uid).sort()).toEqual(
      [
        'plugin::journey.analytics-document-day',
        'plugin::journey.analytics-document-month',
        'plugin::journey.analytics-drop-day',
        'plugin::journey.analytics-goal-day',
        'plugin::journey.analytics-import',
        'plugin::journey.analytics-stage-day',
        'plugin::journey.analytics-transition-day',
        'plugin::journey.cell-count',
        'plugin::journey.coverage-snapshot',
        'plugin::journey.demand-import',
        'plugin::journey.demand-override',
        'plugin::journey.demand-query',
        'plugin::journey.intent-choice',
        JOURNEY,
        'plugin::journey.site-term',
        STAGE,
        'plugin::journey.suggestion',
        'plugin::journey.tag-change',
        'plugin::journey.tag-change-entry',
      ].sort()
    );
    expect(shown.filter(([, displayed]: [string, boolean]) => displayed)).toEqual([]);
    for (const uid of [
      'plugin::journey.tag-change',
      'plugin::journey.suggestion',
      'plugin::journey.site-term',
    ]) {
      const created = await h
        .http()
        .post(`/content-manager/collection-types/${uid}`)
        .set(h.auth())
        .send({});
      expect([uid, created.status]).toEqual([uid, 403]);
    }

    const stages = await stageIds(ctx.app.strapi);
    const before = await h.row(STAGE, stages.usage);
    const put = await h
      .http()
      .put(`/content-manager/collection-types/${STAGE}/${stages.usage}`)
      .set(h.auth())
      .send({ colour: 'red', journey: null });
    expect(put.status).toBe(403);
    const post = await h
      .http()
      .post(`/content-manager/collection-types/${STAGE}`)
      .set(h.auth())
      .send({ key: 'orphan', name: 'Orphan' });
    expect(post.status).toBe(403);
    expect(await h.row(STAGE, stages.usage)).toEqual(before);
    expect(await h.stageCount()).toBe(5);
  });

  test('an editor with rights on a content type alone still tags entries through the content manager', async () => {
    const role = await createRole(ctx.app.strapi, 'Article editor', []);
    await ctx.app.strapi.service('admin::role').assignPermissions(
      role,
      ['create', 'read', 'update'].map((action) => ({
        action: `plugin::content-manager.explorer.${action}`,
        subject: ARTICLE,
        properties: { fields: ['title', 'journeyStages', 'searchIntent'], locales: ['en'] },
        conditions: [],
      }))
    );
    const editor = await adminToken(ctx.app.strapi, { roleId: role });
    const stages = await stageIds(ctx.app.strapi);
    const loyalty = await h.row(STAGE, stages.loyalty);
    const res = await h
      .http()
      .post(`/content-manager/collection-types/${ARTICLE}?locale=en`)
      .set({ Authorization: `Bearer ${editor}` })
      .send({
        title: 'Tagged by an editor',
        journeyStages: {
          connect: [{ id: loyalty.id, documentId: stages.loyalty }],
          disconnect: [],
        },
      });
    expect(res.status).toBe(201);
    const saved = (await ctx.app.strapi.documents(ARTICLE as never).findOne({
      documentId: res.body.data.documentId,
      populate: ['journeyStages'],
    } as never)) as unknown as { journeyStages: { key: string }[] };
    expect(saved.journeyStages.map((s) => s.key)).toEqual(['loyalty']);
  });

  test.each(BAD_STAGE_VALUES)(
    'strapi.documents() refuses a stage with %s, naming %s, and stores nothing',
    async (_, field, data) => {
      const stages = await stageIds(ctx.app.strapi);
      const before = await h.row(STAGE, stages.usage);
      const error = await refused(
        h.docs(STAGE).update({ documentId: stages.usage, data } as never),
        field
      );
      if (field !== 'key') {
        // The content manager marks the input from this path.
        expect(error?.details?.errors?.[0].path.join('.')).toBe(errorPath(field));
      }
      expect(await h.row(STAGE, stages.usage)).toEqual(before);
    }
  );

  test.each(BAD_JOURNEY_VALUES)(
    'strapi.documents() refuses a journey with %s, naming %s, and stores nothing',
    async (_, field, data) => {
      const customer = await h.journeyOf('customer');
      const before = await h.row(JOURNEY, customer.documentId);
      await refused(
        h.docs(JOURNEY).update({ documentId: customer.documentId, data } as never),
        field
      );
      expect(await h.row(JOURNEY, customer.documentId)).toEqual(before);
    }
  );

  test('a new stage or journey is judged by the same rules', async () => {
    const customer = await h.journeyOf('customer');
    await refused(
      h.docs(STAGE).create({
        data: { key: 'extra', name: 'Extra', colour: 'red', journey: customer.documentId },
      } as never),
      'colour'
    );
    await refused(
      h.docs(STAGE).create({ data: { key: 'extra', name: 'Extra' } } as never),
      'journey'
    );
    await refused(
      h.docs(JOURNEY).create({
        data: { key: 'partner', name: 'Partner', intentStages: { commercial: 'awareness' } },
      } as never),
      'intentStages.commercial'
    );
    expect(await h.stageCount()).toBe(5);
    expect(await h.journeyOf('partner')).toBeNull();
  });

  test('orphaning a stage is refused from the stage and from the journey, in every shape', async () => {
    const stages = await stageIds(ctx.app.strapi);
    const customer = await h.journeyOf('customer');
    const fromStage = [
      null,
      [],
      { set: [] },
      { disconnect: [customer.documentId] },
      { disconnect: [{ documentId: customer.documentId }], connect: [] },
      { disconnect: [{ id: customer.id }] },
    ];
    for (const journey of fromStage) {
      await refused(
        h.docs(STAGE).update({ documentId: stages.loyalty, data: { journey } } as never),
        ORPHANING
      );
    }
    const others = Object.entries(stages)
      .filter(([key]) => key !== 'loyalty')
      .map(([, documentId]) => documentId);
    const fromJourney = [
      null,
      others,
      { set: others },
      { disconnect: [stages.loyalty] },
      { disconnect: [{ documentId: stages.loyalty }], connect: [stages.usage] },
    ];
    for (const value of fromJourney) {
      await refused(
        h.docs(JOURNEY).update({
          documentId: customer.documentId,
          data: { stages: value },
        } as never),
        ORPHANING
      );
    }
    expect((await h.row(STAGE, stages.loyalty)).journey).toMatchObject({ key: 'customer' });
    expect((await h.row(JOURNEY, customer.documentId)).stages).toHaveLength(5);

    // Unchanged relations in the content manager's shape, and naming the same journey, pass.
    await h.docs(STAGE).update({
      documentId: stages.loyalty,
      data: { name: 'Loyalty', journey: { connect: [], disconnect: [] } },
    } as never);
    await h.docs(STAGE).update({
      documentId: stages.loyalty,
      data: { journey: customer.documentId },
    } as never);
    expect((await h.row(STAGE, stages.loyalty)).name).toBe('Loyalty');
  });

  test('a stage that tags entries or maps an intent stays in its journey; a free one may move', async () => {
    const imported = await ctx.app.strapi
      .plugin('journey')
      .service('journeys')
      .importJourneys(
        {
          journeys: [
            {
              key: 'partner',
              name: 'Partner journey',
              intentStages: { commercial: 'recruit' },
              stages: [
                { key: 'recruit', name: 'Recruit' },
                { key: 'enable', name: 'Enable' },
              ],
            },
          ],
        },
        { dryRun: false }
      );
    expect(imported.summary).toMatchObject({ create: 3 });
    const stages = await stageIds(ctx.app.strapi);
    const partnerStages = await stageIds(ctx.app.strapi, 'partner');
    const partner = await h.journeyOf('partner');
    const customer = await h.journeyOf('customer');
    await createTagged(ctx.app.strapi, ARTICLE, stages, { title: 'Tagged', stages: ['usage'] });

    await refused(
      h
        .docs(STAGE)
        .update({ documentId: stages.usage, data: { journey: partner.documentId } } as never),
      'tags 1 entry'
    );
    await refused(
      h.docs(JOURNEY).update({
        documentId: partner.documentId,
        data: { stages: { connect: [stages.usage] } },
      } as never),
      'tags 1 entry'
    );
    await refused(
      h.docs(STAGE).update({
        documentId: partnerStages.recruit,
        data: { journey: { connect: [customer.documentId] } },
      } as never),
      'intent stage of commercial'
    );
    expect((await h.row(STAGE, stages.usage)).journey).toMatchObject({ key: 'customer' });

    // A free stage may not take a key its new journey already has, however the journey is named.
    const twin = (await h.docs(STAGE).create({
      data: { key: 'usage', name: 'Usage', journey: partner.documentId },
    } as never)) as unknown as Stored;
    await refused(
      h.docs(STAGE).update({
        documentId: twin.documentId,
        data: { journey: { connect: [{ id: customer.id }] } },
      } as never),
      'key "usage" is already used in journey "customer"'
    );
    expect((await h.row(STAGE, twin.documentId)).journey).toMatchObject({ key: 'partner' });

    await h.docs(STAGE).update({
      documentId: partnerStages.enable,
      data: { journey: { connect: [customer.documentId] } },
    } as never);
    expect((await h.row(STAGE, partnerStages.enable)).journey).toMatchObject({ key: 'customer' });
  });

  test('cloning a journey or a stage is refused', async () => {
    const stages = await stageIds(ctx.app.strapi);
    const customer = await h.journeyOf('customer');
    await refused(h.docs(STAGE).clone({ documentId: stages.usage, data: {} } as never), 'cloned');
    await refused(
      h.docs(JOURNEY).clone({ documentId: customer.documentId, data: { key: 'copy' } } as never),
      'cloned'
    );
    expect(await h.journeyOf('copy')).toBeNull();
  });

  test('the intent mapping follows a stage re-keyed or deleted through the document service', async () => {
    const stages = await stageIds(ctx.app.strapi);
    const customer = await h.journeyOf('customer');
    await h
      .docs(STAGE)
      .update({ documentId: stages.awareness, data: { key: 'discovery' } } as never);
    expect((await h.row(JOURNEY, customer.documentId)).intentStages).toMatchObject({
      informational: 'discovery',
    });
    await h.docs(STAGE).delete({ documentId: stages.awareness } as never);
    expect((await h.row(JOURNEY, customer.documentId)).intentStages).toMatchObject({
      informational: null,
      commercial: 'consideration',
    });
  });

  test('an import may add a stage and map an intent onto it in one go', async () => {
    const exported = (await h.http().get('/journey/journeys/export').set(h.auth())).body;
    const customer = exported.journeys.find((j: { key: string }) => j.key === 'customer');
    customer.stages.push({ key: 'advocacy', name: 'Advocacy' });
    customer.intentStages = { ...customer.intentStages, navigational: 'advocacy' };
    const res = await h
      .http()
      .post('/journey/journeys/import?dryRun=false')
      .set(h.auth())
      .send(exported);
    expect(res.status).toBe(200);
    expect((await h.journeyOf('customer')).intentStages).toMatchObject({
      navigational: 'advocacy',
    });
  });

  test('a row stored corrupt before these guards blocks no reorder, and no write makes it worse', async () => {
    const stages = await stageIds(ctx.app.strapi);
    await ctx.app.strapi.db
      .query(STAGE)
      .update({ where: { documentId: stages.usage }, data: { colour: 'red' } });
    const keys = Object.keys(stages).reverse();
    const reorder = await h
      .http()
      .put('/journey/journeys/customer/stages/order')
      .set(h.auth())
      .send({ stages: keys });
    expect(reorder.status).toBe(200);
    await refused(
      h.docs(STAGE).update({ documentId: stages.usage, data: { colour: 'blue' } } as never),
      'colour'
    );
    await h.docs(STAGE).update({
      documentId: stages.usage,
      data: { colour: '#4945FF' },
    } as never);
    expect((await h.row(STAGE, stages.usage)).colour).toBe('#4945FF');
  });

  test('after all that, the public API serves strings and the export re-imports', async () => {
    await h.publicNamesAreStrings();
    await h.exportReimports();
  });
});

describe('journeys and stages shown in the content manager again by an app', () => {
  const ctx = boot({
    files: { 'src/extensions/journey/strapi-server.js': SHOW_IN_CONTENT_MANAGER },
  });
  const h = helpers(ctx);
  const cm = (uid: string, documentId = '') =>
    `/content-manager/collection-types/${uid}${documentId ? `/${documentId}` : ''}`;
  /** What the edit view sends: the document as read, with the change applied. */
  const editView = async (uid: string, documentId: string, change: Record<string, unknown>) => {
    const read = await h.http().get(cm(uid, documentId)).set(h.auth());
    expect(read.status).toBe(200);
    const fields = Object.fromEntries(
      Object.entries(read.body.data as Record<string, unknown>).filter(
        ([k, v]) =>
          !['createdAt', 'updatedAt', 'publishedAt', 'localizations'].includes(k) &&
          !(v && typeof v === 'object' && 'count' in v)
      )
    );
    return h
      .http()
      .put(cm(uid, documentId))
      .set(h.auth())
      .send({ ...fields, ...change });
  };

  test.each([...BAD_STAGE_VALUES.filter(([, f]) => f !== 'key')])(
    'a stage with %s answers 400 naming %s, and nothing changes',
    async (_, field, data) => {
      const stages = await stageIds(ctx.app.strapi);
      const before = await h.row(STAGE, stages.usage);
      const res = await editView(STAGE, stages.usage, data);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(res.body.error.message).toContain(field);
      expect(res.body.error.details.errors[0].path.join('.')).toBe(errorPath(field));
      expect(await h.row(STAGE, stages.usage)).toEqual(before);
    }
  );

  test.each(BAD_JOURNEY_VALUES)(
    'a journey with %s answers 400 naming %s, and nothing changes',
    async (_, field, data) => {
      const customer = await h.journeyOf('customer');
      const before = await h.row(JOURNEY, customer.documentId);
      const res = await editView(JOURNEY, customer.documentId, data);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(field);
      expect(await h.row(JOURNEY, customer.documentId)).toEqual(before);
    }
  );

  test('disconnecting a tagged stage from its journey answers 400; the stage keeps its tags and routes', async () => {
    const stages = await stageIds(ctx.app.strapi);
    const customer = await h.journeyOf('customer');
    const tagged = await createTagged(ctx.app.strapi, ARTICLE, stages, {
      title: 'Usage guide',
      stages: ['usage'],
      status: 'published',
    });
    const relation = { id: customer.id, documentId: customer.documentId };
    const fromStage = await editView(STAGE, stages.usage, {
      journey: { connect: [], disconnect: [relation] },
    });
    expect(fromStage.status).toBe(400);
    expect(fromStage.body.error.message).toContain(ORPHANING);
    expect(fromStage.body.error.details.errors[0].path).toEqual(['journey']);
    const usage = await h.row(STAGE, stages.usage);
    const fromJourney = await editView(JOURNEY, customer.documentId, {
      stages: { connect: [], disconnect: [{ id: usage.id, documentId: stages.usage }] },
    });
    expect(fromJourney.status).toBe(400);
    expect(fromJourney.body.error.message).toContain(ORPHANING);

    const created = await h
      .http()
      .post(cm(STAGE))
      .set(h.auth())
      .send({ key: 'orphan', name: 'Orphan' });
    expect(created.status).toBe(400);
    expect(created.body.error.details.errors[0].path).toEqual(['journey']);

    // The stage is where it was: the plugin's route finds it and the entry is still counted.
    const route = await h
      .http()
      .put(`/journey/stages/${stages.usage}`)
      .set(h.auth())
      .send({ colour: '#4945FF' });
    expect(route.status).toBe(200);
    const coverage = await h.http().get('/journey/coverage?journey=customer').set(h.auth());
    expect(coverage.status).toBe(200);
    expect(coverage.body.cells).toContainEqual(
      expect.objectContaining({ stage: 'usage', contentType: ARTICLE, published: 1 })
    );
    const doc = (await ctx.app.strapi.documents(ARTICLE as never).findOne({
      documentId: tagged.documentId,
      status: 'published',
      populate: { journeyStages: { populate: ['journey'] } },
    } as never)) as unknown as { journeyStages: { key: string; journey: { key: string } }[] };
    expect(doc.journeyStages.map((s) => `${s.journey.key}.${s.key}`)).toEqual(['customer.usage']);
  });

  test('a valid edit in the content manager saves', async () => {
    const stages = await stageIds(ctx.app.strapi);
    const res = await editView(STAGE, stages.decision, {
      names: { en: 'Decision', sv: 'Beslut', nb: 'Beslutning' },
      colour: '#328048',
    });
    expect(res.status).toBe(200);
    expect(await h.row(STAGE, stages.decision)).toMatchObject({
      colour: '#328048',
      names: { sv: 'Beslut' },
      journey: { key: 'customer' },
    });
  });

  test('after all that, the public API serves strings and the export re-imports', async () => {
    await h.publicNamesAreStrings();
    await h.exportReimports();
  });
});
