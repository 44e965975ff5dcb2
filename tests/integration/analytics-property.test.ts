import fs from 'fs';
import path from 'path';
import request from 'supertest';
import type { ChildProcess } from 'child_process';
import { startApp, writeApp, type TestApp } from '../helpers/app';
import { currentDatabase } from '../helpers/databases';
import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { freePort, startServer, type Server } from '../../bench/load';

/**
 * Two Strapi instances on one database (SQLite too: two processes share the file) collect
 * seeded random sessions at once, each flushing on a short timer and then both together: the
 * rollup sums must equal what the events imply, exactly. The expectation is computed here from
 * whole paths, not through the collector's own rollup. JOURNEY_PROPERTY_SEED replays a run.
 */
const SEED = Number(process.env.JOURNEY_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));
const SESSIONS = Number(process.env.JOURNEY_PROPERTY_SESSIONS ?? 60);
const UA = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36';
const CONFIG = {
  contentTypes: [PAGE],
  journeys: [
    { key: 'j1', name: 'J1', stages: ['s1', 's2', 's3', 's4'].map((key) => ({ key, name: key })) },
    { key: 'j2', name: 'J2', stages: ['t1', 't2', 't3'].map((key) => ({ key, name: key })) },
  ],
  analytics: { flushIntervalMs: 100, rateLimit: { requests: 100000, windowSeconds: 60 } },
};

