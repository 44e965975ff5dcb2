import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { adminWithRole, cmRead, createRoleWith, adminToken } from '../helpers/admin';
import { ARTICLE, createTagged, stageIds } from '../helpers/content';

const GUIDE = 'api::guide.guide';
const READ_COVERAGE = 'plugin::journey.coverage.read';

let app: TestApp;
let token: string;
let stages: Record<string, string>;
let journeyDocumentId: string;
const queryIds: Record<string, number> = {};

/** A type with a slug and a focus keyword, without locales: it serves every locale. */
const GUIDE_TYPE = {
  kind: 'collectionType',
  collectionName: 'guides',
  info: { singularName: 'guide', pluralName: 'guides', displayName: 'Guide' },
  options: { draftAndPublish: true },
  pluginOptions: { journey: { enabled: true } },
  attributes: {
    title: { type: 'string', required: true },
    slug: { type: 'uid', targetField: 'title' },
    focusKeyword: { type: 'string' },
  },
};

/** 28 days: monthly = value × 30.4375 / 28. */
const FACTOR = 30.4375 / 28;
const monthly = (value: number) => Math.round(value * FACTOR * 100) / 100;

interface Row {
  query: string;
  intent: string;
  impressions?: number;
  clicks?: number;
  ctr?: number;
  position?: number;
  volume?: number;
}

/** Search Console rows (en, 28 days) and keyword volumes (sv, monthly), written as an import would. */
const SEARCH_CONSOLE: Row[] = [
  // consideration × commercial
  {
    query: 'best trail running shoes',
    intent: 'commercial',
    impressions: 1000,
    clicks: 10,
    ctr: 0.01,
    position: 9.5,
  },
  {
    query: 'trail running shoes women',
    intent: 'commercial',
    impressions: 400,
    clicks: 20,
    ctr: 0.05,
    position: 4,
  },
  // decision × transactional: nothing published there
  {
    query: 'buy running shoes stockholm',
    intent: 'transactional',
    impressions: 300,
    clicks: 3,
    ctr: 0.01,
    position: 12,
  },
  {
    query: 'running shoes, "cheap"',
    intent: 'transactional',
    impressions: 5,
    clicks: 0,
    ctr: 0,
    position: 30,
  },
  // awareness × informational
  {
    query: 'marathon training plan',
    intent: 'informational',
    impressions: 200,
    clicks: 30,
    ctr: 0.15,
    position: 2,
  },
  {
    query: 'how to choose running shoes',
    intent: 'informational',
    impressions: 150,
    clicks: 15,
    ctr: 0.1,
    position: 3,
  },
  {
    query: 'running shoe size',
    intent: 'informational',
    impressions: 120,
    clicks: 1,
    ctr: 0.008,
    position: 15,
  },
  // navigational: the default mapping gives it no stage of its own, so it goes where the
  // classifier and demand-import's preview place it: the decision stage
  {
    query: 'nordstig store login',
    intent: 'navigational',
    impressions: 50,
    clicks: 25,
    ctr: 0.5,
    position: 1,
  },
  // no intent: not placed in any stage
  { query: 'xyzzy', intent: 'none', impressions: 30, clicks: 0, ctr: 0, position: 40 },
];
const VOLUMES: Row[] = [
  { query: 'bästa löparskor trail', intent: 'commercial', volume: 500 },
  { query: 'löparskor rea', intent: 'transactional', volume: 900 },
];

const writeImport = async (
  locale: string,
  periodKey: string,
  format: string,
  source: string,
  rows: Row[],
  /** Distinguishes a second import of the same source and period (stored before re-imports replaced). */
  copy = ''
) => {
  const created = (await app.strapi.db.query('plugin::journey.demand-import').create({
    data: {
      replaceKey: `${journeyDocumentId}-${locale}-${source}-${periodKey}${copy}`,
      journeyDocumentId,
      locale,
      source,
      format,
      periodKey,
      rowsRead: rows.length,
      rowsStored: rows.length,
    },
  })) as { id: number };
  for (const r of rows) {
    const row = (await app.strapi.db.query('plugin::journey.demand-query').create({
      data: {
        importId: created.id,
        journeyDocumentId,
        locale,
        query: r.query,
        queryNorm: r.query.toLowerCase(),
        clicks: r.clicks ?? null,
        impressions: r.impressions ?? null,
        ctr: r.ctr ?? null,
        position: r.position ?? null,
        volume: r.volume ?? null,
        intent: r.intent,
        classifiedIntent: r.intent,
        overridden: false,
      },
    })) as { id: number };
    queryIds[r.query] = row.id;
  }
  return created.id;
};

