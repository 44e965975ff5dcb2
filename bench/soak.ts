/**
 * `npm run bench:soak`: a bounded soak on loopback. Mixed public reads under load while an admin
 * client retags and republishes entries through the content manager's API. Passes when there is
 * no 5xx, no error in the server log, the coverage the server reports equals a recount in SQL,
 * and resident memory is flat after warm-up.
 *
 *   SOAK_SECONDS=180      length of the soak (default 180)
 *   SOAK_DOCUMENTS=20000  documents generated first (default 20,000)
 */
import fs from 'fs';
import path from 'path';
import autocannon from 'autocannon';
import { grantPublic } from '../tests/helpers/content';
import { createSuperAdmin, loadStrapi, writeBenchApp } from './app';
import { cellsRecount, floorCoverage, sameNumbers } from './coverage';
import { generate } from './generate';
import { freePort, rssMiB, startServer } from './load';
import { runMain, workDir, writeResult } from './work';

const SECONDS = Number(process.env.SOAK_SECONDS ?? 180);
const DOCUMENTS = Number(process.env.SOAK_DOCUMENTS ?? 20000);
const ADMIN = { email: 'soak@journey.bench', password: 'Soak-pass-1' };
const STAGES = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'];
const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'];

const WORK = workDir('soak');
const log = (line: string) => console.log(line);

/** Least-squares slope of (t, y), in y units per minute. */
const slopePerMinute = (samples: Array<{ t: number; rss: number }>) => {
  const n = samples.length;
  if (n < 2) return 0;
  const mt = samples.reduce((s, p) => s + p.t, 0) / n;
  const my = samples.reduce((s, p) => s + p.rss, 0) / n;
  const num = samples.reduce((s, p) => s + (p.t - mt) * (p.rss - my), 0);
  const den = samples.reduce((s, p) => s + (p.t - mt) ** 2, 0);
  return den ? (num / den) * 60 : 0;
};

