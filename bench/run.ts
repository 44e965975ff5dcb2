/**
 * `npm run bench`: generates journey-aware documents, times coverage against a hand-written SQL
 * floor (and the cells' recount when the build has one), then loads the public API on SQLite and
 * PostgreSQL, interleaved in one run: the journey route, Strapi's own REST route and the floor
 * (bench/floor.js: plain node:http running the route's SQL), alternating rounds of 10
 * connections each. Scenarios: (a) cache cold, every request a different page or cell;
 * (b) revalidation with If-None-Match (when the build sends ETags); (c) in-process cache hits
 * (when the build has `http.responseCache`; the `X-Journey-Cache` answers are counted and fewer
 * than 95% `hit` fails the run); (d) `/_health`, the framework's floor. Prints tables
 * and writes bench/results/<date>-<mode>.json.
 *
 *   BENCH_SMOKE=1          1,000 documents, 2 s per side: CI's check that every scenario runs
 *   BENCH_SIZES=10000,100000,1000000   sizes for the coverage timing (default 10,000 and 100,000)
 *   BENCH_DBS=sqlite,postgres          databases for the coverage timing (default both)
 *   BENCH_LOAD_DBS=sqlite,postgres     databases for the load (default both; smoke: sqlite)
 *   BENCH_LOAD_SIZE=100000             documents behind the load (default 100,000)
 *   BENCH_LOAD_SECONDS=20              seconds per side and scenario, split into the rounds
 *   BENCH_ROUNDS=2                     alternating rounds
 *   BENCH_MAX_PAGE=200                 pages per cell in the cold scenario's URL list
 *   BENCH_SKIP_LOAD=1 / BENCH_SKIP_COVERAGE=1 / BENCH_SKIP_MEMORY=1
 *   BENCH_SQLITE_MMAP=2147483648       SQLite memory-mapped I/O (PRAGMA mmap_size) for every run
 *
 * The servers under load run as deployed: NODE_ENV=production, admin panel built and served.
 * The plugin is loaded from dist/: run `npm run build` first.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createDatabase, reachable, PG, type DbName } from '../tests/helpers/databases';
import { buildAdmin, loadStrapi, writeBenchApp } from './app';
import { benchCoverage, cellsRecount, explain, rowsOf } from './coverage';
import { generate } from './generate';
import {
  cursor,
  freePort,
  load,
  loadFrom,
  rssMiB,
  startFloor,
  startServer,
  type LoadResult,
  type Next,
} from './load';
import { distinctTargets, floorSpec, journeyPath, nativePath, publishedCells } from './targets';
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
const LOAD_DBS = (process.env.BENCH_LOAD_DBS ?? (smoke ? 'sqlite' : 'sqlite,postgres')).split(
  ','
) as DbName[];
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Pages per cell in the cold scenario's URL list: real traffic reads the first pages. */
const MAX_PAGE = Number(process.env.BENCH_MAX_PAGE ?? 200);
const REVALIDATION_URLS = Number(process.env.BENCH_REVALIDATION_URLS ?? (smoke ? 100 : 2000));
const HOT_URLS = Number(process.env.BENCH_HOT_URLS ?? (smoke ? 50 : 500));
const SKIP_MEMORY = process.env.BENCH_SKIP_MEMORY === '1';
/** The plugin's in-process response cache on (httpcache's `http.responseCache`), for (c). */
const RESPONSE_CACHE_CONFIG = { http: { responseCache: { enabled: true } } };
const SQLITE_MMAP = Number(process.env.BENCH_SQLITE_MMAP ?? 0) || undefined;
const WORK = workDir('run');

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
  // The rows went in beneath the document service: counts kept per cell are rebuilt, as after
  // an SQL import, before anything reads them.
  const recount = cellsRecount(strapi);
  if (recount) log(`  cells recounted after the bulk load (drift ${(await recount()).drift})`);
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
      if (timing.recountMs !== null) {
        log(`  recount ${timing.recountMs} ms (drift ${timing.recountDrift}); coverage equals it`);
      }
      if (plans) {
        plans.plugin.plans.forEach((plan, i) => {
          log(`  plan of the coverage service, statement ${i + 1}:`);
          for (const line of plan) log(`    ${line}`);
        });
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

type Side = { name: string; url: string; next: () => Next };

/** Alternating rounds of `sides`, each side continuing from where its last round stopped. */
const interleave = async (
  sides: Side[],
  { seconds, rounds, connections = 10 }: { seconds: number; rounds: number; connections?: number }
) => {
  const results = new Map<string, LoadResult[]>(sides.map((s) => [s.name, []]));
  for (let i = 0; i < rounds; i += 1) {
    for (const side of sides) {
      results
        .get(side.name)
        ?.push(await loadFrom(side.url, side.next, { seconds: seconds / rounds, connections }));
    }
  }
  return Object.fromEntries([...results].map(([name, r]) => [name, combine(r)]));
};

/** Rounds summed: mean rate, the worst round's latency, every request and failure counted. */
const combine = (r: LoadResult[]): LoadResult & { rounds: LoadResult[] } => ({
  rps: Math.round(r.reduce((s, x) => s + x.rps, 0) / r.length),
  p50: Math.max(...r.map((x) => x.p50)),
  p99: Math.max(...r.map((x) => x.p99)),
  requests: r.reduce((s, x) => s + x.requests, 0),
  non2xx: r.reduce((s, x) => s + x.non2xx, 0),
  errors: r.reduce((s, x) => s + x.errors, 0),
  statuses: {
    '2xx': r.reduce((s, x) => s + x.statuses['2xx'], 0),
    '3xx': r.reduce((s, x) => s + x.statuses['3xx'], 0),
    '4xx': r.reduce((s, x) => s + x.statuses['4xx'], 0),
    '5xx': r.reduce((s, x) => s + x.statuses['5xx'], 0),
  },
  cache: r.reduce<Record<string, number>>((all, x) => {
    for (const [k, v] of Object.entries(x.cache ?? {})) all[k] = (all[k] ?? 0) + v;
    return all;
  }, {}),
  rounds: r,
});

const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);