const seed = async () => {
  stages = await stageIds(app.strapi);
  const journey = (await app.strapi.db
    .query('plugin::journey.journey')
    .findOne({ where: { key: 'customer' } })) as { documentId: string };
  journeyDocumentId = journey.documentId;
  const article = (title: string, stage: string, intent: string, locale = 'en', published = true) =>
    createTagged(app.strapi, ARTICLE, stages, {
      title,
      stages: [stage],
      intent,
      locale,
      status: published ? 'published' : undefined,
    });
  await article('Best trail running shoes 2025', 'consideration', 'commercial');
  await article('How to choose running shoes', 'awareness', 'informational');
  await article('Bästa löparskorna för trail', 'consideration', 'commercial', 'sv');
  // A draft serves nobody.
  await article('Running shoe size chart', 'awareness', 'informational', 'en', false);
  await app.strapi.documents(GUIDE as never).create({
    data: {
      title: 'Your first marathon',
      slug: 'marathon-training-plan',
      focusKeyword: 'marathon plan',
      journeyStages: [stages.awareness],
      searchIntent: 'informational',
    },
    status: 'published',
  } as never);
  await writeImport(
    'en',
    '2026-01-01..2026-01-28',
    'search-console',
    'Search Console',
    SEARCH_CONSOLE
  );
  await writeImport('sv', 'monthly', 'keyword-volume', 'Keyword tool', VOLUMES);
};

const get = (path: string, as = token) =>
  request(app.strapi.server.httpServer).get(path).set('Authorization', `Bearer ${as}`);

type CellView = {
  stage: string;
  intent: string;
  demand: number;
  monthly: number;
  queries: number;
  supply: number;
  served: number;
  unserved: number;
};

type QueryRow = {
  query: string;
  served: boolean;
  almostThere: boolean;
  match: {
    contentType: string;
    title: string | null;
    score: number;
    sameCell: boolean;
    terms: Array<{ term: string; weight: number }>;
  } | null;
  [key: string]: unknown;
};

const cellOf = (cells: CellView[], stage: string, intent: string) =>
  cells.find((c) => c.stage === stage && c.intent === intent) as CellView;

beforeAll(async () => {
  // "da" holds the imports of the demand model's tests, removed after each.
  app = await startApp({ contentTypes: { guide: GUIDE_TYPE }, locales: ['sv', 'nb', 'da'] });
  token = await adminToken(app.strapi);
  await seed();
});

afterAll(async () => {
  await app?.stop();
});

