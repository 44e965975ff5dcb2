/**
 * `npx tsx bench/heap-keepalive.ts`: what the heap keeps after many distinct long URLs sent over
 * keep-alive sockets, the way a real client (or an audit) sends them. Boots the test app
 * (tests/helpers/app.ts: SQLite, the plugin from dist/, so `npm run build` first), listens on a
 * loopback port and, for each scenario, sends HEAP_REQUESTS distinct ~10 kB URLs through
 * `http.Agent({ keepAlive: true, maxSockets: 16 })`, then prints heapUsed after a forced GC:
 * before, after the requests (sockets still open) and after the agent closed its sockets.
 *
 * Measured (10,000 requests, SQLite): +1.3 MB for the 400s, +5.2 MB for the 200s with a 2 MB
 * cache (+3.5-4.5 MB with no cache, flat from 1,000 to 20,000 requests: warm-up, not per
 * request). No URL is kept per request: the last request's Koa ctx stays reachable from each
 * idle database connection (a tarn Resource's promise carries Strapi's requestContext
 * AsyncLocalStorage store), one per pooled connection, replaced on its next use.
 *
 *   HEAP_REQUESTS=10000      requests per scenario
 *   HEAP_SCENARIOS=400,200   400: a stage named hundreds of times (never stored);
 *                            200: /api/journey/intent?locale=en&q=<long unique text> (stored)
 *   HEAP_KEEPALIVE=0         a new connection per request instead
 *   HEAP_SNAPSHOT=1          snapshot before and after (sockets open): print the largest growth
 *                            by node type, the long strings kept and the retainer paths of a few
 *                            that hold a URL. The growth includes this script's own summary of
 *                            the first snapshot (~26k concatenated strings, ~34k objects).
 *   HEAP_MAX_BYTES=2097152   http.responseCache.maxBytes
 *   HEAP_HOLD_URLS=1         build all URLs into an array first and keep it, as a test would
 */
import http from 'http';
import type { AddressInfo } from 'net';
import fs from 'fs';
import v8 from 'v8';
import vm from 'vm';
import { startApp } from '../tests/helpers/app';
import { grantPublic } from '../tests/helpers/content';

