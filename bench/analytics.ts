/**
 * `npm run bench:analytics`: the admin analytics tab's read at the issue's scale. On each
 * database: 10,000 journey-aware documents (bench/generate.ts), then analytics rollups for every
 * one of them over the last 400 days (document days at a configurable density, plus the stage,
 * transition, goal and drop days a site with that traffic has), bulk inserted. Then, over HTTP
 * against the loaded app, GET /journey/analytics for 30, 90 and 400 days, cold (each request a
 * different period, so that no cache of any layer answers twice), interleaved with `/_health`
 * and with the content manager's and the REST API's list of 10 entries on the same data.
 * Prints p50/p95/p99 and writes bench/results/<date>-analytics.json.
 *
 *   BENCH_SMOKE=1            500 documents × 60 days, SQLite: checks that it runs
 *   BENCH_DBS=sqlite,postgres  databases (default sqlite; PostgreSQL skipped when unreachable)
 *   BENCH_DOCS=10000         documents
 *   BENCH_DAYS=400           days of rollups, up to today
 *   BENCH_DENSITY=1          share of document × day pairs with a row (1: every document every day)
 *   BENCH_REQUESTS=30        timed requests per period length
 *   BENCH_DAYS_PATH=0        time the month path only
 *
 * Loads the plugin from dist/: run `npm run build` first.
 */
import type { Core } from '@strapi/strapi';
import { createDatabase, reachable, PG, type DbName } from '../tests/helpers/databases';
import { rowKey } from '../server/src/domain/analytics/keys';
import { ANALYTICS_UIDS } from '../server/src/utils/constants';
import { ARTICLE, GUIDE, createSuperAdmin, loadStrapi, writeBenchApp } from './app';
import { freePort } from './load';
import { generate, random } from './generate';
import { percentile, runMain, workDir, writeResult } from './work';

const smoke = process.env.BENCH_SMOKE === '1';
const DOCS = smoke ? 500 : Number(process.env.BENCH_DOCS ?? 10000);
const DAYS = smoke ? 60 : Number(process.env.BENCH_DAYS ?? 400);
const DENSITY = Number(process.env.BENCH_DENSITY ?? 1);
const REQUESTS = smoke ? 5 : Number(process.env.BENCH_REQUESTS ?? 30);
const DBS = (process.env.BENCH_DBS ?? 'sqlite').split(',') as DbName[];
const WINDOWS = [30, 90, 400].filter((w) => w <= DAYS);
const TARGET_MS = 300;
/** BENCH_DAYS_PATH=0 times only the month path (the day path takes seconds per request). */
const DAYS_PATH = process.env.BENCH_DAYS_PATH !== '0';
const WORK = workDir('analytics');
const ADMIN = {
  email: 'bench@journey.test',
  password: 'Bench-password-1',
  firstname: 'Bench',
  lastname: 'Admin',
};

const log = (line: string) => console.log(line);
const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const summary = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n * 10) / 10;
  return {
    n: times.length,
    p50: r(percentile(sorted, 50)),
    p95: r(percentile(sorted, 95)),
    p99: r(percentile(sorted, 99)),
    max: r(sorted[sorted.length - 1] ?? 0),
  };
};

const column = (strapi: Core.Strapi, uid: string, attribute: string) =>
  (strapi.db.metadata.get(uid).attributes[attribute] as unknown as { columnName?: string })
    ?.columnName ?? attribute;

/**
 * Inserts rows of one rollup table in chunks of plain INSERTs (nothing to merge: every key is
 * new), inside one transaction per chunk group: the collector's upserts are not what is timed.
 */
