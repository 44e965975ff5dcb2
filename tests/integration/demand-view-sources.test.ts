import { adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE } from '../helpers/content';
import {
  GUIDE,
  READ_COVERAGE,
  monthly,
  cellOf,
  type CellView,
  type Row,
  useDemandViewApp,
} from '../helpers/demand-view';

const { app, writeImport, get } = useDemandViewApp();

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
