/**
 * `npm run bench`: generates journey-aware documents, times coverage against a hand-written SQL
 * floor, loads the public API against Strapi's own REST API, and measures memory with and
 * without the plugin. Prints tables and writes bench/results/<date>-<mode>.json.
 *
 *   BENCH_SMOKE=1          1,000 documents, 2 s of load: CI's check that the benchmark runs
 *   BENCH_SIZES=10000,100000,1000000   sizes for the coverage timing (default 10,000 and 100,000)
 *   BENCH_DBS=sqlite,postgres          databases for the coverage timing (default both)
 *   BENCH_LOAD_SIZE=100000             documents behind the HTTP load (SQLite; default 100,000)
 *   BENCH_LOAD_SECONDS=20              seconds per load run
 *   BENCH_SQLITE_MMAP=2147483648       SQLite memory-mapped I/O (PRAGMA mmap_size) for every run
 *
 * The servers under load run as deployed: NODE_ENV=production, admin panel built and served.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createDatabase, reachable, PG, type DbName } from '../tests/helpers/databases';
import { buildAdmin, loadStrapi, writeBenchApp } from './app';
import { benchCoverage, explain, rowsOf } from './coverage';
import { generate } from './generate';
import { freePort, load, rssMiB, startServer, type LoadResult } from './load';
import { runMain, workDir, writeResult } from './work';

const smoke = process.env.BENCH_SMOKE === '1';
const numbers = (value: string | undefined, fallback: number[]) =>
  value ? value.split(',').map((v) => Number(v.trim())) : fallback;
const SIZES = smoke ? [1000] : numbers(process.env.BENCH_SIZES, [10000, 100000]);
const DBS = (process.env.BENCH_DBS ?? (smoke ? 'sqlite' : 'sqlite,postgres')).split(
  ','
) as DbName[];
const LOAD_SIZE = smoke ? 1000 : Number(process.env.BENCH_LOAD_SIZE ?? 100000);
const LOAD_SECONDS = smoke ? 2 : Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const RUNS = smoke ? 3 : 7;
const SQLITE_MMAP = Number(process.env.BENCH_SQLITE_MMAP ?? 0) || undefined;
const WORK = workDir('run');

/** The (stage, intent) pairs the load cycles through: each has content at every size. */
const PAIRS: Array<[string, string]> = [
  ['awareness', 'informational'],
  ['consideration', 'commercial'],
  ['decision', 'transactional'],
  ['usage', 'informational'],
  ['loyalty', 'navigational'],
];

const journeyPaths = PAIRS.map(
  ([stage, intent]) =>
    `/api/journey/content?journey=customer&stage=${stage}&intent=${intent}&type=article&pageSize=10`
);
const nativePaths = PAIRS.map(
  ([stage, intent]) =>
    `/api/articles?filters[journeyStages][key][$eq]=${stage}&filters[searchIntent][$eq]=${intent}&pagination[pageSize]=10`
);

const log = (line: string) => console.log(line);
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

const grantPublic = async (strapi: Core.Strapi, actions: string[]) => {
  const role = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } })) as { id: number };
  for (const action of actions) {
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
  }
};

/** The servers under load serve their built admin panel, as a deployed Strapi does. */
const expectAdminServed = async (base: string) => {
  const res = await fetch(`${base}/admin`);
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.includes('html')) {
    throw new Error(`the admin panel is not served at ${base}/admin: ${res.status} ${type}`);
  }
};

/** A fresh database with `size` documents; returns the loaded Strapi and the app dir. */
const prepare = async (db: DbName, size: number, label: string) => {
  const appDir = path.join(WORK, label);
  const target = await createDatabase(db, WORK);
  writeBenchApp({ appDir, connection: target.connection, sqliteMmapBytes: SQLITE_MMAP });
  const strapi = await loadStrapi(appDir);
  if (SQLITE_MMAP && db === 'sqlite') {
    const [pragma] = rowsOf(await strapi.db.connection.raw('PRAGMA mmap_size'));
    if (!Number(pragma?.mmap_size)) throw new Error('PRAGMA mmap_size did not take effect');
  }
  const started = Date.now();
  let last = Date.now();
  await generate(strapi, {
    count: size,
    onProgress: (done) => {
      if (Date.now() - last > 15000) {
        log(`    ${done.toLocaleString('en')} of ${size.toLocaleString('en')} documents…`);
        last = Date.now();
      }
    },
  });
  const generateMs = Date.now() - started;
  const rows = (await strapi.db.connection('articles').count({ n: '*' }).first()) as {
    n: number | string;
  };
  const guideRows = (await strapi.db.connection('guides').count({ n: '*' }).first()) as {
    n: number | string;
  };
  return { strapi, appDir, target, generateMs, rows: Number(rows.n) + Number(guideRows.n) };
};

