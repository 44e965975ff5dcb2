/**
 * `npm run bench:proxy`: Varnish (Debian's `varnishd`) in front of one Strapi. A realistic mix,
 * 90% of requests on the 20 most common cells and 10% spread over every other page and cell:
 * hit ratio, origin requests/s, client req/s and p99, beside the same mix sent to Strapi
 * directly. Then documents are published through the admin API and the bench measures the
 * seconds until Varnish serves the fresh page (staleness): at once when the plugin purges
 * (httpcache's `http.purge`), else when the cached copy expires.
 *
 * The VCL is docs/varnish.vcl when the repository has one, else bench/varnish.vcl; its backend
 * is pointed at the Strapi under test.
 *
 *   PROXY_DB=sqlite|postgres      database (default sqlite)
 *   PROXY_DOCUMENTS=100000        documents generated first (smoke: 1,000)
 *   PROXY_SECONDS=30              seconds of load per side (smoke: 3)
 *   PROXY_PUBLISHES=3             documents published for the staleness figure
 *   PROXY_STALE_MAX=150           seconds to wait for fresh content before giving up
 *   PROXY_PLUGIN_CONFIG='{"http":{"purge":[...]}}'   the plugin config to try (default: BAN to
 *                                  Varnish with the keys in X-Purge-Keys, as docs/varnish.vcl reads them)
 *   VARNISHD=/usr/sbin/varnishd   BENCH_SMOKE=1: a short run of every step
 */
import { spawn, spawnSync, type ChildProcess } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createDatabase, reachable, PG, type DbName } from '../tests/helpers/databases';
import { grantPublic } from '../tests/helpers/content';
import { REPO, createSuperAdmin, loadStrapi, writeBenchApp } from './app';
import { cellsRecount } from './coverage';
import { generate, random } from './generate';
import { freePort, loadFrom, startServer, type LoadResult } from './load';
import { distinctTargets, journeyPath, publishedCells, type Target } from './targets';
import { ensureDebianBinary, runMain, workDir, writeResult } from './work';

const smoke = process.env.BENCH_SMOKE === '1';
const DB = (process.env.PROXY_DB ?? 'sqlite') as DbName;
const DOCUMENTS = smoke ? 1000 : Number(process.env.PROXY_DOCUMENTS ?? 100000);
const SECONDS = smoke ? 3 : Number(process.env.PROXY_SECONDS ?? 30);
const PUBLISHES = smoke ? 1 : Number(process.env.PROXY_PUBLISHES ?? 3);
const STALE_MAX = smoke ? 5 : Number(process.env.PROXY_STALE_MAX ?? 150);
const VARNISHD = process.env.VARNISHD ?? '/usr/sbin/varnishd';
const ADMIN = { email: 'proxy@journey.bench', password: 'Proxy-pass-1' };
const HOT_CELLS = 20;

const WORK = workDir('proxy');
const log = (line: string) => console.log(line);

/** The VCL with its backend pointed at the origin under test. */
const vclFor = (originPort: number) => {
  const docs = path.join(REPO, 'docs/varnish.vcl');
  const source = fs.existsSync(docs) ? docs : path.join(__dirname, 'varnish.vcl');
  const text = fs
    .readFileSync(source, 'utf8')
    .replace(/(backend\s+[\w-]+\s*\{[^}]*?\.host\s*=\s*)"[^"]*"/, '$1"127.0.0.1"')
    .replace(/(backend\s+[\w-]+\s*\{[^}]*?\.port\s*=\s*)"[^"]*"/, `$1"${originPort}"`);
  return { source: path.relative(REPO, source), text };
};

interface Varnish {
  url: string;
  child: ChildProcess;
  stats: () => Record<string, number>;
  stop: () => Promise<void>;
}

