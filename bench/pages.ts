/**
 * `npm run bench:pages`: the SQL time of the public page query (GET /api/journey/content) at a
 * million documents, on SQLite and PostgreSQL. Target: "1,000,000 documents: the first page of a
 * cell and page 200 both under 10 ms of SQL on both databases."
 *
 * Each scenario's request is sent once over HTTP to the app in this process, its statements are
 * captured, then each statement is re-run directly on the connection and timed: what is measured
 * is the database's time, not Strapi's request handling, and no response cache can answer.
 *
 * Environment: BENCH_PAGES_SIZE (documents, default 1,000,000), BENCH_DBS (default
 * sqlite,postgres), BENCH_PAGES_RUNS (timed runs per statement, default 20), BENCH_SMOKE=1
 * (2,000 documents, SQLite), BENCH_KEEP=1 (keep the work folder).
 */
import os from 'os';
import type { AddressInfo } from 'net';
import type { Core } from '@strapi/strapi';
import { grantPublic } from '../tests/helpers/content';
import { PG, reachable, type DbName } from '../tests/helpers/databases';
import { statementsDuring, type Statement } from '../tests/helpers/statements';
import { prepare } from './bench-app';
import { rowsOf } from './coverage';
import { DBS, log, seconds, smoke, WORK } from './run-settings';
import { percentile, runMain, writeResult } from './work';

const SIZE = smoke ? 2000 : Number(process.env.BENCH_PAGES_SIZE ?? 1_000_000);
const RUNS = smoke ? 5 : Number(process.env.BENCH_PAGES_RUNS ?? 20);
const WARMUPS = 3;
const PAGE_SIZE = 25;
const DEEP_PAGE = 200;
const TARGET_MS = 10;

interface Scenario {
  name: string;
  params: Record<string, string>;
}

/** Cells from the largest to a small one, a stage across intents, the whole journey, each type. */
const SCENARIOS: Scenario[] = [
  { name: 'awareness × informational', params: { stage: 'awareness', intent: 'informational' } },
  { name: 'loyalty × navigational', params: { stage: 'loyalty', intent: 'navigational' } },
  { name: 'decision, all intents', params: { stage: 'decision' } },
  { name: 'whole journey', params: {} },
  {
    name: 'article, awareness × informational',
    params: { stage: 'awareness', intent: 'informational', type: 'article' },
  },
  {
    name: 'guide, awareness × informational',
    params: { stage: 'awareness', intent: 'informational', type: 'guide' },
  },
];
/** The plans printed are those of the largest cell. */
const PLANNED = SCENARIOS[0].name;

type PageKind = 'page 1' | `page ${typeof DEEP_PAGE}` | 'cursor';

interface Timed {
  medianMs: number;
  p95Ms: number;
}

interface Measured {
  scenario: string;
  page: PageKind;
  url: string;
  status: number;
  items: number;
  total: number | null;
  statements: number;
  /** Statements that are not SELECTs are counted but not re-run: re-running a write changes data. */
  notRerun: string[];
  each: Array<{ sql: string } & Timed>;
  pageQuery: Timed | null;
  request: Timed;
  pageSql: string | null;
}

const round = (ms: number) => Math.round(ms * 100) / 100;
const timed = (values: number[]): Timed => {
  const sorted = [...values].sort((a, b) => a - b);
  return { medianMs: round(percentile(sorted, 50)), p95Ms: round(percentile(sorted, 95)) };
};

const isSelect = (s: Statement) => /^\s*(with|select)\b/i.test(s.sql);
/** The page query: the one that walks a type's rows in index order and stops at LIMIT. */
const isPageQuery = (s: Statement) =>
  isSelect(s) &&
  /\border by\b/i.test(s.sql) &&
  /\blimit\b/i.test(s.sql) &&
  /\bexists\b/i.test(s.sql);

/** PostgreSQL's driver numbers its placeholders; knex.raw expects question marks. */
const rawSql = (s: Statement) => s.sql.replace(/\$\d+/g, '?');

const run = (strapi: Core.Strapi, s: Statement) =>
  strapi.db.connection.raw(rawSql(s), s.bindings as never);

/**
 * Every SELECT of the request re-run in the order the route ran them, WARMUPS + RUNS times; a
 * run's request time is the sum of its statements' times.
 */
const timeStatements = async (strapi: Core.Strapi, statements: Statement[]) => {
  const selects = statements.filter(isSelect);
  const pageIndex = selects.findIndex(isPageQuery);
  const times: number[][] = selects.map(() => []);
  const requestTimes: number[] = [];
  for (let i = 0; i < WARMUPS + RUNS; i += 1) {
    let sum = 0;
    for (const [k, s] of selects.entries()) {
      const started = process.hrtime.bigint();
      await run(strapi, s);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      sum += ms;
      if (i >= WARMUPS) times[k].push(ms);
    }
    if (i >= WARMUPS) requestTimes.push(sum);
  }
  return {
    pageQuery: pageIndex >= 0 ? timed(times[pageIndex]) : null,
    request: timed(requestTimes),
    pageStatement: pageIndex >= 0 ? selects[pageIndex] : null,
    notRerun: statements.filter((s) => !isSelect(s)).map((s) => s.sql.slice(0, 120)),
    // Where the rest of the request's time goes, statement by statement.
    each: selects.map((s, k) => ({
      sql: s.sql.replace(/\s+/g, ' ').slice(0, 160),
      ...timed(times[k]),
    })),
  };
};