const coverageRuns = async () => {
  const results = [];
  for (const db of DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: skipped)`);
      continue;
    }
    for (const size of SIZES) {
      log(`\n[coverage] ${db}, ${size.toLocaleString('en')} documents: generating…`);
      const { strapi, target, generateMs, rows } = await prepare(
        db,
        size,
        `coverage-${db}-${size}`
      );
      log(`  generated in ${seconds(generateMs)} (${rows.toLocaleString('en')} entry rows)`);
      const timing = await benchCoverage(strapi, RUNS);
      const plans = size === Math.max(...SIZES) ? await explain(strapi) : null;
      log(
        `  coverage service ${timing.pluginMs} ms, floor ${timing.floorMs} ms, ratio ${timing.ratio} (same numbers: ${timing.equal})`
      );
      if (plans) {
        log('  plan of the coverage service (published, tagged):');
        for (const line of plans.plugin.plans[0] ?? []) log(`    ${line}`);
        log('  plan of the floor:');
        for (const line of plans.floor.plan) log(`    ${line}`);
      }
      results.push({ db, documents: size, entryRows: rows, generateMs, ...timing, plans });
      await strapi.destroy();
      await target.drop();
    }
  }
  return results;
};

const loadRun = async () => {
  log(`\n[load] sqlite, ${LOAD_SIZE.toLocaleString('en')} documents, ${LOAD_SECONDS} s per run`);
  const { strapi, appDir, generateMs } = await prepare('sqlite', LOAD_SIZE, 'load');
  log(`  generated in ${seconds(generateMs)}`);
  // Filtering on a relation needs read access to its target type, as in any Strapi app.
  await grantPublic(strapi, [
    'plugin::journey.content.find',
    'api::article.article.find',
    'plugin::journey.stage.find',
  ]);
  const dbFile = (strapi.config.get('database.connection') as { connection: { filename: string } })
    .connection.filename;
  await strapi.destroy();

  // The baseline app: the same data without the plugin (a copy, as Strapi drops the plugin's
  // columns from a schema without it).
  const bareDir = path.join(WORK, 'load-without-plugin');
  const bareDb = path.join(WORK, 'load-without-plugin.db');
  fs.copyFileSync(dbFile, bareDb);

  const port = await freePort();
  writeBenchApp({
    appDir,
    connection: { client: 'sqlite', connection: { filename: dbFile }, useNullAsDefault: true },
    port,
    sqliteMmapBytes: SQLITE_MMAP,
  });
  log('  building the admin panel (strapi build, production)…');
  const adminBuild = buildAdmin(appDir);
  log(`  built in ${adminBuild.seconds} s`);
  const server = await startServer(appDir, port, path.join(WORK, 'server.log'));
  await expectAdminServed(server.url);
  const idle = rssMiB(server.child.pid as number);
  for (const p of [journeyPaths[0], nativePaths[0]]) {
    const res = await fetch(server.url + p);
    if (res.status !== 200) throw new Error(`${p}: ${res.status} ${await res.text()}`);
  }
  // Both warmed the same way before measuring.
  await load(server.url, journeyPaths, { seconds: 1 });
  await load(server.url, nativePaths, { seconds: 1 });
  const rounds: Array<{ journey: LoadResult; native: LoadResult }> = [];
  // Alternating, so that a slower moment of the machine does not favour one side.
  for (let i = 0; i < 2; i += 1) {
    const journey = await load(server.url, journeyPaths, { seconds: LOAD_SECONDS / 2 });
    const native = await load(server.url, nativePaths, { seconds: LOAD_SECONDS / 2 });
    rounds.push({ journey, native });
  }
  const afterLoad = rssMiB(server.child.pid as number);
  // Latency without queueing: one connection, so p99 is the time of a request, not of a queue.
  const single = {
    journey: await load(server.url, journeyPaths, { seconds: LOAD_SECONDS / 2, connections: 1 }),
    native: await load(server.url, nativePaths, { seconds: LOAD_SECONDS / 2, connections: 1 }),
  };
  await server.stop();

  const barePort = await freePort();
  writeBenchApp({
    appDir: bareDir,
    connection: { client: 'sqlite', connection: { filename: bareDb }, useNullAsDefault: true },
    port: barePort,
    withoutPlugin: true,
    sqliteMmapBytes: SQLITE_MMAP,
  });
  buildAdmin(bareDir, { withoutPlugin: true });
  const bare = await startServer(bareDir, barePort, path.join(WORK, 'server-without-plugin.log'));
  await expectAdminServed(bare.url);
  const bareIdle = rssMiB(bare.child.pid as number);
  const barePaths = ['/api/articles?pagination[pageSize]=10'];
  await load(bare.url, barePaths, { seconds: LOAD_SECONDS });
  const bareAfter = rssMiB(bare.child.pid as number);
  await bare.stop();

  const sum = (side: 'journey' | 'native') => {
    const r = rounds.map((x) => x[side]);
    return {
      rps: Math.round(r.reduce((s, x) => s + x.rps, 0) / r.length),
      p50: Math.max(...r.map((x) => x.p50)),
      p99: Math.max(...r.map((x) => x.p99)),
      requests: r.reduce((s, x) => s + x.requests, 0),
      non2xx: r.reduce((s, x) => s + x.non2xx, 0),
      errors: r.reduce((s, x) => s + x.errors, 0),
    };
  };
  const journey = sum('journey');
  const native = sum('native');
  return {
    documents: LOAD_SIZE,
    seconds: LOAD_SECONDS,
    connections: 10,
    journey,
    native,
    ratio: Math.round((journey.rps / native.rps) * 100) / 100,
    admin: { served: true, buildSeconds: adminBuild.seconds },
    rounds,
    singleConnection: single,
    memoryMiB: {
      withPlugin: { idle, afterLoad },
      withoutPlugin: { idle: bareIdle, afterLoad: bareAfter, load: barePaths[0] },
    },
  };
};

const main = async () => {
  const started = Date.now();
  const coverage = await coverageRuns();
  const http = process.env.BENCH_SKIP_LOAD === '1' ? null : await loadRun();
  const result = {
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    command: smoke ? 'BENCH_SMOKE=1 npm run bench' : 'npm run bench',
    env: { SIZES, DBS, LOAD_SIZE, LOAD_SECONDS, SQLITE_MMAP: SQLITE_MMAP ?? null },
    coverage,
    load: http,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };

  log('\n=== coverage: service vs hand-written SQL floor (median of ' + RUNS + ' runs) ===');
  log('db        documents   entry rows   service ms   floor ms   ratio');
  for (const c of coverage) {
    log(
      `${c.db.padEnd(9)} ${String(c.documents).padStart(9)} ${String(c.entryRows).padStart(12)} ${String(c.pluginMs).padStart(12)} ${String(c.floorMs).padStart(10)} ${String(c.ratio).padStart(7)}`
    );
  }
  const row = (label: string, r: LoadResult) =>
    log(
      `${label.padEnd(26)} ${String(r.rps).padStart(9)} ${String(r.p50).padStart(9)} ${String(r.p99).padStart(8)} ${String(r.non2xx).padStart(9)}`
    );
  if (http) {
    log(
      `\n=== public API under load: ${http.documents.toLocaleString('en')} documents, SQLite, ${http.connections} connections ===`
    );
    log('route                          req/s     p50 ms   p99 ms   non-2xx');
    row('/api/journey/content', http.journey);
    row('/api/articles (native)', http.native);
    log(`ratio journey/native: ${http.ratio}`);
    log('one connection (no queueing):');
    row('/api/journey/content', http.singleConnection.journey);
    row('/api/articles (native)', http.singleConnection.native);
    log('\n=== resident memory (MiB) ===');
    log(
      `with the plugin:    idle ${http.memoryMiB.withPlugin.idle}, after load ${http.memoryMiB.withPlugin.afterLoad}`
    );
    log(
      `without the plugin: idle ${http.memoryMiB.withoutPlugin.idle}, after load ${http.memoryMiB.withoutPlugin.afterLoad}`
    );
  }

  const file = writeResult(
    `${result.mode}${http ? '' : '-coverage'}${SQLITE_MMAP ? '-sqlite-mmap' : ''}`,
    result
  );
  log(`\nwritten: ${file} (${result.totalSeconds} s in all)`);
  const failed = http
    ? [http.journey, http.native, http.singleConnection.journey, http.singleConnection.native]
    : [];
  if (failed.some((r) => r.non2xx || r.errors)) {
    throw new Error('some requests failed: see the non-2xx and error counts');
  }
};

runMain(main, WORK);
