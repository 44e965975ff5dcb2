import request from 'supertest';
import { BENCH_TYPES } from '../../bench/app';
import { generate } from '../../bench/generate';
import { grantPublic } from '../helpers/content';
import { expectedJourneyIndexes, journeyIndexesOf } from '../helpers/indexes';
import { statementsDuring, type Statement } from '../helpers/statements';
import { useApp } from '../helpers/suite';

/**
 * Issue 25: the page query reads an index in the page's order on every database (no sort of a
 * whole cell, for the first page, a deep page or the page after a cursor), and walking by cursor
 * gives exactly what walking by page gives, through ties on the sort value and null titles.
 * 3,000 generated documents (about 2,400 published in English per type and locale).
 */
const app = useApp({ onlyTypes: true, contentTypes: BENCH_TYPES, pluginConfig: {} });
const DOCUMENTS = 3000;

const api = () => request(app.strapi.server.httpServer);
const client = () => app.strapi.db.dialect.client as string;
const knex = () => app.strapi.db.connection;

type PlanLine = string;

/** The statements one request runs, as SQL with its bindings. */
const statementsOf = async (path: string) => {
  const { statements, result: res } = await statementsDuring(app.strapi, () => api().get(path));
  expect([path, res.status]).toEqual([path, 200]);
  return { seen: statements, body: res.body };
};

/** The page query: the statement that orders and limits the content tables. */
const pageStatement = (seen: Statement[]) => {
  const found = seen.filter(
    (q) => /order by/i.test(q.sql) && /limit/i.test(q.sql) && /(articles|guides)/.test(q.sql)
  );
  expect(found).toHaveLength(1);
  return found[0];
};

const CONTENT_TABLE = /\b(articles|guides)\b/;

/**
 * The plan in the database's own words, and the steps in it that sort a cell: rows read from a
 * content table and sorted before any LIMIT. A sort of the few rows each type's LIMIT let
 * through (the merge of several types) is not one.
 */
const planOf = async ({
  sql,
  bindings,
}: Statement): Promise<{ plan: PlanLine[]; cellSorts: PlanLine[] }> => {
  const c = client();
  if (c === 'sqlite') {
    const rows = (await knex().raw(`EXPLAIN QUERY PLAN ${sql}`, bindings as never)) as Array<{
      detail: string;
    }>;
    const plan = rows.map((r) => r.detail);
    // A sort follows the step it sorts: the content table (e) or its link lookup (l) means the
    // cell; a scan of a type's limited rows (m0, m1, …) means the merge.
    const cellSorts = plan.filter(
      (line, i) =>
        /USE TEMP B-TREE FOR ORDER BY/.test(line) && /^(SEARCH|SCAN) [el]\b/.test(plan[i - 1] ?? '')
    );
    return { plan, cellSorts };
  }
  if (c === 'postgres') {
    // The statement as the driver got it: $1, $2… back to knex's placeholders.
    const text = sql.replace(/\$\d+/g, '?');
    const result = (await knex().raw(`EXPLAIN (FORMAT JSON) ${text}`, bindings as never)) as {
      rows: Array<{ 'QUERY PLAN': unknown }>;
    };
    type Node = Record<string, unknown> & { Plans?: Node[] };
    const plan: PlanLine[] = [];
    const cellSorts: PlanLine[] = [];
    const describe = (node: Node) =>
      `${node['Node Type']} ${node['Index Name'] ?? node['Relation Name'] ?? node['Alias'] ?? ''}`.trim();
    /** Whether a content table is read below this node with no LIMIT in between. */
    const readsCell = (node: Node): boolean =>
      node['Node Type'] !== 'Limit' &&
      (CONTENT_TABLE.test(String(node['Relation Name'] ?? '')) ||
        (node.Plans ?? []).some((child) => readsCell(child)));
    const walk = (node: Node, depth: number) => {
      plan.push(`${'  '.repeat(depth)}${describe(node)}`);
      if (/Sort$/.test(String(node['Node Type'])) && (node.Plans ?? []).some(readsCell)) {
        cellSorts.push(describe(node));
      }
      for (const child of node.Plans ?? []) walk(child, depth + 1);
    };
    walk((result.rows[0]['QUERY PLAN'] as Array<{ Plan: Node }>)[0].Plan, 0);
    return { plan, cellSorts };
  }
  const [rows] = (await knex().raw(`EXPLAIN ${sql}`, bindings as never)) as [
    Array<{ table: string; key: string | null; Extra: string | null }>,
  ];
  const plan = rows.map((r) => `${r.table} ${r.key ?? '-'} ${r.Extra ?? ''}`);
  return {
    plan,
    cellSorts: plan.filter((line) => /^(e|articles|guides) /.test(line) && /filesort/i.test(line)),
  };
};