describe('demand matrix', () => {
  test('sums demand per cell in the database, monthly per import period, beside published supply', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=impressions');
    expect(res.status).toBe(200);
    const { data } = res.body;
    expect(data.metric).toBe('impressions');
    // The sv import has volumes only: no impressions, so not in this metric's view.
    expect(data.locales).toEqual(['en']);
    expect(cellOf(data.cells, 'consideration', 'commercial')).toMatchObject({
      demand: 1400,
      monthly: monthly(1400),
      queries: 2,
      // en and sv articles of the cell, both published
      supply: 2,
    });
    expect(cellOf(data.cells, 'decision', 'transactional')).toMatchObject({
      demand: 305,
      queries: 2,
      supply: 0,
      served: 0,
      unserved: 2,
    });
    expect(cellOf(data.cells, 'awareness', 'informational')).toMatchObject({
      demand: 470,
      queries: 3,
      // the en article and the guide; the draft does not count
      supply: 2,
    });
    expect(cellOf(data.cells, 'decision', 'navigational')).toMatchObject({
      demand: 50,
      queries: 1,
    });
    // Every stage × intent (and no intent) is listed.
    expect(data.cells).toHaveLength(5 * 6);
    expect(data.totals).toMatchObject({
      demand: 2255,
      queries: 9,
      // the one with no intent
      unplaced: { queries: 1, monthly: monthly(30) },
    });
    expect(data.matching).toMatchObject({ state: 'current' });
    expect(Number.isNaN(Date.parse(data.matching.asOf))).toBe(false);
  });

  test('volume reads the keyword import, as is (monthly)', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=volume');
    expect(res.status).toBe(200);
    expect(res.body.data.locales).toEqual(['sv']);
    expect(cellOf(res.body.data.cells, 'consideration', 'commercial')).toMatchObject({
      demand: 500,
      monthly: 500,
      queries: 1,
    });
    expect(cellOf(res.body.data.cells, 'decision', 'transactional')).toMatchObject({
      demand: 900,
      monthly: 900,
    });
  });

  test('ranks gaps and thin cells by monthly demand, per locale', async () => {
    const res = await get('/journey/demand/matrix?journey=customer&metric=impressions');
    const ranking = res.body.data.ranking as Array<Record<string, unknown>>;
    expect(ranking.map((r) => [r.stage, r.intent, r.locale, r.kind, r.supply])).toEqual([
      // en has one published document in the cell (the sv article is another locale): thin
      ['consideration', 'commercial', 'en', 'thin', 1],
      ['decision', 'transactional', 'en', 'gap', 0],
      // the navigational query, placed in decision as the classifier places it
      ['decision', 'navigational', 'en', 'gap', 0],
    ]);
    expect(ranking[0]).toMatchObject({ monthly: monthly(1400), queries: 2 });
    expect(ranking[0].label).toBe(
      `Consideration × commercial (en): ${Math.round(1400 * FACTOR).toLocaleString('en-US')} impressions a month, 1 document`
    );
    expect(ranking[1].label).toBe(
      `Decision / purchase × transactional (en): ${Math.round(305 * FACTOR)} impressions a month, 0 documents`
    );
  });

  test('counts served and unserved queries, and follows the threshold', async () => {
    const at = async (threshold: string) =>
      (await get(`/journey/demand/matrix?journey=customer&threshold=${threshold}`)).body.data;
    const normal = await at('0.6');
    // "best trail running shoes" is in the article's title; "…women" misses its rarest word.
    expect(cellOf(normal.cells, 'consideration', 'commercial')).toMatchObject({
      served: 1,
      unserved: 1,
    });
    // The guide's slug and keyword serve the marathon query; the size query only has a draft.
    expect(cellOf(normal.cells, 'awareness', 'informational')).toMatchObject({
      served: 2,
      unserved: 1,
    });
    const strict = await at('1');
    expect(cellOf(strict.cells, 'consideration', 'commercial').served).toBeLessThan(1);
    const lax = await at('0');
    // At 0 every query with any word in common with a document is served.
    expect(cellOf(lax.cells, 'consideration', 'commercial')).toMatchObject({
      served: 2,
      unserved: 0,
    });
  });
});

describe('demand cell', () => {
  test('lists the queries by monthly demand, with the best match and its score', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial&locale=en'
    );
    expect(res.status).toBe(200);
    const rows = res.body.data as QueryRow[];
    expect(rows.map((r) => r.query)).toEqual([
      'best trail running shoes',
      'trail running shoes women',
    ]);
    expect(res.body.meta).toMatchObject({
      threshold: 0.6,
      pagination: { page: 1, pageSize: 10, total: 2 },
    });
    const [best, women] = rows;
    expect(best).toMatchObject({
      served: true,
      impressions: 1000,
      ctr: 0.01,
      position: 9.5,
      monthly: monthly(1000),
      stage: 'consideration',
      intent: 'commercial',
      overridden: false,
      match: {
        contentType: ARTICLE,
        title: 'Best trail running shoes 2025',
        sameCell: true,
      },
    });
    expect(best.match?.score).toBeGreaterThanOrEqual(0.6);
    expect(best.match?.score).toBeLessThanOrEqual(1);
    expect(best.match?.terms.map((t: { term: string }) => t.term).sort()).toEqual([
      'best',
      'running',
      'shos', // "shoes" folded as the classifier folds it
      'trail',
    ]);
    expect(women.served).toBe(false);
    expect(women.match?.title).toBe('Best trail running shoes 2025');
    expect(women.match?.score).toBeLessThan(0.6);
    expect(women.match?.terms.find((t: { term: string }) => t.term === 'women')?.weight).toBe(0);
  });

  test('marks almost-there queries: top impressions of the cell, low CTR for a position of 8 to 20', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial&locale=en'
    );
    const rows = res.body.data as Array<{ query: string; almostThere: boolean }>;
    // 1,000 impressions (the cell's top 20 %), CTR 1 % at 9.5 (expected 2.25 %).
    expect(rows.find((r) => r.query === 'best trail running shoes')?.almostThere).toBe(true);
    // Position 4: on page one already.
    expect(rows.find((r) => r.query === 'trail running shoes women')?.almostThere).toBe(false);
    const decision = await get(
      '/journey/demand/cell?journey=customer&stage=decision&intent=transactional'
    );
    // Position 12 with a 1 % CTR is on the curve (page two: 1 %), not below it.
    expect(decision.body.data.map((r: { almostThere: boolean }) => r.almostThere)).toEqual([
      false,
      false,
    ]);
  });

  test('a served query may be served from another cell, said so', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=decision&intent=transactional&threshold=0.15'
    );
    const buy = (res.body.data as QueryRow[]).find(
      (r) => r.query === 'buy running shoes stockholm'
    );
    expect(buy?.served).toBe(true);
    expect(buy?.match?.sameCell).toBe(false);
  });

  test('pages in the database', async () => {
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=awareness&intent=informational&page=2&pageSize=2'
    );
    expect(res.status).toBe(200);
    expect(res.body.data.map((r: { query: string }) => r.query)).toEqual(['running shoe size']);
    expect(res.body.meta.pagination).toMatchObject({
      page: 2,
      pageSize: 2,
      pageCount: 2,
      total: 3,
    });
  });
});