const REQUESTS = Number(process.env.HEAP_REQUESTS ?? 10_000);
const SCENARIOS = (process.env.HEAP_SCENARIOS ?? '400,200').split(',');
const KEEPALIVE = process.env.HEAP_KEEPALIVE !== '0';
const SNAPSHOT = process.env.HEAP_SNAPSHOT === '1';
const HOLD = process.env.HEAP_HOLD_URLS === '1';
const MAX_BYTES = Number(process.env.HEAP_MAX_BYTES ?? 2 * 1024 * 1024);
const MB = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const heap = async () => {
  await new Promise((resolve) => setTimeout(resolve, 50));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

const STAGE = `consideration,${'consideration,'.repeat(710)}consideration`;
const TAIL = encodeURIComponent('😀'.repeat(95));
/** The i-th URL, built when it is sent, so that this script keeps none of them. */
const urlFor = (scenario: string, i: number) =>
  scenario === '400'
    ? `/api/journey/content?journey=customer&pageSize=5&stage=${STAGE}&start=${i}`
    : `/api/journey/intent?locale=en&q=z${i.toString(36)}${TAIL}`;

const get = (port: number, agent: http.Agent | undefined, path: string) =>
  new Promise<number>((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
  });

const sendAll = async (
  port: number,
  agent: http.Agent | undefined,
  count: number,
  url: (i: number) => string
) => {
  const statuses: Record<number, number> = {};
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const status = await get(port, agent, url(next++));
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  return statuses;
};

/** Parses a .heapsnapshot and prints the retainer paths of a few long strings with `needle`. */
const analyse = (file: string, needle: string, minSize: number) => {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const meta = snap.snapshot.meta;
  const nf: string[] = meta.node_fields;
  const ef: string[] = meta.edge_fields;
  const nodeTypes: string[] = meta.node_types[0];
  const edgeTypes: string[] = meta.edge_types[0];
  const N = nf.length;
  const E = ef.length;
  const { nodes, edges, strings } = snap as { nodes: number[]; edges: number[]; strings: string[] };
  const [iType, iName, iSize, iEdges] = ['type', 'name', 'self_size', 'edge_count'].map((f) =>
    nf.indexOf(f)
  );
  const [eType, eName, eTo] = ['type', 'name_or_index', 'to_node'].map((f) => ef.indexOf(f));
  const count = nodes.length / N;
  const firstEdge = new Int32Array(count + 1);
  for (let i = 0, e = 0; i < count; i++) {
    firstEdge[i] = e;
    e += nodes[i * N + iEdges] * E;
  }
  firstEdge[count] = edges.length;
  // Reverse edges: who points at each node.
  const retainers: Array<Array<[number, number]>> = Array.from({ length: count }, () => []);
  for (let i = 0; i < count; i++) {
    for (let e = firstEdge[i]; e < firstEdge[i + 1]; e += E) {
      const to = edges[e + eTo] / N;
      if (edgeTypes[edges[e + eType]] === 'weak') continue;
      retainers[to].push([i, e]);
    }
  }
  const label = (i: number) =>
    `${nodeTypes[nodes[i * N + iType]]} ${JSON.stringify(strings[nodes[i * N + iName]].slice(0, 80))}`;
  const edgeLabel = (e: number) => {
    const t = edgeTypes[edges[e + eType]];
    const n = edges[e + eName];
    return t === 'element' || t === 'hidden' ? `[${n}]` : `.${strings[n]}`;
  };
  // Long strings by first characters.
  const byPrefix = new Map<string, { n: number; bytes: number }>();
  const matches: number[] = [];
  for (let i = 0; i < count; i++) {
    const type = nodeTypes[nodes[i * N + iType]];
    if (type !== 'string' && type !== 'concatenated string' && type !== 'sliced string') continue;
    const size = nodes[i * N + iSize];
    if (size < minSize) continue;
    const name = strings[nodes[i * N + iName]];
    const key = `${type}: ${name.slice(0, 40)}`;
    const entry = byPrefix.get(key) ?? { n: 0, bytes: 0 };
    entry.n++;
    entry.bytes += size;
    byPrefix.set(key, entry);
    if (name.includes(needle)) matches.push(i);
  }
  const top = [...byPrefix.entries()].sort((a, b) => b[1].bytes - a[1].bytes).slice(0, 10);
  console.log(`  strings of ${minSize} bytes or more, by first 40 characters:`);
  for (const [key, { n, bytes }] of top)
    console.log(`    ${n} x ${JSON.stringify(key)}: ${MB(bytes)}`);
  // A shortest retainer path to a GC root (BFS backwards) for a few matches.
  const roots = new Set<number>([0]);
  for (const start of matches.slice(0, 3).concat(matches.slice(-2))) {
    const prev = new Map<number, [number, number]>();
    const queue = [start];
    const seen = new Set([start]);
    let found = -1;
    while (queue.length && found < 0) {
      const node = queue.shift() as number;
      for (const [from, e] of retainers[node]) {
        if (seen.has(from)) continue;
        seen.add(from);
        prev.set(from, [node, e]);
        if (roots.has(from)) {
          found = from;
          break;
        }
        queue.push(from);
      }
    }
    console.log(`  retainer path of ${label(start)} (${matches.length} such strings):`);
    let at = found;
    const lines: string[] = [];
    while (at >= 0 && at !== start) {
      const [to, e] = prev.get(at) as [number, number];
      lines.push(`    ${label(at)} ${edgeLabel(e)} ->`);
      at = to;
    }
    console.log(found < 0 ? '    (no path to the root)' : lines.join('\n'));
  }
};

/** Self sizes by node type and name (strings by type only), to diff two snapshots. */
const summary = (file: string) => {
  const snap = JSON.parse(fs.readFileSync(file, 'utf8'));
  const nf: string[] = snap.snapshot.meta.node_fields;
  const nodeTypes: string[] = snap.snapshot.meta.node_types[0];
  const { nodes, strings } = snap as { nodes: number[]; strings: string[] };
  const [iType, iName, iSize] = ['type', 'name', 'self_size'].map((f) => nf.indexOf(f));
  const result = new Map<string, { n: number; bytes: number }>();
  for (let i = 0; i < nodes.length; i += nf.length) {
    const type = nodeTypes[nodes[i + iType]];
    const key = /string/.test(type) ? type : `${type} ${strings[nodes[i + iName]].slice(0, 50)}`;
    const entry = result.get(key) ?? { n: 0, bytes: 0 };
    entry.n++;
    entry.bytes += nodes[i + iSize];
    result.set(key, entry);
  }
  return result;
};

const printGrowth = (before: ReturnType<typeof summary>, after: ReturnType<typeof summary>) => {
  const growth = [...after.entries()]
    .map(([key, { n, bytes }]) => {
      const was = before.get(key) ?? { n: 0, bytes: 0 };
      return { key, n: n - was.n, bytes: bytes - was.bytes };
    })
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, 12);
  console.log('  largest growth between the snapshots (count, self size):');
  for (const { key, n, bytes } of growth) {
    console.log(`    ${n > 0 ? '+' : ''}${n} x ${JSON.stringify(key)}: ${MB(bytes)}`);
  }
};