const bulkInsert = async (
  strapi: Core.Strapi,
  table: keyof typeof ANALYTICS_UIDS,
  rows: AsyncIterable<Record<string, unknown>> | Iterable<Record<string, unknown>>
) => {
  const uid = ANALYTICS_UIDS[table];
  const name = strapi.db.metadata.get(uid).tableName;
  const attrs = Object.keys(strapi.db.metadata.get(uid).attributes);
  const columns = new Map(attrs.map((a) => [a, column(strapi, uid, a)]));
  const now = new Date();
  // About 30k bound values per INSERT: under PostgreSQL's and MariaDB's limits.
  const chunk = Math.floor(30000 / (attrs.length + 4));
  let pending: Array<Record<string, unknown>> = [];
  let inserted = 0;
  const knex = strapi.db.connection;
  const sqlite = (strapi.db.dialect.client as string) === 'sqlite';
  // SQLite: better-sqlite3's own prepared statement in a transaction, since knex compiles 500
  // rows into one compound SELECT and goes at a few thousand rows a second.
  let native:
    { insert: (rows: Array<Record<string, unknown>>) => void; close: () => void } | undefined;
  if (sqlite) {
    type Db = {
      prepare: (sql: string) => { run: (...values: unknown[]) => void };
      transaction: (
        fn: (rows: Array<Record<string, unknown>>) => void
      ) => (rows: Array<Record<string, unknown>>) => void;
    };
    // A connection of its own, beside Strapi's pool of one: nothing else writes meanwhile.
    const filename = (knex.client.config.connection as { filename: string }).filename;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const Database = require('better-sqlite3') as new (file: string) => Db & { close: () => void };
    const conn = new Database(filename);
    const tableColumns = new Set(
      (
        conn.prepare(`PRAGMA table_info(${name})`) as unknown as {
          all: () => Array<{ name: string }>;
        }
      )
        .all()
        .map((c) => c.name)
    );
    const names = [...tableColumns].filter((c) => c !== 'id');
    const statement = conn.prepare(
      `INSERT INTO ${name} (${names.map((c) => `"${c}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`
    );
    const toSql = (v: unknown) => (v instanceof Date ? v.getTime() : v === undefined ? null : v);
    const insertAll = conn.transaction((rows) => {
      for (const row of rows) statement.run(...names.map((c) => toSql(row[c])));
    });
    native = { insert: insertAll, close: () => conn.close() };
  }
  // Many INSERTs per transaction: one commit (one fsync) per 40 of them, not per statement.
  const flush = async () => {
    if (!pending.length) return;
    const rows = pending;
    pending = [];
    if (native) {
      native.insert(rows);
      inserted += rows.length;
      return;
    }
    await knex.transaction(async (trx) => {
      for (let k = 0; k < rows.length; k += chunk) await trx(name).insert(rows.slice(k, k + chunk));
    });
    inserted += rows.length;
  };
  let i = 0;
  for await (const values of rows) {
    const row: Record<string, unknown> = {
      document_id: `b${table[0]}${(i += 1)}`,
      created_at: now,
      updated_at: now,
      published_at: now,
    };
    for (const [attribute, value] of Object.entries(values))
      row[columns.get(attribute) ?? attribute] = value;
    pending.push(row);
    if (pending.length >= chunk * 40) await flush();
  }
  await flush();
  native?.close();
  return inserted;
};

interface Target {
  uid: string;
  documentId: string;
  stage: string;
  intent: string;
}

/** The documents' published (document, stage) pairs in the customer journey, from the database. */
const targetsOf = async (strapi: Core.Strapi, stageById: Map<number, string>) => {
  const targets: Target[] = [];
  for (const uid of [ARTICLE, GUIDE]) {
    const meta = strapi.db.metadata.get(uid);
    const jt = (
      meta.attributes as unknown as Record<
        string,
        {
          joinTable: {
            name: string;
            joinColumn: { name: string };
            inverseJoinColumn: { name: string };
          };
        }
      >
    ).journeyStages.joinTable;
    const rows = (await strapi.db
      .connection(`${meta.tableName} as e`)
      .join(`${jt.name} as l`, `l.${jt.joinColumn.name}`, 'e.id')
      .where('e.locale', 'en')
      .whereNotNull('e.published_at')
      .select({
        documentId: 'e.document_id',
        stage: `l.${jt.inverseJoinColumn.name}`,
        intent: 'e.search_intent',
      })) as Array<{ documentId: string; stage: number; intent: string | null }>;
    for (const r of rows) {
      const stage = stageById.get(Number(r.stage));
      if (stage) targets.push({ uid, documentId: r.documentId, stage, intent: r.intent ?? '' });
    }
  }
  return targets;
};