describe('overrides', () => {
  test("an override's stage and intent move the query's demand", async () => {
    const stage = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'loyalty' } })) as { documentId: string };
    await app.strapi.db.query('plugin::journey.demand-query').update({
      where: { id: queryIds['nordstig store login'] },
      data: { stageDocumentId: stage.documentId, overridden: true },
    });
    await app.strapi.db.query('plugin::journey.demand-query').update({
      where: { id: queryIds.xyzzy },
      data: { intent: 'informational', overridden: true },
    });
    try {
      const { data } = (await get('/journey/demand/matrix?journey=customer')).body;
      // The override's stage moves the navigational query out of decision; the intent override
      // places the query that had none.
      expect(cellOf(data.cells, 'decision', 'navigational')).toMatchObject({
        demand: 0,
        queries: 0,
      });
      expect(cellOf(data.cells, 'loyalty', 'navigational')).toMatchObject({
        demand: 50,
        queries: 1,
      });
      expect(cellOf(data.cells, 'awareness', 'informational')).toMatchObject({
        demand: 500,
        queries: 4,
      });
      expect(data.totals.unplaced.queries).toBe(0);
      const cell = await get(
        '/journey/demand/cell?journey=customer&stage=loyalty&intent=navigational'
      );
      expect(cell.body.data).toEqual([
        expect.objectContaining({
          query: 'nordstig store login',
          overridden: true,
          stage: 'loyalty',
        }),
      ]);
    } finally {
      await app.strapi.db.query('plugin::journey.demand-query').update({
        where: { id: queryIds['nordstig store login'] },
        data: { stageDocumentId: null, overridden: false },
      });
      await app.strapi.db.query('plugin::journey.demand-query').update({
        where: { id: queryIds.xyzzy },
        data: { intent: 'none', overridden: false },
      });
    }
  });

  test('after a content change the previous matches answer, marked refreshing, while the server matches again in the background', async () => {
    const service = app.strapi.plugin('journey').service('demand-view') as {
      refreshed: () => Promise<void>;
    };
    const matrix = async () => (await get('/journey/demand/matrix?journey=customer')).body.data;
    const cellRows = async () =>
      get('/journey/demand/cell?journey=customer&stage=decision&intent=transactional');
    // Whatever earlier tests changed is caught up with first.
    await matrix();
    await service.refreshed();
    const before = await matrix();
    expect(before.matching.state).toBe('current');
    expect(cellOf(before.cells, 'decision', 'transactional')).toMatchObject({
      supply: 0,
      served: 0,
    });
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Buy running shoes in Stockholm',
      stages: ['decision'],
      intent: 'transactional',
      status: 'published',
    });
    try {
      // Supply is counted, not matched: it is new at once. The matches are the previous ones.
      const during = await matrix();
      expect(during.matching).toEqual({ state: 'refreshing', asOf: before.matching.asOf });
      expect(cellOf(during.cells, 'decision', 'transactional')).toMatchObject({
        supply: 1,
        served: 0,
        unserved: 2,
      });
      await service.refreshed();
      const after = await matrix();
      expect(after.matching.state).toBe('current');
      expect(Date.parse(after.matching.asOf)).toBeGreaterThanOrEqual(
        Date.parse(before.matching.asOf)
      );
      expect(cellOf(after.cells, 'decision', 'transactional')).toMatchObject({
        supply: 1,
        served: 1,
        unserved: 1,
      });
      const afterCell = await cellRows();
      expect(afterCell.body.meta.matching.state).toBe('current');
      expect(afterCell.body.data).toContainEqual(
        expect.objectContaining({
          query: 'buy running shoes stockholm',
          served: true,
          match: expect.objectContaining({
            documentId: doc.documentId,
            title: 'Buy running shoes in Stockholm',
            sameCell: true,
          }),
        })
      );
      // Each change's first request answers from the previous matches, whichever route it is
      // (later ones may find the refresh done: on this small data set it takes milliseconds).
      await app.strapi.documents(ARTICLE as never).update({
        documentId: doc.documentId,
        locale: 'en',
        data: { title: 'Buy running shoes in Stockholm today' },
        status: 'published',
      } as never);
      const duringCell = await cellRows();
      expect(duringCell.body.meta.matching).toEqual({
        state: 'refreshing',
        asOf: after.matching.asOf,
      });
      await service.refreshed();
      expect((await cellRows()).body.meta.matching.state).toBe('current');
    } finally {
      await app.strapi.documents(ARTICLE as never).delete({ documentId: doc.documentId } as never);
    }
    const duringExport = await get('/journey/demand/export?journey=customer');
    expect(duringExport.headers['x-journey-matching']).toBe('refreshing');
    // The previous matches: the deleted document still serves the query there.
    expect(duringExport.text).not.toMatch(/,unserved[^\r\n]*,buy running shoes stockholm,/);
    await service.refreshed();
    const again = await matrix();
    expect(again.matching.state).toBe('current');
    expect(cellOf(again.cells, 'decision', 'transactional').served).toBe(0);
    const csv = await get('/journey/demand/export?journey=customer');
    expect(csv.headers['x-journey-matching']).toBe('current');
    expect(csv.text).toMatch(/,unserved,en,decision,transactional,buy running shoes stockholm,/);
  });
});