const main = async () => {
  const app = await startApp({
    pluginConfig: {
      contentTypes: ['api::page.page'],
      http: { responseCache: { maxBytes: MAX_BYTES } },
    },
  });
  await grantPublic(app.strapi, ['plugin::journey.content.find', 'plugin::journey.intent.find']);
  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  console.log(`keep-alive: ${KEEPALIVE}, ${REQUESTS} requests per scenario, port ${port}`);
  try {
    for (const scenario of SCENARIOS) {
      // What the audit's test did: an array of the URLs, built before the first measure. Each is
      // a cons string (prefix + shared stage + suffix) until it is first sent, when V8 flattens
      // it into a new 10 kB string the array still holds: the growth is then the test's own.
      const held = HOLD ? Array.from({ length: REQUESTS }, (_, i) => urlFor(scenario, i)) : [];
      const url = (i: number) => (HOLD ? held[i] : urlFor(scenario, i));
      const agent = KEEPALIVE ? new http.Agent({ keepAlive: true, maxSockets: 16 }) : undefined;
      // One warm-up request per socket outside the measure: lazy module state is not a leak.
      await sendAll(port, agent, 32, (i) => `${urlFor(scenario, i)}&warm=1`);
      let first: ReturnType<typeof summary> | undefined;
      if (SNAPSHOT) {
        const file = v8.writeHeapSnapshot();
        first = summary(file);
        fs.rmSync(file);
      }
      const before = await heap();
      const started = Date.now();
      const statuses = await sendAll(port, agent, REQUESTS, url);
      const seconds = (Date.now() - started) / 1000;
      const open = await heap();
      const kept = app.strapi.plugin('journey').service('http-cache').keptBytes();
      console.log(
        `${scenario}: ${JSON.stringify(statuses)} in ${seconds.toFixed(0)} s; ` +
          `heapUsed ${MB(before)} -> ${MB(open)} (+${MB(open - before)}) with sockets open; ` +
          `cache keeps ${MB(kept)}`
      );
      if (SNAPSHOT) {
        const file = v8.writeHeapSnapshot();
        console.log(`  snapshot ${file}`);
        printGrowth(first as ReturnType<typeof summary>, summary(file));
        analyse(
          file,
          scenario === '400' ? 'consideration,consideration' : '%F0%9F%98%80',
          scenario === '400' ? 4000 : 500
        );
        fs.rmSync(file);
      }
      agent?.destroy();
      await new Promise((resolve) => setTimeout(resolve, 500));
      const closed = await heap();
      console.log(`  after the agent closed its sockets: ${MB(closed)} (+${MB(closed - before)})`);
      held.length = 0;
    }
  } finally {
    await app.stop();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
