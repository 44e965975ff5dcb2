import fs from 'fs';
import path from 'path';
import type { DbName } from '../tests/helpers/databases';
import { buildAdmin, writeBenchApp } from './app';
import { grantPublic } from '../tests/helpers/content';
import { expectAdminServed, prepare, withBuiltAdmin } from './bench-app';
import { cacheShare, failures, interleave, MIN_HIT_SHARE, ratio, same } from './interleave';
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
  type Server,
} from './load';
import {
  HOT_URLS,
  LOAD_SECONDS,
  LOAD_SIZE,
  log,
  MAX_PAGE,
  RESPONSE_CACHE_CONFIG,
  REVALIDATION_URLS,
  ROUNDS,
  seconds,
  SKIP_MEMORY,
  smoke,
  SQLITE_MMAP,
  WORK,
} from './run-settings';
import {
  distinctTargets,
  floorSpec,
  journeyPath,
  nativePath,
  publishedCells,
  type Target,
} from './targets';

type Connection = { client: string; connection: Record<string, unknown> };
type Floor = Awaited<ReturnType<typeof startFloor>>;

/**
 * One database's app under load: its Strapi server (restarted per scenario) and the two floors
 * (bench/floor.js): `floor` takes its totals from the cell counts as the route does, the real
 * floor; `floorCount` counts them with COUNT over the UNION, the route's older way.
 */
interface Sides {
  db: DbName;
  appDir: string;
  connection: Connection;
  port: number;
  server: Server;
  floor: Floor;
  floorCount: Floor;
  /** The cold scenario's URLs, shuffled; the later scenarios take their first ones. */
  cold: Target[];
  problems: string[];
}

/** Documents generated, the public role granted, and the cells the URLs are drawn from. */
const prepareData = async (db: DbName) => {
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
  const connection = target.connection as Connection;
  await strapi.destroy();
  return { appDir, target, cells, spec, connection };
};

/** The app served as deployed (admin built), and the two floors beside it on the same database. */
const startSides = async (
  db: DbName,
  data: Awaited<ReturnType<typeof prepareData>>,
  cold: Target[]
) => {
  const { appDir, connection, spec } = data;
  const port = await freePort();
  writeBenchApp({ appDir, connection, port, sqliteMmapBytes: SQLITE_MMAP });
  log('  admin panel (strapi build, production)…');
  const buildSeconds = withBuiltAdmin(appDir);
  const server = await startServer(appDir, port, path.join(WORK, `server-${db}.log`));
  await expectAdminServed(server.url);
  const startOne = async (totalFrom: 'cells' | 'count', logName: string) =>
    startFloor(
      {
        ...spec,
        totalFrom,
        connection: connection.connection,
        port: await freePort(),
        sqliteMmapBytes: SQLITE_MMAP,
      },
      path.join(WORK, logName)
    );
  const floor = await startOne('cells', `floor-${db}.log`);
  const floorCount = await startOne('count', `floor-count-${db}.log`);
  const sides: Sides = {
    db,
    appDir,
    connection,
    port,
    server,
    floor,
    floorCount,
    cold,
    problems: [],
  };
  return { sides, buildSeconds };
};

/** Before measuring: all four answer, and both floors count what the route counts. */
const checkTotalsAgree = async ({ server, floor, floorCount, cold }: Sides) => {
  for (const t of cold.slice(0, 5)) {
    const answers = await Promise.all(
      [
        server.url + journeyPath(t),
        server.url + nativePath(t),
        floor.url + journeyPath(t),
        floorCount.url + journeyPath(t),
      ].map((u) => fetch(u))
    );
    for (const res of answers) {
      if (res.status !== 200) throw new Error(`${res.url}: ${res.status} ${await res.text()}`);
    }
    const totals = await Promise.all(
      answers.map(
        async (r) =>
          ((await r.json()) as { meta: { pagination: { total: number } } }).meta.pagination.total
      )
    );
    if (new Set(totals).size !== 1)
      throw new Error(
        `totals differ for ${journeyPath(t)}: journey, native, floor, floor with COUNT = ${totals.join(', ')}`
      );
  }
};