const INSTANCE_B_INDEX = `
module.exports = {
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

const generator = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

interface Doc {
  documentId: string;
  uid: string;
  /** journey key -> stage key (one per journey). */
  stages: Record<string, string>;
}
type Event = { type: string; documentId?: string; goal?: string; helpful?: boolean };

let a: TestApp;
let b: Server;
let bDir = '';
const docs: Doc[] = [];
const positions: Record<string, Record<string, number>> = {
  j1: { s1: 0, s2: 1, s3: 2, s4: 3 },
  j2: { t1: 0, t2: 1, t3: 2 },
};

const flushB = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    const id = Math.random();
    const onMessage = (m: { type?: string; id?: number }) => {
      if (m?.type === 'flushed' && m.id === id) {
        child.off('message', onMessage);
        resolve();
      }
    };
    child.on('message', onMessage);
    child.send({ type: 'flush', id });
  });

beforeAll(async () => {
  a = await startApp({ pluginConfig: CONFIG });
  const ids = { ...(await stageIds(a.strapi, 'j1')), ...(await stageIds(a.strapi, 'j2')) };
  const j2 = (await a.strapi
    .documents('plugin::journey.journey' as never)
    .findFirst({ filters: { key: 'j2' } } as never)) as unknown as { documentId: string };
  await a.strapi
    .documents('plugin::journey.journey' as never)
    .update({ documentId: j2.documentId, data: { goals: ['signup'] } } as never);
  const layout: Array<[string, Record<string, string>]> = [
    [ARTICLE, { j1: 's1' }],
    [ARTICLE, { j1: 's2' }],
    [ARTICLE, { j1: 's3', j2: 't1' }],
    [ARTICLE, { j1: 's4' }],
    [PAGE, { j2: 't2' }],
    [PAGE, { j1: 's2', j2: 't3' }],
    [ARTICLE, {}],
  ];
  for (const [uid, stages] of layout) {
    const created = await createTagged(a.strapi, uid, ids, {
      title: `d${docs.length}`,
      stages: Object.values(stages),
      ...(uid === ARTICLE ? { status: 'published' as const } : {}),
    });
    docs.push({ documentId: created.documentId, uid, stages });
  }
  await grantPublic(a.strapi, ['plugin::journey.events.collect']);
  bDir = fs.mkdtempSync(path.join(a.appDir, '..', 'instance-b-'));
  const port = await freePort();
  // B flushes only when asked and at shutdown (A on its 100 ms timer): the last test checks that
  // stopping B writes what it still holds.
  writeApp(bDir, a.db, {
    port,
    pluginConfig: { ...CONFIG, analytics: { ...CONFIG.analytics, flushIntervalMs: 3_600_000 } },
    files: { 'src/index.js': INSTANCE_B_INDEX },
  });
  b = await startServer(bDir, port, path.join(bDir, 'server.log'));
}, 240000);

let bStopped = false;
afterAll(async () => {
  if (!bStopped) await b?.stop();
  await a?.stop();
  if (bDir) fs.rmSync(bDir, { recursive: true, force: true });
});

/** What the sessions' events imply, from whole paths: totals per counter. */
const expected = (sessions: Event[][]) => {
  const t: Record<string, number> = {};
  const add = (k: string, n = 1) => {
    t[k] = (t[k] ?? 0) + n;
  };
  const byId = new Map(docs.map((d) => [d.documentId, d]));
  for (const events of sessions) {
    const paths: Record<string, number[]> = {};
    const goals = new Set<string>();
    for (const e of events) {
      const doc = e.documentId ? byId.get(e.documentId) : undefined;
      if (e.type === 'view') {
        if (!doc) {
          add('drop unknown-document');
          continue;
        }
        const journeys = Object.entries(doc.stages);
        if (!journeys.length) add('documents views');
        for (const [j, s] of journeys) (paths[j] ??= []).push(positions[j][s]);
        add('views', journeys.length);
      } else if (e.type === 'helpful') {
        add(e.helpful ? 'helpfulYes' : 'helpfulNo', Object.keys(doc?.stages ?? {}).length);
      } else if (e.type === 'click') {
        const inJourney = Object.keys(doc?.stages ?? {}).filter((j) => paths[j]?.length);
        if (inJourney.length) add('nextClicks', inJourney.length);
        else add('drop no-stage');
      } else if (e.type === 'goal') {
        if (!paths.j2?.length) add('drop no-stage');
        else if (!goals.has('j2')) {
          goals.add('j2');
          add('conversions', 2);
        }
      }
    }
    for (const [j, path] of Object.entries(paths)) {
      add('entries');
      add('exits');
      add('sessions', Math.max(...path) + 1);
      for (let i = 1; i < path.length; i += 1) {
        if (path[i] > path[i - 1]) add('progressions');
        if (path[i] < path[i - 1]) add('returns');
        if (path[i] !== path[i - 1]) add('moves');
      }
      void j;
    }
  }
  return t;
};

const stored = async () => {
  const knex = a.strapi.db.connection;
  const s = a.strapi.plugin('journey').service('analytics-store');
  const sum = async (table: string, column: string, where?: (q: never) => void) => {
    const q = knex(s.tableName(table)).sum({ n: s.column(table, column) });
    if (where) where(q as never);
    return Number(((await q.first()) as { n: unknown }).n ?? 0);
  };
  const t: Record<string, number> = {};
  for (const c of [
    'views',
    'entries',
    'exits',
    'sessions',
    'progressions',
    'returns',
    'nextClicks',
    'helpfulYes',
    'helpfulNo',
  ]) {
    t[c] = await sum('stages', c);
  }
  t.moves = await sum('transitions', 'moves');
  t.conversions = await sum('goals', 'conversions');
  t['documents views'] = await sum(
    'documents',
    'views',
    (q: { where: (c: string, v: string) => void }) =>
      q.where(s.column('documents', 'journeyDocumentId'), '')
  );
  const drops = (await knex(s.tableName('drops'))
    .select({ reason: s.column('drops', 'reason') })
    .sum({ n: s.column('drops', 'dropped') })
    .groupBy(s.column('drops', 'reason'))) as Array<{ reason: string; n: unknown }>;
  for (const d of drops) t[`drop ${d.reason}`] = Number(d.n);
  return Object.fromEntries(Object.entries(t).filter(([, n]) => n !== 0));
};

test(`on ${currentDatabase()}: sessions sent to two instances at once add up exactly`, async () => {
  const rng = generator(SEED);
  const pick = <T>(list: T[]) => list[Math.floor(rng() * list.length)];
  const sessions: Event[][] = [];
  for (let i = 0; i < SESSIONS; i += 1) {
    const length = 1 + Math.floor(rng() * 25);
    const events: Event[] = [];
    for (let k = 0; k < length; k += 1) {
      const r = rng();
      if (r < 0.65)
        events.push({
          type: 'view',
          documentId: rng() < 0.05 ? 'missing000000000000000' : pick(docs).documentId,
        });
      else if (r < 0.8) events.push({ type: 'click', documentId: pick(docs).documentId });
      else if (r < 0.92)
        events.push({ type: 'helpful', documentId: pick(docs).documentId, helpful: rng() < 0.5 });
      else events.push({ type: 'goal', goal: 'signup' });
    }
    sessions.push(events);
  }
  /** One session's batches, state chained, each batch to instance A or B at random. */
  const send = async (events: Event[], index: number) => {
    const session = `prop-session-${SEED}-${index}-xxxxxxxx`;
    let state: string | undefined;
    for (let i = 0; i < events.length;) {
      const size = 1 + Math.floor(rng() * 6);
      const body = { session, ...(state ? { state } : {}), events: events.slice(i, i + size) };
      i += size;
      if (rng() < 0.5) {
        const res = await request(a.strapi.server.httpServer)
          .post('/api/journey/events')
          .set('User-Agent', UA)
          .send(body);
        expect(res.status).toBe(204);
        state = res.headers['journey-state'];
      } else {
        const res = await fetch(`${b.url}/api/journey/events`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'User-Agent': UA },
          body: JSON.stringify(body),
        });
        expect(res.status).toBe(204);
        state = res.headers.get('journey-state') ?? undefined;
      }
    }
  };
  // Eight sessions at a time, half of the batches through each instance.
  const queue = sessions.map((events, index) => ({ events, index }));
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        await send(next.events, next.index);
    })
  );
  // Both instances flush what they still hold, at the same moment.
  await Promise.all([
    a.strapi.plugin('journey').service('analytics-ingest').flush(),
    flushB(b.child),
  ]);
  const want = expected(sessions);
  console.log(
    `analytics property (${currentDatabase()}, seed ${SEED}): ${SESSIONS} sessions, ${JSON.stringify(want)}`
  );
  expect(await stored()).toEqual(want);
}, 300000);

test('an instance that is stopped (SIGTERM) writes what it still holds', async () => {
  const before = (await stored()).views ?? 0;
  const doc = docs.find((d) => Object.keys(d.stages).length === 1) as Doc;
  const res = await fetch(`${b.url}/api/journey/events`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'User-Agent': UA },
    body: JSON.stringify({
      session: 'shutdown-session-0123456789',
      events: [{ type: 'view', documentId: doc.documentId }],
    }),
  });
  expect(res.status).toBe(204);
  bStopped = true;
  await b.stop();
  expect((await stored()).views).toBe(before + 1);
}, 60000);