const urlOf = (params: Record<string, string>) =>
  `/api/journey/content?${new URLSearchParams({ journey: 'customer', ...params })}`;

interface Body {
  data?: unknown[];
  meta?: { pagination?: { total?: number; nextCursor?: string | null; pageCount?: number } };
}

const plan = async (strapi: Core.Strapi, s: Statement) => {
  const client = strapi.db.dialect.client as string;
  const prefix = client === 'postgres' ? 'EXPLAIN (ANALYZE, BUFFERS) ' : 'EXPLAIN QUERY PLAN ';
  const rows = rowsOf(await strapi.db.connection.raw(prefix + rawSql(s), s.bindings as never));
  return rows.map((r) =>
    client === 'sqlite' ? `${r.id}/${r.parent} ${r.detail}` : String(Object.values(r)[0])
  );
};

/** Until no other statement runs on this database (PostgreSQL; SQLite has one connection). */
const quiet = async (strapi: Core.Strapi) => {
  if (strapi.db.dialect.client !== 'postgres') return;
  const busy = async () =>
    rowsOf(
      await strapi.db.connection.raw(
        `SELECT pid, left(query, 100) AS query FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active'`
      )
    );
  let running = await busy();
  const started = Date.now();
  while (running.length) {
    if (Date.now() - started > 5000) {
      log(`  waiting for ${running.length} statement(s) of the app: ${running[0].query}…`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5000));
    running = await busy();
  }
  if (Date.now() - started > 5000) log(`  quiet after ${seconds(Date.now() - started)}`);
};

