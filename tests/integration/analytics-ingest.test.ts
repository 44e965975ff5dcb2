import type { Core } from '@strapi/strapi';
import { useApp, bearer } from '../helpers/suite';
import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { ACTIONS } from '../../server/src/utils/constants';

/*
 * The collector end to end on a real Strapi: a scripted session through fixture documents gives
 * exactly the rows computed by hand; refused events are counted by reason; wrong bodies are 400s
 * naming the field; the per-address limit answers 429; the route needs its own U&P action.
 */
const app = useApp({
  admin: true,
  pluginConfig: {
    contentTypes: [PAGE],
    // Flushed by the tests only.
    analytics: { flushIntervalMs: 3_600_000 },
  },
});

const UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const SESSION = 'session-0123456789abcdef';
const ingest = () => app.strapi.plugin('journey').service('analytics-ingest');
const store = () => app.strapi.plugin('journey').service('analytics-store');

type Event = Record<string, unknown>;
const post = (body: unknown, headers: Record<string, string> = { 'User-Agent': UA }) => {
  const req = app.http().post('/api/journey/events');
  for (const [name, value] of Object.entries(headers)) req.set(name, value);
  return req.send(body as object);
};

let stages: Record<string, string>;
let journeyId: string;
const docs: Record<string, string> = {};

/** Rows of a rollup table as identity -> non-zero counters; `identity` names a row. */
const rowsOf = async (
  strapi: Core.Strapi,
  table: 'stages' | 'documents' | 'transitions' | 'goals' | 'drops',
  identity: (row: Record<string, string | number>) => string
) => {
  const s = strapi.plugin('journey').service('analytics-store');
  const meta = strapi.db.metadata.get(
    `plugin::journey.analytics-${{ stages: 'stage', documents: 'document', transitions: 'transition', goals: 'goal', drops: 'drop' }[table]}-day` as never
  );
  const raw = (await strapi.db.connection(s.tableName(table)).select('*')) as Array<
    Record<string, unknown>
  >;
  const counters: Record<string, string[]> = {
    stages: [
      'sessions',
      'views',
      'entries',
      'exits',
      'progressions',
      'returns',
      'nextClicks',
      'helpfulYes',
      'helpfulNo',
    ],
    documents: [
      'views',
      'entries',
      'exits',
      'progressions',
      'returns',
      'nextClicks',
      'helpfulYes',
      'helpfulNo',
    ],
    transitions: ['moves'],
    goals: ['conversions'],
    drops: ['dropped'],
  };
  const out: Record<string, Record<string, number>> = {};
  for (const r of raw) {
    const row: Record<string, string | number> = {};
    for (const [name, attr] of Object.entries(meta.attributes)) {
      const column = (attr as { columnName?: string }).columnName ?? name;
      row[name] = r[column] as string | number;
    }
    const id = identity(row);
    const entry = (out[id] ??= {});
    for (const c of counters[table]) {
      const n = Number(row[c] ?? 0);
      if (n) entry[c] = (entry[c] ?? 0) + n;
    }
    if (!Object.keys(entry).length) delete out[id];
  }
  return out;
};

const stageKeyOf = (documentId: string) =>
  Object.entries(stages).find(([, id]) => id === documentId)?.[0] ?? documentId;

beforeAll(async () => {
  const strapi = app.strapi;
  stages = await stageIds(strapi);
  const journey = (await strapi
    .documents('plugin::journey.journey' as never)
    .findFirst({ filters: { key: 'customer' } } as never)) as unknown as { documentId: string };
  journeyId = journey.documentId;
  await strapi
    .documents('plugin::journey.journey' as never)
    .update({ documentId: journeyId, data: { goals: ['signup'] } } as never);
  const published = { status: 'published' as const };
  docs.a1 = (
    await createTagged(strapi, ARTICLE, stages, {
      title: 'a1',
      stages: ['awareness'],
      intent: 'informational',
      ...published,
    })
  ).documentId;
  docs.b1 = (
    await createTagged(strapi, ARTICLE, stages, {
      title: 'b1',
      stages: ['consideration'],
      intent: 'commercial',
      ...published,
    })
  ).documentId;
  docs.c1 = (
    await createTagged(strapi, ARTICLE, stages, { title: 'c1', stages: ['decision'], ...published })
  ).documentId;
  docs.p1 = (
    await createTagged(strapi, PAGE, stages, { title: 'p1', stages: ['awareness'] })
  ).documentId;
  docs.draft = (
    await createTagged(strapi, ARTICLE, stages, { title: 'draft', stages: ['awareness'] })
  ).documentId;
  docs.note = (
    (await strapi
      .documents('api::note.note' as never)
      .create({ data: { title: 'n' } } as never)) as unknown as { documentId: string }
  ).documentId;
});