describe('export', () => {
  test('CSV of unserved and almost-there queries, RFC 4180, UTF-8 with a BOM', async () => {
    const res = await get('/journey/demand/export?journey=customer&metric=impressions');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="demand-customer-/);
    const text = res.text;
    expect(text.startsWith('\ufeff')).toBe(true);
    const lines = text.slice(1).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'rank,opportunity,locale,stage,intent,query,monthly impressions,clicks,impressions,ctr,position,volume,served,best match,best match type,best match documentId,score,same cell'
    );
    const queries = lines.slice(1).map((l) => l.split(',')[5]);
    // Most monthly demand first; served queries only when almost there.
    expect(queries.slice(0, 4)).toEqual([
      'best trail running shoes',
      'trail running shoes women',
      'buy running shoes stockholm',
      'running shoe size',
    ]);
    expect(lines[1]).toMatch(
      /^1,almost there,en,consideration,commercial,best trail running shoes,/
    );
    expect(lines[3]).toMatch(/^3,unserved,en,decision,transactional,buy running shoes stockholm,/);
    expect(text).not.toContain('marathon training plan');
    // A query with a comma and quotes is quoted, quotes doubled.
    expect(text).toContain(',"running shoes, ""cheap""",');
  });
});

describe('imported by the demand-import service', () => {
  test('rows stored by importRows are counted, and a re-import of the same period replaces them', async () => {
    const importRows = (impressions: [number, number]) =>
      app.strapi
        .plugin('journey')
        .service('demand-import')
        .importRows({
          journey: 'customer',
          locale: 'nb',
          source: 'Search Console API',
          period: '2026-02-01..2026-02-28',
          format: 'search-console',
          rows: [
            {
              query: 'kjøpe løpesko',
              clicks: 7,
              impressions: impressions[0],
              ctr: 0.01,
              position: 9,
            },
            {
              query: 'beste løpesko test',
              clicks: 3,
              impressions: impressions[1],
              ctr: 0.01,
              position: 14,
            },
          ],
        });
    const nb = async () =>
      (await get('/journey/demand/matrix?journey=customer&locale=nb')).body.data as {
        cells: CellView[];
        totals: {
          demand: number;
          monthly: number;
          queries: number;
          unplaced: { queries: number; monthly: number };
        };
        locales: string[];
      };
    await importRows([700, 300]);
    const first = await nb();
    expect(first.locales).toEqual(['nb']);
    // 28 days: the same factor as the other Search Console file.
    expect(first.totals).toMatchObject({ demand: 1000, queries: 2, monthly: monthly(1000) });
    // Every query is in one cell or unplaced: the parts add up to the total.
    const placed = first.cells.reduce((sum, c) => sum + c.monthly, 0);
    expect(placed + first.totals.unplaced.monthly).toBeCloseTo(first.totals.monthly, 1);
    await importRows([70, 30]);
    const second = await nb();
    expect(second.totals).toMatchObject({ demand: 100, queries: 2 });
  });
});

