/**
 * `npm run bench:events`: the analytics collector (POST /api/journey/events) under load, with
 * `/_health` requests interleaved in the same run (what the collector costs everything else).
 * A production-mode Strapi child on generated documents; a small in-process load generator
 * (keep-alive agent, `BENCH_CONNECTIONS` connections) plays tab sessions: batches of
 * `EVENTS_BATCH` events with the `Journey-State` chained. Prints events/s, p50/p95/p99 and RSS
 * before and after. On PostgreSQL two instances share the database and the load, flush at the
 * same moment at the end, and the sums are checked against the events sent, exactly.
 *
 *   BENCH_DB=sqlite|postgres   the database (default sqlite)
 *   EVENTS_DOCUMENTS=5000      documents generated first
 *   EVENTS_BATCH=10            events per request
 *   BENCH_LOAD_SECONDS=20      seconds of load
 *   BENCH_CONNECTIONS=10       concurrent connections
 *   BENCH_INSTANCES=1|2        Strapi instances sharing the database and the load (default:
 *                              2 on PostgreSQL, 1 on SQLite)
 *   EVENTS_RATE=5000           offer this many events/s in all, paced (open loop): each
 *                              connection sends on a fixed schedule and a request's latency is
 *                              counted from the moment it was due, so a server that falls behind
 *                              shows it (no coordinated omission). Unset: every connection sends
 *                              as soon as its previous answer came (closed loop, the ceiling).
 *   EVENTS_PROFILE=dir         write each server's V8 CPU profile (.cpuprofile) into dir
 *   EVENTS_TRACE=file          write one line per timed request: ms since the start it was
 *                              due (or sent), its latency in ms, its connection (where the
 *                              slow ones cluster in time)
 */
import fs from 'fs';
import http from 'http';
import os from 'os';
import path from 'path';
import type { ChildProcess } from 'child_process';
import { createDatabase, type DbName } from '../tests/helpers/databases';
import { ARTICLE, GUIDE, loadStrapi, writeBenchApp } from './app';
import { generate, random } from './generate';
import { freePort, rssMiB, startServer, type Server } from './load';
import { runMain, workDir, writeResult } from './work';

const DB = (process.env.BENCH_DB ?? 'sqlite') as DbName;
const DOCUMENTS = Number(process.env.EVENTS_DOCUMENTS ?? 5000);
const BATCH = Number(process.env.EVENTS_BATCH ?? 10);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const PROFILE = process.env.EVENTS_PROFILE;
const trace: string[] = [];
const RATE = process.env.EVENTS_RATE ? Number(process.env.EVENTS_RATE) : null;
/** One `/_health` request after every this many event batches, per connection. */
const HEALTH_EVERY = 5;
const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const WORK = workDir('events');
const log = (line: string) => console.log(line);

// Every instance answers flush requests over IPC, so the bench can flush both at one moment.
const FLUSH_ON_MESSAGE = `module.exports = {
  register() {},
  bootstrap({ strapi }) {
    process.on('message', async (message) => {
      if (!message || message.type !== 'flush') return;
      await strapi.plugin('journey').service('analytics-ingest').flush();
      process.send({ type: 'flushed', id: message.id });
    });
  },
};
`;

const flush = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    const id = Math.random();
    const onMessage = (m: { type?: string; id?: number }) => {
      if (m?.type !== 'flushed' || m.id !== id) return;
      child.off('message', onMessage);
      resolve();
    };
    child.on('message', onMessage);
    child.send({ type: 'flush', id });
  });

interface Doc {
  uid: string;
  documentId: string;
  locale: string;
}

/** CPU seconds a process has used (user + system), from the kernel's accounting. */
const cpuSeconds = (pid: number) => {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime: fields 14 and 15 of stat, in clock ticks (USER_HZ, 100 on Linux).
  return (Number(fields[11]) + Number(fields[12])) / 100;
};

const percentile = (sorted: number[], p: number) =>
  sorted.length
    ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] * 100) /
      100
    : 0;

const summary = (latencies: number[]) => {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99) };
};

const post = (agent: http.Agent, base: URL, body: string) =>
  new Promise<{ status: number; state?: string }>((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        path: '/api/journey/events',
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(body),
          'User-Agent': UA,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, state: res.headers['journey-state'] as string })
        );
      }
    );
    req.on('error', reject);
    req.end(body);
  });

const get = (agent: http.Agent, base: URL, p: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.request(
      { agent, host: base.hostname, port: base.port, path: p, method: 'GET' },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      }
    );
    req.on('error', reject);
    req.end();
  });

/** What was sent: the exact check reads the same counters back. */
interface Sent {
  views: number;
  helpful: number;
  clicks: number;
  batches: number;
  failed: number;
  eventLatencies: number[];
  healthLatencies: number[];
  healthFailed: number;
}

/**
 * `connections` workers, each with its own socket to its instance, playing sessions of 1–12
 * batches; clicks only after a view, so that each is counted (none is a drop).
 */