describe('permission', () => {
  test('without the U&P action the public role gets 403; granted, 204', async () => {
    const body = { session: SESSION, events: [{ type: 'goal', goal: 'signup' }] };
    expect((await post(body)).status).toBe(403);
    await grantPublic(app.strapi, ['plugin::journey.events.collect']);
    const res = await post(body);
    expect(res.status).toBe(204);
    // Later anonymous batches skip Strapi's authentication while the permissions are unchanged…
    expect((await post(body)).status).toBe(204);
    // …and a revoked action holds at once.
    const permissions = app.strapi.db.query('plugin::users-permissions.permission');
    await permissions.delete({ where: { action: 'plugin::journey.events.collect' } });
    expect((await post(body)).status).toBe(403);
    await grantPublic(app.strapi, ['plugin::journey.events.collect']);
    expect((await post(body)).status).toBe(204);
    await ingest().flush();
    await store().deleteAll();
  });
});

describe('a scripted session', () => {
  test('produces exactly the rows computed by hand', async () => {
    const view = (name: string, extra: Event = {}) => ({
      type: 'view',
      documentId: docs[name],
      ...extra,
    });
    const first = await post({
      session: SESSION,
      events: [view('a1'), view('b1', { contentType: ARTICLE, locale: 'en' })],
    });
    expect(first.status).toBe(204);
    expect(first.text).toBe('');
    expect(first.headers['cache-control']).toBe('no-store');
    expect(first.headers['access-control-expose-headers']).toContain('Journey-State');
    const state = first.headers['journey-state'];
    expect(state).toMatch(/^[\w-]+\.[\w-]+$/);
    const second = await post({
      session: SESSION,
      state,
      events: [
        view('a1'),
        { type: 'click', documentId: docs.c1 },
        view('c1'),
        { type: 'helpful', documentId: docs.c1, helpful: true },
        { type: 'goal', goal: 'signup' },
        { type: 'goal', goal: 'signup' },
        view('p1'),
      ],
    });
    expect(second.status).toBe(204);
    // Another tab: its own session, p1 (a page: not localized) only.
    const other = await post({ session: 'other-tab-0123456789', events: [view('p1')] });
    expect(other.status).toBe(204);
    expect(ingest().bufferedRows()).toBeGreaterThan(0);
    await ingest().flush();
    expect(ingest().bufferedRows()).toBe(0);

    const stageRows = await rowsOf(
      app.strapi,
      'stages',
      (r) => `${stageKeyOf(String(r.stageDocumentId))} ${r.entryLocale ?? ''}`
    );
    expect(stageRows).toEqual({
      // a1 twice (both followed: to b1, to c1), then p1 (a page, no locale) after c1.
      'awareness en': { views: 2, entries: 1, sessions: 1, progressions: 2, nextClicks: 1 },
      'awareness ': { views: 2, exits: 2, entries: 1, sessions: 1 },
      'consideration en': { views: 1, sessions: 1, returns: 1 },
      // c1: reached, clicked from a1 (nextClicks on a1's row), answered, left for p1.
      'decision en': { views: 1, sessions: 1, returns: 1, helpfulYes: 1 },
    });
    // nextClicks sits on the previous view's stage and document (a1 at awareness).
    const docRows = await rowsOf(
      app.strapi,
      'documents',
      (r) => `${r.entryDocumentId} ${r.intent ?? ''}`
    );
    expect(docRows).toEqual({
      [`${docs.a1} informational`]: { views: 2, entries: 1, progressions: 2, nextClicks: 1 },
      [`${docs.b1} commercial`]: { views: 1, returns: 1 },
      [`${docs.c1} `]: { views: 1, returns: 1, helpfulYes: 1 },
      [`${docs.p1} `]: { views: 2, exits: 2, entries: 1 },
    });
    const moves = await rowsOf(
      app.strapi,
      'transitions',
      (r) =>
        `${stageKeyOf(String(r.fromStageDocumentId))}>${stageKeyOf(String(r.toStageDocumentId))}`
    );
    expect(moves).toEqual({
      'awareness>consideration': { moves: 1 },
      'consideration>awareness': { moves: 1 },
      'awareness>decision': { moves: 1 },
      'decision>awareness': { moves: 1 },
    });
    const goals = await rowsOf(
      app.strapi,
      'goals',
      (r) => `${r.goal} ${r.attribution} ${stageKeyOf(String(r.stageDocumentId))}`
    );
    expect(goals).toEqual({
      'signup furthest decision': { conversions: 1 },
      'signup first awareness': { conversions: 1 },
    });
    expect(await rowsOf(app.strapi, 'drops', (r) => String(r.reason))).toEqual({});
    const stageSample = (await app.strapi.db
      .connection(store().tableName('stages'))
      .first()) as Record<string, unknown>;
    expect(stageSample[store().column('stages', 'journeyDocumentId')]).toBe(journeyId);
  });
});