const seed = async (strapi: Core.Strapi) => {
  const journey = (await strapi.db
    .query('plugin::journey.journey')
    .findOne({ where: { key: 'customer' }, populate: { stages: true } })) as {
    documentId: string;
    stages: Array<{ id: number; documentId: string; position: number }>;
  };
  const stages = [...journey.stages].sort((a, b) => a.position - b.position);
  const stageById = new Map(stages.map((s) => [s.id, s.documentId]));
  const targets = await targetsOf(strapi, stageById);
  const today = Date.parse(`${dayOf(Date.now())}T00:00:00.000Z`);
  const days = Array.from({ length: DAYS }, (_, i) => dayOf(today - (DAYS - 1 - i) * DAY_MS));
  const rand = random(24);
  const J = journey.documentId;

  function* documentRows() {
    for (const day of days) {
      for (const t of targets) {
        if (DENSITY < 1 && rand() >= DENSITY) continue;
        const views = 1 + Math.floor(rand() * 20);
        const progressions = Math.floor(rand() * (views + 1) * 0.4);
        const exits = Math.floor(rand() * (views - progressions + 1));
        const values = {
          day,
          contentType: t.uid,
          entryDocumentId: t.documentId,
          entryLocale: 'en',
          journeyDocumentId: J,
          stageDocumentId: t.stage,
          intent: t.intent,
          source: 'events',
          importId: 0,
        };
        yield {
          rowKey: rowKey('documents', values),
          ...values,
          views,
          entries: Math.floor(views / 3),
          exits,
          progressions,
          returns: Math.floor(progressions / 4),
          nextClicks: Math.floor(progressions / 2),
          helpfulYes: views % 3,
          helpfulNo: views % 2,
        };
      }
    }
  }
  function* stageRows() {
    for (const day of days) {
      for (const [i, s] of stages.entries()) {
        for (const entryLocale of ['en', 'sv', '']) {
          const values = {
            day,
            journeyDocumentId: J,
            stageDocumentId: s.documentId,
            entryLocale,
            source: 'events',
            importId: 0,
          };
          const views = 2000 - i * 300;
          yield {
            rowKey: rowKey('stages', values),
            ...values,
            sessions: 1000 - i * 180,
            views,
            entries: 400,
            exits: 300,
            progressions: 500,
            returns: 50,
            nextClicks: 90,
            helpfulYes: 30,
            helpfulNo: 10,
          };
        }
      }
    }
  }
  function* transitionRows() {
    for (const day of days) {
      for (const from of stages) {
        for (const to of stages) {
          const values = {
            day,
            journeyDocumentId: J,
            fromStageDocumentId: from.documentId,
            toStageDocumentId: to.documentId,
            entryLocale: 'en',
          };
          yield { rowKey: rowKey('transitions', values), ...values, moves: 10 };
        }
      }
    }
  }
  function* goalRows() {
    for (const day of days) {
      for (const goal of ['signup', 'purchase']) {
        for (const s of stages) {
          for (const attribution of ['furthest', 'first']) {
            const values = {
              day,
              journeyDocumentId: J,
              goal,
              stageDocumentId: s.documentId,
              attribution,
              entryLocale: 'en',
              source: 'events',
              importId: 0,
            };
            yield { rowKey: rowKey('goals', values), ...values, conversions: 3 };
          }
        }
      }
    }
  }
  function* dropRows() {
    for (const day of days) {
      for (const reason of ['bot', 'do-not-track', 'unknown-document']) {
        const values = { day, reason };
        yield { rowKey: rowKey('drops', values), ...values, dropped: 7 };
      }
    }
  }
  await strapi.db
    .query('plugin::journey.journey')
    .update({ where: { key: 'customer' }, data: { goals: ['signup', 'purchase'] } } as never);
  const started = Date.now();
  const documents = await bulkInsert(strapi, 'documents', documentRows());
  log(
    `    ${documents.toLocaleString('en')} document days in ${((Date.now() - started) / 1000).toFixed(1)} s`
  );
  const counts = {
    documents,
    stages: await bulkInsert(strapi, 'stages', stageRows()),
    transitions: await bulkInsert(strapi, 'transitions', transitionRows()),
    goals: await bulkInsert(strapi, 'goals', goalRows()),
    drops: await bulkInsert(strapi, 'drops', dropRows()),
  };
  const client = strapi.db.dialect.client as string;
  if (client === 'postgres' || client === 'sqlite') await strapi.db.connection.raw('ANALYZE');
  return {
    counts,
    targets: targets.length,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    journey: J,
  };
};