const measureDatabase = async (db: DbName) => {
  log(`\n[pages] ${db}, ${SIZE.toLocaleString('en')} documents: generating…`);
  // The plugin's counts checks are scheduled (the self-check every ten minutes); at this size a
  // check reads whole tables for minutes, and a page timed beside it would measure the
  // contention, not the page. Off here, as the coverage and page costs are measured apart.
  const { strapi, target, generateMs, rows } = await prepare(db, SIZE, `pages-${db}`, {
    counts: { selfCheck: false, fullCheck: false },
  });
  log(`  generated in ${seconds(generateMs)} (${rows.toLocaleString('en')} entry rows)`);
  // Filtering on a relation needs read access to its target type, as in any Strapi app.
  await grantPublic(strapi, [
    'plugin::journey.content.find',
    'api::article.article.find',
    'api::guide.guide.find',
    'plugin::journey.stage.find',
  ]);
  // No background job may run beside the timed statements either (snapshots, suggestions).
  strapi.cron.destroy();
  await quiet(strapi);
  await strapi.server.mount();
  const server = strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // PostgreSQL's planner statistics after a bulk load come from autovacuum, whenever it runs:
  // analysed now, every run plans from the same statistics.
  if (db === 'postgres') await strapi.db.connection.raw('ANALYZE');
  else await strapi.db.connection.raw('PRAGMA optimize');
  log(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );

  const measured: Measured[] = [];
  const plans: Record<string, string[]> = {};
  try {
    const get = async (params: Record<string, string>) => {
      const url = urlOf(params);
      const { statements, result } = await statementsDuring(strapi, async () => {
        const res = await fetch(base + url);
        return { status: res.status, body: (await res.json()) as Body };
      });
      return { url, statements, ...result };
    };
    // The first request fills the app's per-process caches (settings, permissions): a one-off,
    // not a page's cost, so it is sent before anything is captured.
    await get({ page: '1', pageSize: '1' });
    for (const scenario of SCENARIOS) {
      const pageSize = String(PAGE_SIZE);
      const first = await get({ ...scenario.params, page: '1', pageSize });
      // The page before the deep one, fetched untimed: its nextCursor starts the cursor page at
      // the same rows as page 200, by keyset instead of offset. A cell too small for 200 pages
      // (the smoke) takes its cursor from its last but one page.
      const pageCount = first.body.meta?.pagination?.pageCount ?? 1;
      const before = Math.max(1, Math.min(DEEP_PAGE - 1, pageCount - 1));
      const previous = await get({ ...scenario.params, page: String(before), pageSize });
      const cursor = previous.body.meta?.pagination?.nextCursor ?? null;
      const requests: Array<[PageKind, Awaited<ReturnType<typeof get>>]> = [
        ['page 1', first],
        [`page ${DEEP_PAGE}`, await get({ ...scenario.params, page: String(DEEP_PAGE), pageSize })],
      ];
      if (cursor) requests.push(['cursor', await get({ ...scenario.params, cursor, pageSize })]);
      else log(`  ${scenario.name}: no next cursor after page ${before}, no cursor page`);
      for (const [page, r] of requests) {
        if (r.status !== 200) {
          throw new Error(`${r.url} answered ${r.status}: ${JSON.stringify(r.body)}`);
        }
        const t = await timeStatements(strapi, r.statements);
        measured.push({
          scenario: scenario.name,
          page,
          url: r.url,
          status: r.status,
          items: r.body.data?.length ?? 0,
          total: r.body.meta?.pagination?.total ?? null,
          statements: r.statements.length,
          notRerun: t.notRerun,
          each: t.each,
          pageQuery: t.pageQuery,
          request: t.request,
          pageSql: t.pageStatement
            ? strapi.db.connection
                .raw(rawSql(t.pageStatement), t.pageStatement.bindings as never)
                .toQuery()
            : null,
        });
        if (scenario.name === PLANNED && page !== 'cursor' && t.pageStatement) {
          plans[page] = await plan(strapi, t.pageStatement);
        }
      }
    }
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  const loadAverage = os.loadavg();
  printTable(db, measured);
  for (const m of measured.filter((x) => x.scenario === PLANNED)) {
    log(`\n  statements of ${PLANNED}, ${m.page} (median / p95 ms):`);
    for (const e of m.each) log(`    ${e.medianMs.toFixed(2)} / ${e.p95Ms.toFixed(2)}  ${e.sql}`);
    for (const sql of m.notRerun) log(`    (not re-run) ${sql}`);
  }
  for (const [page, lines] of Object.entries(plans)) {
    log(`\n  plan of the page query, ${PLANNED}, ${page}:`);
    for (const line of lines) log(`    ${line}`);
  }
  const verdicts = verdictsOf(measured);
  log(`\n  load average ${loadAverage.map((l) => l.toFixed(2)).join(' ')}`);
  log(
    `  target: page 1 and page ${DEEP_PAGE} each < ${TARGET_MS} ms of SQL (request total, median)`
  );
  for (const v of verdicts) {
    const each = v.pages.map((p) => `${p.page} ${p.requestMs} ms ${p.met ? 'met' : 'NOT met'}`);
    log(`  ${v.scenario}: ${v.met ? 'met' : 'NOT met'} (${each.join('; ')})`);
  }
  await strapi.destroy();
  await target.drop();
  return {
    db,
    documents: SIZE,
    entryRows: rows,
    generateMs,
    loadAverage,
    measured,
    plans,
    verdicts,
  };
};

/**
 * The target holds for a scenario when page 1 and page 200 each take less than 10 ms of SQL: all
 * the statements of the request, by their medians. The page query alone and the p95 are said too.
 */
const verdictsOf = (measured: Measured[]) =>
  SCENARIOS.map(({ name }) => {
    const pages = measured
      .filter((m) => m.scenario === name)
      .map((m) => ({
        page: m.page,
        requestMs: m.request.medianMs,
        met: m.request.medianMs < TARGET_MS,
        pageQueryMet: (m.pageQuery?.medianMs ?? Infinity) < TARGET_MS,
        p95Met: m.request.p95Ms < TARGET_MS,
      }));
    // The cursor page is reported beside them, but the target names page 1 and page 200 only.
    const targeted = pages.filter((p) => p.page !== 'cursor');
    const all = (f: (p: (typeof pages)[number]) => boolean) =>
      targeted.length === 2 && targeted.every(f);
    return {
      scenario: name,
      met: all((p) => p.met),
      pageQueryMet: all((p) => p.pageQueryMet),
      p95Met: all((p) => p.p95Met),
      pages,
    };
  });

const printTable = (db: DbName, measured: Measured[]) => {
  const header = [
    'scenario',
    'page',
    'items',
    'total',
    'stmts',
    'page q. med',
    'page q. p95',
    'request med',
    'request p95',
  ];
  const rows = measured.map((m) => [
    m.scenario,
    m.page,
    String(m.items),
    m.total === null ? '-' : m.total.toLocaleString('en'),
    m.notRerun.length ? `${m.statements} (${m.notRerun.length} not re-run)` : String(m.statements),
    m.pageQuery ? m.pageQuery.medianMs.toFixed(2) : '-',
    m.pageQuery ? m.pageQuery.p95Ms.toFixed(2) : '-',
    m.request.medianMs.toFixed(2),
    m.request.p95Ms.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  log(`\n  ${db}, ${SIZE.toLocaleString('en')} documents, SQL ms over ${RUNS} runs:`);
  log(`  ${line(header)}`);
  for (const r of rows) log(`  ${line(r)}`);
};

const main = async () => {
  const date = new Date().toISOString();
  log(
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  const results = [];
  for (const db of DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: skipped)`);
      continue;
    }
    results.push(await measureDatabase(db));
  }
  const data = {
    date,
    documents: SIZE,
    runs: RUNS,
    warmups: WARMUPS,
    pageSize: PAGE_SIZE,
    targetMs: TARGET_MS,
    cpus: os.cpus().length,
    results,
  };
  const file = writeResult(smoke ? 'pages-smoke' : 'pages', data);
  log(`\nresults in ${file}`);
};

runMain(main, WORK);
