import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { bootError, startApp, writeApp, type TestApp } from '../helpers/app';
import { adminToken, adminWithRole, createRole, createRoleWith } from '../helpers/admin';
import { currentDatabase } from '../helpers/databases';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { buildMatrix, type CoverageCell } from '../../server/src/domain/coverage';
import { INTENTS } from '../../server/src/domain/intents';
import { freePort, startServer, type Server } from '../../bench/load';

/*
 * Issue 14, coverage over time: a daily snapshot per journey, stored once a day even when several
 * Strapi instances fire the cron together, kept for `snapshots.retentionDays`, read back as a
 * series and a CSV by admins who may read coverage.
 */

const SNAPSHOT_UID = 'plugin::journey.coverage-snapshot';
const DEMAND_UID = 'plugin::journey.demand-query';
const JOB = 'journeyCoverageSnapshot';
const CM_READ = 'plugin::content-manager.explorer.read';
/** The stored cells name their type by its place among the day's types, sorted. */
const typeIndex = (uid: string) => [ARTICLE, PAGE].sort().indexOf(uid);
const CONFIG = {
  contentTypes: [PAGE],
  snapshots: { enabled: true, cron: '0 5 0 * * *', retentionDays: 30 },
};

type Totals = {
  published: number;
  draftOnly: number;
  untagged: number;
  gapCells: number;
  publishedByStage: Record<string, number>;
  demand?: { impressions: number; clicks: number; volume: number };
};
type TakeResult = {
  taken: Array<{ journey: string; day: string; totals: Totals }>;
  skipped: Array<{ journey: string; day: string }>;
  pruned: number;
};
type Series = {
  stages: Array<{ key: string; name: string; colour: string | null }>;
  points: Array<{
    day: string;
    publishedByStage: Record<string, number>;
    published: number;
    draftOnly: number;
    untagged: number;
    gapCells: number;
    demand?: Totals['demand'];
  }>;
};

const today = () => new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);

const snapshotRows = (app: TestApp, journeyDocumentId?: string) =>
  app.strapi.db
    .connection(app.strapi.db.metadata.get(SNAPSHOT_UID as never).tableName)
    .modify((q) => {
      if (journeyDocumentId) q.where('journey_document_id', journeyDocumentId);
    })
    .select('journey_document_id', 'day', 'cells', 'totals')
    .orderBy('day') as Promise<Array<{ journey_document_id: string; day: string; cells: unknown }>>;

const clearSnapshots = (app: TestApp) =>
  app.strapi.db.connection(app.strapi.db.metadata.get(SNAPSHOT_UID as never).tableName).del();

const service = (app: TestApp) => app.strapi.plugin('journey').service('snapshots');

const cronJob = (app: TestApp) =>
  (
    app.strapi.cron.jobs as Array<{
      name: string | null;
      job: { invoke: () => Promise<void>; nextInvocation: () => Date | null };
    }>
  ).find((j) => j.name === JOB);