describe('the demand model: imports averaged per source, sources not added', () => {
  type ImportMeta = {
    id: number;
    source: string;
    locale: string;
    periodStart: string | null;
    periodEnd: string | null;
    rows: number;
    used: boolean;
    reason: string;
    supersededBy: number | null;
  };
  type Answer = {
    data: { totals: { demand: number; monthly: number; queries: number }; cells: CellView[] };
    meta: {
      imports: ImportMeta[];
      overlaps: Array<{
        locale: string;
        metric: string;
        used: string;
        skipped: string;
        queries: number;
      }>;
    };
  };
  const MONTH = 30.4375;
  const round2 = (n: number) => Math.round(n * 100) / 100;
  const FILE: Row[] = [
    { query: 'løbesko test', intent: 'commercial', impressions: 900, clicks: 9 },
    { query: 'bedste løbesko', intent: 'commercial', impressions: 300, clicks: 3 },
  ];
  const da = async (metric = 'impressions') =>
    (await get(`/journey/demand/matrix?journey=customer&locale=da&metric=${metric}`))
      .body as Answer;
  const daCell = async () =>
    (
      await get(
        '/journey/demand/cell?journey=customer&locale=da&stage=consideration&intent=commercial'
      )
    ).body as { data: Array<{ query: string; monthly: number }>; meta: Answer['meta'] };

  afterEach(async () => {
    const imports = (await app.strapi.db
      .query('plugin::journey.demand-import')
      .findMany({ where: { locale: 'da' } })) as Array<{ id: number }>;
    await app.strapi.db
      .query('plugin::journey.demand-query')
      .deleteMany({ where: { importId: { $in: imports.map((i) => i.id) } } });
    await app.strapi.db.query('plugin::journey.demand-import').deleteMany({
      where: { locale: 'da' },
    });
  });

  test('the same file imported under two source labels counts once, and the overlap is flagged', async () => {
    const first = await writeImport('da', '2026-01-01..2026-01-28', 'search-console', 'GSC', FILE);
    const second = await writeImport(
      'da',
      '2026-01-01..2026-01-28',
      'search-console',
      'Search Console',
      FILE
    );
    const { data, meta } = await da();
    // Once: 1,200 impressions in 28 days, not 2,400.
    expect(data.totals).toMatchObject({ demand: 1200, queries: 2, monthly: monthly(1200) });
    expect(cellOf(data.cells, 'consideration', 'commercial')).toMatchObject({
      demand: 1200,
      queries: 2,
    });
    // Read from the source with the newest import; the other's copies are named, not added.
    expect(meta.overlaps).toEqual([
      { locale: 'da', metric: 'impressions', used: 'Search Console', skipped: 'GSC', queries: 2 },
    ]);
    expect(meta.imports.map((i) => [i.id, i.used])).toEqual([
      [second, true],
      [first, true],
    ]);
    const cell = await daCell();
    expect(cell.data.map((r) => [r.query, r.monthly])).toEqual([
      ['løbesko test', monthly(900)],
      ['bedste løbesko', monthly(300)],
    ]);
    expect(cell.meta.overlaps).toHaveLength(1);
    const csv = await get('/journey/demand/export?journey=customer&locale=da');
    expect(csv.text.match(/,løbesko test,/g)).toHaveLength(1);
    expect(csv.headers['x-journey-demand-imports']).toBe(`${second},${first}`);
    expect(csv.headers['x-journey-demand-overlaps']).toBe('1');
  });

  test('two consecutive periods of one source give the monthly average, not the sum', async () => {
    await writeImport('da', '2026-01-01..2026-01-31', 'search-console', 'GSC', FILE);
    await writeImport('da', '2026-02-01..2026-02-28', 'search-console', 'GSC', [
      { query: 'løbesko test', intent: 'commercial', impressions: 800, clicks: 8 },
    ]);
    const { data, meta } = await da();
    // 900 + 800 and 300 + 0 impressions over 59 days, as a month.
    expect(data.totals.queries).toBe(2);
    expect(data.totals.monthly).toBeCloseTo((2000 / 59) * MONTH, 1);
    expect(meta.overlaps).toEqual([]);
    expect(meta.imports.every((i) => i.used && i.reason === 'averaged')).toBe(true);
    const cell = await daCell();
    expect(cell.data).toHaveLength(2);
    expect(cell.data[0].query).toBe('løbesko test');
    expect(cell.data[0].monthly).toBeCloseTo(round2((1700 / 59) * MONTH), 2);
  });

  test('an older and a newer import of one source over the same period: the newest numbers', async () => {
    const older = await writeImport('da', '2026-03-01..2026-03-31', 'search-console', 'GSC', FILE);
    const newer = await writeImport(
      'da',
      '2026-03-01..2026-03-31',
      'search-console',
      'GSC',
      [{ query: 'løbesko test', intent: 'commercial', impressions: 620, clicks: 6 }],
      ' (again)'
    );
    const { data, meta } = await da();
    expect(data.totals).toMatchObject({
      demand: 620,
      queries: 1,
      monthly: round2((620 / 31) * MONTH),
    });
    expect(meta.imports).toEqual([
      expect.objectContaining({ id: newer, used: true, reason: 'averaged' }),
      expect.objectContaining({
        id: older,
        used: false,
        reason: 'superseded',
        supersededBy: newer,
      }),
    ]);
    expect((await daCell()).data.map((r) => r.query)).toEqual(['løbesko test']);
  });

  test('all locales at once: locales of one import (read row by row) and of several (read together) add up to each alone', async () => {
    await writeImport('da', '2026-01-01..2026-01-31', 'search-console', 'GSC', FILE);
    await writeImport('da', '2026-02-01..2026-02-28', 'search-console', 'Search Console', [
      { query: 'løbesko test', intent: 'commercial', impressions: 800, clicks: 8 },
    ]);
    const all = (await get('/journey/demand/matrix?journey=customer&metric=impressions'))
      .body as Answer & { data: { locales: string[] } };
    // da has two imports; at least one other locale has a single one (imported above).
    expect(all.data.locales).toContain('da');
    expect(all.data.locales.length).toBeGreaterThan(1);
    let [monthlySum, queries, demand] = [0, 0, 0];
    for (const locale of all.data.locales) {
      const one = (
        await get(`/journey/demand/matrix?journey=customer&metric=impressions&locale=${locale}`)
      ).body as Answer;
      monthlySum += one.data.totals.monthly;
      queries += one.data.totals.queries;
      demand += one.data.totals.demand;
    }
    expect(all.data.totals.queries).toBe(queries);
    expect(all.data.totals.demand).toBeCloseTo(demand, 1);
    expect(all.data.totals.monthly).toBeCloseTo(monthlySum, 1);
    expect(all.meta.overlaps).toEqual([
      { locale: 'da', metric: 'impressions', used: 'Search Console', skipped: 'GSC', queries: 1 },
    ]);
  });

  test('meta lists the imports the numbers come from; the snapshot counts the same monthly demand', async () => {
    const id = await writeImport('da', '2026-01-01..2026-01-28', 'search-console', 'GSC', FILE);
    const { meta } = await da();
    expect(meta.imports).toEqual([
      {
        id,
        source: 'GSC',
        locale: 'da',
        periodKey: '2026-01-01..2026-01-28',
        periodStart: '2026-01-01',
        periodEnd: '2026-01-28',
        rows: 2,
        used: true,
        reason: 'averaged',
        supersededBy: null,
        days: 28,
        daysUsed: 28,
      },
    ]);
    // The daily snapshot's demand totals are the matrix's monthly totals over every locale.
    const all = (await get('/journey/demand/matrix?journey=customer&metric=impressions')).body
      .data as Answer['data'];
    const clicks = (await get('/journey/demand/matrix?journey=customer&metric=clicks')).body
      .data as Answer['data'];
    const snapshot = await app.strapi
      .plugin('journey')
      .service('snapshots')
      .take({ journey: 'customer', refresh: true });
    const demand = snapshot.taken[0].totals.demand as Record<string, number>;
    expect(demand.impressions).toBeCloseTo(all.totals.monthly, 1);
    expect(demand.clicks).toBeCloseTo(clicks.totals.monthly, 1);
  });
});

