/**
 * `npm run bench:demand`: search demand at the scale. On each database: 100,000
 * journey-aware documents (bench/generate.ts's plan, with titles drawn from a vocabulary so that
 * queries have something to match), 50,000 Search Console queries imported (parse, classify,
 * store), then the plain coverage call, the demand matrix (cold: index built and every query
 * matched; matching only: indexes kept, a new threshold; warm), a cell's drill-down and the CSV
 * export, as medians of several runs. Prints a table and writes bench/results/<date>-demand.json.
 *
 *   BENCH_SMOKE=1                 2,000 documents, 2,000 queries, SQLite: checks that it runs
 *   BENCH_DBS=sqlite,postgres     databases (default both; PostgreSQL skipped when unreachable)
 *   BENCH_DOCS=100000             documents
 *   BENCH_QUERIES=50000           queries
 *
 * Loads the plugin from dist/: run `npm run build` first.
 */
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createDatabase, reachable, PG, type DbName } from '../tests/helpers/databases';
import { classify } from '../server/src/intent/classifier';
import { expectedCtr } from '../server/src/domain/demand-rank';
import { loadStrapi, writeBenchApp } from './app';
import { timeIt } from './coverage';
import { customerStageIds, insertDocuments, planDocuments, random } from './generate';
import { runMain, workDir, writeResult } from './work';

const smoke = process.env.BENCH_SMOKE === '1';
const DOCS = smoke ? 2000 : Number(process.env.BENCH_DOCS ?? 100000);
const QUERIES = smoke ? 2000 : Number(process.env.BENCH_QUERIES ?? 50000);
const DBS = (process.env.BENCH_DBS ?? (smoke ? 'sqlite' : 'sqlite,postgres')).split(
  ','
) as DbName[];
const RUNS = smoke ? 3 : 5;
/** Cold runs rebuild every index and match every query: fewer of them. */
const COLD_RUNS = smoke ? 2 : 3;
const PERIOD = '2026-01-01..2026-01-28';
const WORK = workDir('demand');

const log = (line: string) => console.log(line);

/** Words of a running retailer's site, most used first; the rest of the vocabulary is names. */
const WORDS = `running shoes trail best guide how choose women men training marathon race size
  fit review price buy sale cheap new winter summer jacket tights socks watch gps heart rate
  beginner plan week half 10k 5k speed interval recovery injury knee foot arch pronation
  cushioning stability lightweight waterproof gore tex grip road track treadmill store
  stockholm oslo göteborg bergen malmö delivery return warranty membership club points
  newsletter discount code gift card opening hours contact support order status exchange
  compare vs versus alternative top rated tested comparison brand model 2025 2026 kids junior
  hiking orienteering ultra mountain forest snow ice spikes headlamp vest hydration bottle gel
  nutrition protein stretching warm cool down yoga strength core mobility physio coach app
  sync battery strap band charger manual reset update firmware login account password`
  .split(/\s+/)
  .filter(Boolean);

/** Model and product names: made-up words, so that some queries name what no title has. */
const names = (rand: () => number, count: number) => {
  const syllables = [
    'ka',
    'lo',
    'mi',
    'ra',
    've',
    'to',
    'sun',
    'nor',
    'dal',
    'fjel',
    'ström',
    'vik',
  ];
  const out = new Set<string>();
  while (out.size < count) {
    const n = 2 + Math.floor(rand() * 2);
    let word = '';
    for (let i = 0; i < n; i += 1) word += syllables[Math.floor(rand() * syllables.length)];
    out.add(rand() < 0.3 ? `${word}${Math.floor(rand() * 900) + 100}` : word);
  }
  return [...out];
};