const main = async () => {
  const appDir = path.join(WORK, 'app');
  const dbFile = path.join(WORK, 'soak.db');
  const connection = { client: 'sqlite', connection: { filename: dbFile }, useNullAsDefault: true };
  writeBenchApp({ appDir, connection });
  let strapi = await loadStrapi(appDir);
  log(`[soak] generating ${DOCUMENTS.toLocaleString('en')} documents…`);
  await generate(strapi, { count: DOCUMENTS });
  // Rows written beneath the document service: counts kept per cell are rebuilt first.
  await cellsRecount(strapi)?.();
  await grantPublic(strapi, [
    'plugin::journey.content.find',
    'plugin::journey.next.find',
    'plugin::journey.stage.find',
    'api::article.article.find',
    'api::guide.guide.find',
  ]);
  await createSuperAdmin(strapi, { ...ADMIN, firstname: 'Soak', lastname: 'Admin' });
  const articleIds = (
    (await strapi.db
      .connection('articles')
      .distinct('document_id')
      .where('locale', 'en')
      .whereNotNull('published_at')
      .limit(2000)) as Array<{ document_id: string }>
  ).map((r) => r.document_id);
  const stageDocs = (await strapi.db.query('plugin::journey.stage').findMany({})) as Array<{
    key: string;
    documentId: string;
  }>;
  await strapi.destroy();

  const port = await freePort();
  writeBenchApp({ appDir, connection, port });
  const logFile = path.join(WORK, 'server.log');
  const server = await startServer(appDir, port, logFile);
  const pid = server.child.pid as number;
  const login = await fetch(`${server.url}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const token = ((await login.json()) as { data: { token: string } }).data.token;

  const paths: string[] = [];
  for (const stage of STAGES) {
    for (const intent of INTENTS) {
      paths.push(`/api/journey/content?stage=${stage}&intent=${intent}&pageSize=10`);
      paths.push(
        `/api/journey/content?stage=${stage}&intent=${intent}&locale=sv&page=2&pageSize=5`
      );
    }
    paths.push(`/api/journey/next?stage=${stage}&limit=3`);
  }
  paths.push('/api/journey/stages?journey=customer&locale=nb');

  // The admin client: every ~100 ms, retag one article's draft and publish it.
  const admin = { ok: 0, failed: 0, server: 0 };
  let running = true;
  const retag = async () => {
    let i = 0;
    while (running) {
      const documentId = articleIds[i % articleIds.length];
      const stage = stageDocs[i % stageDocs.length];
      i += 1;
      const headers = { Authorization: `Bearer ${token}`, 'content-type': 'application/json' };
      const base = `${server.url}/content-manager/collection-types/api::article.article/${documentId}`;
      const update = await fetch(`${base}?locale=en`, {
        method: 'PUT',
        headers,
        body: JSON.stringify({
          journeyStages: { set: [{ documentId: stage.documentId }] },
          searchIntent: INTENTS[i % INTENTS.length],
        }),
      });
      const publish = await fetch(`${base}/actions/publish?locale=en`, {
        method: 'POST',
        headers,
        body: JSON.stringify({}),
      });
      for (const res of [update, publish]) {
        if (res.ok) admin.ok += 1;
        else {
          admin.failed += 1;
          if (res.status >= 500) admin.server += 1;
          if (admin.failed <= 3) log(`  admin ${res.status}: ${(await res.text()).slice(0, 200)}`);
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };

  const samples: Array<{ t: number; rss: number }> = [];
  const started = Date.now();
  const sampler = setInterval(
    () => samples.push({ t: (Date.now() - started) / 1000, rss: rssMiB(pid) }),
    5000
  );
  log(`[soak] ${SECONDS} s of mixed reads (10 connections) while an admin client retags…`);
  const retagging = retag();
  const result = await autocannon({
    url: server.url,
    connections: 10,
    duration: SECONDS,
    requests: paths.map((p) => ({ method: 'GET', path: p })),
  });
  running = false;
  await retagging;
  clearInterval(sampler);

  const coverage = (await (
    await fetch(`${server.url}/journey/coverage?journey=customer`, {
      headers: { Authorization: `Bearer ${token}` },
    })
  ).json()) as Parameters<typeof sameNumbers>[0];
  await server.stop();

  strapi = await loadStrapi(appDir);
  const recount = await floorCoverage(strapi);
  await strapi.destroy();
  const equal = sameNumbers(coverage, recount);

  const codes =
    (result as unknown as { statusCodeStats?: Record<string, { count: number }> })
      .statusCodeStats ?? {};
  const fiveHundreds = Object.entries(codes)
    .filter(([code]) => Number(code) >= 500)
    .reduce((sum, [, v]) => sum + v.count, 0);
  const errorLines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /\berror\b/i.test(line));
  const warm = samples.filter((s) => s.t >= Math.min(60, SECONDS / 3));
  const slope = slopePerMinute(warm);
  // RSS saws up and down with garbage collection (±100 MiB here), so a slope over a few minutes
  // says little; a leak shows as the typical level rising: compare the medians of the first and
  // the last third after warm-up.
  const third = Math.max(1, Math.floor(warm.length / 3));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  const early = median(warm.slice(0, third).map((s) => s.rss));
  const late = median(warm.slice(-third).map((s) => s.rss));
  const growth = early ? late / early - 1 : 0;

  const summary = {
    date: new Date().toISOString(),
    seconds: SECONDS,
    documents: DOCUMENTS,
    reads: {
      requests: result.requests.total,
      rps: Math.round(result.requests.average),
      p50: result.latency.p50,
      p99: result.latency.p99,
      statusCodes: Object.fromEntries(Object.entries(codes).map(([k, v]) => [k, v.count])),
      errors: result.errors,
    },
    admin,
    fiveHundreds: fiveHundreds + admin.server,
    logErrorLines: errorLines.length,
    coverageEqualsRecount: equal,
    memory: {
      samplesMiB: samples.map((s) => s.rss),
      slopeAfterWarmupMiBPerMin: Math.round(slope * 100) / 100,
      medianFirstThirdMiB: early,
      medianLastThirdMiB: late,
      growthPercent: Math.round(growth * 1000) / 10,
    },
  };
  log(JSON.stringify(summary, null, 2));
  writeResult('soak', summary);

  const problems = [
    summary.fiveHundreds ? `${summary.fiveHundreds} responses were 5xx` : '',
    result.errors ? `${result.errors} connection errors` : '',
    errorLines.length ? `${errorLines.length} error lines in the log, first: ${errorLines[0]}` : '',
    equal ? '' : 'the coverage the server reported differs from the recount',
    admin.ok === 0 ? 'the admin client changed nothing' : '',
    // Flat: the typical level grows less than 10% (a leak of a few kB per request, ~14,000 requests
    // here, would be far more).
    SECONDS >= 60 && growth > 0.1
      ? `memory grew ${(growth * 100).toFixed(1)}% after warm-up (${early} → ${late} MiB)`
      : '',
  ].filter(Boolean);
  if (problems.length) throw new Error(problems.join('; '));
  log('[soak] passed');
};

runMain(main, WORK);