describe('refused events are counted by reason, never stored', () => {
  test('unknown, draft-only, not journey-aware, bad state, bot, do-not-track', async () => {
    await store().deleteAll();
    const events = [
      { type: 'view', documentId: 'unknown0000000000000000' },
      { type: 'view', documentId: docs.draft },
      { type: 'view', documentId: docs.note, contentType: 'api::note.note' },
      { type: 'click', documentId: docs.b1 },
      { type: 'goal', goal: 'newsletter' },
    ];
    expect((await post({ session: SESSION, state: 'forged.state', events })).status).toBe(204);
    const bot = await post({ session: SESSION, events: events.slice(0, 2) }, {});
    expect(bot.status).toBe(204);
    expect(bot.headers['journey-state']).toBeUndefined();
    const crawler = await post(
      { session: SESSION, events: events.slice(0, 1) },
      { 'User-Agent': 'Mozilla/5.0 (compatible; bingbot/2.0)' }
    );
    expect(crawler.status).toBe(204);
    expect(
      (await post({ session: SESSION, events: events.slice(0, 3) }, { 'User-Agent': UA, DNT: '1' }))
        .status
    ).toBe(204);
    expect(
      (
        await post(
          { session: SESSION, events: events.slice(0, 1) },
          { 'User-Agent': UA, 'Sec-GPC': '1' }
        )
      ).status
    ).toBe(204);
    await ingest().flush();
    expect(await rowsOf(app.strapi, 'drops', (r) => String(r.reason))).toEqual({
      'unknown-document': { dropped: 1 },
      unpublished: { dropped: 1 },
      'not-journey-aware': { dropped: 1 },
      'no-stage': { dropped: 1 },
      'unknown-goal': { dropped: 1 },
      'bad-state': { dropped: 1 },
      bot: { dropped: 3 },
      dnt: { dropped: 4 },
    });
    for (const table of ['stages', 'documents', 'transitions', 'goals'] as const) {
      expect(await rowsOf(app.strapi, table, (r) => String(r.rowKey))).toEqual({});
    }
  });
});

describe('documents are resolved against their tags as they are now', () => {
  // The collector keeps resolved documents for a moment (settingsCache.ttlMs); a write on this
  // instance must empty that at once, or events would be counted against old tags.
  test('an unpublish, a republish with another stage and a delete hold at once', async () => {
    await store().deleteAll();
    const articles = app.strapi.documents(ARTICLE as never);
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'moving',
      stages: ['awareness'],
      status: 'published',
    });
    const view = { type: 'view', documentId: doc.documentId };
    let sessions = 0;
    const send = async () => {
      sessions += 1;
      const session = `moving-session-${sessions}`;
      expect((await post({ session, events: [view] })).status).toBe(204);
    };
    await send();
    await articles.unpublish({ documentId: doc.documentId } as never);
    await send();
    await articles.update({
      documentId: doc.documentId,
      data: { journeyStages: [stages.decision] },
    } as never);
    await articles.publish({ documentId: doc.documentId } as never);
    await send();
    await articles.delete({ documentId: doc.documentId } as never);
    await send();
    await ingest().flush();
    const views = await rowsOf(
      app.strapi,
      'documents',
      (r) => `${r.entryDocumentId} ${stageKeyOf(String(r.stageDocumentId))}`
    );
    expect(views).toEqual({
      [`${doc.documentId} awareness`]: { views: 1, entries: 1, exits: 1 },
      [`${doc.documentId} decision`]: { views: 1, entries: 1, exits: 1 },
    });
    expect(await rowsOf(app.strapi, 'drops', (r) => String(r.reason))).toEqual({
      unpublished: { dropped: 1 },
      'unknown-document': { dropped: 1 },
    });
    await store().deleteAll();
  });
});

describe('wrong bodies', () => {
  test.each(
    (
      [
        [{ session: 'short', events: [{ type: 'view', documentId: 'd' }] }, 'session', '16–64'],
        [
          {
            session: SESSION,
            events: [
              { type: 'view', documentId: 'd' },
              { type: 'view', documentId: 'd' },
              { type: 'view', documentId: 'd' },
              { type: 'scroll' },
            ],
          },
          'events[3].type',
          'view, click, goal, helpful',
        ],
        [{ session: SESSION, events: [] }, 'events', 'an array of 1 to 50 events'],
        [
          { session: SESSION, events: Array(51).fill({ type: 'goal', goal: 'g' }) },
          'events',
          'an array of 1 to 50 events',
        ],
        [
          { session: SESSION, events: [{ type: 'helpful', documentId: 'd' }] },
          'events[0].helpful',
          'true, false',
        ],
      ] as Array<[unknown, string, string]>
    ).map(([body, field, valid]) => [field, body, valid] as const)
  )('400 naming %s (%#)', async (field, body, valid) => {
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(field);
    expect(res.body.error.message).toContain(valid);
    expect(res.body.error.details.field).toBe(field);
  });

  test('a text/plain body (navigator.sendBeacon) is read as JSON', async () => {
    const res = await app
      .http()
      .post('/api/journey/events')
      .set('User-Agent', UA)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ session: SESSION, events: [{ type: 'goal', goal: 'signup' }] }));
    expect(res.status).toBe(204);
  });
});

