import fs from 'fs';
import path from 'path';
import { writeApp } from '../helpers/app';
import { adminWithRole, createRoleWith } from '../helpers/admin';
import { PAGE } from '../helpers/content';
import { currentDatabase } from '../helpers/databases';
import { freePort, startServer, type Server } from '../../bench/load';
import { OPTIONS, useReviewQueueApp } from '../helpers/review-queue';

/*
 * Issue 13, the review queue: untagged entries with the classifier's suggestion, accepted one by
 * one, edited, or all above a confidence; skipped; computed for the whole backlog by a job that
 * any instance can run, resume and report.
 */
const { app, get, post, list } = useReviewQueueApp();

describe('the background job', () => {
  const pages: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 450; i += 1) {
      const title =
        i % 3 === 0 ? `Buy widget ${i}` : i % 3 === 1 ? `How to fix widget ${i}` : `Widget ${i}`;
      const doc = (await app.strapi.documents(PAGE as never).create({
        data: { title },
      } as never)) as unknown as { documentId: string };
      pages.push(doc.documentId);
    }
  }, 180000);

  const suggestionRows = (uid: string) =>
    app.strapi.db.connection('journey_suggestions').where('entry_type', uid) as unknown as Promise<
      Array<Record<string, unknown>>
    >;

  const waitUntilDone = async () => {
    for (let i = 0; i < 600; i += 1) {
      const res = await get('/journey/suggestions/status');
      expect(res.status).toBe(200);
      if (!res.body.data.running) return res.body.data;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the job did not finish');
  };

  test('computes every untagged entry of the backlog, with progress in the database', async () => {
    expect(await suggestionRows(PAGE)).toHaveLength(0);
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ started: true, running: true, total: 450 });
    const done = await waitUntilDone();
    expect(done).toMatchObject({ running: false, processed: 450, total: 450 });
    expect(done.finishedAt).toEqual(expect.any(String));
    const rows = await suggestionRows(PAGE);
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r.entry_document_id))).toEqual(new Set(pages));
    const listed = await list(`contentType=${PAGE}&intent=transactional&pageSize=100`);
    expect(listed.meta.pagination.total).toBe(150);
    expect(listed.meta.computed).toBe(450);
  });

  test('a job left by an instance that stopped is taken over and finishes what is missing', async () => {
    // 100 entries lose their suggestion, and the job state says a dead instance was halfway.
    await app.strapi.db
      .connection('journey_suggestions')
      .where('entry_type', PAGE)
      .whereIn('entry_document_id', pages.slice(0, 100))
      .delete();
    const store = app.strapi.db.metadata.get('strapi::core-store').tableName;
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({
        value: JSON.stringify({
          running: true,
          runId: 'dead-run',
          instance: 'dead-instance',
          heartbeat: Date.now() - 60_000,
          startedAt: new Date(Date.now() - 120_000).toISOString(),
          finishedAt: null,
          processed: 350,
          total: 450,
          scope: { contentType: PAGE },
        }),
      });
    expect((await get('/journey/suggestions/status')).body.data).toMatchObject({
      running: true,
      instance: 'dead-instance',
    });
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect(res.body.data.started).toBe(true);
    const done = await waitUntilDone();
    expect(done).toMatchObject({ running: false, processed: 450, total: 450 });
    expect(done.instance).not.toBe('dead-instance');
    expect(await suggestionRows(PAGE)).toHaveLength(450);
  });

  test('a start while another instance holds the lease starts nothing', async () => {
    const store = app.strapi.db.metadata.get('strapi::core-store').tableName;
    const other = {
      running: true,
      runId: 'other-run',
      instance: 'other-instance',
      heartbeat: Date.now(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      processed: 10,
      total: 450,
      scope: { contentType: PAGE },
    };
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({ value: JSON.stringify(other) });
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect([res.status, res.body.data.started, res.body.data.instance]).toEqual([
      202,
      false,
      'other-instance',
    ]);
    // Put back as finished, for the tests after this one.
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({ value: JSON.stringify({ ...other, running: false, heartbeat: 0 }) });
  });

  test('run and status need content-manager read; bad scopes are 400s', async () => {
    const nobody = await adminWithRole(app.strapi, await createRoleWith(app.strapi, 'Nobody', []));
    expect((await get('/journey/suggestions/status', nobody.token)).status).toBe(403);
    expect(
      (await post('/journey/suggestions/run', { contentType: PAGE }, nobody.token)).status
    ).toBe(403);
    const bad = await post('/journey/suggestions/run', { contentType: 'api::note.note' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('contentType');
  });
});

/*
 * Two instances on one PostgreSQL database both start the job: one runs it, both report it, and
 * every untagged entry ends with exactly one suggestion.
 */
const onPostgres = currentDatabase() === 'postgres';
(onPostgres ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  let b: Server;

  beforeAll(async () => {
    const appDir = fs.mkdtempSync(path.join(app.appDir, '..', 'instance-b-'));
    const port = await freePort();
    writeApp(appDir, app.db, { ...OPTIONS, port });
    b = await startServer(appDir, port, path.join(appDir, 'server.log'));
    await app.strapi.db.connection('journey_suggestions').delete();
    for (let i = 0; i < 600; i += 1) {
      await app.strapi
        .documents(PAGE as never)
        .create({ data: { title: `Order part ${i}` } } as never);
    }
  }, 240000);

  afterAll(async () => {
    await b?.stop();
  });

  const viaB = (method: 'GET' | 'POST', url: string, body?: object) =>
    fetch(`${b.url}${url}`, {
      method,
      headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });

  test('both start the job: it runs once, both see it done, one suggestion per entry', async () => {
    const [onA, onB] = await Promise.all([
      post('/journey/suggestions/run', {}),
      viaB('POST', '/journey/suggestions/run', {}),
    ]);
    const bodyB = (await onB.json()) as { data: { started: boolean } };
    expect([onA.status, onB.status]).toEqual([202, 202]);
    expect([onA.body.data.started, bodyB.data.started].filter(Boolean)).toHaveLength(1);
    let statusB: Record<string, unknown> = {};
    for (let i = 0; i < 1200; i += 1) {
      statusB = (
        (await (await viaB('GET', '/journey/suggestions/status')).json()) as {
          data: Record<string, unknown>;
        }
      ).data;
      if (!statusB.running) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const statusA = (await get('/journey/suggestions/status')).body.data;
    expect(statusB).toEqual(statusA);
    expect(statusA.running).toBe(false);

    const knex = app.strapi.db.connection;
    const t = app.strapi.plugin('journey').service('content-types').tagTable(PAGE);
    const untagged = Number(
      (
        (await knex(`${t.table} as e`)
          .whereNotExists(
            knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
          )
          .count({ count: '*' })
          .first()) as { count: unknown }
      ).count
    );
    expect(untagged).toBe(1050);
    const perEntry = (await knex('journey_suggestions')
      .where('entry_type', PAGE)
      .select('entry_document_id')
      .count({ count: '*' })
      .groupBy('entry_document_id')) as Array<{ count: unknown }>;
    expect(perEntry).toHaveLength(untagged);
    expect(perEntry.every((r) => Number(r.count) === 1)).toBe(true);
    expect(statusA.processed).toBe(statusA.total);
  });
});