const startVarnish = async (vcl: string, port: number): Promise<Varnish> => {
  // Outside the repository: varnishd's workers run as its own user, which must reach the folder.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-varnish-'));
  fs.chmodSync(dir, 0o755);
  const file = path.join(dir, 'bench.vcl');
  fs.writeFileSync(file, vcl);
  const out = fs.openSync(path.join(WORK, 'varnish.log'), 'w');
  const child = spawn(
    VARNISHD,
    ['-F', '-n', path.join(dir, 'n'), '-a', `127.0.0.1:${port}`, '-f', file, '-s', 'malloc,512m'],
    { stdio: ['ignore', out, out] }
  );
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) {
      throw new Error(
        `varnishd exited: ${fs.readFileSync(path.join(WORK, 'varnish.log'), 'utf8')}`
      );
    }
    const up = await fetch(`${url}/_health`).then(
      () => true,
      () => false
    );
    if (up) break;
    if (i > 100) throw new Error('varnishd did not start listening in 20 s');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const stats = () => {
    const r = spawnSync('varnishstat', ['-n', path.join(dir, 'n'), '-j'], { encoding: 'utf8' });
    const counters = (JSON.parse(r.stdout) as { counters: Record<string, { value: number }> })
      .counters;
    return Object.fromEntries(Object.entries(counters).map(([k, v]) => [k, Number(v.value)]));
  };
  return {
    url,
    child,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          fs.rmSync(dir, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10000).unref();
      }),
  };
};

/** 90% of requests on page 1 of the 20 largest cells, 10% on any other page or cell. */
const mix = (hot: Target[], rest: Target[], seed = 90) => {
  const rand = random(seed);
  return () => {
    const list = rand() < 0.9 || !rest.length ? hot : rest;
    return { path: journeyPath(list[Math.floor(rand() * list.length)]) };
  };
};

