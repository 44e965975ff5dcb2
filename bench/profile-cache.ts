/**
 * `npx tsx bench/profile-cache.ts`: where a revalidation (304), an in-process cache hit and a cold
 * request (a URL no earlier request asked: every page or cell new) of `/api/journey/content`
 * spend their time, beside `/_health` in the same run. Boots the bench app
 * on SQLite with PROFILE_DOCUMENTS documents (default 10,000; cells recounted after the bulk
 * load), then runs autocannon (10 connections) against `/_health`, the 304 path and the hit
 * path in alternating rounds, and prints req/s, p50/p99, the `X-Journey-Cache` answers and the
 * SQL statements per request of each scenario (knex 'query' events in the server).
 *
 *   PROFILE_DOCUMENTS=10000   documents
 *   PROFILE_SECONDS=10        seconds per scenario, split into PROFILE_ROUNDS (default 2)
 *   PROFILE_CPU=1             the server runs with --cpu-prof; the .cpuprofile path is printed
 *   PROFILE_ONLY=304,in-process   only the scenarios whose names start so (e.g. for --cpu-prof;
 *                             `cold` for the cold request alone); with PROFILE_CPU=1 the profile's
 *                             top costs are printed (bench/cpu-summary.ts)
 *   PROFILE_KEEP=<dir>        keep (or reuse) the generated app and database in <dir>
 *
 * The plugin is loaded from dist/: run `npm run build` first.
 */
import fs from 'fs';
import os from 'os';
import path from 'path';
import autocannon from 'autocannon';
import { grantPublic } from '../tests/helpers/content';
import { loadStrapi, writeBenchApp } from './app';
import { cellsRecount } from './coverage';
import { generate } from './generate';
import { forkReady, freePort, journeyCacheHeader, SERVE_ENV } from './load';
import { distinctTargets, journeyPath, publishedCells } from './targets';
import { summarize } from './cpu-summary';
import { workDir } from './work';

const DOCUMENTS = Number(process.env.PROFILE_DOCUMENTS ?? 10000);
const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 2);
const URLS = 500;
const ONLY = process.env.PROFILE_ONLY?.split(',');
const log = (line: string) => console.log(line);

const startServer = async (appDir: string, port: number, logFile: string) => {
  const child = await forkReady('profile-serve.js', [appDir], {
    env: SERVE_ENV,
    logFile,
    what: 'server',
  });
  const ask = <T>(message: string | { cpuStop: string }) =>
    new Promise<T>((resolve) => {
      child.once('message', (m) => resolve(m as T));
      child.send(message);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    counts: async () =>
      ask<{ counts: Array<[string, number]>; times: Array<[string, number]> }>('counts'),
    reset: () => child.send('reset'),
    cpuStart: () => ask('cpu-start'),
    cpuStop: (file: string) => ask({ cpuStop: file }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('exit');
      }),
  };
};

interface Scenario {
  name: string;
  next: () => { path: string; headers?: Record<string, string> };
}