describe('access', () => {
  test('403 without "read coverage"', async () => {
    const role = await createRoleWith(app.strapi, 'cm-only', [cmRead(ARTICLE), cmRead(GUIDE)]);
    const { token: other } = await adminWithRole(app.strapi, role);
    for (const path of ['matrix', 'cell?stage=awareness&intent=informational', 'export']) {
      const res = await get(
        `/journey/demand/${path}${path.includes('?') ? '&' : '?'}journey=customer`,
        other
      );
      expect(res.status).toBe(403);
    }
  });

  test('a best match of a type the caller may not read is never shown', async () => {
    const role = await createRoleWith(app.strapi, 'guides-only', [
      { action: READ_COVERAGE },
      cmRead(GUIDE),
    ]);
    const { token: other } = await adminWithRole(app.strapi, role);
    const matrix = (await get('/journey/demand/matrix?journey=customer', other)).body.data;
    // Articles are not counted as supply for this caller.
    expect(cellOf(matrix.cells, 'consideration', 'commercial').supply).toBe(0);
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial',
      other
    );
    expect(res.status).toBe(200);
    for (const row of res.body.data) {
      expect(row.match?.contentType ?? GUIDE).toBe(GUIDE);
      expect(JSON.stringify(row)).not.toContain('Best trail running shoes 2025');
    }
    const csv = await get('/journey/demand/export?journey=customer', other);
    expect(csv.text).not.toContain('Best trail running shoes 2025');
    expect(csv.text).not.toContain(ARTICLE);
  });

  test('a locale restriction counts supply and matches in the rows the caller may read', async () => {
    // A row filter: coverage counts in SQL for this caller, not from the per-cell counts.
    const role = await createRoleWith(app.strapi, 'articles-sv', [
      { action: READ_COVERAGE },
      cmRead(ARTICLE, { locales: ['sv'] }),
      cmRead(GUIDE),
    ]);
    const { token: other } = await adminWithRole(app.strapi, role);
    const full = (await get('/journey/demand/matrix?journey=customer')).body.data;
    const limited = (await get('/journey/demand/matrix?journey=customer', other)).body.data;
    expect(cellOf(full.cells, 'consideration', 'commercial').supply).toBe(2);
    // the sv article only
    expect(cellOf(limited.cells, 'consideration', 'commercial').supply).toBe(1);
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial',
      other
    );
    expect(res.status).toBe(200);
    expect(JSON.stringify(res.body.data)).not.toContain('Best trail running shoes 2025');
  });

  test('a title field the caller may not read is not shown, nor the words it explains', async () => {
    const role = await createRoleWith(app.strapi, 'no-titles', [
      { action: READ_COVERAGE },
      cmRead(ARTICLE, { fields: ['summary'] }),
    ]);
    const { token: other } = await adminWithRole(app.strapi, role);
    const res = await get(
      '/journey/demand/cell?journey=customer&stage=consideration&intent=commercial&locale=en',
      other
    );
    expect(res.status).toBe(200);
    const best = res.body.data.find(
      (r: { query: string }) => r.query === 'best trail running shoes'
    );
    expect(best.match).toMatchObject({ contentType: ARTICLE, title: null, terms: [] });
  });
});