/** Share of a scenario's answers that carried `X-Journey-Cache: <answer>`. */
const cacheShare = (r: LoadResult, answer: string) => ratio(r.cache?.[answer] ?? 0, r.requests);
/** Below this share of hits (c) is reported as a problem: the cache did not answer. */
const MIN_HIT_SHARE = 0.95;
const same = (path: string) => () => ({ path });

/** Every response of a scenario must be a success; a 304 is one where it is expected. */
const failures = (name: string, r: LoadResult, allowed: Array<'2xx' | '3xx'> = ['2xx']) => {
  const bad = r.requests - allowed.reduce((s, k) => s + r.statuses[k], 0);
  return bad > 0 || r.errors ? [`${name}: ${bad} unexpected responses, ${r.errors} errors`] : [];
};

let adminBuild: { dir: string; seconds: number } | null = null;
/** The admin panel is the same for every database: built once, copied into each app. */
const withBuiltAdmin = (appDir: string) => {
  if (!adminBuild) {
    const seconds = buildAdmin(appDir).seconds;
    adminBuild = { dir: path.join(appDir, 'build'), seconds };
  } else {
    fs.cpSync(adminBuild.dir, path.join(appDir, 'build'), { recursive: true });
  }
  return adminBuild.seconds;
};

const loadRun = async (db: DbName) => {
  log(
    `\n[load] ${db}, ${LOAD_SIZE.toLocaleString('en')} documents, ${LOAD_SECONDS} s per side and scenario, ${ROUNDS} alternating rounds`
  );
  const { strapi, appDir, target, generateMs } = await prepare(db, LOAD_SIZE, `load-${db}`);
  log(`  generated in ${seconds(generateMs)}`);
  // Filtering on a relation needs read access to its target type, as in any Strapi app.
  await grantPublic(strapi, [
    'plugin::journey.content.find',
    'api::article.article.find',
    'api::guide.guide.find',
    'plugin::journey.stage.find',
  ]);
  const cells = await publishedCells(strapi);
  const spec = await floorSpec(strapi);
  const connection = target.connection as { client: string; connection: Record<string, unknown> };
  await strapi.destroy();
  const problems: string[] = [];

  const cold = distinctTargets(cells, { pageSize: 10, maxPage: MAX_PAGE });
  // Warm-up asks pages of another size, so the measured URLs are still new to every cache.
  const warm = distinctTargets(cells, { pageSize: 7, maxPage: 5, seed: 7 });
  log(
    `  ${cells.length} cells, ${cold.length.toLocaleString('en')} distinct URLs for the cold scenario`
  );

  const port = await freePort();
  writeBenchApp({ appDir, connection, port, sqliteMmapBytes: SQLITE_MMAP });
  log('  admin panel (strapi build, production)…');
  const buildSeconds = withBuiltAdmin(appDir);
  let server = await startServer(appDir, port, path.join(WORK, `server-${db}.log`));
  await expectAdminServed(server.url);
  const floor = await startFloor(
    {
      ...spec,
      connection: connection.connection,
      port: await freePort(),
      sqliteMmapBytes: SQLITE_MMAP,
    },
    path.join(WORK, `floor-${db}.log`)
  );
  const idle = db === 'sqlite' ? rssMiB(server.child.pid as number) : null;

  // Before measuring: all three answer, and the floor counts what the route counts.
  for (const t of cold.slice(0, 5)) {
    const [j, n, f] = await Promise.all(
      [server.url + journeyPath(t), server.url + nativePath(t), floor.url + journeyPath(t)].map(
        (u) => fetch(u)
      )
    );
    for (const res of [j, n, f]) {
      if (res.status !== 200) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    }
    const totals = await Promise.all(
      [j, n, f].map(
        async (r) =>
          ((await r.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total
      )
    );
    if (new Set(totals).size !== 1)
      throw new Error(
        `totals differ for ${journeyPath(t)}: journey, native, floor = ${totals.join(', ')}`
      );
  }
  const warmSeconds = smoke ? 0.5 : 2;
  for (const [base, render] of [
    [server.url, journeyPath],
    [server.url, nativePath],
    [floor.url, journeyPath],
  ] as const) {
    const c = cursor(warm);
    await loadFrom(base, () => ({ path: render(c.next()) }), { seconds: warmSeconds });
  }

  // (a) cache cold: each side walks the same shuffled list from its start, never repeating.
  const cursors = { journey: cursor(cold), native: cursor(cold), floor: cursor(cold) };
  log('  (a) cache cold: journey, native, floor…');
  const coldResult = await interleave(
    [
      {
        name: 'journey',
        url: server.url,
        next: () => ({ path: journeyPath(cursors.journey.next()) }),
      },
      {
        name: 'native',
        url: server.url,
        next: () => ({ path: nativePath(cursors.native.next()) }),
      },
      { name: 'floor', url: floor.url, next: () => ({ path: journeyPath(cursors.floor.next()) }) },
    ],
    { seconds: LOAD_SECONDS, rounds: ROUNDS }
  );
  // Latency without queueing: one connection, so p99 is the time of a request, not of a queue.
  const single = await interleave(
    [
      {
        name: 'journey',
        url: server.url,
        next: () => ({ path: journeyPath(cursors.journey.next()) }),
      },
      {
        name: 'native',
        url: server.url,
        next: () => ({ path: nativePath(cursors.native.next()) }),
      },
      { name: 'floor', url: floor.url, next: () => ({ path: journeyPath(cursors.floor.next()) }) },
    ],
    { seconds: LOAD_SECONDS / 2, rounds: 1, connections: 1 }
  );
  const repeats = Object.fromEntries(
    Object.entries(cursors).map(([k, c]) => [k, Math.max(0, c.taken - cold.length)])
  );
  for (const [name, r] of Object.entries(coldResult)) problems.push(...failures(`cold ${name}`, r));
  const afterLoad = db === 'sqlite' ? rssMiB(server.child.pid as number) : null;

  // (b) revalidation: only when the build sends ETags.
  const probe = await fetch(server.url + journeyPath(cold[0]));
  const etag = probe.headers.get('etag');
  const headers = {
    etag,
    cacheControl: probe.headers.get('cache-control'),
    surrogateKey: probe.headers.get('surrogate-key') ?? probe.headers.get('cache-tag'),
    vary: probe.headers.get('vary'),
  };
  let revalidation: Record<string, unknown> = { available: false };
  if (!etag) {
    log('  (b) revalidation (304): not available in this build (no ETag header)');
  } else {
    const urls = cold.slice(0, Math.min(REVALIDATION_URLS, cold.length)).map(journeyPath);
    const validated: Next[] = [];
    for (let i = 0; i < urls.length; i += 10) {
      const batch = await Promise.all(urls.slice(i, i + 10).map((u) => fetch(server.url + u)));
      batch.forEach((res, k) => {
        const tag = res.headers.get('etag');
        if (tag) validated.push({ path: urls[i + k], headers: { 'if-none-match': tag } });
      });
    }
    log(`  (b) revalidation (304) on ${validated.length} URLs, beside /_health…`);
    const c = cursor(validated);
    const r = await interleave(
      [
        { name: 'revalidation', url: server.url, next: c.next },
        { name: 'health', url: server.url, next: same('/_health') },
      ],
      { seconds: LOAD_SECONDS, rounds: ROUNDS }
    );
    problems.push(
      ...failures('revalidation', r.revalidation, ['3xx']),
      ...failures('health', r.health)
    );
    revalidation = {
      available: true,
      urls: validated.length,
      result: r.revalidation,
      share304: ratio(r.revalidation.statuses['3xx'], r.revalidation.requests),
      shareRevalidatedInProcess: cacheShare(r.revalidation, 'revalidated'),
      health: r.health,
    };
  }
  await server.stop();

  // (c) in-process cache hits: a server started with the plugin's response cache on, if the
  // build knows the setting (an older build refuses the unknown key at boot).
  let responseCache: Record<string, unknown> = { available: false };
  writeBenchApp({
    appDir,
    connection,
    port,
    sqliteMmapBytes: SQLITE_MMAP,
    pluginConfig: RESPONSE_CACHE_CONFIG,
  });
  const started = await startServer(appDir, port, path.join(WORK, `server-${db}-cache.log`)).then(
    (s) => s,
    () => null
  );
  if (!started) {
    const reason = fs
      .readFileSync(path.join(WORK, `server-${db}-cache.log`), 'utf8')
      .split('\n')
      .find((l) => /http|responseCache|unknown key/i.test(l));
    log(
      `  (c) in-process cache hits: not available in this build${reason ? ` (${reason.trim().slice(0, 160)})` : ''}`
    );
    responseCache = { available: false, reason: reason?.trim() ?? null };
    writeBenchApp({ appDir, connection, port, sqliteMmapBytes: SQLITE_MMAP });
  } else {
    server = started;
    const hot = cold.slice(0, Math.min(HOT_URLS, cold.length)).map(journeyPath);
    for (const u of hot) await fetch(server.url + u);
    log(`  (c) in-process cache hits on ${hot.length} URLs, beside /_health…`);
    const c = cursor(hot);
    const r = await interleave(
      [
        { name: 'hits', url: server.url, next: () => ({ path: c.next() }) },
        { name: 'health', url: server.url, next: same('/_health') },
      ],
      { seconds: LOAD_SECONDS, rounds: ROUNDS }
    );
    problems.push(...failures('cache hits', r.hits), ...failures('health', r.health));
    // The plugin says which answers its cache gave (X-Journey-Cache); a build without the
    // header answers `none`, and then only "same URLs, warmed first" says they were hits.
    const hitShare = cacheShare(r.hits, 'hit');
    if (r.hits.cache?.none !== r.hits.requests && (hitShare ?? 0) < MIN_HIT_SHARE) {
      problems.push(
        `cache hits: only ${hitShare} of the answers were X-Journey-Cache: hit (${JSON.stringify(r.hits.cache)})`
      );
    }
    responseCache = {
      available: true,
      config: RESPONSE_CACHE_CONFIG,
      urls: hot.length,
      hitShare,
      result: r.hits,
      health: r.health,
    };
  }

  // (d) /_health alone, the framework's floor, when neither (b) nor (c) measured it beside them.
  let health = (responseCache.health ?? revalidation.health) as LoadResult | undefined;
  if (!health) {
    if (!started)
      server = await startServer(appDir, port, path.join(WORK, `server-${db}-health.log`));
    log('  (d) /_health…');
    health = (
      await interleave([{ name: 'health', url: server.url, next: same('/_health') }], {
        seconds: LOAD_SECONDS / 2,
        rounds: 1,
      })
    ).health;
    problems.push(...failures('health', health));
    await server.stop();
  } else if (started) {
    await server.stop();
  }
  await floor.stop();

  // Memory without the plugin: SQLite only (a copy of the file, as Strapi drops the plugin's
  // columns from a schema without it).
  let memory = null;
  if (db === 'sqlite' && !SKIP_MEMORY) {
    const dbFile = (connection.connection as { filename: string }).filename;
    const bareDir = path.join(WORK, 'load-without-plugin');
    const bareDb = path.join(WORK, 'load-without-plugin.db');
    fs.copyFileSync(dbFile, bareDb);
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
    memory = {
      withPlugin: { idle, afterLoad },
      withoutPlugin: { idle: bareIdle, afterLoad: bareAfter, load: barePaths[0] },
    };
  }
  await target.drop();

  const { journey, native, floor: floorResult } = coldResult;
  return {
    db,
    documents: LOAD_SIZE,
    seconds: LOAD_SECONDS,
    rounds: ROUNDS,
    connections: 10,
    headers,
    cold: {
      distinctUrls: cold.length,
      repeats,
      journey,
      native,
      floor: floorResult,
      journeyOverFloor: ratio(journey.rps, floorResult.rps),
      journeyOverNative: ratio(journey.rps, native.rps),
      singleConnection: single,
    },
    revalidation,
    responseCache,
    health,
    admin: { served: true, buildSeconds },
    memoryMiB: memory,
    problems,
  };
};

type LoadRun = Awaited<ReturnType<typeof loadRun>>;

const row = (label: string, r: LoadResult | undefined) =>
  r &&
  log(
    `${label.padEnd(34)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.statuses['3xx']).padStart(6)} ${String(r.requests - r.statuses['2xx'] - r.statuses['3xx'] + r.errors).padStart(7)}`
  );

const answers = (r: LoadResult) =>
  Object.entries(r.cache ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '(not counted)';

const printLoad = (h: LoadRun) => {
  log(
    `\n=== ${h.db}, ${h.documents.toLocaleString('en')} documents, ${h.connections} connections, ${h.rounds} alternating rounds, ${h.seconds} s per side ===`
  );
  log('                                     req/s   p50 ms   p99 ms  requests    3xx  failed');
  log(
    `(a) cache cold (${h.cold.distinctUrls.toLocaleString('en')} distinct URLs; repeats: ${Object.entries(
      h.cold.repeats
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`
  );
  row('  journey /api/journey/content', h.cold.journey);
  row('  native /api/{articles,guides}', h.cold.native);
  row('  floor (node:http + same SQL)', h.cold.floor);
  log(
    `  journey ÷ floor: ${h.cold.journeyOverFloor}   journey ÷ native: ${h.cold.journeyOverNative}`
  );
  log('  one connection (no queueing):');
  row('    journey', h.cold.singleConnection.journey);
  row('    native', h.cold.singleConnection.native);
  row('    floor', h.cold.singleConnection.floor);
  log(
    `headers: ETag ${h.headers.etag ? 'yes' : 'no'}, Cache-Control ${h.headers.cacheControl ?? '(none)'}, Surrogate-Key ${h.headers.surrogateKey ? 'yes' : 'no'}`
  );
  if (h.revalidation.available) {
    log(
      `(b) revalidation, If-None-Match on ${h.revalidation.urls} URLs (304 share ${h.revalidation.share304})`
    );
    row('  journey, 304', h.revalidation.result as LoadResult);
    log(`  X-Journey-Cache: ${answers(h.revalidation.result as LoadResult)}`);
  } else log('(b) revalidation (304): not available in this build');
  if (h.responseCache.available) {
    log(`(c) in-process cache hits on ${h.responseCache.urls} URLs`);
    row('  journey, cached', h.responseCache.result as LoadResult);
    log(`  X-Journey-Cache: ${answers(h.responseCache.result as LoadResult)}`);
  } else log('(c) in-process cache hits: not available in this build');
  log("(d) the framework's floor");
  row('  /_health', h.health);
  if (h.memoryMiB) {
    log(
      `resident memory MiB: with the plugin idle ${h.memoryMiB.withPlugin.idle}, after load ${h.memoryMiB.withPlugin.afterLoad}; without idle ${h.memoryMiB.withoutPlugin.idle}, after load ${h.memoryMiB.withoutPlugin.afterLoad}`
    );
  }
};

const main = async () => {
  const started = Date.now();
  const coverage = process.env.BENCH_SKIP_COVERAGE === '1' ? [] : await coverageRuns();
  const loads: LoadRun[] = [];
  if (process.env.BENCH_SKIP_LOAD !== '1') {
    for (const db of LOAD_DBS) {
      if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
        log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: load skipped)`);
        continue;
      }
      loads.push(await loadRun(db));
    }
  }
  const result = {
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model,
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: os.loadavg(),
    },
    command: smoke ? 'BENCH_SMOKE=1 npm run bench' : 'npm run bench',
    env: {
      SIZES,
      DBS,
      LOAD_DBS,
      LOAD_SIZE,
      LOAD_SECONDS,
      ROUNDS,
      MAX_PAGE,
      SQLITE_MMAP: SQLITE_MMAP ?? null,
    },
    coverage,
    load: loads,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };

  if (coverage.length) {
    log('\n=== coverage: service vs hand-written SQL floor (median of ' + RUNS + ' runs) ===');
    log('db        documents   entry rows   service ms   floor ms   ratio   recount ms   equal');
    for (const c of coverage) {
      log(
        `${c.db.padEnd(9)} ${String(c.documents).padStart(9)} ${String(c.entryRows).padStart(12)} ${String(c.pluginMs).padStart(12)} ${String(c.floorMs).padStart(10)} ${String(c.ratio).padStart(7)} ${String(c.recountMs ?? '-').padStart(12)} ${String(c.equal).padStart(7)}`
      );
    }
  }
  for (const h of loads) printLoad(h);

  const file = writeResult(
    `${result.mode}${loads.length ? '' : '-coverage'}${SQLITE_MMAP ? '-sqlite-mmap' : ''}`,
    result
  );
  log(`\nwritten: ${file} (${result.totalSeconds} s in all)`);
  const problems = loads.flatMap((h) => h.problems.map((p) => `${h.db}: ${p}`));
  if (problems.length) throw new Error(`some requests failed:\n${problems.join('\n')}`);
};

runMain(main, WORK);
