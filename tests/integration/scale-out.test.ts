import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { startApp, writeApp, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/admin';
import { currentDatabase } from '../helpers/databases';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { freePort, startServer, type Server } from '../../bench/load';

/*
 * Several Strapi instances behind a load balancer share one PostgreSQL database. A change made
 * through one instance must show in the other at once: the plugin keeps no state per process.
 * Instance A runs in this process; instance B is a second Strapi process on the same database.
 */
const onPostgres = currentDatabase() === 'postgres';
const suite = onPostgres ? describe : describe.skip;

let a: TestApp;
let b: Server;
let token: string;
let moved: string;

type Json = Record<string, unknown> & {
  data: Array<{ key: string; name: string; documentId: string }>;
  cells: Array<{ stage: string; published: number }>;
  journey: { stages: Array<{ key: string }> };
};

const viaA = () => request(a.strapi.server.httpServer);
const viaB = async (url: string, bearer?: string) => {
  const res = await fetch(`${b.url}${url}`, {
    headers: bearer ? { Authorization: `Bearer ${bearer}` } : {},
  });
  expect([url, res.status]).toEqual([url, 200]);
  return res.json() as Promise<Json>;
};

const stagesOnB = async () =>
  (await viaB('/api/journey/stages?journey=customer')).data as Array<{ key: string; name: string }>;

beforeAll(async () => {
  if (!onPostgres) return;
  a = await startApp();
  token = await adminToken(a.strapi);
  const stages = await stageIds(a.strapi);
  // The public content route serves only types the caller may read.
  await grantPublic(a.strapi, [
    'plugin::journey.stage.find',
    'plugin::journey.content.find',
    'api::article.article.find',
  ]);
  const doc = await createTagged(a.strapi, ARTICLE, stages, {
    title: 'Tagged usage',
    stages: ['usage'],
    intent: 'informational',
    status: 'published',
  });
  moved = doc.documentId;

  const appDir = fs.mkdtempSync(path.join(a.appDir, '..', 'instance-b-'));
  const port = await freePort();
  // ttlMs 0: B checks the settings version on every request, so "at once" holds; the TTL's own
  // bound is tested in settings-cache.test.ts.
  writeApp(appDir, a.db, {
    port,
    pluginConfig: { contentTypes: ['api::page.page'], settingsCache: { ttlMs: 0 } },
  });
  b = await startServer(appDir, port, path.join(appDir, 'server.log'));
}, 120000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

suite('two instances on one PostgreSQL database', () => {
  test('a renamed stage shows in the other instance at once', async () => {
    const before = await stagesOnB();
    const consideration = before.find((s) => s.key === 'consideration');
    expect(consideration?.name).toBe('Consideration');
    const { body } = await viaA().get('/journey/journeys').set('Authorization', `Bearer ${token}`);
    const stage = body.data[0].stages.find((s: { key: string }) => s.key === 'consideration');
    const res = await viaA()
      .put(`/journey/stages/${stage.documentId}`)
      .set('Authorization', `Bearer ${token}`)
      .send({ name: 'Evaluation' });
    expect(res.status).toBe(200);
    expect((await stagesOnB()).find((s) => s.key === 'consideration')?.name).toBe('Evaluation');
  });

  test('a new stage order shows in the other instance at once', async () => {
    const order = ['loyalty', 'awareness', 'consideration', 'decision', 'usage'];
    const res = await viaA()
      .put('/journey/journeys/customer/stages/order')
      .set('Authorization', `Bearer ${token}`)
      .send({ stages: order });
    expect(res.status).toBe(200);
    expect((await stagesOnB()).map((s) => s.key)).toEqual(order);
  });

  test('a stage deleted with a move shows in the other instance: its content and coverage moved', async () => {
    const coverageBefore = await viaB('/journey/coverage?journey=customer', token);
    const count = (cov: Json, stage: string) =>
      cov.cells.filter((c) => c.stage === stage).reduce((sum, c) => sum + c.published, 0);
    expect(count(coverageBefore, 'usage')).toBe(1);
    expect(count(coverageBefore, 'loyalty')).toBe(0);

    const stages = await stageIds(a.strapi);
    const res = await viaA()
      .delete(`/journey/stages/${stages.usage}?moveTo=customer.loyalty`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);

    expect((await stagesOnB()).map((s) => s.key)).not.toContain('usage');
    const content = await viaB('/api/journey/content?journey=customer&stage=loyalty');
    expect(content.data.map((d) => d.documentId)).toContain(moved);
    const coverageAfter = await viaB('/journey/coverage?journey=customer', token);
    expect(count(coverageAfter, 'loyalty')).toBe(1);
    expect(coverageAfter.journey.stages.map((s) => s.key)).not.toContain('usage');
  });

  test('a site term added through one instance changes the other’s cached intent answer at once', async () => {
    await grantPublic(a.strapi, ['plugin::journey.intent.find']);
    const url = `${b.url}/api/journey/intent?q=quuxify&locale=en`;
    const first = await fetch(url);
    expect(first.status).toBe(200);
    expect(((await first.json()) as { data: { intent: string } }).data.intent).not.toBe(
      'transactional'
    );
    const cached = await fetch(url);
    await cached.arrayBuffer();
    expect(cached.headers.get('x-journey-cache')).toBe('hit');

    const res = await viaA()
      .post('/journey/site-terms')
      .set('Authorization', `Bearer ${token}`)
      .send({ term: 'quuxify', language: 'en', intent: 'transactional' });
    expect(res.status).toBe(200);

    const after = await fetch(url, {
      headers: { 'If-None-Match': String(first.headers.get('etag')) },
    });
    expect(after.status).toBe(200);
    expect(after.headers.get('x-journey-cache')).toBe('miss');
    expect(((await after.json()) as { data: { intent: string } }).data.intent).toBe(
      'transactional'
    );
  });
});