describe('bad input', () => {
  test.each([
    ['matrix?metric=visits', 'metric', ['impressions', 'clicks', 'volume']],
    ['matrix?threshold=2', 'threshold', ['a number from 0 to 1']],
    ['matrix?threshold=abc', 'threshold', ['a number from 0 to 1']],
    ['matrix?journey=nope', 'journey', ['customer']],
    ['matrix?locale=xx', 'locale', ['en', 'sv', 'nb']],
    [
      'cell?stage=nope&intent=commercial',
      'stage',
      ['awareness', 'consideration', 'decision', 'usage', 'loyalty'],
    ],
    [
      'cell?stage=awareness&intent=buying',
      'intent',
      ['informational', 'commercial', 'transactional', 'navigational', 'local', 'none'],
    ],
    ['cell?stage=awareness&intent=commercial&pageSize=1000', 'pageSize', undefined],
    ['export?metric=visits', 'metric', ['impressions', 'clicks', 'volume']],
  ])('%s → 400 naming %s', async (path, parameter, valid) => {
    const res = await get(`/journey/demand/${path}`);
    expect(res.status).toBe(400);
    expect(res.body.error.details.parameter).toBe(parameter);
    if (valid) expect(res.body.error.details.valid).toEqual(expect.arrayContaining(valid));
    expect(res.body.error.message).toContain(parameter);
  });
});