const drive = async (targets: string[], docs: Doc[], seconds: number, sent: Sent) => {
  const until = Date.now() + seconds * 1000;
  // Paced: a connection's k-th batch is due at start + (k + offset) × interval.
  const interval = RATE ? (CONNECTIONS * BATCH * 1000) / RATE : 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, worker) => {
      const base = new URL(targets[worker % targets.length]);
      const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
      const rand = random(worker + 1);
      let due = start + (worker / CONNECTIONS) * interval;
      const whenDue = async () => {
        if (!interval) return performance.now();
        const at = due;
        due += interval;
        const wait = at - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        return at;
      };
      const pick = () => docs[Math.floor(rand() * docs.length)];
      let n = 0;
      while (Date.now() < until) {
        const session = `bench-${worker}-${n}-${Math.floor(rand() * 1e9)}`;
        let state: string | undefined;
        const batches = 1 + Math.floor(rand() * 12);
        for (let b = 0; b < batches && Date.now() < until; b += 1) {
          const events: Array<Record<string, unknown>> = [];
          let views = 0;
          let helpful = 0;
          let clicks = 0;
          for (let i = 0; i < BATCH; i += 1) {
            const doc = pick();
            const r = rand();
            const ref = { documentId: doc.documentId, contentType: doc.uid, locale: doc.locale };
            if (r < 0.8 || (i === 0 && b === 0)) {
              events.push({ type: 'view', ...ref });
              views += 1;
            } else if (r < 0.9) {
              events.push({ type: 'helpful', helpful: rand() < 0.7, ...ref });
              helpful += 1;
            } else {
              events.push({ type: 'click', ...ref });
              clicks += 1;
            }
          }
          const body = JSON.stringify({ session, ...(state ? { state } : {}), events });
          const started = await whenDue();
          const res = await post(agent, base, body);
          sent.eventLatencies.push(performance.now() - started);
          if (process.env.EVENTS_TRACE)
            trace.push(
              `${Math.round(started - start)} ${Math.round(performance.now() - started)} ${worker}`
            );
          sent.batches += 1;
          if (res.status !== 204) {
            sent.failed += 1;
            continue;
          }
          state = res.state;
          sent.views += views;
          sent.helpful += helpful;
          sent.clicks += clicks;
          n += 1;
          if (n % HEALTH_EVERY === 0) {
            const t = performance.now();
            const status = await get(agent, base, '/_health');
            sent.healthLatencies.push(performance.now() - t);
            if (status !== 204 && status !== 200) sent.healthFailed += 1;
          }
        }
      }
      agent.destroy();
    })
  );
};

const sums = async (strapi: Awaited<ReturnType<typeof loadStrapi>>) => {
  const s = strapi.plugin('journey').service('analytics-store');
  const sum = async (table: string, column: string) =>
    Number(
      (
        (await strapi.db
          .connection(s.tableName(table))
          .sum({ n: s.column(table, column) })
          .first()) as { n: unknown }
      ).n ?? 0
    );
  return {
    documentViews: await sum('documents', 'views'),
    helpful: (await sum('documents', 'helpfulYes')) + (await sum('documents', 'helpfulNo')),
    nextClicks: await sum('documents', 'nextClicks'),
    entries: await sum('stages', 'entries'),
    exits: await sum('stages', 'exits'),
    dropped: await sum('drops', 'dropped'),
  };
};