describe('limits and switches', () => {
  afterEach(() => {
    app.strapi.config.set('plugin::journey.analytics.rateLimit', {
      requests: 120,
      windowSeconds: 60,
    });
    app.strapi.config.set('plugin::journey.analytics.enabled', true);
    ingest().resetLimits();
  });

  test('over the per-address limit: 429 with Retry-After, counted as rate-limited', async () => {
    await ingest().flush();
    await store().deleteAll();
    app.strapi.config.set('plugin::journey.analytics.rateLimit', {
      requests: 3,
      windowSeconds: 60,
    });
    ingest().resetLimits();
    const body = {
      session: SESSION,
      events: [
        { type: 'goal', goal: 'signup' },
        { type: 'goal', goal: 'x' },
      ],
    };
    for (let i = 0; i < 3; i += 1) expect((await post(body)).status).toBe(204);
    const refused = await post(body);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    await ingest().flush();
    expect((await rowsOf(app.strapi, 'drops', (r) => String(r.reason)))['rate-limited']).toEqual({
      dropped: 2,
    });
  });

  test('collection off: 404 with a clear message', async () => {
    app.strapi.config.set('plugin::journey.analytics.enabled', false);
    const res = await post({ session: SESSION, events: [{ type: 'goal', goal: 'signup' }] });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toContain('analytics.enabled');
  });
});

describe('DELETE /journey/analytics', () => {
  test('needs analytics.manage; deletes every row', async () => {
    await post({ session: SESSION, events: [{ type: 'view', documentId: docs.a1 }] });
    await ingest().flush();
    const reader = await adminToken(app.strapi, {
      roleId: await createRole(app.strapi, 'analytics reader', [ACTIONS.readAnalytics]),
    });
    expect((await app.http().delete('/journey/analytics').set(bearer(reader))).status).toBe(403);
    const before = Object.keys(await rowsOf(app.strapi, 'stages', (r) => String(r.rowKey))).length;
    expect(before).toBeGreaterThan(0);
    const res = await app.http().delete('/journey/analytics').set(bearer(app.token));
    expect(res.status).toBe(200);
    expect(res.body.data.deleted).toBeGreaterThanOrEqual(before);
    for (const table of ['stages', 'documents', 'transitions', 'goals', 'drops'] as const) {
      expect(await rowsOf(app.strapi, table, (r) => String(r.rowKey))).toEqual({});
    }
  });
});

test('a flush that fails keeps the rows it did not write, and only those', async () => {
  await store().deleteAll();
  await post({
    session: SESSION,
    events: [
      { type: 'view', documentId: docs.b1 },
      { type: 'goal', goal: 'signup' },
    ],
  });
  const rows = ingest().bufferedRows();
  expect(rows).toBeGreaterThan(0);
  // The flush writes stages and transitions, then fails on the document days (their months).
  const months = app.strapi.plugin('journey').service('analytics-months');
  const original = months.addDeltas;
  months.addDeltas = async () => {
    throw new Error('database away');
  };
  try {
    await ingest().flush();
  } finally {
    months.addDeltas = original;
  }
  const kept = ingest().bufferedRows();
  expect(kept).toBeGreaterThan(0);
  expect(kept).toBeLessThan(rows);
  expect(await rowsOf(app.strapi, 'documents', (r) => String(r.entryDocumentId))).toEqual({});
  await ingest().flush();
  expect(ingest().bufferedRows()).toBe(0);
  // Written once each: the stage rows were not put back, the document rows were.
  expect(
    (await rowsOf(app.strapi, 'stages', (r) => stageKeyOf(String(r.stageDocumentId))))[
      'consideration'
    ]
  ).toMatchObject({ views: 1 });
  expect(await rowsOf(app.strapi, 'documents', (r) => String(r.entryDocumentId))).toEqual({
    [docs.b1]: { views: 1, entries: 1, exits: 1 },
  });
  expect(await rowsOf(app.strapi, 'goals', (r) => String(r.attribution))).toEqual({
    first: { conversions: 1 },
    furthest: { conversions: 1 },
  });
});
