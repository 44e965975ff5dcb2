import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { cell, sqlAccess, type CoverageCell } from '../helpers/cells';
import { useApp } from '../helpers/suite';

const app = useApp({ admin: true });

/**
 * The small seeded data set. Each line is one document; the expected coverage below is counted by
 * hand from these lines, not computed by the code under test.
 */
const seed = async () => {
  const stages = await stageIds(app.strapi);
  const articles = app.strapi.documents(ARTICLE as never);
  const make = (
    title: string,
    tags: string[],
    intent: string | null,
    status?: 'published',
    locale?: string
  ) => createTagged(app.strapi, ARTICLE, stages, { title, stages: tags, intent, status, locale });

  // en, published
  await make('a1', ['awareness'], 'informational', 'published');
  await make('a2', ['awareness'], 'informational', 'published');
  await make('a3', ['awareness', 'consideration'], 'commercial', 'published');
  // en, published, and then changed in a draft: still one published document (counted once)
  const a4 = await make('a4', ['decision'], 'transactional', 'published');
  await articles.update({ documentId: a4.documentId, data: { title: 'a4 edited' } } as never);
  // en, draft only
  await make('a5', ['awareness'], 'informational');
  await make('a6', ['loyalty'], null);
  // en, untagged: one published, one draft only
  await make('a7', [], 'informational', 'published');
  await make('a8', [], null);
  // sv, published, as a locale of an English document and on its own
  await articles.update({
    documentId: a4.documentId,
    locale: 'sv',
    data: { title: 'a4 sv', journeyStages: [stages.decision], searchIntent: 'transactional' },
    status: 'published',
  } as never);
  await make('s1', ['awareness'], 'informational', 'published', 'sv');
  await make('s2', ['consideration'], null, undefined, 'sv');

  // pages have no draft & publish and no locales: every page is published
  const page = (title: string, tags: string[], intent: string | null) =>
    createTagged(app.strapi, PAGE, stages, { title, stages: tags, intent });
  await page('p1', ['awareness'], 'informational');
  await page('p2', ['decision'], 'local');
  await page('p3', [], null);
};

const EXPECTED_CELLS: CoverageCell[] = [
  cell('awareness', 'informational', ARTICLE, 'en', 2, 1),
  cell('awareness', 'informational', ARTICLE, 'sv', 1, 0),
  cell('awareness', 'commercial', ARTICLE, 'en', 1, 0),
  cell('consideration', 'commercial', ARTICLE, 'en', 1, 0),
  cell('consideration', null, ARTICLE, 'sv', 0, 1),
  cell('decision', 'transactional', ARTICLE, 'en', 1, 0),
  cell('decision', 'transactional', ARTICLE, 'sv', 1, 0),
  cell('loyalty', null, ARTICLE, 'en', 0, 1),
  cell('awareness', 'informational', PAGE, null, 1, 0),
  cell('decision', 'local', PAGE, null, 1, 0),
];

const EXPECTED_UNTAGGED = [
  { contentType: ARTICLE, locale: 'en', published: 1, draftOnly: 1 },
  { contentType: PAGE, locale: null, published: 1, draftOnly: 0 },
];

const order = (a: Record<string, unknown>, b: Record<string, unknown>) =>
  JSON.stringify([a.contentType, a.stage, a.intent, a.locale]).localeCompare(
    JSON.stringify([b.contentType, b.stage, b.intent, b.locale])
  );
const sorted = <T extends Record<string, unknown>>(rows: T[]) => [...rows].sort(order);

beforeAll(async () => {
  await seed();
});

const coverage = () => app.strapi.plugin('journey').service('coverage');
const admin = app.http;