describe('coverage snapshots', () => {
  let app: TestApp;
  let token: string;
  let reader: string;
  /** Reads articles in full, pages only where it created them: pages leave its trend. */
  let partialReader: string;
  let outsider: string;
  let customerId: string;
  const http = () => request(app.strapi.server.httpServer);
  const as = (bearer: string) => ({ Authorization: `Bearer ${bearer}` });

  beforeAll(async () => {
    app = await startApp({ pluginConfig: CONFIG });
    token = await adminToken(app.strapi);
    reader = (
      await adminWithRole(
        app.strapi,
        await createRoleWith(app.strapi, 'Coverage reader', [
          { action: 'plugin::journey.coverage.read' },
          { action: CM_READ, subject: ARTICLE, properties: { locales: null } },
          { action: CM_READ, subject: PAGE },
        ])
      )
    ).token;
    outsider = (await adminWithRole(app.strapi, await createRole(app.strapi, 'No journey', [])))
      .token;
    partialReader = (
      await adminWithRole(
        app.strapi,
        await createRoleWith(app.strapi, 'Own pages', [
          { action: 'plugin::journey.coverage.read' },
          { action: CM_READ, subject: ARTICLE, properties: { locales: null } },
          { action: CM_READ, subject: PAGE, conditions: ['admin::is-creator'] },
        ])
      )
    ).token;
    // A second journey: the snapshot covers every journey, one row each.
    expect(
      (await http().post('/journey/journeys').set(as(token)).send({ key: 'b2b', name: 'B2B' }))
        .status
    ).toBe(200);
    expect(
      (
        await http()
          .post('/journey/journeys/b2b/stages')
          .set(as(token))
          .send({ key: 'problem', name: 'Problem' })
      ).status
    ).toBe(200);
    const stages = await stageIds(app.strapi);
    const make = (item: Parameters<typeof createTagged>[3], uid = ARTICLE) =>
      createTagged(app.strapi, uid, stages, item);
    await make({
      title: 'Running 101',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });
    await make({
      title: 'Löpning 101',
      stages: ['awareness'],
      intent: 'informational',
      locale: 'sv',
      status: 'published',
    });
    await make({
      title: 'Shoe test',
      stages: ['consideration', 'decision'],
      intent: 'commercial',
      status: 'published',
    });
    await make({ title: 'Draft only', stages: ['loyalty'], intent: 'local' });
    await make({ title: 'No stage', status: 'published' });
    await make({ title: 'Store', stages: ['decision'], intent: 'local' }, PAGE);
    const journeys = await app.strapi.plugin('journey').service('journeys').list();
    customerId = journeys.find((j: { key: string }) => j.key === 'customer').documentId;
  }, 180000);

  afterAll(async () => {
    await app?.stop();
  });

  test('"Snapshot now" stores each journey\'s day with the numbers the coverage page shows', async () => {
    const res = await http().post('/journey/snapshots').set(as(token)).send({});
    expect(res.status).toBe(201);
    const result = res.body.data as TakeResult;
    expect(result.taken.map((t) => [t.journey, t.day])).toEqual([
      ['customer', today()],
      ['b2b', today()],
    ]);
    const coverage = await http().get('/journey/coverage?journey=customer').set(as(token));
    const keys = coverage.body.journey.stages.map((s: { key: string }) => s.key);
    // The page's own rule: an empty cell is a gap only where its stage expects that intent.
    const matrix = buildMatrix(
      coverage.body.cells as CoverageCell[],
      keys,
      2,
      'published',
      coverage.body.expected
    );
    const gaps = keys.flatMap((k: string) => INTENTS.filter((i) => matrix.rows[k][i].gap));
    const totals = result.taken[0].totals;
    expect(totals).toEqual({
      types: [ARTICLE, PAGE].sort(),
      untaggedByType: [ARTICLE, PAGE].sort().map((t) => (t === ARTICLE ? 1 : 0)),
      published: matrix.total.published,
      draftOnly: matrix.total.draftOnly,
      untagged: 1,
      gapCells: gaps.length,
      publishedByStage: Object.fromEntries(
        keys.map((k: string) => [k, matrix.stageTotals[k].published])
      ),
      // What each stage expected that day, so a later reading judges the day by its own rule.
      expected: Object.fromEntries(
        coverage.body.journey.stages.map((s: { key: string; expectedIntents: string[] }) => [
          s.key,
          s.expectedIntents,
        ])
      ),
    });
    // Known data: awareness (en + sv), consideration and decision (one document in both), the
    // page in decision; loyalty has a draft only.
    expect(totals.publishedByStage).toEqual({
      awareness: 2,
      consideration: 1,
      decision: 2,
      usage: 0,
      loyalty: 0,
    });
    // Only expected cells count. awareness (informational) and consideration (commercial) are
    // filled; decision expects transactional, local and navigational and has local only; usage
    // lacks informational; loyalty lacks transactional (its draft fills no cell).
    expect(totals.gapCells).toBe(0 + 0 + 2 + 1 + 1);
    // B2B's one stage is no stage the intent mapping sends anything to: it expects nothing.
    expect(result.taken[1].totals.gapCells).toBe(0);
    // Stored compactly: per stage × intent × locale, the types summed.
    const [row] = await snapshotRows(app, customerId);
    const cells = typeof row.cells === 'string' ? JSON.parse(row.cells) : row.cells;
    expect(cells).toEqual(
      expect.arrayContaining([
        [0, 'informational', 'en', 1, 0, typeIndex(ARTICLE)],
        [0, 'informational', 'sv', 1, 0, typeIndex(ARTICLE)],
        [2, 'local', null, 1, 0, typeIndex(PAGE)],
        [4, 'local', 'en', 0, 1, typeIndex(ARTICLE)],
      ])
    );
  });

  test('the cron path leaves a stored day alone; "Snapshot now" replaces it; one row either way', async () => {
    const again = (await service(app).take()) as TakeResult;
    expect(again.taken).toEqual([]);
    expect(again.skipped.map((s) => s.journey)).toEqual(['customer', 'b2b']);
    const stages = await stageIds(app.strapi);
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Loyalty club',
      stages: ['loyalty'],
      intent: 'navigational',
      status: 'published',
    });
    const res = await http()
      .post('/journey/snapshots')
      .set(as(token))
      .send({ journey: 'customer' });
    expect(res.status).toBe(201);
    expect(res.body.data.taken).toHaveLength(1);
    expect(res.body.data.taken[0].totals.publishedByStage.loyalty).toBe(1);
    expect((await snapshotRows(app, customerId)).map((r) => r.day)).toEqual([today()]);
  });

  test('instances firing together store the day once: the unique index decides, nobody fails', async () => {
    await clearSnapshots(app);
    const results = (await Promise.all(
      Array.from({ length: 4 }, () => service(app).take())
    )) as TakeResult[];
    expect(results.flatMap((r) => r.taken.map((t) => t.journey)).sort()).toEqual([
      'b2b',
      'customer',
    ]);
    expect(results.flatMap((r) => r.skipped)).toHaveLength(6);
    expect(await snapshotRows(app)).toHaveLength(2);
  });

  test('the cron job runs at the configured time in UTC and takes the day through the same path', async () => {
    const job = cronJob(app);
    expect(job).toBeDefined();
    const next = job?.job.nextInvocation() as Date;
    expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([0, 5, 0]);
    await clearSnapshots(app);
    await job?.job.invoke();
    expect((await snapshotRows(app)).map((r) => r.day)).toEqual([today(), today()]);
  });

  test("demand totals are the journey's monthly demand when there is some", async () => {
    // Monthly volumes and a one-month period: counted as they are, as the demand matrix does.
    const imported = (await app.strapi.db.query('plugin::journey.demand-import' as never).create({
      data: {
        replaceKey: 'snapshot-test',
        journeyDocumentId: customerId,
        locale: 'sv',
        source: 'Keyword tool',
        format: 'custom',
        periodKey: 'monthly',
        rowsStored: 2,
      },
    })) as { id: number };
    const rows = [
      { query: 'löparskor', clicks: 12, impressions: 1800, volume: null },
      { query: 'running shoes', clicks: 30, impressions: 2200, volume: 5400 },
    ].map((r) => ({
      ...r,
      importId: imported.id,
      journeyDocumentId: customerId,
      locale: 'sv',
      queryNorm: r.query,
      intent: 'commercial',
      classifiedIntent: 'commercial',
    }));
    await app.strapi.db.query(DEMAND_UID as never).createMany({ data: rows });
    const res = await http().post('/journey/snapshots').set(as(token)).send({});
    const byJourney = Object.fromEntries(
      (res.body.data as TakeResult).taken.map((t) => [t.journey, t.totals])
    );
    expect(byJourney.customer.demand).toEqual({ impressions: 4000, clicks: 42, volume: 5400 });
    expect(byJourney.b2b).not.toHaveProperty('demand');
  });

  test('days older than snapshots.retentionDays are deleted after a snapshot', async () => {
    await clearSnapshots(app);
    let pruned = 0;
    // Each take prunes counting back from its own day, today's from today.
    for (const n of [45, 30, 29, 3, 0]) {
      pruned += ((await service(app).take({ journey: 'customer', now: daysAgo(n) })) as TakeResult)
        .pruned;
    }
    // 30 days kept, today included: 29 days ago is the oldest day kept.
    expect(pruned).toBe(2);
    expect((await snapshotRows(app, customerId)).map((r) => r.day)).toEqual(
      [29, 3, 0].map((n) => daysAgo(n).toISOString().slice(0, 10))
    );
  });

  test("the series: points by day with published per stage, the stages' colours, from/to", async () => {
    const res = await http().get('/journey/snapshots?journey=customer').set(as(reader));
    expect(res.status).toBe(200);
    const series = res.body.data as Series;
    expect(series.stages.map((s) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    expect(series.stages.every((s) => /^#[0-9a-f]{6}$/i.test(String(s.colour)))).toBe(true);
    expect(series.points.map((p) => p.day)).toEqual(
      [29, 3, 0].map((n) => daysAgo(n).toISOString().slice(0, 10))
    );
    expect(series.points[2]).toMatchObject({
      publishedByStage: { awareness: 2, consideration: 1, decision: 2, usage: 0, loyalty: 1 },
      untagged: 1,
      // Loyalty's navigational page fills a cell loyalty does not expect: no gap fewer.
      gapCells: 0 + 0 + 2 + 1 + 1,
      demand: { impressions: 4000, clicks: 42, volume: 5400 },
    });
    const from = daysAgo(3).toISOString().slice(0, 10);
    const ranged = await http()
      .get(`/journey/snapshots?journey=customer&from=${from}&to=${from}`)
      .set(as(reader));
    expect((ranged.body.data as Series).points.map((p) => p.day)).toEqual([from]);
  });

  test('a caller who reads a type only under conditions gets a trend without it, told so', async () => {
    const full = await http().get('/journey/snapshots?journey=customer').set(as(reader));
    expect(full.body.meta.excluded).toEqual([]);
    const res = await http().get('/journey/snapshots?journey=customer').set(as(partialReader));
    expect(res.status).toBe(200);
    expect(res.body.meta.excluded).toEqual([PAGE]);
    const [all, seen] = [full.body.data as Series, res.body.data as Series].map((s) => s.points[2]);
    // The page is the one published document in decision × local: gone from the numbers, and
    // that cell is a gap again.
    expect(seen.publishedByStage).toEqual({ ...all.publishedByStage, decision: 1 });
    expect(seen.gapCells).toBe(all.gapCells + 1);
    expect(seen.demand).toEqual(all.demand);
    const csv = await http()
      .get('/journey/snapshots/export?journey=customer')
      .set(as(partialReader));
    expect(csv.text).not.toEqual(
      (await http().get('/journey/snapshots/export?journey=customer').set(as(reader))).text
    );
    const taken = await http().post('/journey/snapshots').set(as(partialReader)).send({});
    expect(taken.status).toBe(201);
    expect((taken.body.data as TakeResult).taken[0].totals.publishedByStage.decision).toBe(1);
  });

  test.each([
    ['from=2026-02-30', 'Invalid from "2026-02-30"; valid values: a day as YYYY-MM-DD'],
    ['to=yesterday', 'Invalid to "yesterday"; valid values: a day as YYYY-MM-DD'],
    [
      'from=2026-02-02&to=2026-02-01',
      'Invalid to "2026-02-01"; valid values: a day on or after from (2026-02-02)',
    ],
    ['journey=nope', 'Invalid journey "nope"; valid values: customer, b2b'],
  ])('a bad parameter (%s) is a 400 naming it', async (query, message) => {
    const res = await http().get(`/journey/snapshots?${query}`).set(as(token));
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(message);
  });

  test('"Snapshot now" for an unknown journey or with a wrong body is a 400 naming the field', async () => {
    const unknown = await http()
      .post('/journey/snapshots')
      .set(as(token))
      .send({ journey: 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain(
      'Invalid journey "nope"; valid values: customer, b2b'
    );
    const wrong = await http().post('/journey/snapshots').set(as(token)).send({ journey: 3 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.message).toContain('"journey"');
  });

  test('the CSV export: UTF-8 with BOM, CRLF, one line per day', async () => {
    const res = await http()
      .get('/journey/snapshots/export?journey=customer')
      .set(as(reader))
      .buffer(true)
      .parse((response, done) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(
      'attachment; filename="coverage-trend-customer.csv"'
    );
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe(
      'day,published: Awareness,published: Consideration,published: Decision / purchase,published: Usage / experience,published: Loyalty / advocacy,published,drafts only,untagged,gap cells,impressions,clicks,volume'
    );
    expect(lines.slice(1, -1).map((l) => l.split(',')[0])).toEqual(
      [29, 3, 0].map((n) => daysAgo(n).toISOString().slice(0, 10))
    );
    expect(lines[lines.length - 1]).toBe('');
  });

  test('all three routes need "read coverage": 403 without it, 401 without a session', async () => {
    const calls = [
      () => http().post('/journey/snapshots').send({}),
      () => http().get('/journey/snapshots'),
      () => http().get('/journey/snapshots/export'),
    ];
    for (const call of calls) {
      expect((await call().set(as(outsider))).status).toBe(403);
      expect((await call()).status).toBe(401);
    }
    expect((await http().post('/journey/snapshots').set(as(reader)).send({})).status).toBe(201);
  });
});

describe('the snapshots config', () => {
  test('wrong values stop Strapi at boot, each naming its key', async () => {
    const error = await bootError({
      pluginConfig: {
        contentTypes: [PAGE],
        snapshots: { enabled: 'yes', cron: '0 5 25 * * *', retentionDays: 0 },
      },
    });
    expect(error.message).toContain('Invalid config for plugin "journey"');
    expect(error.message).toContain('snapshots.enabled: must be a `boolean` type');
    expect(error.message).toContain('snapshots.cron: has a wrong hour field "25" (0-23)');
    expect(error.message).toContain('snapshots.retentionDays: must be at least 1');
  });

  test('an unknown key stops Strapi naming the valid ones', async () => {
    const error = await bootError({
      pluginConfig: { contentTypes: [PAGE], snapshots: { days: 30 } },
    });
    expect(error.message).toContain(
      'snapshots: has an unknown key: days; valid: enabled, cron, retentionDays'
    );
  });

  test('disabled: no cron job, and "Snapshot now" still works', async () => {
    const app = await startApp({
      pluginConfig: { contentTypes: [PAGE], snapshots: { enabled: false } },
    });
    try {
      expect(cronJob(app)).toBeUndefined();
      const result = (await service(app).take()) as TakeResult;
      expect(result.taken.map((t) => t.journey)).toEqual(['customer']);
    } finally {
      await app.stop();
    }
  });
});

/*
 * Two Strapi processes on one database, as behind a load balancer: A in this process, B forked.
 * B's app answers an IPC message by taking a snapshot (or firing its cron job), so that both
 * instances can be made to fire at the same moment, many times over.
 */
const INSTANCE_B_INDEX = `
module.exports = {
  register() {},
  bootstrap({ strapi }) {
    process.on('message', async (message) => {
      if (!message || message.type !== 'snapshot') return;
      const snapshots = strapi.plugin('journey').service('snapshots');
      try {
        let result = null;
        if (message.cron) {
          await strapi.cron.jobs.find((j) => j.name === '${JOB}').job.invoke();
        } else {
          result = await snapshots.take({ now: new Date(message.now) });
        }
        process.send({ type: 'snapshot', id: message.id, result });
      } catch (error) {
        process.send({ type: 'snapshot', id: message.id, error: String(error && error.stack) });
      }
    });
  },
};
`;

// SQLite too: two processes can share the file (SQLite locks it for each write).
describe('two instances on one database fire at once', () => {
  let a: TestApp;
  let b: Server;
  let bDir: string;
  let next = 0;

  const onB = (message: Record<string, unknown>) =>
    new Promise<TakeResult | null>((resolve, reject) => {
      const id = ++next;
      const listener = (reply: {
        type?: string;
        id?: number;
        result?: TakeResult;
        error?: string;
      }) => {
        if (reply?.type !== 'snapshot' || reply.id !== id) return;
        b.child.off('message', listener);
        if (reply.error) reject(new Error(reply.error));
        else resolve(reply.result ?? null);
      };
      b.child.on('message', listener);
      b.child.send({ type: 'snapshot', id, ...message });
    });

  beforeAll(async () => {
    a = await startApp({ pluginConfig: CONFIG });
    const stages = await stageIds(a.strapi);
    await createTagged(a.strapi, ARTICLE, stages, {
      title: 'Running 101',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });
    bDir = fs.mkdtempSync(path.join(a.appDir, '..', 'instance-b-'));
    const appDir = bDir;
    const port = await freePort();
    writeApp(appDir, a.db, {
      port,
      pluginConfig: CONFIG,
      files: { 'src/index.js': INSTANCE_B_INDEX },
    });
    b = await startServer(appDir, port, path.join(appDir, 'server.log'));
  }, 240000);

  afterAll(async () => {
    await b?.stop();
    await a?.stop();
    if (bDir) fs.rmSync(bDir, { recursive: true, force: true });
  });

  test(`on ${currentDatabase()}: ten days, each fired on both instances together, are stored once each`, async () => {
    for (let n = 10; n >= 1; n--) {
      const now = daysAgo(n);
      const [onA, fromB] = await Promise.all([
        service(a).take({ now }) as Promise<TakeResult>,
        onB({ now: now.toISOString() }),
      ]);
      const taken = [...onA.taken, ...(fromB?.taken ?? [])];
      const skipped = [...onA.skipped, ...(fromB?.skipped ?? [])];
      // One of the two stored the day, the other saw it stored: neither failed, nothing twice.
      expect([taken.length, skipped.length]).toEqual([1, 1]);
    }
    const rows = await snapshotRows(a);
    expect(rows.map((r) => r.day)).toEqual(
      Array.from({ length: 10 }, (_, i) =>
        daysAgo(10 - i)
          .toISOString()
          .slice(0, 10)
      )
    );
  });

  test(`on ${currentDatabase()}: both instances' cron jobs fired together store today once`, async () => {
    await Promise.all([cronJob(a)?.job.invoke(), onB({ cron: true })]);
    const rows = await snapshotRows(a);
    expect(rows.filter((r) => r.day === today())).toHaveLength(1);
  });
});
