import path from 'path';
import { adminWithRole, createRole } from '../helpers/admin';
import { currentDatabase } from '../helpers/databases';
import { stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Issue 24, importing page-level analytics exports: each tool's export imported into the
 * rollups through the URL patterns, the preview's unmatched pages, malformed files refused
 * with their line and column and nothing written, replace on re-import, delete, permissions.
 */

const FIXTURES = path.join(__dirname, '../fixtures/analytics');
const GUIDE = 'api::guide.guide';
const POST = 'api::post.post';
const IMPORTS = 'journey_analytics_imports';
const STAGES = 'journey_analytics_stages';
const DOCUMENTS = 'journey_analytics_documents';
const GOALS = 'journey_analytics_goals';
const PATTERNS = { [GUIDE]: '/{locale}/guides/{slug}', [POST]: '/blog/{slug}' };

const app = useApp({
  admin: true,
  pluginConfig: { contentTypes: ['api::page.page'] },
  contentTypes: {
    // Localized with draft & publish: its pattern carries the locale.
    guide: {
      kind: 'collectionType',
      collectionName: 'guides',
      info: { singularName: 'guide', pluralName: 'guides', displayName: 'Guide' },
      options: { draftAndPublish: true },
      pluginOptions: { i18n: { localized: true }, journey: { enabled: true } },
      attributes: {
        title: { type: 'string', pluginOptions: { i18n: { localized: true } } },
        slug: { type: 'uid', pluginOptions: { i18n: { localized: true } } },
      },
    },
    // Neither localized nor draft & publish.
    post: {
      kind: 'collectionType',
      collectionName: 'posts',
      info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
      options: { draftAndPublish: false },
      pluginOptions: { journey: { enabled: true } },
      attributes: { title: { type: 'string' }, slug: { type: 'uid' } },
    },
  },
});

const knex = () => app.strapi.db.connection;
const auth = (token = app.token) => ({ Authorization: `Bearer ${token}` });

type Fields = Record<string, string>;
const send = (
  route: 'import/preview' | 'imports',
  file: string | { data: string | Buffer; name: string },
  fields: Fields = {},
  token = app.token
) => {
  let req = app.http().post(`/journey/analytics/${route}`).set(auth(token));
  for (const [key, value] of Object.entries(fields)) req = req.field(key, value);
  return typeof file === 'string'
    ? req.attach('file', path.join(FIXTURES, file))
    : req.attach('file', Buffer.from(file.data), file.name);
};

let stage: Record<string, string>;
const docs: Record<string, string> = {};

const sum = async (table: string, counter: string, where: Record<string, unknown>) =>
  Number(
    ((await knex()(table).sum({ n: counter }).where(where)) as Array<{ n: number | null }>)[0].n ??
      0
  );
const countRows = async (table: string, where: Record<string, unknown> = {}) =>
  Number(((await knex()(table).count({ n: '*' }).where(where)) as Array<{ n: number }>)[0].n);

beforeAll(async () => {
  stage = await stageIds(app.strapi);
  const create = async (
    uid: string,
    data: Record<string, unknown>,
    stages: string[],
    extra: Record<string, unknown> = {}
  ) =>
    (
      (await app.strapi.documents(uid as never).create({
        data: { ...data, journeyStages: stages.map((k) => stage[k]) },
        ...extra,
      } as never)) as unknown as { documentId: string }
    ).documentId;
  docs.shoes = await create(
    GUIDE,
    { title: 'Running shoes', slug: 'running-shoes', searchIntent: 'commercial' },
    ['awareness', 'consideration'],
    { locale: 'en', status: 'published' }
  );
  docs.lopskor = await create(GUIDE, { title: 'Löpskor', slug: 'lopskor' }, ['decision'], {
    locale: 'sv',
    status: 'published',
  });
  docs.draft = await create(GUIDE, { title: 'Draft', slug: 'draft-guide' }, ['awareness'], {
    locale: 'en',
  });
  docs.trail = await create(POST, { title: 'Trail tips', slug: 'trail-tips' }, ['consideration']);
  docs.noStage = await create(POST, { title: 'No stage', slug: 'no-stage' }, []);
});

describe('URL patterns', () => {
  test('PUT validates each pattern and names the content type; GET answers what was saved', async () => {
    const bad = await app
      .http()
      .put('/journey/analytics/url-patterns')
      .set(auth())
      .send({ patterns: { [GUIDE]: '/{locale}/guides/{title2}' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.parameter).toBe(`patterns.${GUIDE}`);
    expect(bad.body.error.message).toMatch(/api::guide\.guide/);
    expect(bad.body.error.message).toMatch(/\{title2\} is not a field of the type/);

    const unknown = await app
      .http()
      .put('/journey/analytics/url-patterns')
      .set(auth())
      .send({ patterns: { 'api::note.note': '/notes/{slug}' } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toMatchObject({ parameter: 'patterns' });
    expect(unknown.body.error.details.valid).toEqual(expect.arrayContaining([GUIDE, POST]));

    const ok = await app
      .http()
      .put('/journey/analytics/url-patterns')
      .set(auth())
      .send({ patterns: { ...PATTERNS, [GUIDE]: '/{locale}/guides/{slug}/' } });
    expect(ok.status).toBe(200);
    const got = await app.http().get('/journey/analytics/url-patterns').set(auth());
    expect(got.body.data.patterns).toEqual(PATTERNS);
    expect(got.body.data.types).toEqual(
      expect.arrayContaining([
        { uid: GUIDE, name: 'Guide', localized: true, fields: ['documentId', 'title', 'slug'] },
        { uid: POST, name: 'Post', localized: false, fields: ['documentId', 'title', 'slug'] },
      ])
    );
  });
});

describe('preview', () => {
  test('counts matched and unmatched pages and lists the unmatched paths, writing nothing', async () => {
    const res = await send('import/preview', 'ga4-pages-and-screens.csv');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      tool: 'ga4',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-10',
      rows: 7,
      matched: 5,
      unmatched: 2,
    });
    expect(
      res.body.data.unmatchedSample.map((r: { path: string; views: number }) => [r.path, r.views])
    ).toEqual([
      ['/en/pricing', 80],
      // A draft that was never published is not a page anyone saw.
      ['/en/guides/draft-guide', 5],
    ]);
    const first = res.body.data.sample[0];
    expect(first).toMatchObject({
      line: 12,
      path: '/en/guides/running-shoes',
      views: 100,
      match: { contentType: GUIDE, documentId: docs.shoes, locale: 'en', title: 'Running shoes' },
    });
    expect(await countRows(IMPORTS)).toBe(0);
    expect(await countRows(STAGES)).toBe(0);
  });
});

describe('importing each tool', () => {
  test('GA4 Pages and screens: stage, document and goal rows, spread evenly over the days', async () => {
    const res = await send('imports', 'ga4-pages-and-screens.csv', { goal: 'signup' });
    expect(res.status).toBe(201);
    const id = res.body.data.import.id;
    expect(res.body.data.import).toMatchObject({
      tool: 'ga4',
      fileName: 'ga4-pages-and-screens.csv',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-10',
      rowCount: 7,
      matched: 5,
      unmatched: 2,
    });
    const where = { import_id: id, source: 'ga4' };
    expect(await sum(STAGES, 'views', { ...where, stage_document_id: stage.awareness })).toBe(100);
    // The guide (100) and the post (60 + 10 with a query string) serve consideration.
    expect(await sum(STAGES, 'views', { ...where, stage_document_id: stage.consideration })).toBe(
      170
    );
    expect(await sum(STAGES, 'entries', { ...where, stage_document_id: stage.decision })).toBe(10);
    expect(await sum(STAGES, 'exits', { ...where, stage_document_id: stage.consideration })).toBe(
      29
    );
    // 45 views over 10 days: 5 on each of the first five days, 4 on the others.
    const lopskor = (await knex()(STAGES)
      .select('day', 'views', 'entry_locale')
      .where({ ...where, stage_document_id: stage.decision })
      .orderBy('day')) as Array<{ day: string; views: number; entry_locale: string }>;
    expect(lopskor.map((r) => Number(r.views))).toEqual([5, 5, 5, 5, 5, 4, 4, 4, 4, 4]);
    expect(lopskor[0]).toMatchObject({ day: '2026-11-01', entry_locale: 'sv' });
    // Document rows: one per stage the document serves; a document without a stage has one.
    expect(await sum(DOCUMENTS, 'views', { ...where, entry_document_id: docs.shoes })).toBe(200);
    expect(
      await sum(DOCUMENTS, 'views', {
        ...where,
        entry_document_id: docs.noStage,
        journey_document_id: '',
      })
    ).toBe(7);
    expect(
      (await knex()(DOCUMENTS)
        .first('intent', 'content_type')
        .where({ ...where, entry_document_id: docs.shoes })) as Record<string, string>
    ).toEqual({ intent: 'commercial', content_type: GUIDE });
    // Key events: attributed 'first' to the landing page's stages, under the goal given.
    expect(
      await sum(GOALS, 'conversions', {
        ...where,
        goal: 'signup',
        attribution: 'first',
        stage_document_id: stage.consideration,
      })
    ).toBe(4);
    expect(await countRows(GOALS, { ...where, stage_document_id: stage.decision })).toBe(0);
    expect(await countRows(GOALS, { ...where, attribution: 'furthest' })).toBe(0);
  });

  test('GA4 BigQuery NDJSON: page_view rows on their own days', async () => {
    const res = await send('imports', 'ga4-bigquery.ndjson');
    expect(res.status).toBe(201);
    const id = res.body.data.import.id;
    expect(res.body.data.import).toMatchObject({
      tool: 'ga4-bigquery',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-03',
      matched: 4,
      unmatched: 1,
    });
    const rows = (await knex()(STAGES)
      .select('day', 'views', 'entries')
      .where({ import_id: id, stage_document_id: stage.awareness })
      .orderBy('day')) as Array<Record<string, unknown>>;
    expect(rows.map((r) => [r.day, Number(r.views), Number(r.entries)])).toEqual([
      ['2026-11-01', 1, 1],
      ['2026-11-02', 2, 1],
    ]);
    expect(await countRows(GOALS, { import_id: id })).toBe(0);
  });

  test('GA4 BigQuery CSV rows outside the period given are skipped', async () => {
    const res = await send('imports', 'ga4-bigquery.csv', {
      tool: 'ga4-bigquery',
      from: '2026-11-01',
      to: '2026-11-02',
    });
    expect(res.status).toBe(201);
    // The bigquery import of 11-01..11-03 overlapped: replaced.
    expect(res.body.data.replaced).toHaveLength(1);
    expect(res.body.data.skipped).toBe(1);
    const id = res.body.data.import.id;
    expect(await sum(STAGES, 'views', { import_id: id })).toBe(2);
    expect(await countRows(DOCUMENTS, { import_id: id, entry_document_id: docs.noStage })).toBe(0);
  });

  test('Matomo Pages (full URLs; the period from the form)', async () => {
    const res = await send('imports', 'matomo-pages.csv', { from: '2026-11-01', to: '2026-11-10' });
    expect(res.status).toBe(201);
    const id = res.body.data.import.id;
    expect(res.body.data.import).toMatchObject({ tool: 'matomo', rowCount: 4, matched: 3 });
    expect(await sum(STAGES, 'views', { import_id: id, source: 'matomo' })).toBe(
      100 + 100 + 70 + 45
    );
    expect(
      await sum(STAGES, 'entries', { import_id: id, stage_document_id: stage.consideration })
    ).toBe(44);
  });

  test('Plausible: pages, entry pages and exit pages add up instead of replacing each other', async () => {
    const period = { from: '2026-11-01', to: '2026-11-10' };
    const ids = [];
    for (const file of [
      'plausible-pages.csv',
      'plausible-entry_pages.csv',
      'plausible-exit_pages.csv',
    ]) {
      const res = await send('imports', file, { ...period, tool: 'plausible' });
      expect(res.status).toBe(201);
      expect(res.body.data.replaced).toEqual([]);
      ids.push(res.body.data.import.id);
    }
    const where = { source: 'plausible', stage_document_id: stage.awareness };
    expect(await sum(STAGES, 'views', where)).toBe(100);
    expect(await sum(STAGES, 'entries', where)).toBe(30);
    expect(await sum(STAGES, 'exits', where)).toBe(20);
    // A second pages file of the same period replaces only the first pages file.
    const again = await send('imports', 'plausible-pages.csv', { ...period });
    expect(again.body.data.replaced).toEqual([ids[0]]);
    expect(await sum(STAGES, 'views', where)).toBe(100);
    expect(await sum(STAGES, 'entries', where)).toBe(30);
  });

  test('Umami pages export, then its data export of the same days replaces it', async () => {
    const pages = await send('imports', 'umami-pages.csv', {
      from: '2026-11-01',
      to: '2026-11-02',
    });
    expect(pages.status).toBe(201);
    expect(await sum(STAGES, 'views', { import_id: pages.body.data.import.id })).toBe(
      100 + 100 + 60
    );
    const events = await send('imports', 'umami-events.csv');
    expect(events.status).toBe(201);
    expect(events.body.data.replaced).toEqual([pages.body.data.import.id]);
    const id = events.body.data.import.id;
    expect(await countRows(STAGES, { import_id: pages.body.data.import.id })).toBe(0);
    // Summed over the locales: the guide's rows are 'en', the post's ''.
    const trail = (await knex()(STAGES)
      .select('day')
      .sum({ views: 'views', entries: 'entries', exits: 'exits' })
      .where({ import_id: id, stage_document_id: stage.consideration })
      .groupBy('day')
      .orderBy('day')) as Array<Record<string, unknown>>;
    // Day 1: the guide (entry) and the trail post (exit); day 2: the post alone, entry and exit.
    expect(trail.map((r) => [r.day, Number(r.views), Number(r.entries), Number(r.exits)])).toEqual([
      ['2026-11-01', 2, 1, 1],
      ['2026-11-02', 1, 1, 1],
    ]);
  });
});

describe('refusals write nothing', () => {
  const snapshot = async () => [
    await countRows(IMPORTS),
    await countRows(STAGES),
    await countRows(DOCUMENTS),
    await countRows(GOALS),
  ];

  test.each([
    ['ga4-non-numeric.csv', {}, 5, 'Views'],
    ['unclosed-quote.csv', { from: '2026-11-01', to: '2026-11-02' }, 3, '1'],
    ['bigquery-bad-line.ndjson', {}, 2, null],
    ['latin1.csv', {}, 2, null],
  ])('%s: 400 naming the line and the column', async (file, fields, line, column) => {
    const before = await snapshot();
    const res = await send('imports', file, fields as Fields);
    expect(res.status).toBe(400);
    expect(res.body.error.details).toMatchObject({ parameter: 'file', line });
    if (column) expect(res.body.error.details.column).toBe(column);
    expect(res.body.error.message).toMatch(new RegExp(`^Line ${line}`));
    expect(await snapshot()).toEqual(before);
  });

  test('a report without a period, a wrong tool, bad dates: 400 naming the parameter', async () => {
    const noPeriod = await send('imports', 'matomo-pages.csv');
    expect(noPeriod.status).toBe(400);
    expect(noPeriod.body.error.details.parameter).toBe('from');
    const tool = await send('imports', 'matomo-pages.csv', { tool: 'piwik' });
    expect(tool.body.error.details).toMatchObject({ parameter: 'tool', value: 'piwik' });
    expect(tool.body.error.details.valid).toContain('matomo');
    const reversed = await send('imports', 'matomo-pages.csv', {
      from: '2026-11-10',
      to: '2026-11-01',
    });
    expect(reversed.body.error.details.parameter).toBe('to');
    const wrongTool = await send('imports', 'plausible-pages.csv', {
      tool: 'ga4',
      from: '2026-11-01',
      to: '2026-11-02',
    });
    expect(wrongTool.status).toBe(400);
    expect(wrongTool.body.error.details).toMatchObject({ parameter: 'file', line: 1 });
  });
});

describe('re-import and delete', () => {
  test('the same tool and an overlapping period replaces; another period is kept', async () => {
    const first = await send('imports', 'ga4-pages-and-screens.csv');
    const other = await send('imports', 'ga4-pages-sv.csv', {
      from: '2026-12-01',
      to: '2026-12-10',
    });
    expect(other.status).toBe(201);
    const firstId = first.body.data.import.id;
    const again = await send('imports', 'ga4-pages-and-screens.csv');
    expect(again.body.data.replaced).toEqual([firstId]);
    expect(await countRows(STAGES, { import_id: firstId })).toBe(0);
    expect(await countRows(IMPORTS, { id: firstId })).toBe(0);
    expect(await countRows(STAGES, { import_id: other.body.data.import.id })).toBeGreaterThan(0);
    // Exactly one GA4 import covers November: its totals, not twice them.
    expect(
      await sum(STAGES, 'views', {
        source: 'ga4',
        stage_document_id: stage.awareness,
        day: '2026-11-03',
      })
    ).toBe(10);
  });

  test('DELETE removes an import and its rows; a second DELETE is a 404', async () => {
    const res = await send('imports', 'umami-pages.csv', { from: '2027-01-01', to: '2027-01-05' });
    const id = res.body.data.import.id;
    const list = await app.http().get('/journey/analytics/imports').set(auth());
    expect(list.body.data.map((i: { id: number }) => i.id)).toContain(id);
    const del = await app.http().delete(`/journey/analytics/imports/${id}`).set(auth());
    expect(del.status).toBe(200);
    expect(await countRows(STAGES, { import_id: id })).toBe(0);
    expect(await countRows(DOCUMENTS, { import_id: id })).toBe(0);
    expect(await countRows(IMPORTS, { id })).toBe(0);
    const again = await app.http().delete(`/journey/analytics/imports/${id}`).set(auth());
    expect(again.status).toBe(404);
    const bad = await app.http().delete('/journey/analytics/imports/abc').set(auth());
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.parameter).toBe('id');
  });
});

describe('nothing half-imported', () => {
  /**
   * The database refuses the goal rows, which are written after the replaced import's rows were
   * deleted and the new stage and document rows upserted: the transaction rolls all of it back,
   * and the earlier import is still there, whole.
   */
  test('a refusal in the last table leaves the earlier import as it was', async () => {
    const period = { from: '2027-02-01', to: '2027-02-10' };
    const old = await send('imports', 'ga4-pages-and-screens.csv', { ...period, goal: 'signup' });
    expect(old.status).toBe(201);
    const oldId = old.body.data.import.id;
    const oldRows = [
      await countRows(STAGES, { import_id: oldId }),
      await countRows(DOCUMENTS, { import_id: oldId }),
      await countRows(GOALS, { import_id: oldId }),
    ];
    expect(oldRows.every((n) => n > 0)).toBe(true);
    const importsBefore = await countRows(IMPORTS);
    const db = currentDatabase();
    const trigger = {
      sqlite: [
        `CREATE TRIGGER journey_test_refuse BEFORE INSERT ON ${GOALS} WHEN NEW.goal = 'boom' BEGIN SELECT RAISE(ABORT, 'refused by the test trigger'); END`,
      ],
      postgres: [
        `CREATE FUNCTION journey_test_refuse() RETURNS trigger AS $$ BEGIN IF NEW.goal = 'boom' THEN RAISE EXCEPTION 'refused by the test trigger'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`,
        `CREATE TRIGGER journey_test_refuse BEFORE INSERT ON ${GOALS} FOR EACH ROW EXECUTE FUNCTION journey_test_refuse()`,
      ],
      mariadb: [
        `CREATE TRIGGER journey_test_refuse BEFORE INSERT ON ${GOALS} FOR EACH ROW BEGIN IF NEW.goal = 'boom' THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'refused by the test trigger'; END IF; END`,
      ],
    }[db];
    for (const sql of trigger) await knex().raw(sql);
    try {
      const failed = await send('imports', 'ga4-pages-and-screens.csv', {
        ...period,
        goal: 'boom',
      });
      expect(failed.status).toBe(500);
    } finally {
      await knex().raw(
        'DROP TRIGGER journey_test_refuse' + (db === 'postgres' ? ` ON ${GOALS}` : '')
      );
      if (db === 'postgres') await knex().raw('DROP FUNCTION journey_test_refuse()');
    }
    expect(await countRows(IMPORTS)).toBe(importsBefore);
    expect(await countRows(IMPORTS, { id: oldId })).toBe(1);
    expect([
      await countRows(STAGES, { import_id: oldId }),
      await countRows(DOCUMENTS, { import_id: oldId }),
      await countRows(GOALS, { import_id: oldId }),
    ]).toEqual(oldRows);
    expect(await countRows(GOALS, { goal: 'boom' })).toBe(0);
    expect(
      await sum(STAGES, 'views', {
        source: 'ga4',
        stage_document_id: stage.awareness,
        day: '2027-02-01',
      })
    ).toBe(10);
  });
});

describe('concurrent imports', () => {
  test('two overlapping imports of one tool at once: one replaces the other, nothing counts twice', async () => {
    const period = { from: '2027-03-01', to: '2027-03-10' };
    const [a, b] = await Promise.all([
      send('imports', 'ga4-pages-and-screens.csv', period),
      send('imports', 'ga4-pages-and-screens.csv', period),
    ]);
    expect([a.status, b.status]).toEqual([201, 201]);
    const ids = [a.body.data.import.id, b.body.data.import.id];
    expect(await countRows(IMPORTS, {})).toBeGreaterThan(0);
    const kept = (await knex()(IMPORTS).select('id').whereIn('id', ids)) as Array<{ id: number }>;
    expect(kept).toHaveLength(1);
    // The one kept replaced the other.
    const keptResult = [a, b].find((r) => r.body.data.import.id === Number(kept[0].id));
    expect(keptResult?.body.data.replaced).toEqual(ids.filter((id) => id !== Number(kept[0].id)));
    expect(
      await sum(STAGES, 'views', {
        source: 'ga4',
        stage_document_id: stage.awareness,
        day: '2027-03-01',
      })
    ).toBe(10);
  });
});

describe('permissions', () => {
  test('reading lists imports; previews, imports, deletes and patterns need manage', async () => {
    const reader = await adminWithRole(
      app.strapi,
      await createRole(app.strapi, 'Analytics reader', ['plugin::journey.analytics.read'])
    );
    const manager = await adminWithRole(
      app.strapi,
      await createRole(app.strapi, 'Analytics manager', ['plugin::journey.analytics.manage'])
    );
    expect(
      (await app.http().get('/journey/analytics/imports').set(auth(reader.token))).status
    ).toBe(200);
    const before = await countRows(IMPORTS);
    expect((await send('imports', 'ga4-pages-and-screens.csv', {}, reader.token)).status).toBe(403);
    expect(
      (await send('import/preview', 'ga4-pages-and-screens.csv', {}, reader.token)).status
    ).toBe(403);
    expect(
      (
        await app
          .http()
          .put('/journey/analytics/url-patterns')
          .set(auth(reader.token))
          .send({ patterns: {} })
      ).status
    ).toBe(403);
    expect(
      (await app.http().get('/journey/analytics/url-patterns').set(auth(reader.token))).status
    ).toBe(403);
    expect(
      (await app.http().delete('/journey/analytics/imports/1').set(auth(reader.token))).status
    ).toBe(403);
    expect(await countRows(IMPORTS)).toBe(before);
    expect(
      (await send('import/preview', 'ga4-pages-and-screens.csv', {}, manager.token)).status
    ).toBe(200);
  });
});