/** Zipf-distributed picks over a vocabulary: a few words are everywhere, most are rare. */
const zipf = (rand: () => number, size: number, s = 1.05) => {
  const cumulative = new Float64Array(size);
  let sum = 0;
  for (let r = 0; r < size; r += 1) {
    sum += 1 / (r + 1) ** s;
    cumulative[r] = sum;
  }
  return () => {
    const x = rand() * sum;
    let lo = 0;
    let hi = size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
};

const MODIFIERS: Record<string, string[]> = {
  informational: ['how to', 'what is', 'guide', 'tips'],
  commercial: ['best', 'review', 'vs', 'compare'],
  transactional: ['buy', 'price', 'cheap', 'sale'],
  local: ['near me', 'store stockholm', 'opening hours'],
  // A brand the built-in lexicon knows (the demo's own brand is the demo's config, not the lexicon's).
  navigational: ['login', 'intersport'],
};

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface QueryRow {
  query: string;
  clicks: number;
  impressions: number;
  ctr: number;
  position: number;
}

/** The data set: titles for the planned documents, and queries partly drawn from those titles. */
const dataSet = () => {
  const rand = random(42);
  const vocabulary = [...WORDS, ...names(rand, 5000)];
  const word = zipf(rand, vocabulary.length);
  const titles: string[] = [];
  const docs = [...planDocuments(DOCS, 7)].map((doc) => {
    const length = 3 + Math.floor(rand() * 6);
    const words = Array.from({ length }, () => vocabulary[word()]);
    const title = capitalise(words.join(' '));
    titles.push(title);
    return { ...doc, title };
  });
  const seen = new Set<string>();
  const byLocale: Record<string, QueryRow[]> = { en: [], sv: [], nb: [] };
  const intents = Object.keys(MODIFIERS);
  let attempts = 0;
  while (seen.size < QUERIES && attempts < QUERIES * 20) {
    attempts += 1;
    let words: string[];
    if (rand() < 0.6) {
      // From a title: some of its words, in order (what a searcher who found it would type).
      const title = titles[Math.floor(rand() * titles.length)].toLowerCase().split(' ');
      const keep = 2 + Math.floor(rand() * 3);
      const start = Math.floor(rand() * Math.max(1, title.length - keep + 1));
      words = title.slice(start, start + keep);
    } else {
      words = Array.from({ length: 2 + Math.floor(rand() * 3) }, () => vocabulary[word()]);
    }
    if (rand() < 0.5) {
      const list = MODIFIERS[intents[Math.floor(rand() * intents.length)]];
      words.unshift(list[Math.floor(rand() * list.length)]);
    }
    const query = words.join(' ');
    const r = rand();
    const locale = r < 0.6 ? 'en' : r < 0.85 ? 'sv' : 'nb';
    const key = `${locale}|${query}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const rank = seen.size;
    const impressions = Math.max(1, Math.round(40000 / rank ** 0.7 + rand() * 20));
    const position = Math.round((1 + rand() * 39) * 10) / 10;
    const ctr = Math.min(1, expectedCtr(position) * (0.3 + rand() * 1.2));
    byLocale[locale].push({
      query,
      impressions,
      clicks: Math.round(impressions * ctr),
      ctr: Math.round(ctr * 10000) / 10000,
      position,
    });
  }
  return { docs, byLocale, vocabulary: vocabulary.length };
};

/** A Search Console "Queries" export, as the UI writes it. */
const searchConsoleCsv = (rows: QueryRow[]) =>
  [
    'Top queries,Clicks,Impressions,CTR,Position',
    ...rows.map(
      (r) => `${r.query},${r.clicks},${r.impressions},${(r.ctr * 100).toFixed(2)}%,${r.position}`
    ),
  ].join('\n');

interface DemandImportService {
  importFile?: (input: Record<string, unknown>) => Promise<unknown>;
}

/**
 * Parse, classify and store one locale's file: the demand-import service's importFile, as the
 * admin's upload runs it (one transaction). Without that service (a plugin build before it), the
 * same three steps here: a plain split, the classifier, createMany in the dialect's batch size.
 */
const importQueries = async (
  strapi: Core.Strapi,
  journey: {
    documentId: string;
    intentStages?: Record<string, string | null>;
    stages: Array<{ key: string }>;
  },
  locale: string,
  csv: string
) => {
  const started = process.hrtime.bigint();
  const elapsed = () => Number(process.hrtime.bigint() - started) / 1e6;
  const service = (() => {
    try {
      return strapi.plugin('journey').service('demand-import') as DemandImportService;
    } catch {
      return undefined;
    }
  })();
  if (service?.importFile) {
    await service.importFile({
      journey: 'customer',
      locale,
      source: 'Bench',
      period: PERIOD,
      file: { data: Buffer.from(csv, 'utf8'), name: `queries-${locale}.csv` },
    });
    return { ms: elapsed(), via: 'demand-import importFile' };
  }
  const rows = csv
    .split('\n')
    .slice(1)
    .map((line) => {
      const [query, clicks, impressions, ctr, position] = line.split(',');
      return {
        query,
        clicks: Number(clicks),
        impressions: Number(impressions),
        ctr: Number(ctr.replace('%', '')) / 100,
        position: Number(position),
      };
    });
  const created = (await strapi.db.query('plugin::journey.demand-import').create({
    data: {
      replaceKey: `bench-${locale}`,
      journeyDocumentId: journey.documentId,
      locale,
      source: 'Bench',
      format: 'search-console',
      periodKey: PERIOD,
      rowsRead: rows.length,
      rowsStored: rows.length,
    },
  })) as { id: number };
  const records = rows.map((r) => {
    const c = classify(r.query, { locale, journey });
    const intent = c.intent ?? 'none';
    return {
      importId: created.id,
      journeyDocumentId: journey.documentId,
      locale,
      query: r.query,
      queryNorm: r.query.toLowerCase(),
      clicks: r.clicks,
      impressions: r.impressions,
      ctr: r.ctr,
      position: r.position,
      intent,
      classifiedIntent: intent,
      confidence: c.confidence,
      language: c.language,
      matches: c.matches,
      overridden: false,
    };
  });
  const size = (
    strapi.db.dialect as unknown as { getBatchInsertSize(): number }
  ).getBatchInsertSize();
  await strapi.db.transaction(async () => {
    for (let i = 0; i < records.length; i += size) {
      await strapi.db
        .query('plugin::journey.demand-query')
        .createMany({ data: records.slice(i, i + size) });
    }
  });
  return { ms: elapsed(), via: 'bench (split, classify, createMany)' };
};

const heapMiB = () => {
  (global as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1048576;
};

const runOn = async (db: DbName, data: ReturnType<typeof dataSet>) => {
  const appDir = path.join(WORK, `demand-${db}`);
  const target = await createDatabase(db, WORK);
  writeBenchApp({ appDir, connection: target.connection });
  const strapi = await loadStrapi(appDir);
  try {
    log(`\n[demand] ${db}: ${DOCS.toLocaleString('en')} documents…`);
    let started = Date.now();
    const stageId = await customerStageIds(strapi);
    for (let i = 0; i < data.docs.length; i += 2000) {
      await insertDocuments(strapi, data.docs.slice(i, i + 2000), stageId);
    }
    const client = strapi.db.dialect.client as string;
    if (client === 'postgres' || client === 'sqlite') await strapi.db.connection.raw('ANALYZE');
    log(`  documents written in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    // The documents were written in SQL, past the per-cell counts: count them as a recount does.
    started = Date.now();
    const { drift } = (await strapi.plugin('journey').service('cells').recount()) as {
      drift: number;
    };
    const recountMs = Date.now() - started;
    log(`  cells recounted in ${(recountMs / 1000).toFixed(1)} s (${drift} cells written)`);

    const journey = (await strapi.plugin('journey').service('journeys').findByKey('customer')) as {
      documentId: string;
      intentStages?: Record<string, string | null>;
      stages: Array<{ key: string }>;
    };
    let importMs = 0;
    let via = '';
    started = Date.now();
    for (const [locale, rows] of Object.entries(data.byLocale)) {
      const result = await importQueries(strapi, journey, locale, searchConsoleCsv(rows));
      importMs += result.ms;
      via = result.via;
    }
    const queryCount = Object.values(data.byLocale).reduce((n, r) => n + r.length, 0);
    log(
      `  ${queryCount.toLocaleString('en')} queries imported in ${(importMs / 1000).toFixed(1)} s (${via})`
    );
    if (client === 'postgres' || client === 'sqlite') await strapi.db.connection.raw('ANALYZE');

    const coverage = strapi.plugin('journey').service('coverage');
    const demand = strapi.plugin('journey').service('demand-view');
    const matrix = (threshold = '0.6') => demand.matrix({ journey: 'customer', threshold });

    const coverageTime = await timeIt(() => coverage.compute({ journey: 'customer' }), RUNS);

    // Cold: no index, no match: what the first call after a restart or a content change costs.
    const heapBefore = heapMiB();
    const cold: number[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) {
      demand.reset();
      const t = process.hrtime.bigint();
      await matrix();
      cold.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const heapAfter = heapMiB();
    const indexes = demand.indexStats() as Array<{
      documents: number;
      terms: number;
      bytes: number;
    }>;
    // Matching only: the indexes kept, a threshold not seen yet, so every query is matched again.
    const matching: number[] = [];
    for (let i = 0; i < COLD_RUNS; i += 1) {
      const t = process.hrtime.bigint();
      await matrix(String(0.5 + i / 100));
      matching.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    const warm = await timeIt(() => matrix(), RUNS);
    const result = (await matrix()) as {
      cells: Array<{
        stage: string;
        intent: string;
        queries: number;
        served: number;
        unserved: number;
      }>;
      totals: { queries: number; served: number; unserved: number };
    };
    const biggest = [...result.cells].sort((a, b) => b.queries - a.queries)[0];
    const cellTime = await timeIt(
      () => demand.cell({ journey: 'customer', stage: biggest.stage, intent: biggest.intent }),
      RUNS
    );
    const exportTime = await timeIt(() => demand.exportCsv({ journey: 'customer' }), RUNS);

    // A content change: one published document retitled and published again. The first request
    // after it answers from the previous matches (marked refreshing) while the background
    // refresh rebuilds the type's index and matches every cached query again.
    const changed = data.docs.find((d) => d.published && d.locales.includes('en'));
    if (!changed) throw new Error('no published document to change');
    await strapi.documents(changed.uid as never).update({
      documentId: changed.documentId,
      locale: 'en',
      data: { title: 'Trail running shoes winter guide' },
      status: 'published',
    } as never);
    const t0 = process.hrtime.bigint();
    const stale = (await matrix()) as { matching: { state: string } };
    const afterChangeMs = Number(process.hrtime.bigint() - t0) / 1e6;
    // Requests while the refresh runs (it yields to them every few hundred queries).
    const during = await timeIt(() => matrix(), RUNS);
    await demand.refreshed();
    // From the first request after the change until the new matches are in place.
    const refreshMs = Number(process.hrtime.bigint() - t0) / 1e6;
    const fresh = (await matrix()) as { matching: { state: string } };
    const median = (values: number[]) =>
      [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const row = {
      db,
      documents: DOCS,
      publishedRows: indexes.reduce((n, i) => n + i.documents, 0),
      terms: indexes.reduce((n, i) => n + i.terms, 0),
      queries: queryCount,
      served: result.totals.served,
      unserved: result.totals.unserved,
      importMs: Math.round(importMs),
      importVia: via,
      coverageMs: coverageTime.medianMs,
      matrixColdMs: Math.round(median(cold)),
      matchingMs: Math.round(median(matching)),
      matrixWarmMs: warm.medianMs,
      cellMs: cellTime.medianMs,
      exportMs: exportTime.medianMs,
      recountMs,
      afterChangeMs: Math.round(afterChangeMs),
      afterChangeState: stale.matching.state,
      duringRefreshMs: during.medianMs,
      refreshMs: Math.round(refreshMs),
      afterRefreshState: fresh.matching.state,
      indexMiB: Math.round((indexes.reduce((n, i) => n + i.bytes, 0) / 1048576) * 10) / 10,
      heapGrowthMiB: Math.round((heapAfter - heapBefore) * 10) / 10,
      gc: typeof (global as { gc?: unknown }).gc === 'function',
      runs: {
        cold,
        matching,
        warm: warm.runsMs,
        cell: cellTime.runsMs,
        export: exportTime.runsMs,
        duringRefresh: during.runsMs,
      },
    };
    log(
      `  coverage ${row.coverageMs} ms · matrix cold ${row.matrixColdMs} ms · matching only ${row.matchingMs} ms · warm ${row.matrixWarmMs} ms · cell ${row.cellMs} ms · export ${row.exportMs} ms`
    );
    log(
      `  after a content change: first request ${row.afterChangeMs} ms (${row.afterChangeState}), requests during the refresh ${row.duringRefreshMs} ms, background refresh ${row.refreshMs} ms, then ${row.afterRefreshState}`
    );
    log(
      `  served ${row.served.toLocaleString('en')}, unserved ${row.unserved.toLocaleString('en')}; index ${row.indexMiB} MiB (${row.terms.toLocaleString('en')} terms), heap +${row.heapGrowthMiB} MiB`
    );
    return row;
  } finally {
    await strapi.destroy();
    await target.drop();
  }
};

const main = async () => {
  const data = dataSet();
  log(
    `demand benchmark: ${DOCS.toLocaleString('en')} documents, ${QUERIES.toLocaleString('en')} queries, vocabulary ${data.vocabulary.toLocaleString('en')} words, ${RUNS} runs`
  );
  const rows = [];
  for (const db of DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: skipped)`);
      continue;
    }
    rows.push(await runOn(db, data));
  }
  const header = [
    'db',
    'documents',
    'queries',
    'import s',
    'coverage ms',
    'matrix cold ms',
    'matching ms',
    'matrix warm ms',
    'cell ms',
    'export ms',
    'after change ms',
    'during refresh ms',
    'refresh ms',
    'index MiB',
  ];
  const table = rows.map((r) => [
    r.db,
    r.documents.toLocaleString('en'),
    r.queries.toLocaleString('en'),
    (r.importMs / 1000).toFixed(1),
    r.coverageMs,
    r.matrixColdMs,
    r.matchingMs,
    r.matrixWarmMs,
    r.cellMs,
    r.exportMs,
    r.afterChangeMs,
    r.duringRefreshMs,
    r.refreshMs,
    r.indexMiB,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => String(t[i]).length)));
  log('');
  log(header.map((h, i) => h.padStart(widths[i])).join(' | '));
  log(widths.map((w) => '-'.repeat(w)).join('-|-'));
  for (const t of table) log(t.map((v, i) => String(v).padStart(widths[i])).join(' | '));
  const date = new Date().toISOString();
  const summary = { date, smoke, runs: RUNS, node: process.version, results: rows };
  const file = writeResult(smoke ? 'demand-smoke' : 'demand', summary);
  log(`\nwritten to ${file}`);
};

void runMain(main, WORK);