const main = async () => {
  ensureDebianBinary(VARNISHD, ['varnish'], 'VARNISHD');
  if (DB === 'postgres' && !(await reachable(PG.host, PG.port))) {
    throw new Error(`PostgreSQL is not reachable at ${PG.host}:${PG.port}`);
  }
  const target = await createDatabase(DB, WORK);
  const appDir = path.join(WORK, 'app');
  try {
    writeBenchApp({ appDir, connection: target.connection });
    log(`[proxy] ${DB}, generating ${DOCUMENTS.toLocaleString('en')} documents…`);
    const strapi = await loadStrapi(appDir);
    await generate(strapi, { count: DOCUMENTS });
    const recount = cellsRecount(strapi);
    if (recount) await recount();
    await grantPublic(strapi, [
      'plugin::journey.content.find',
      'plugin::journey.stage.find',
      'api::article.article.find',
      'api::guide.guide.find',
    ]);
    await createSuperAdmin(strapi, { ...ADMIN, firstname: 'Proxy', lastname: 'Bench' });
    const cells = await publishedCells(strapi);
    // Drafts never published, in English: publishing one adds it to the top of its cell's page 1.
    const drafts = (
      (await strapi.db
        .connection('articles as d')
        .select('d.document_id')
        .where('d.locale', 'en')
        .whereNull('d.published_at')
        .whereNotExists(
          strapi.db
            .connection('articles as p')
            .select(strapi.db.connection.raw('1'))
            .whereRaw('p.document_id = d.document_id')
            .whereNotNull('p.published_at')
        )
        .limit(PUBLISHES)) as Array<{ document_id: string }>
    ).map((r) => r.document_id);
    const stageDocs = (await strapi.db.query('plugin::journey.stage').findMany({})) as Array<{
      key: string;
      documentId: string;
    }>;
    await strapi.destroy();

    const hotCells = cells.filter((c) => c.intent && c.type === 'article').slice(0, HOT_CELLS);
    const hot = hotCells.map((c) => ({ ...c, page: 1, pageSize: 10 }) as Target);
    const hotKeys = new Set(hot.map(journeyPath));
    const rest = distinctTargets(cells, { pageSize: 10, maxPage: 50 }).filter(
      (t) => !hotKeys.has(journeyPath(t))
    );
    log(`  ${hot.length} hot URLs, ${rest.length.toLocaleString('en')} others`);

    const originPort = await freePort();
    const varnishPort = await freePort();
    const varnishUrl = `http://127.0.0.1:${varnishPort}`;
    const purgeConfig = process.env.PROXY_PLUGIN_CONFIG
      ? (JSON.parse(process.env.PROXY_PLUGIN_CONFIG) as Record<string, unknown>)
      : { http: { purge: [{ url: `${varnishUrl}/`, method: 'BAN', header: 'X-Purge-Keys' }] } };
    writeBenchApp({
      appDir,
      connection: target.connection,
      port: originPort,
      pluginConfig: purgeConfig,
    });
    let purgeConfigured = true;
    let origin = await startServer(appDir, originPort, path.join(WORK, 'server.log')).catch(
      () => null
    );
    if (!origin) {
      // An older build refuses the unknown key at boot: without purging, the cache expires.
      purgeConfigured = false;
      const refused = fs
        .readFileSync(path.join(WORK, 'server.log'), 'utf8')
        .split('\n')
        .find((l) => /http|purge|unknown key/i.test(l));
      log(
        `  purge: not available in this build: the plugin refused ${JSON.stringify(purgeConfig)}${refused ? ` (${refused.trim().slice(0, 200)})` : ''}; set PROXY_PLUGIN_CONFIG if the key's shape differs`
      );
      writeBenchApp({ appDir, connection: target.connection, port: originPort });
      origin = await startServer(appDir, originPort, path.join(WORK, 'server.log'));
    }
    const vcl = vclFor(originPort);
    const varnish = await startVarnish(vcl.text, varnishPort);
    try {
      const probe = await fetch(origin.url + journeyPath(hot[0]));
      if (probe.status !== 200) throw new Error(`origin: ${probe.status} ${await probe.text()}`);
      const headers = {
        cacheControl: probe.headers.get('cache-control'),
        etag: probe.headers.get('etag'),
        surrogateKey: probe.headers.get('surrogate-key') ?? probe.headers.get('cache-tag'),
        vary: probe.headers.get('vary'),
        setCookie: probe.headers.has('set-cookie'),
      };
      log(
        `  origin headers: Cache-Control ${headers.cacheControl ?? '(none)'}, ETag ${headers.etag ? 'yes' : 'no'}, Surrogate-Key ${headers.surrogateKey ? 'yes' : 'no'}; VCL ${vcl.source}`
      );

      log(
        `[proxy] ${SECONDS} s of the mix straight to Strapi, then ${SECONDS} s through Varnish (10 connections)`
      );
      const direct = await loadFrom(origin.url, mix(hot, rest, 1), { seconds: SECONDS });
      const before = varnish.stats();
      const proxied = await loadFrom(varnish.url, mix(hot, rest, 2), { seconds: SECONDS });
      // Varnish's workers add their counts to the shared counters in batches: wait until every
      // request autocannon sent is counted (or 5 s), or the figures miss the last of them.
      let after = varnish.stats();
      for (let i = 0; i < 50; i += 1) {
        const counted = (after['MAIN.client_req'] ?? 0) - (before['MAIN.client_req'] ?? 0);
        if (counted >= proxied.requests) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = varnish.stats();
      }
      const delta = (k: string) => (after[k] ?? 0) - (before[k] ?? 0);
      const hits = delta('MAIN.cache_hit');
      const misses = delta('MAIN.cache_miss');
      // Objects the origin marked uncacheable (Set-Cookie, no-store…) are fetched every time
      // without counting as misses: they count against the hit ratio here.
      const hitForMiss = delta('MAIN.cache_hitmiss') + delta('MAIN.cache_hitpass');
      const passes = delta('MAIN.s_pass');
      const lookups = hits + misses + hitForMiss + passes;
      const originRequests = delta('MAIN.backend_req');
      const through = {
        client: proxied,
        hits,
        misses,
        hitForMiss,
        passes,
        graceHits: delta('MAIN.cache_hit_grace'),
        hitRatio: lookups ? Math.round((hits / lookups) * 1000) / 1000 : null,
        originRequests,
        originRps: Math.round((originRequests / SECONDS) * 10) / 10,
        clientRequestsCounted: delta('MAIN.client_req'),
      };

      // Staleness: publish a draft into the hottest cell, poll Varnish until the page has it.
      const login = await fetch(`${origin.url}/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(ADMIN),
      });
      const token = ((await login.json()) as { data: { token: string } }).data.token;
      const cell = hot[0];
      const stage = stageDocs.find((s) => s.key === cell.stage);
      const staleness: Array<{ documentId: string; seconds: number | null; polls: number }> = [];
      for (const documentId of drafts) {
        const page = varnish.url + journeyPath(cell);
        await fetch(page); // cached before the change, as on a live site
        const auth = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
        const base = `${origin.url}/content-manager/collection-types/api::article.article/${documentId}`;
        const update = await fetch(`${base}?locale=en`, {
          method: 'PUT',
          headers: auth,
          body: JSON.stringify({
            journeyStages: { set: [{ documentId: stage?.documentId }] },
            searchIntent: cell.intent,
          }),
        });
        if (!update.ok) throw new Error(`update ${update.status}: ${await update.text()}`);
        const publish = await fetch(`${base}/actions/publish?locale=en`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({}),
        });
        if (!publish.ok) throw new Error(`publish ${publish.status}: ${await publish.text()}`);
        const published = Date.now();
        const fresh = await fetch(origin.url + journeyPath(cell)).then((r) => r.text());
        if (!fresh.includes(documentId)) {
          throw new Error(`the origin does not serve ${documentId} on ${journeyPath(cell)}`);
        }
        let seconds: number | null = null;
        let polls = 0;
        while (Date.now() - published < STALE_MAX * 1000) {
          polls += 1;
          if ((await fetch(page).then((r) => r.text())).includes(documentId)) {
            seconds = Math.round((Date.now() - published) / 100) / 10;
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        staleness.push({ documentId, seconds, polls });
        log(
          `  published ${documentId}: fresh through Varnish after ${seconds === null ? `more than ${STALE_MAX}` : seconds} s`
        );
        // Without purging, one expiry is the answer: the next would wait as long again.
        if (seconds === null || !purgeConfigured) break;
      }
      const stats = varnish.stats();

      const result = {
        date: new Date().toISOString(),
        mode: smoke ? 'smoke' : 'full',
        database: DB,
        documents: DOCUMENTS,
        seconds: SECONDS,
        connections: 10,
        machine: { cpus: os.cpus().length, node: process.version, loadAverage: os.loadavg() },
        vcl: vcl.source,
        varnish: spawnSync(VARNISHD, ['-V'], { encoding: 'utf8' }).stderr.split('\n')[0],
        mix: { hotUrls: hot.length, otherUrls: rest.length, hotShare: 0.9 },
        originHeaders: headers,
        purgeConfigured,
        purgeConfig: purgeConfigured ? purgeConfig : null,
        direct,
        throughVarnish: through,
        staleness,
        purges: { bans: stats['MAIN.bans'] ?? null, purges: stats['MAIN.n_purges'] ?? null },
      };
      const line = (label: string, r: LoadResult) =>
        log(
          `${label.padEnd(24)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.non2xx + r.errors).padStart(7)}`
        );
      log(
        `\n=== ${DB}, ${DOCUMENTS.toLocaleString('en')} documents, 90% on ${hot.length} hot cells ===`
      );
      log('                           req/s   p50 ms   p99 ms  failed');
      line('straight to Strapi', direct);
      line('through Varnish', proxied);
      log(
        `hit ratio ${through.hitRatio} (${hits} hits, ${misses} misses, ${hitForMiss} hit-for-miss/pass, ${passes} passes); origin ${through.originRps} req/s (${originRequests} requests in ${SECONDS} s)`
      );
      log(
        `staleness after a publish: ${staleness.map((s) => (s.seconds === null ? `>${STALE_MAX}` : s.seconds)).join(', ')} s (purge ${purgeConfigured ? 'configured' : 'not available'})`
      );
      log(`written: ${writeResult(`proxy-${DB}${smoke ? '-smoke' : ''}`, result)}`);
      if (direct.non2xx || direct.errors || proxied.non2xx || proxied.errors) {
        throw new Error('some requests failed');
      }
    } finally {
      await varnish.stop();
      await origin.stop();
    }
  } finally {
    await target.drop();
  }
};

runMain(main, WORK);
