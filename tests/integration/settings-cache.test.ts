import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { startApp, writeApp, type TestApp } from '../helpers/app';
import { currentDatabase } from '../helpers/databases';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { freePort, startServer, type Server } from '../../bench/load';

/*
 * Settings read once, across instances: instance A (this process) and instance B (a second
 * Strapi process) share one PostgreSQL database. B keeps its settings for at most
 * `settingsCache.ttlMs`; a change written through A is in B's answers once that has passed.
 * Document data too: B keeps the cells' stamps in memory and checks one token over every cell
 * at most every `ttlMs`; A's own writes drop A's stamps at once.
 */
const onPostgres = currentDatabase() === 'postgres';
const suite = onPostgres ? describe : describe.skip;
const TTL_MS = 1500;

let a: TestApp;
let b: Server;
let stages: Record<string, string>;

const viaB = (url: string, headers: Record<string, string> = {}) =>
  fetch(`${b.url}${url}`, { headers });

beforeAll(async () => {
  if (!onPostgres) return;
  a = await startApp();
  stages = await stageIds(a.strapi);
  await grantPublic(a.strapi, [
    'plugin::journey.stage.find',
    'plugin::journey.content.find',
    'api::article.article.find',
  ]);
  const appDir = fs.mkdtempSync(path.join(a.appDir, '..', 'instance-b-'));
  const port = await freePort();
  writeApp(appDir, a.db, {
    port,
    pluginConfig: { contentTypes: ['api::page.page'], settingsCache: { ttlMs: TTL_MS } },
  });
  b = await startServer(appDir, port, path.join(appDir, 'server.log'));
}, 180000);

afterAll(async () => {
  await b?.stop();
  await a?.stop();
});

suite('settings cache across two instances on PostgreSQL', () => {
  test('a stage renamed through A is in B’s answer once the TTL has passed', async () => {
    const url = '/api/journey/stages?journey=customer';
    const before = await viaB(url);
    expect(before.status).toBe(200);
    const etag = before.headers.get('etag') as string;
    // Unchanged settings: B revalidates with a 304.
    expect((await viaB(url, { 'If-None-Match': etag })).status).toBe(304);

    const stage = (await a.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'awareness' } })) as { documentId: string };
    await a.strapi.documents('plugin::journey.stage' as never).update({
      documentId: stage.documentId,
      data: { name: 'Discovery' },
    } as never);
    // A itself sees it at once: its own write dropped its copy.
    const onA = await request(a.strapi.server.httpServer).get(url);
    expect(onA.body.data.map((s: { name: string }) => s.name)).toContain('Discovery');

    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200));
    const after = await viaB(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const body = (await after.json()) as { data: Array<{ name: string }> };
    expect(body.data.map((s) => s.name)).toContain('Discovery');
  });

  test('a document published through A changes A’s ETag at once and B’s once the TTL has passed', async () => {
    const url = '/api/journey/content?journey=customer&stage=decision';
    const before = await viaB(url);
    expect(before.status).toBe(200);
    const etag = before.headers.get('etag') as string;
    // B answers the known URL from memory (its stamps and the URL's ETag kept).
    const kept = await viaB(url, { 'If-None-Match': etag });
    expect(kept.status).toBe(304);
    expect(kept.headers.get('x-journey-cache')).toBe('revalidated');
    const onABefore = await request(a.strapi.server.httpServer).get(url);
    expect(
      (
        await request(a.strapi.server.httpServer)
          .get(url)
          .set('If-None-Match', onABefore.headers.etag)
      ).status
    ).toBe(304);
    await createTagged(a.strapi, ARTICLE, stages, {
      title: 'Published on A',
      stages: ['decision'],
      intent: 'transactional',
      status: 'published',
    });
    // A's own write dropped A's stamps after its commit.
    const onA = await request(a.strapi.server.httpServer)
      .get(url)
      .set('If-None-Match', onABefore.headers.etag);
    expect(onA.status).toBe(200);
    expect(onA.body.data.map((d: { title: string }) => d.title)).toContain('Published on A');
    // B sees the stamp of every cell move at its next check, at most settingsCache.ttlMs later.
    await new Promise((resolve) => setTimeout(resolve, TTL_MS + 200));
    const after = await viaB(url, { 'If-None-Match': etag });
    expect(after.status).toBe(200);
    const body = (await after.json()) as { data: Array<{ title: string }> };
    expect(body.data.map((d) => d.title)).toContain('Published on A');
  });
});