const main = async () => {
  const target = await createDatabase(DB, WORK);
  const instances = Number(process.env.BENCH_INSTANCES ?? (DB === 'postgres' ? 2 : 1));
  try {
    const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
    const dirs = ports.map((port, i) => {
      const appDir = path.join(WORK, `app-${i}`);
      writeBenchApp({
        appDir,
        connection: target.connection,
        port,
        // All load comes from one address: the per-address limit is lifted for the bench.
        pluginConfig: { analytics: { rateLimit: { requests: 1_000_000, windowSeconds: 60 } } },
      });
      fs.writeFileSync(path.join(appDir, 'src/index.js'), FLUSH_ON_MESSAGE);
      return appDir;
    });

    log(`[events] ${DB}: generating ${DOCUMENTS.toLocaleString('en')} documents…`);
    let strapi = await loadStrapi(dirs[0]);
    await generate(strapi, { count: DOCUMENTS });
    const role = (await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } })) as { id: number };
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action: 'plugin::journey.events.collect', role: role.id } });
    const docs: Doc[] = [];
    for (const uid of [ARTICLE, GUIDE]) {
      const rows = (await strapi.db.query(uid as never).findMany({
        select: ['documentId', 'locale'],
        where: { publishedAt: { $notNull: true } },
        limit: 1000,
      })) as Array<{ documentId: string; locale: string }>;
      docs.push(...rows.map((r) => ({ uid, documentId: r.documentId, locale: r.locale })));
    }
    await strapi.destroy();
    log(`[events] ${docs.length} published documents to send events about`);

    const servers: Server[] = [];
    for (const [i, appDir] of dirs.entries()) {
      const log = path.join(WORK, `server-${i}.log`);
      const argv = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(PROFILE)}`] : undefined;
      servers.push(await startServer(appDir, ports[i], log, argv));
    }
    try {
      const urls = servers.map((s) => s.url);
      const rss = () => servers.map((s) => rssMiB(s.child.pid as number));
      // Warm-up, then everything buffered so far is written and the figures start from zero.
      const warm: Sent = {
        views: 0,
        helpful: 0,
        clicks: 0,
        batches: 0,
        failed: 0,
        eventLatencies: [],
        healthLatencies: [],
        healthFailed: 0,
      };
      await drive(urls, docs, 3, warm);
      await Promise.all(servers.map((s) => flush(s.child)));
      const rssBefore = rss();
      const cpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid as number), 0);
      const cpuBefore = cpu();
      const sent: Sent = {
        views: warm.views,
        helpful: warm.helpful,
        clicks: warm.clicks,
        batches: 0,
        failed: 0,
        eventLatencies: [],
        healthLatencies: [],
        healthFailed: 0,
      };
      log(
        `[events] ${SECONDS} s, ${CONNECTIONS} connections, ${BATCH} events per request, ${instances} instance(s), ${RATE ? `paced at ${RATE} events/s offered` : 'closed loop'}`
      );
      const started = Date.now();
      trace.length = 0;
      await drive(urls, docs, SECONDS, sent);
      if (process.env.EVENTS_TRACE) fs.writeFileSync(process.env.EVENTS_TRACE, trace.join('\n'));
      const elapsed = (Date.now() - started) / 1000;
      const rssAfter = rss();
      const serverCpu = Math.round((cpu() - cpuBefore) * 100) / 100;
      // Both instances flush at the same moment.
      await Promise.all(servers.map((s) => flush(s.child)));

      strapi = await loadStrapi(dirs[0]);
      const stored = await sums(strapi);
      await strapi.destroy();
      // A click counts on the session's previous view in the clicked document's journey; on a
      // document in no journey, or before any view in its journey, it is a drop ('no-stage').
      const expected = {
        documentViews: sent.views,
        helpful: sent.helpful,
        nextClicksAndDrops: sent.clicks,
      };
      const exact =
        stored.documentViews === expected.documentViews &&
        stored.helpful === expected.helpful &&
        stored.nextClicks + stored.dropped === expected.nextClicksAndDrops &&
        stored.entries === stored.exits;
      const events = (sent.batches - sent.failed) * BATCH;
      const result = {
        date: new Date().toISOString(),
        database: DB,
        instances,
        documents: DOCUMENTS,
        seconds: SECONDS,
        connections: CONNECTIONS,
        eventsPerRequest: BATCH,
        // null: closed loop (each connection sends when answered); else events/s offered.
        offeredEventsPerSecond: RATE,
        machine: { cpus: os.cpus().length, node: process.version },
        events,
        eventsPerSecond: Math.round(events / elapsed),
        requestsPerSecond: Math.round(sent.batches / elapsed),
        failed: sent.failed,
        eventLatencyMs: summary(sent.eventLatencies),
        health: {
          requests: sent.healthLatencies.length,
          failed: sent.healthFailed,
          latencyMs: summary(sent.healthLatencies),
        },
        rssMiB: { before: rssBefore, after: rssAfter },
        // What a busy machine does not distort much: the servers' own CPU per request and the
        // events one fully used core would take at that cost (health requests included).
        serverCpuSeconds: serverCpu,
        serverCpuMsPerRequest:
          Math.round(((serverCpu * 1000) / (sent.batches + sent.healthLatencies.length)) * 100) /
          100,
        eventsPerCpuSecond: serverCpu ? Math.round(events / serverCpu) : null,
        sums: { stored, expected, exact },
      };
      log(
        `\nevents/s ${result.eventsPerSecond} (${result.requestsPerSecond} requests/s, ${sent.failed} failed)`
      );
      log(
        `events  p50 ${result.eventLatencyMs.p50} ms  p95 ${result.eventLatencyMs.p95} ms  p99 ${result.eventLatencyMs.p99} ms`
      );
      log(
        `_health p50 ${result.health.latencyMs.p50} ms  p95 ${result.health.latencyMs.p95} ms  p99 ${result.health.latencyMs.p99} ms (${result.health.requests} requests, ${sent.healthFailed} failed)`
      );
      log(
        `server CPU ${result.serverCpuSeconds} s: ${result.serverCpuMsPerRequest} ms per request, ${result.eventsPerCpuSecond} events per CPU second`
      );
      log(`RSS MiB before ${rssBefore.join(' + ')}, after ${rssAfter.join(' + ')}`);
      log(`sums exact: ${exact} ${JSON.stringify({ stored, expected })}`);
      log(
        `written to ${writeResult(`events-${DB}-${instances}x${RATE ? `-paced${RATE}` : ''}`, result)}`
      );
      if (!exact || sent.failed || sent.healthFailed) throw new Error('the run was not clean');
    } finally {
      for (const s of servers) await s.stop();
    }
  } finally {
    await target.drop();
  }
};

runMain(main, WORK);