describe('coverage service', () => {
  test('counts documents per stage × intent × content type × locale, as counted by hand', async () => {
    const result = await coverage().compute({ journey: 'customer' });
    expect(sorted(result.cells)).toEqual(sorted(EXPECTED_CELLS));
    expect(sorted(result.untagged)).toEqual(sorted(EXPECTED_UNTAGGED));
    expect(result.journey.stages.map((s: { key: string }) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    expect(result.contentTypes).toEqual([ARTICLE, PAGE]);
    expect(result.thinThreshold).toBe(2);
  });

  test('filters by locale and content type', async () => {
    const sv = await coverage().compute({ locale: 'sv' });
    // Pages are not localized: a locale filter leaves them out of nothing, they have no locale.
    expect(sorted(sv.cells)).toEqual(
      sorted(EXPECTED_CELLS.filter((c) => c.locale === 'sv' || c.contentType === PAGE))
    );
    const pages = await coverage().compute({ contentType: PAGE });
    expect(sorted(pages.cells)).toEqual(
      sorted(EXPECTED_CELLS.filter((c) => c.contentType === PAGE))
    );
    expect(pages.untagged).toEqual([
      { contentType: PAGE, locale: null, published: 1, draftOnly: 0 },
    ]);
  });

  test('reads the per-cell counts: two queries on them, whatever the data', async () => {
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    app.strapi.db.connection.on('query', listener);
    await coverage().compute({ journey: 'customer' });
    app.strapi.db.connection.removeListener('query', listener);
    const counting = queries.filter((sql) => /journey_cell_counts/i.test(sql));
    expect(counting).toHaveLength(2);
    expect(queries.filter((sql) => /sum\(case/i.test(sql))).toEqual([]);
  });

  test('with a row filter, runs as GROUP BY queries whose number does not grow with the data', async () => {
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    // A caller who may read some rows only (here: every row, through a filter) is counted in SQL.
    const access = sqlAccess([ARTICLE, PAGE]) as never;
    app.strapi.db.connection.on('query', listener);
    await coverage().compute({ journey: 'customer', access });
    const before = queries.length;
    const stages = await stageIds(app.strapi);
    for (let i = 0; i < 5; i += 1) {
      await createTagged(app.strapi, PAGE, stages, {
        title: `bulk ${i}`,
        stages: ['usage'],
        intent: 'commercial',
      });
    }
    // Let the writes' trailing queries (relation reordering) finish before counting.
    await new Promise((resolve) => setTimeout(resolve, 200));
    queries.length = 0;
    await coverage().compute({ journey: 'customer', access });
    app.strapi.db.connection.removeListener('query', listener);
    expect(queries.length).toBe(before);
    // One aggregate per content type for the tagged, one for the untagged: both states in a pass.
    const counting = queries.filter((sql) => /sum\(case/i.test(sql));
    expect(counting).toHaveLength(4);
    expect(counting.every((sql) => /group by|not exists/i.test(sql))).toBe(true);
    const after = await coverage().compute({ contentType: PAGE });
    expect(after.cells).toContainEqual(cell('usage', 'commercial', PAGE, null, 5, 0));
  });
});

describe('GET /journey/coverage (admin)', () => {
  test('serves the coverage as JSON', async () => {
    const res = await admin()
      .get('/journey/coverage?journey=customer&locale=en&contentType=api::article.article')
      .set('Authorization', `Bearer ${app.token}`);
    expect(res.status).toBe(200);
    expect(sorted(res.body.cells)).toEqual(
      sorted(EXPECTED_CELLS.filter((c) => c.locale === 'en' && c.contentType === ARTICLE))
    );
  });

  test.each([
    ['journey=nope', 'journey', 'customer'],
    ['locale=xx', 'locale', 'en, sv, nb'],
    ['contentType=api::note.note', 'contentType', 'api::article.article, api::page.page'],
    ['locale=en&locale=sv', 'locale', ''],
  ])(
    'answers 400 for ?%s naming the parameter and the valid values',
    async (query, param, valid) => {
      const res = await admin()
        .get(`/journey/coverage?${query}`)
        .set('Authorization', `Bearer ${app.token}`);
      expect(res.status).toBe(400);
      expect(res.body.error.name).toBe('ValidationError');
      expect(res.body.error.message).toContain(param);
      if (valid) expect(res.body.error.message).toContain(valid);
    }
  );

  test('says per cell whether the journey expects it; a stage’s choice changes the view, never the tags', async () => {
    const bearer = { Authorization: `Bearer ${app.token}` };
    const get = async () =>
      (await admin().get('/journey/coverage?journey=customer').set(bearer)).body as {
        cells: CoverageCell[];
        expected: Record<string, Record<string, boolean>>;
        journey: { stages: Array<{ key: string; expectedIntents: string[] }> };
      };
    const on = (grid: Record<string, Record<string, boolean>>) =>
      Object.fromEntries(
        Object.entries(grid).map(([stage, row]) => [
          stage,
          Object.keys(row).filter((intent) => row[intent]),
        ])
      );
    const before = await get();
    // The default: what the intent mapping sends each stage, plus usage's questions and loyalty's
    // repurchases; no stage expects everything.
    expect(on(before.expected)).toEqual({
      awareness: ['informational'],
      consideration: ['commercial'],
      decision: ['transactional', 'navigational', 'local'],
      usage: ['informational'],
      loyalty: ['transactional'],
    });
    expect(before.journey.stages.find((s) => s.key === 'loyalty')?.expectedIntents).toEqual([
      'transactional',
    ]);

    const journeys = await admin().get('/journey/journeys').set(bearer);
    const loyalty = (
      journeys.body.data.find((j: { key: string }) => j.key === 'customer') as {
        stages: Array<{ key: string; documentId: string }>;
      }
    ).stages.find((s) => s.key === 'loyalty') as { documentId: string };
    const put = (body: Record<string, unknown>) =>
      admin().put(`/journey/stages/${loyalty.documentId}`).set(bearer).send(body);

    const refused = await put({ expectedIntents: ['navigational', 'shopping'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('expectedIntents');

    expect((await put({ expectedIntents: ['navigational', 'commercial'] })).status).toBe(200);
    const chosen = await get();
    expect(on(chosen.expected).loyalty).toEqual(['commercial', 'navigational']);
    expect(on(chosen.expected).usage).toEqual(['informational']);
    // View only: every tag is where it was.
    expect(sorted(chosen.cells)).toEqual(sorted(before.cells));

    // An empty list is a choice (nothing expected); null goes back to the default.
    expect((await put({ expectedIntents: [] })).status).toBe(200);
    expect(on((await get()).expected).loyalty).toEqual([]);
    expect((await put({ expectedIntents: null })).status).toBe(200);
    const reset = await get();
    expect(on(reset.expected).loyalty).toEqual(['transactional']);
    expect(sorted(reset.cells)).toEqual(sorted(before.cells));
  });

  test('requires an admin: 401 without a token', async () => {
    expect((await admin().get('/journey/coverage')).status).toBe(401);
  });

  test("requires the plugin's permissions: 403 for a role without them, 200 with read coverage", async () => {
    const editorRole = await createRole(app.strapi, 'No journey rights', []);
    const editor = await adminToken(app.strapi, { roleId: editorRole });
    for (const [method, path] of [
      ['get', '/journey/coverage'],
      ['get', '/journey/journeys'],
      ['get', '/journey/journeys/export'],
      ['post', '/journey/journeys/import'],
      ['put', '/journey/journeys/customer/stages/order'],
      ['delete', '/journey/journeys/customer'],
      ['get', '/journey/coverage/entries?stage=awareness&intent=informational'],
      ['post', '/journey/journeys'],
      ['put', '/journey/journeys/order'],
      ['put', '/journey/journeys/customer'],
      ['post', '/journey/journeys/customer/stages'],
      ['put', '/journey/stages/x'],
      ['delete', '/journey/stages/x'],
    ] as const) {
      const res = await admin()[method](path).set('Authorization', `Bearer ${editor}`);
      expect([method, path, res.status]).toEqual([method, path, 403]);
    }

    const readerRole = await createRole(app.strapi, 'Coverage reader', [
      'plugin::journey.coverage.read',
    ]);
    // Coverage counts only content the role may read (issue 12; tests/integration/permissions).
    await app.strapi
      .service('admin::role')
      .addPermissions(readerRole, [
        { action: 'plugin::content-manager.explorer.read', subject: PAGE, properties: {} },
      ]);
    const reader = await adminToken(app.strapi, { roleId: readerRole });
    expect(
      (await admin().get('/journey/coverage').set('Authorization', `Bearer ${reader}`)).status
    ).toBe(200);
    expect(
      (await admin().get('/journey/journeys').set('Authorization', `Bearer ${reader}`)).status
    ).toBe(200);
    // Reading coverage does not give the right to change journeys.
    expect(
      (await admin().get('/journey/journeys/export').set('Authorization', `Bearer ${reader}`))
        .status
    ).toBe(403);
  });
});

describe('GET /journey/coverage/entries (admin)', () => {
  const entries = (query: string, bearer = app.token) =>
    admin().get(`/journey/coverage/entries?${query}`).set('Authorization', `Bearer ${bearer}`);

  test('lists the documents behind a cell, as many as the cell counts', async () => {
    const res = await entries('journey=customer&stage=awareness&intent=informational');
    expect(res.status).toBe(200);
    // Published: a1, a2 (en), s1 (sv), p1 (page): the cells' published counts 2 + 1 + 1.
    const titles = res.body.data.map((e: { title: string }) => e.title).sort();
    expect(titles).toEqual(['a1', 'a2', 'p1', 's1']);
    expect(res.body.pagination).toMatchObject({ page: 1, total: 4, pageCount: 1 });
    const a1 = res.body.data.find((e: { title: string }) => e.title === 'a1');
    expect(a1).toMatchObject({
      contentType: ARTICLE,
      kind: 'collectionType',
      locale: 'en',
      status: 'published',
      documentId: expect.any(String),
      updatedAt: expect.stringMatching(/^\d{4}-/),
    });
    const p1 = res.body.data.find((e: { title: string }) => e.title === 'p1');
    expect(p1).toMatchObject({ contentType: PAGE, locale: null, status: 'published' });
  });

  test('lists drafts only, one locale, one type, the "none" intent, and pages', async () => {
    const drafts = await entries('stage=awareness&intent=informational&state=draftOnly');
    expect(drafts.body.data.map((e: { title: string }) => e.title)).toEqual(['a5']);
    expect(drafts.body.data[0].status).toBe('draft');

    const sv = await entries('stage=awareness&intent=informational&locale=sv');
    // Pages have no locale: like the counts, they belong to every locale.
    expect(sv.body.data.map((e: { title: string }) => e.title).sort()).toEqual(['p1', 's1']);

    const pages = await entries(`stage=awareness&intent=informational&contentType=${PAGE}`);
    expect(pages.body.data.map((e: { title: string }) => e.title)).toEqual(['p1']);

    const none = await entries('stage=consideration&intent=none&state=draftOnly');
    expect(none.body.data.map((e: { title: string }) => e.title)).toEqual(['s2']);

    const gap = await entries('stage=usage&intent=transactional');
    expect(gap.body).toEqual({
      data: [],
      pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 },
    });

    const paged = await entries('stage=awareness&intent=informational&pageSize=3&page=2');
    expect(paged.body.data).toHaveLength(1);
    expect(paged.body.pagination).toMatchObject({ page: 2, pageSize: 3, pageCount: 2, total: 4 });
  });

  test.each([
    ['intent=informational', 'stage', 'awareness, consideration'],
    ['stage=nope&intent=informational', 'stage', 'awareness'],
    ['stage=awareness&intent=maybe', 'intent', 'informational, commercial'],
    ['stage=awareness&intent=none&state=all', 'state', 'published, draftOnly'],
    ['stage=awareness&intent=none&pageSize=1000', 'pageSize', ''],
  ])('answers 400 for ?%s naming %s', async (query, param, valid) => {
    const res = await entries(query);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(param);
    if (valid) expect(res.body.error.message).toContain(valid);
  });

  test('shows only the types the caller may read in the content manager', async () => {
    const role = await createRole(app.strapi, 'Coverage and pages', [
      'plugin::journey.coverage.read',
    ]);
    await app.strapi.service('admin::role').addPermissions(role, [
      {
        action: 'plugin::content-manager.explorer.read',
        subject: PAGE,
        properties: { fields: ['title'] },
        conditions: [],
      },
    ]);
    const reader = await adminToken(app.strapi, { roleId: role });
    const res = await entries('stage=awareness&intent=informational', reader);
    expect(res.status).toBe(200);
    expect(res.body.data.map((e: { title: string }) => e.title)).toEqual(['p1']);
  });
});