const warmUp = async ({ server, floor, floorCount }: Sides, warm: Target[]) => {
  const warmSeconds = smoke ? 0.5 : 2;
  for (const [base, render] of [
    [server.url, journeyPath],
    [server.url, nativePath],
    [floor.url, journeyPath],
    [floorCount.url, journeyPath],
  ] as const) {
    const c = cursor(warm);
    await loadFrom(base, () => ({ path: render(c.next()) }), { seconds: warmSeconds });
  }
};

/** (a) cache cold: each side walks the same shuffled list from its start, never repeating. */
const coldScenario = async ({ server, floor, floorCount, cold, problems }: Sides) => {
  const cursors = {
    journey: cursor(cold),
    native: cursor(cold),
    floor: cursor(cold),
    floorCount: cursor(cold),
  };
  const sides = () => [
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
    {
      name: 'floorCount',
      url: floorCount.url,
      next: () => ({ path: journeyPath(cursors.floorCount.next()) }),
    },
  ];
  log('  (a) cache cold: journey, native, floor, floor with COUNT…');
  const result = await interleave(sides(), { seconds: LOAD_SECONDS, rounds: ROUNDS });
  // Latency without queueing: one connection, so p99 is the time of a request, not of a queue.
  const single = await interleave(sides(), {
    seconds: LOAD_SECONDS / 2,
    rounds: 1,
    connections: 1,
  });
  const repeats = Object.fromEntries(
    Object.entries(cursors).map(([k, c]) => [k, Math.max(0, c.taken - cold.length)])
  );
  for (const [name, r] of Object.entries(result)) problems.push(...failures(`cold ${name}`, r));
  return { result, single, repeats };
};

/** The caching headers the journey route sends: whether (b) can run at all. */
const probeHeaders = async ({ server, cold }: Sides) => {
  const probe = await fetch(server.url + journeyPath(cold[0]));
  return {
    etag: probe.headers.get('etag'),
    cacheControl: probe.headers.get('cache-control'),
    surrogateKey: probe.headers.get('surrogate-key') ?? probe.headers.get('cache-tag'),
    vary: probe.headers.get('vary'),
  };
};

/** (b) revalidation: only when the build sends ETags. */
const revalidationScenario = async ({ server, cold, problems }: Sides, etag: string | null) => {
  if (!etag) {
    log('  (b) revalidation (304): not available in this build (no ETag header)');
    return { available: false } as Record<string, unknown>;
  }
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
  return {
    available: true,
    urls: validated.length,
    result: r.revalidation,
    share304: ratio(r.revalidation.statuses['3xx'], r.revalidation.requests),
    shareRevalidatedInProcess: cacheShare(r.revalidation, 'revalidated'),
    health: r.health,
  } as Record<string, unknown>;
};

/** (c) measured on a server that has the response cache on: its hits beside /_health. */
const measureCacheHits = async ({ server, cold, problems }: Sides) => {
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
  return {
    available: true,
    config: RESPONSE_CACHE_CONFIG,
    urls: hot.length,
    hitShare,
    result: r.hits,
    health: r.health,
  } as Record<string, unknown>;
};

/**
 * (c) in-process cache hits: a server started with the plugin's response cache on, if the
 * build knows the setting (an older build refuses the unknown key at boot). Answers whether that
 * server runs (then it is `sides.server`).
 */
const responseCacheScenario = async (sides: Sides) => {
  const { db, appDir, connection, port } = sides;
  writeBenchApp({
    appDir,
    connection,
    port,
    sqliteMmapBytes: SQLITE_MMAP,
    pluginConfig: RESPONSE_CACHE_CONFIG,
  });
  const logFile = path.join(WORK, `server-${db}-cache.log`);
  const started = await startServer(appDir, port, logFile).then(
    (s) => s,
    () => null
  );
  if (started) {
    sides.server = started;
    return { started: true, responseCache: await measureCacheHits(sides) };
  }
  const reason = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .find((l) => /http|responseCache|unknown key/i.test(l));
  log(
    `  (c) in-process cache hits: not available in this build${reason ? ` (${reason.trim().slice(0, 160)})` : ''}`
  );
  writeBenchApp({ appDir, connection, port, sqliteMmapBytes: SQLITE_MMAP });
  const responseCache = { available: false, reason: reason?.trim() ?? null };
  return { started: false, responseCache: responseCache as Record<string, unknown> };
};