const show = (what: string, plan: PlanLine[]) => {
  if (process.env.JOURNEY_TEST_VERBOSE) console.log(`${what}\n  ${plan.join('\n  ')}`);
};

beforeAll(async () => {
  await generate(app.strapi, { count: DOCUMENTS, seed: 25 });
  // Written in SQL past the per-cell counts, which the route's totals come from: count them.
  await app.strapi.plugin('journey').service('cells').recount();
  // Statistics and a visibility map as a settled database has them (autovacuum): a freshly
  // bulk-loaded table has no all-visible pages, so PostgreSQL would price an index-only scan as
  // a heap read per row.
  if (/mysql/.test(client())) await knex().raw('ANALYZE TABLE articles, guides');
  if (client() === 'postgres') await knex().raw('VACUUM ANALYZE articles, guides');
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    'api::article.article.find',
    'api::guide.guide.find',
  ]);
}, 300_000);

describe('indexes behind the page query', () => {
  test('each journey-aware table has the page index and the intent index', async () => {
    for (const table of ['articles', 'guides']) {
      expect(await journeyIndexesOf(app.strapi, table)).toEqual(
        expectedJourneyIndexes(app.strapi, table, true)
      );
    }
  });

  const shapes = [
    {
      name: 'first page, one type',
      path: '/api/journey/content?type=article&pageSize=10',
    },
    {
      name: 'first page, one type, one intent',
      path: '/api/journey/content?type=article&intent=commercial&pageSize=10',
    },
    {
      name: 'first page, one stage, two intents',
      path: '/api/journey/content?type=guide&stage=consideration&intent=commercial,informational',
    },
    // Deep, yet short of most of the cell: past half of it a sort of everything is what a
    // planner rightly picks (a cursor is the way to walk that far).
    {
      name: 'page 40, one type',
      path: '/api/journey/content?type=article&page=40&pageSize=10',
    },
    { name: 'first page, both types', path: '/api/journey/content?pageSize=10' },
    { name: 'page 20, both types', path: '/api/journey/content?page=20&pageSize=10' },
    {
      name: 'oldest first, one type',
      path: '/api/journey/content?type=article&sort=publishedAt:asc',
    },
  ];

  test.each(shapes)('$name: no sort of a whole cell', async ({ path }) => {
    const { seen, body } = await statementsOf(path);
    expect(body.data.length).toBeGreaterThan(0);
    const { plan, cellSorts } = await planOf(pageStatement(seen));
    show(path, plan);
    expect({ path, cellSorts, plan }).toEqual({ path, cellSorts: [], plan });
  });

  test.each([
    { name: 'one type', base: '/api/journey/content?type=article&pageSize=10' },
    { name: 'both types', base: '/api/journey/content?pageSize=10' },
  ])('the page after a cursor, $name: no sort of a whole cell', async ({ base }) => {
    const first = await api().get(base);
    const cursor = first.body.meta.pagination.nextCursor as string;
    expect(cursor).toEqual(expect.any(String));
    const { seen, body } = await statementsOf(`${base}&cursor=${cursor}`);
    expect(body.data.length).toBe(10);
    const { plan, cellSorts } = await planOf(pageStatement(seen));
    show(`${base} after a cursor`, plan);
    expect({ cellSorts, plan }).toEqual({ cellSorts: [], plan });
  });
});