/** What the log shows of an answer: its totals and how many documents each stage ranked. */
const summaryOf = (data: unknown) => {
  const d = data as {
    totals: unknown;
    perStage: Array<{ movers: unknown[]; dropOffs: unknown[] }>;
  };
  return { totals: d.totals, ranked: d.perStage.map((p) => [p.movers.length, p.dropOffs.length]) };
};

const timed = async (url: string, headers: Record<string, string>) => {
  let started = process.hrtime.bigint();
  // A kept-alive socket the server closed during the month rebuild: once more, on a new one.
  const res = await fetch(url, { headers }).catch(() => {
    started = process.hrtime.bigint();
    return fetch(url, { headers });
  });
  await res.arrayBuffer();
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (res.status >= 300) throw new Error(`${url}: ${res.status}`);
  return ms;
};

const benchDb = async (db: DbName) => {
  log(`\n=== ${db} ===`);
  const target = await createDatabase(db, WORK);
  const appDir = `${WORK}/${db}`;
  const port = await freePort();
  writeBenchApp({ appDir, connection: target.connection, port });
  const strapi = await loadStrapi(appDir);
  try {
    const docsStarted = Date.now();
    await generate(strapi, { count: DOCS });
    log(
      `  ${DOCS.toLocaleString('en')} documents in ${((Date.now() - docsStarted) / 1000).toFixed(1)} s`
    );
    const seeded = await seed(strapi);
    log(
      `  rollups: ${JSON.stringify(seeded.counts)} for ${seeded.targets.toLocaleString('en')} published (document, stage) pairs, ${seeded.seconds} s`
    );

    await createSuperAdmin(strapi, ADMIN);
    await strapi.server.mount();
    await new Promise<void>((resolve) =>
      strapi.server.httpServer.listen(port, '127.0.0.1', () => resolve())
    );
    const base = `http://127.0.0.1:${port}`;
    const login = await fetch(`${base}/admin/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: ADMIN.email, password: ADMIN.password }),
    });
    const token = ((await login.json()) as { data: { token: string } }).data.token;
    const auth = { Authorization: `Bearer ${token}` };
    const apiToken = (await strapi
      .service('admin::api-token')
      .create({ name: 'bench', type: 'read-only', lifespan: null })) as { accessKey: string };
    const apiAuth = { Authorization: `Bearer ${apiToken.accessKey}` };

    // Warm-up: the first request of each kind pays for module loading, not for the query.
    await timed(`${base}/journey/analytics?days=7`, auth);
    await timed(`${base}/content-manager/collection-types/${ARTICLE}?page=1&pageSize=10`, auth);
    await timed(`${base}/api/articles?pagination[pageSize]=10`, apiAuth);

    const measure = async (path: string) => {
      const today = Date.parse(`${dayOf(Date.now())}T00:00:00.000Z`);
      const results: Record<string, ReturnType<typeof summary>> = {};
      const health: number[] = [];
      const cm: number[] = [];
      const rest: number[] = [];
      let check: unknown;
      for (const window of WINDOWS) {
        const times: number[] = [];
        // The largest window can only end today; shorter ones slide back a day per request.
        for (let i = 0; i < REQUESTS; i += 1) {
          const shift = window >= DAYS ? 0 : i % (DAYS - window + 1);
          const to = dayOf(today - shift * DAY_MS);
          const from = dayOf(today - (shift + window - 1) * DAY_MS);
          // Cold: a different period (or, for the full range, locale and source) each time.
          const variant =
            window >= DAYS
              ? ['', '&source=events', '&locale=en', '&locale=sv', '&source=all'][i % 5]
              : '';
          const url = `${base}/journey/analytics?from=${from}&to=${to}${variant}`;
          times.push(await timed(url, auth));
          health.push(await timed(`${base}/_health`, {}));
          cm.push(
            await timed(
              `${base}/content-manager/collection-types/${ARTICLE}?page=${1 + (i % 50)}&pageSize=10`,
              auth
            )
          );
          rest.push(
            await timed(
              `${base}/api/articles?pagination[page]=${1 + (i % 50)}&pagination[pageSize]=10`,
              apiAuth
            )
          );
        }
        results[`analytics ${window} days (${path})`] = summary(times);
        if (window === WINDOWS[WINDOWS.length - 1]) {
          const res = await fetch(`${base}/journey/analytics?days=${window}`, { headers: auth });
          const data = (
            (await res.json()) as {
              data: {
                totals: unknown;
                perStage: Array<{ movers: unknown[]; dropOffs: unknown[] }>;
              };
            }
          ).data;
          check = data;
        }
      }
      results['/_health'] = summary(health);
      results['content-manager list of 10'] = summary(cm);
      results['REST /api/articles list of 10'] = summary(rest);
      log(
        `  ${'request'.padEnd(34)} ${'n'.padStart(4)} ${'p50'.padStart(8)} ${'p95'.padStart(8)} ${'p99'.padStart(8)} ${'max'.padStart(8)}  (ms)`
      );
      for (const [name, s] of Object.entries(results)) {
        log(
          `  ${name.padEnd(34)} ${String(s.n).padStart(4)} ${String(s.p50).padStart(8)} ${String(s.p95).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)}`
        );
      }
      const full = results[`analytics ${WINDOWS[WINDOWS.length - 1]} days (${path})`];
      log(
        `  ${WINDOWS[WINDOWS.length - 1]} days p95 ${full.p95} ms: ${full.p95 < TARGET_MS ? 'under' : 'OVER'} the ${TARGET_MS} ms target`
      );
      log(`  answer of the full range: ${JSON.stringify(summaryOf(check))}`);
      return { results, check };
    };
    log('  read path: document days');
    const days = DAYS_PATH ? await measure('days') : { results: {}, check: null };
    // The month rollup, as the store will keep it (see analytics-months.ts): rebuilt from the
    // days here, since the bench's rows went in beneath the store.
    const months = strapi.plugin('journey').service('analytics-months');
    const rebuildStarted = Date.now();
    const monthRows = await months.rebuild();
    if (strapi.db.dialect.client === 'postgres' || strapi.db.dialect.client === 'sqlite')
      await strapi.db.connection.raw('ANALYZE');
    log(
      `  read path: document months (${monthRows.toLocaleString('en')} month rows rebuilt in ${((Date.now() - rebuildStarted) / 1000).toFixed(1)} s)`
    );
    months.force(true);
    const byMonths = await measure('months');
    const same = DAYS_PATH ? JSON.stringify(byMonths.check) === JSON.stringify(days.check) : null;
    log(`  the two paths answer the same full range: ${same}`);
    return {
      db,
      seeded,
      days: days.results,
      months: byMonths.results,
      answer: summaryOf(byMonths.check),
      monthRows,
      same,
    };
  } finally {
    await strapi.destroy();
    await target.drop();
  }
};

const main = async () => {
  log(
    `journey analytics read: ${DOCS.toLocaleString('en')} documents × ${DAYS} days at density ${DENSITY}, ${REQUESTS} requests per window`
  );
  const runs = [];
  for (const db of DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log('PostgreSQL is not reachable: skipped');
      continue;
    }
    runs.push(await benchDb(db));
  }
  const file = writeResult('analytics', {
    date: new Date().toISOString(),
    docs: DOCS,
    days: DAYS,
    density: DENSITY,
    requests: REQUESTS,
    runs,
  } as { date: string });
  log(`\nwritten to ${file}`);
};

runMain(main, WORK);