const main = async () => {
  const keep = process.env.PROFILE_KEEP;
  const work = keep ? path.resolve(keep) : workDir('profile');
  fs.mkdirSync(work, { recursive: true });
  const appDir = path.join(work, 'app');
  const dbFile = path.join(work, 'bench.db');
  const connection = {
    client: 'sqlite',
    connection: { filename: dbFile },
    useNullAsDefault: true,
  };
  const targetsFile = path.join(work, 'targets.json');
  if (!fs.existsSync(targetsFile)) {
    writeBenchApp({ appDir, connection });
    const strapi = await loadStrapi(appDir);
    log(`generating ${DOCUMENTS.toLocaleString('en')} documents…`);
    await generate(strapi, { count: DOCUMENTS });
    const recount = cellsRecount(strapi);
    if (recount) log(`cells recounted (drift ${(await recount()).drift})`);
    await grantPublic(strapi, [
      'plugin::journey.content.find',
      'plugin::journey.journey.find',
      'api::article.article.find',
      'api::guide.guide.find',
    ]);
    const cells = await publishedCells(strapi);
    await strapi.destroy();
    fs.writeFileSync(targetsFile, JSON.stringify(distinctTargets(cells)));
  }
  const allTargets = JSON.parse(fs.readFileSync(targetsFile, 'utf8'));
  const urls: string[] = allTargets.slice(0, URLS).map(journeyPath);
  // Never warmed, each asked once while they last: the response cache has nothing for them.
  const coldUrls: string[] = allTargets.slice(URLS).map(journeyPath);

  const port = await freePort();
  writeBenchApp({
    appDir,
    connection,
    port,
    pluginConfig: { http: { responseCache: { enabled: true } } },
  });
  const cpuDir = process.env.PROFILE_CPU === '1' ? path.join(work, 'cpu') : undefined;
  const server = await startServer(appDir, port, path.join(work, 'server.log'));
  if (cpuDir) fs.mkdirSync(cpuDir, { recursive: true });

  // Warm: every URL answered once (fills the response cache), its ETag kept for the 304s; not
  // when only the cold request runs, whose profile would count the warming too.
  const etags: string[] = [];
  const warm = !ONLY || ONLY.some((o) => !'cold'.startsWith(o));
  for (const u of warm ? urls : []) {
    const res = await fetch(server.url + u);
    if (res.status !== 200) throw new Error(`${u}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    etags.push(res.headers.get('etag') ?? '');
  }
  let i = 0;
  let j = 0;
  let k = 0;
  const scenarios: Scenario[] = [
    { name: '/_health', next: () => ({ path: '/_health' }) },
    {
      name: '304 (If-None-Match)',
      next: () => {
        const k = i++ % urls.length;
        return { path: urls[k], headers: { 'if-none-match': etags[k] } };
      },
    },
    { name: 'in-process hit', next: () => ({ path: urls[j++ % urls.length] }) },
    { name: 'cold', next: () => ({ path: coldUrls[k++ % coldUrls.length] }) },
    // Strapi's own auth and router on a plugin route without this cache: what is left to save.
    { name: 'journeys (no stamp)', next: () => ({ path: '/api/journey/journeys' }) },
  ].filter((s) => !ONLY || ONLY.some((o) => s.name.startsWith(o)));

  const results = new Map<
    string,
    { rps: number[]; p50: number; p99: number; requests: number; codes: Map<string, number> }
  >();
  const sql = new Map<string, Map<string, number>>();
  const sqlMs = new Map<string, Map<string, number>>();
  const profiles: Array<{ scenario: string; file: string; requests: number }> = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const s of scenarios) {
      server.reset();
      if (cpuDir) await server.cpuStart();
      const codes = results.get(s.name)?.codes ?? new Map<string, number>();
      const r = await autocannon({
        url: server.url,
        connections: 10,
        duration: SECONDS / ROUNDS,
        requests: [
          {
            method: 'GET',
            setupRequest: (request) => {
              const n = s.next();
              return { ...request, path: n.path, headers: { ...request.headers, ...n.headers } };
            },
            onResponse: (status, _body, _context, headers) => {
              const cache = journeyCacheHeader(headers as Record<string, unknown> | undefined);
              const key = `${status} ${cache}`;
              codes.set(key, (codes.get(key) ?? 0) + 1);
            },
          },
        ],
      } as autocannon.Options);
      if (cpuDir) {
        const file = path.join(
          cpuDir,
          `${s.name.replace(/[^a-z0-9]+/gi, '-')}-round${round + 1}.cpuprofile`
        );
        await server.cpuStop(file);
        profiles.push({ scenario: s.name, file, requests: r.requests.total });
      }
      const prev = results.get(s.name);
      results.set(s.name, {
        rps: [...(prev?.rps ?? []), Math.round(r.requests.average)],
        p50: Math.max(prev?.p50 ?? 0, r.latency.p50),
        p99: Math.max(prev?.p99 ?? 0, r.latency.p99),
        requests: (prev?.requests ?? 0) + r.requests.total,
        codes,
      });
      const counts = sql.get(s.name) ?? new Map<string, number>();
      const ms = sqlMs.get(s.name) ?? new Map<string, number>();
      const seen = await server.counts();
      for (const [q, n] of seen.counts) counts.set(q, (counts.get(q) ?? 0) + n);
      for (const [q, t] of seen.times) ms.set(q, (ms.get(q) ?? 0) + t);
      sql.set(s.name, counts);
      sqlMs.set(s.name, ms);
    }
  }
  await server.stop();

  log(
    `\n${DOCUMENTS.toLocaleString('en')} documents, SQLite, 10 connections, ${ROUNDS} alternating rounds, ${SECONDS} s per scenario; load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`
  );
  log('scenario                 req/s (rounds)      p50 ms  p99 ms  SQL/request  answers');
  for (const s of scenarios) {
    const r = results.get(s.name);
    if (!r) continue;
    const statements = [...(sql.get(s.name)?.values() ?? [])].reduce((a, b) => a + b, 0);
    log(
      `${s.name.padEnd(24)} ${String(Math.round(r.rps.reduce((a, b) => a + b, 0) / r.rps.length)).padStart(5)} (${r.rps.join(', ')})`.padEnd(
        44
      ) +
        `${String(r.p50).padStart(6)} ${String(r.p99).padStart(7)} ${(statements / r.requests).toFixed(2).padStart(12)}  ${[...r.codes].map(([k, v]) => `${k}: ${v}`).join(', ')}`
    );
  }
  for (const s of scenarios) {
    const counts = sql.get(s.name);
    const r = results.get(s.name);
    if (!counts?.size || !r) continue;
    log(`\nSQL per request, ${s.name} (statements, then ms of SQL per request):`);
    const ms = sqlMs.get(s.name);
    for (const [q, n] of [...counts].sort((a, b) => b[1] - a[1])) {
      const t = ms?.get(q) ?? 0;
      log(
        `  ${(n / r.requests).toFixed(2).padStart(6)} ${(t / r.requests).toFixed(3).padStart(8)}  ${q}`
      );
    }
  }
  for (const p of profiles) {
    log(`\nCPU profile of ${p.scenario} (${p.requests} requests): ${p.file}`);
    for (const line of summarize(p.file, p.requests)) log(line);
  }
  if (!keep) fs.rmSync(work, { recursive: true, force: true });
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