/** (d) /_health alone, the framework's floor, when neither (b) nor (c) measured it beside them. */
const healthScenario = async (sides: Sides, started: boolean, measured: LoadResult | undefined) => {
  if (measured) {
    if (started) await sides.server.stop();
    return measured;
  }
  if (!started) {
    const logFile = path.join(WORK, `server-${sides.db}-health.log`);
    sides.server = await startServer(sides.appDir, sides.port, logFile);
  }
  log('  (d) /_health…');
  const { health } = await interleave(
    [{ name: 'health', url: sides.server.url, next: same('/_health') }],
    { seconds: LOAD_SECONDS / 2, rounds: 1 }
  );
  sides.problems.push(...failures('health', health));
  await sides.server.stop();
  return health;
};

/**
 * Memory without the plugin: SQLite only (a copy of the file, as Strapi drops the plugin's
 * columns from a schema without it).
 */
const memoryWithoutPlugin = async (connection: Connection) => {
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
  const idle = rssMiB(bare.child.pid as number);
  const barePaths = ['/api/articles?pagination[pageSize]=10'];
  await load(bare.url, barePaths, { seconds: LOAD_SECONDS });
  const afterLoad = rssMiB(bare.child.pid as number);
  await bare.stop();
  return { idle, afterLoad, load: barePaths[0] };
};

/** The public API under load on one database: scenarios (a) to (d), and memory on SQLite. */
export const loadRun = async (db: DbName) => {
  log(
    `\n[load] ${db}, ${LOAD_SIZE.toLocaleString('en')} documents, ${LOAD_SECONDS} s per side and scenario, ${ROUNDS} alternating rounds`
  );
  const data = await prepareData(db);
  const cold = distinctTargets(data.cells, { pageSize: 10, maxPage: MAX_PAGE });
  // Warm-up asks pages of another size, so the measured URLs are still new to every cache.
  const warm = distinctTargets(data.cells, { pageSize: 7, maxPage: 5, seed: 7 });
  log(
    `  ${data.cells.length} cells, ${cold.length.toLocaleString('en')} distinct URLs for the cold scenario`
  );
  const { sides, buildSeconds } = await startSides(db, data, cold);
  const pid = () => sides.server.child.pid as number;
  const idle = db === 'sqlite' ? rssMiB(pid()) : null;
  await checkTotalsAgree(sides);
  await warmUp(sides, warm);
  const coldRun = await coldScenario(sides);
  const afterLoad = db === 'sqlite' ? rssMiB(pid()) : null;
  const headers = await probeHeaders(sides);
  const revalidation = await revalidationScenario(sides, headers.etag);
  await sides.server.stop();
  const { started, responseCache } = await responseCacheScenario(sides);
  const measured = (responseCache.health ?? revalidation.health) as LoadResult | undefined;
  const health = await healthScenario(sides, started, measured);
  await sides.floor.stop();
  await sides.floorCount.stop();
  const memory =
    db === 'sqlite' && !SKIP_MEMORY
      ? {
          withPlugin: { idle, afterLoad },
          withoutPlugin: await memoryWithoutPlugin(data.connection),
        }
      : null;
  await data.target.drop();

  const { journey, native, floor, floorCount } = coldRun.result;
  return {
    db,
    documents: LOAD_SIZE,
    seconds: LOAD_SECONDS,
    rounds: ROUNDS,
    connections: 10,
    headers,
    cold: {
      distinctUrls: cold.length,
      repeats: coldRun.repeats,
      journey,
      native,
      /** The floor taking its totals from the cells, as the route does: the real floor. */
      floor,
      /** The floor counting every total with COUNT over the UNION (the route's older way). */
      floorCount,
      journeyOverFloor: ratio(journey.rps, floor.rps),
      journeyOverFloorCount: ratio(journey.rps, floorCount.rps),
      journeyOverNative: ratio(journey.rps, native.rps),
      singleConnection: coldRun.single,
    },
    revalidation,
    responseCache,
    health,
    admin: { served: true, buildSeconds },
    memoryMiB: memory,
    problems: sides.problems,
  };
};

export type LoadRun = Awaited<ReturnType<typeof loadRun>>;