describe('cursor pages are the offset pages', () => {
  const ids = (body: { data: Array<{ contentType: string; documentId: string }> }) =>
    body.data.map((d) => `${d.contentType}:${d.documentId}`);

  /** Every page by page number, and every page by cursor: the same items in the same order. */
  const walkBoth = async (query: string, pageSize: number) => {
    const byPage: string[] = [];
    const first = await api().get(`/api/journey/content?${query}&pageSize=${pageSize}&page=1`);
    const { pageCount, total } = first.body.meta.pagination;
    byPage.push(...ids(first.body));
    for (let page = 2; page <= pageCount; page += 1) {
      const res = await api().get(
        `/api/journey/content?${query}&pageSize=${pageSize}&page=${page}`
      );
      byPage.push(...ids(res.body));
    }
    const byCursor: string[] = [...ids(first.body)];
    let next = first.body.meta.pagination.nextCursor as string | null;
    let pages = 1;
    while (next) {
      const res = await api().get(
        `/api/journey/content?${query}&pageSize=${pageSize}&cursor=${next}`
      );
      expect(res.status).toBe(200);
      pages += 1;
      expect(res.body.meta.pagination).toMatchObject({ page: pages, pageCount, total });
      byCursor.push(...ids(res.body));
      next = res.body.meta.pagination.nextCursor;
    }
    expect(byPage).toHaveLength(total);
    expect(new Set(byPage).size).toBe(total);
    expect(pages).toBe(pageCount);
    expect(byCursor).toEqual(byPage);
    return total;
  };

  beforeAll(async () => {
    // Ties: 120 published English rows of each type share one publishing time, so pages end
    // inside a run of equal sort values; and 40 of each lose their title.
    for (const table of ['articles', 'guides']) {
      const rows = (await knex()(table)
        .whereNotNull('published_at')
        .where('locale', 'en')
        .orderBy('id')
        .limit(160)
        .select('id')) as Array<{ id: number }>;
      const tied = rows.slice(0, 120).map((r) => r.id);
      const untitled = rows.slice(120).map((r) => r.id);
      await knex()(table)
        .whereIn('id', tied)
        .update({ published_at: new Date(Date.UTC(2025, 5, 1)) });
      await knex()(table).whereIn('id', untitled).update({ title: null });
    }
  });

  test.each([
    { query: 'stage=consideration', pageSize: 100 },
    // Several stages, no intent: entries tagged with more than one of them, over the covering
    // page index (SQLite 3.53's EXISTS-as-join paged such rows wrongly: see matchingRows).
    { query: 'stage=awareness,consideration', pageSize: 37 },
    { query: 'type=guide', pageSize: 61 },
    { query: 'type=article&stage=awareness,consideration&intent=commercial', pageSize: 37 },
    { query: 'sort=publishedAt:asc&stage=decision', pageSize: 50 },
    { query: 'sort=title:asc&stage=awareness', pageSize: 40 },
    { query: 'sort=title:desc&stage=awareness', pageSize: 40 },
    { query: 'sort=createdAt:desc&locale=sv', pageSize: 100 },
  ])('$query by $pageSize', async ({ query, pageSize }) => {
    expect(await walkBoth(query, pageSize)).toBeGreaterThan(pageSize * 2);
  });

  test('a cursor with other filters, another sort or other types is a 400 naming cursor', async () => {
    const first = await api().get('/api/journey/content?stage=awareness&pageSize=5');
    const cursor = first.body.meta.pagination.nextCursor as string;
    for (const other of [
      'stage=decision',
      'stage=awareness&sort=publishedAt:asc',
      'stage=awareness&type=article',
      'stage=awareness&intent=commercial',
      'stage=awareness&locale=sv',
    ]) {
      const res = await api().get(`/api/journey/content?${other}&cursor=${cursor}`);
      expect([
        other,
        res.status,
        res.body.error?.details?.parameter ?? res.body.error?.message,
      ]).toEqual([other, 400, expect.stringMatching(/cursor/)]);
    }
    const same = await api().get(
      `/api/journey/content?stage=awareness&pageSize=5&cursor=${cursor}`
    );
    expect(same.status).toBe(200);
  });
});
