import request from 'supertest';
import { bootError, startApp, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { currentDatabase } from '../helpers/databases';
import { receiver } from '../helpers/receiver';

/*
 * Validators, cache headers, the in-process response cache and purging on the public routes,
 * against a real Strapi. Statements are counted with knex's 'query' event: a 304 and a cache hit
 * must not read the content tables at all.
 */

let app: TestApp;
let stages: Record<string, string>;
let purgeTarget: Awaited<ReturnType<typeof receiver>>;
let hook: Awaited<ReturnType<typeof receiver>>;
let statements: string[] = [];

const api = () => request(app.strapi.server.httpServer);
const httpCache = () => app.strapi.plugin('journey').service('http-cache');
const CONTENT = '/api/journey/content?journey=customer&stage=consideration&pageSize=50';

const publish = (title: string, stage = 'consideration', extra: Record<string, unknown> = {}) =>
  createTagged(app.strapi, ARTICLE, stages, {
    title,
    stages: [stage],
    intent: 'commercial',
    status: 'published',
    ...extra,
  });

/** The SQL a request ran, with the statements that read the articles or their stage links. */
const measured = async (run: () => request.Test) => {
  statements = [];
  const res = await run();
  const content = statements.filter((sql) => /articles/i.test(sql));
  return { res, content, all: [...statements] };
};

const titles = (res: request.Response) => res.body.data.map((d: { title: string }) => d.title);

beforeAll(async () => {
  purgeTarget = await receiver();
  hook = await receiver();
  app = await startApp({
    pluginConfig: {
      contentTypes: ['api::page.page'],
      // PURGE rather than BAN: Node's HTTP parser, which the stand-in target uses, refuses BAN.
      http: {
        purge: [{ url: `${purgeTarget.url}/purge`, method: 'PURGE', header: 'X-Purge-Keys' }],
      },
    },
  });
  stages = await stageIds(app.strapi);
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    'plugin::journey.next.find',
    'plugin::journey.journey.find',
    'plugin::journey.stage.find',
    'plugin::journey.intent.find',
    'api::article.article.find',
    'api::page.page.find',
  ]);
  await publish('First');
  await createTagged(app.strapi, PAGE, stages, {
    title: 'A page',
    stages: ['consideration'],
    intent: 'commercial',
  });
  app.strapi.db.connection.on('query', (q: { sql: string }) => statements.push(q.sql));
});

afterAll(async () => {
  await app?.stop();
  await purgeTarget?.close();
  await hook?.close();
});

describe('validators', () => {
  test('the same request gets the same strong ETag; public Cache-Control; Vary and keys', async () => {
    const a = await api().get(CONTENT);
    const b = await api().get(CONTENT);
    expect(a.status).toBe(200);
    expect(a.headers.etag).toMatch(/^"j1-[\w-]+"$/);
    expect(b.headers.etag).toBe(a.headers.etag);
    expect(a.headers['cache-control']).toBe('public, max-age=60, stale-while-revalidate=300');
    expect(a.headers.vary).toMatch(/Authorization/);
    const keys = String(a.headers['surrogate-key']).split(' ');
    const first = a.body.data.find((d: { title: string }) => d.title === 'First');
    expect(keys).toEqual(
      expect.arrayContaining([
        'journey',
        'journey-settings',
        'journey-t-api-article-article',
        'journey-t-api-page-page',
        `journey-d-${first.documentId}`,
      ])
    );
    expect(a.headers['cache-tag']).toBe(keys.join(','));
  });

  test('a different query gets a different ETag', async () => {
    const a = await api().get(CONTENT);
    const b = await api().get(`${CONTENT}&sort=title:asc`);
    expect(b.status).toBe(200);
    expect(b.headers.etag).not.toBe(a.headers.etag);
  });

  test('If-None-Match: 304 without a statement on the content tables', async () => {
    const first = await api().get(CONTENT);
    const { res, content } = await measured(() =>
      api().get(CONTENT).set('If-None-Match', first.headers.etag)
    );
    expect(res.status).toBe(304);
    expect(res.headers.etag).toBe(first.headers.etag);
    expect(res.text).toBe('');
    expect(content).toEqual([]);
  });

  test('a publish changes the ETag, the old one gets the new content, not a 304', async () => {
    const before = await api().get(CONTENT);
    await publish('Second');
    await httpCache().settled();
    const { res, content } = await measured(() =>
      api().get(CONTENT).set('If-None-Match', before.headers.etag)
    );
    expect(res.status).toBe(200);
    expect(res.headers.etag).not.toBe(before.headers.etag);
    expect(titles(res)).toContain('Second');
    // It ran the page query this time: the counter sees it.
    expect(content.length).toBeGreaterThan(0);
  });

  test('the in-process cache answers a repeated request without the page query', async () => {
    await api().get(CONTENT);
    const { res, content } = await measured(() => api().get(CONTENT));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/json/);
    expect(titles(res)).toContain('Second');
    expect(content).toEqual([]);
  });

  test('errors carry no validator and are not stored', async () => {
    const res = await api().get('/api/journey/content?journey=customer&stage=nowhere');
    expect(res.status).toBe(400);
    expect(res.headers.etag).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    const again = await api()
      .get('/api/journey/content?journey=customer&stage=nowhere')
      .set('If-None-Match', '*');
    expect(again.status).toBe(400);
  });

  test('settings routes: a stage rename changes ETag and body at once on this instance', async () => {
    const before = await api().get('/api/journey/stages?journey=customer');
    expect(before.headers.etag).toBeDefined();
    const stage = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'decision' } })) as { documentId: string };
    await app.strapi.documents('plugin::journey.stage' as never).update({
      documentId: stage.documentId,
      data: { name: 'Choice' },
    } as never);
    const after = await api()
      .get('/api/journey/stages?journey=customer')
      .set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.data.map((s: { name: string }) => s.name)).toContain('Choice');
    expect(after.headers.etag).not.toBe(before.headers.etag);
  });

  test('a settings read is one cheap statement once cached', async () => {
    await api().get('/api/journey/journeys');
    const { res, all } = await measured(() => api().get('/api/journey/journeys?locale=sv'));
    expect(res.status).toBe(200);
    // No read of journeys, stages or locales: only the caller's permissions (Users &
    // Permissions) and at most the version row.
    expect(all.filter((sql) => /journey_journeys|journey_stages|i18n_locale/.test(sql))).toEqual(
      []
    );
  });

  test('responseCache.enabled false: every request runs the route', async () => {
    const key = 'plugin::journey.http.responseCache.enabled';
    app.strapi.config.set(key, false);
    try {
      await api().get(CONTENT);
      const { res, content } = await measured(() => api().get(CONTENT));
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBeDefined();
      expect(content.length).toBeGreaterThan(0);
    } finally {
      app.strapi.config.set(key, true);
    }
  });
});

describe('callers never share', () => {
  test('an API token gets its own ETag, private Cache-Control, and only the types it may read', async () => {
    const publicRes = await api().get(CONTENT);
    const tokens = app.strapi.service('admin::api-token');
    const custom = await tokens.create({
      name: 'pages only',
      type: 'custom',
      lifespan: null,
      permissions: ['plugin::journey.content.find', 'api::page.page.find'],
    });
    const res = await api()
      .get(CONTENT)
      .set('Authorization', `Bearer ${custom.accessKey}`)
      .set('If-None-Match', publicRes.headers.etag);
    expect(res.status).toBe(200);
    expect(res.headers.etag).not.toBe(publicRes.headers.etag);
    expect(res.headers['cache-control']).toBe('private, no-cache');
    expect(res.body.meta.contentTypes).toEqual([PAGE]);
    // The public response, cached in process, is still the public one.
    const again = await api().get(CONTENT);
    expect(again.body.meta.contentTypes).toEqual([ARTICLE, PAGE]);
  });

  test('a permission change changes the public ETag', async () => {
    const before = await api().get(CONTENT);
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .deleteMany({ where: { action: 'api::page.page.find', role: role.id } });
    const after = await api().get(CONTENT).set('If-None-Match', before.headers.etag);
    expect(after.status).toBe(200);
    expect(after.body.meta.contentTypes).toEqual([ARTICLE]);
    await grantPublic(app.strapi, ['api::page.page.find']);
  });
});

describe('answers before authentication (X-Journey-Cache)', () => {
  const URL = '/api/journey/content?journey=customer&stage=consideration&pageSize=7';

  test('miss, then hit, then revalidated; a known public URL skips Strapi’s permission read', async () => {
    const first = await api().get(URL);
    expect(first.status).toBe(200);
    expect(first.headers['x-journey-cache']).toBe('miss');
    const { res: hit, content: hitContent, all: hitAll } = await measured(() => api().get(URL));
    expect(hit.headers['x-journey-cache']).toBe('hit');
    expect(hit.body).toEqual(first.body);
    expect(hitContent).toEqual([]);
    expect(hitAll.filter((sql) => /up_permissions/.test(sql))).toEqual([]);
    const { res, all } = await measured(() =>
      api().get(URL).set('If-None-Match', first.headers.etag)
    );
    expect(res.status).toBe(304);
    expect(res.headers['x-journey-cache']).toBe('revalidated');
    expect(res.headers.etag).toBe(first.headers.etag);
    expect(res.headers['cache-control']).toBe(first.headers['cache-control']);
    // Strapi's authentication did not run: the public role's permissions were not read.
    expect(all.filter((sql) => /up_permissions/.test(sql))).toEqual([]);
  });

  test('credentials are never answered from there: a bad token with the public ETag is a 401', async () => {
    const first = await api().get(URL);
    const res = await api()
      .get(URL)
      .set('Authorization', 'Bearer not-a-token')
      .set('If-None-Match', first.headers.etag);
    expect(res.status).toBe(401);
    expect(res.headers['x-journey-cache']).toBeUndefined();
  });

  test('a permission taken from the public role stops those answers at once', async () => {
    const first = await api().get(URL);
    expect((await api().get(URL).set('If-None-Match', first.headers.etag)).status).toBe(304);
    const role = await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } });
    await app.strapi.db
      .query('plugin::users-permissions.permission')
      .deleteMany({ where: { action: 'plugin::journey.content.find', role: role.id } });
    try {
      expect((await api().get(URL).set('If-None-Match', first.headers.etag)).status).toBe(403);
      expect((await api().get(URL)).status).toBe(403);
    } finally {
      await grantPublic(app.strapi, ['plugin::journey.content.find']);
    }
    expect((await api().get(URL)).status).toBe(200);
  });

  test('a publish on this instance changes a known URL’s answer at once', async () => {
    const first = await api().get(URL);
    await publish('Third');
    await httpCache().settled();
    const res = await api().get(URL).set('If-None-Match', first.headers.etag);
    expect(res.status).toBe(200);
    expect(res.headers['x-journey-cache']).toBe('miss');
    expect(titles(res)).toContain('Third');
  });
});

describe('drafts', () => {
  test('a draft is never served, from the route or from a cache; its publish is', async () => {
    const draft = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Draft only',
      stages: ['consideration'],
      intent: 'commercial',
    });
    const first = await api().get(CONTENT);
    expect(titles(first)).not.toContain('Draft only');
    const cached = await api().get(CONTENT);
    expect(titles(cached)).not.toContain('Draft only');
    await app.strapi.documents(ARTICLE as never).publish({ documentId: draft.documentId } as never);
    const published = await api().get(CONTENT);
    expect(titles(published)).toContain('Draft only');
  });

  test('a draft edit of a published document leaves the published title in every answer', async () => {
    const doc = await publish('Published title');
    await api().get(CONTENT);
    await app.strapi.documents(ARTICLE as never).update({
      documentId: doc.documentId,
      data: { title: 'Unpublished edit' },
    } as never);
    const res = await api().get(CONTENT);
    expect(titles(res)).toContain('Published title');
    expect(titles(res)).not.toContain('Unpublished edit');
  });
});

describe('purging', () => {
  test('a publish sends the keys to the purge target and to a stored journey.purge webhook', async () => {
    const token = await adminToken(app.strapi);
    const created = await api()
      .post('/admin/webhooks')
      .set('Authorization', `Bearer ${token}`)
      .send({
        name: 'purge CDN',
        url: `${hook.url}/hook`,
        headers: {},
        events: ['journey.purge'],
      });
    expect([created.status, created.body.error]).toEqual([201, undefined]);

    const doc = await publish('Purged');
    const key = `journey-d-${doc.documentId}`;
    const banned = await purgeTarget.next((r) =>
      String(r.headers['x-purge-keys']).split(' ').includes(key)
    );
    expect(banned.method).toBe('PURGE');
    // The stage it joined: responses that list that stage may now hold it.
    const stage = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'consideration' } })) as { id: number };
    expect(String(banned.headers['x-purge-keys']).split(' ')).toContain(`journey-s${stage.id}`);
    const delivered = await hook.next((r) => r.body.includes(key));
    expect(delivered.headers['x-strapi-event']).toBe('journey.purge');
    const body = JSON.parse(delivered.body) as { event: string; keys: string[] };
    expect(body.event).toBe('journey.purge');
    expect(body.keys).toContain(key);
  });

  test('a settings change purges the settings key', async () => {
    purgeTarget.received.length = 0;
    const stage = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'usage' } })) as { documentId: string };
    await app.strapi.documents('plugin::journey.stage' as never).update({
      documentId: stage.documentId,
      data: { name: 'Using it' },
    } as never);
    const banned = await purgeTarget.next((r) =>
      String(r.headers['x-purge-keys']).split(' ').includes('journey-settings')
    );
    expect(banned.method).toBe('PURGE');
  });
});

describe('what moves the stamp (issue 22)', () => {
  const INTENT = '/api/journey/intent?q=zorblax&locale=en';
  const CLASSIFIED = '/api/journey/content?journey=customer&q=zorblax&pageSize=5';

  test('a site term added: the next intent answer is a miss with the new class, a new ETag, a purge', async () => {
    const token = await adminToken(app.strapi);
    const first = await api().get(INTENT);
    expect(first.status).toBe(200);
    expect(first.body.data.intent).not.toBe('transactional');
    expect((await api().get(INTENT)).headers['x-journey-cache']).toBe('hit');
    const content = await api().get(CLASSIFIED);
    expect(content.status).toBe(200);
    purgeTarget.received.length = 0;

    const added = await api()
      .post('/journey/site-terms')
      .set('Authorization', `Bearer ${token}`)
      .send({ term: 'zorblax', language: 'en', intent: 'transactional' });
    expect(added.status).toBe(200);

    const after = await api().get(INTENT).set('If-None-Match', first.headers.etag);
    expect(after.status).toBe(200);
    expect(after.headers['x-journey-cache']).toBe('miss');
    expect(after.headers.etag).not.toBe(first.headers.etag);
    expect(after.body.data.intent).toBe('transactional');
    expect((await api().get(INTENT)).headers['x-journey-cache']).toBe('hit');
    const contentAfter = await api().get(CLASSIFIED).set('If-None-Match', content.headers.etag);
    expect(contentAfter.status).toBe(200);
    expect(contentAfter.headers.etag).not.toBe(content.headers.etag);
    const purged = await purgeTarget.next((r) =>
      String(r.headers['x-purge-keys']).split(' ').includes('journey-settings')
    );
    expect(purged.method).toBe('PURGE');

    // Removing it moves the stamp back to an answer without the term.
    const id = added.body.data.id as number;
    const removed = await api()
      .delete(`/journey/site-terms/${id}`)
      .set('Authorization', `Bearer ${token}`);
    expect(removed.status).toBe(200);
    const again = await api().get(INTENT).set('If-None-Match', after.headers.etag);
    expect(again.status).toBe(200);
    expect(again.body.data.intent).not.toBe('transactional');
  });

  test('an API token’s first use changes no public ETag and keeps the cache; its type does move its own', async () => {
    const tokens = app.strapi.service('admin::api-token');
    const created = await tokens.create({
      name: 'first use',
      type: 'read-only',
      lifespan: null,
    });
    // Creating a token may move the stamp: what follows is measured from here.
    const before = await api().get(CONTENT);
    expect((await api().get(CONTENT)).headers['x-journey-cache']).toBe('hit');

    const used = await api().get(CONTENT).set('Authorization', `Bearer ${created.accessKey}`);
    expect(used.status).toBe(200);
    const stored = await app.strapi.db
      .query('admin::api-token')
      .findOne({ where: { id: created.id } });
    expect(stored.lastUsedAt).toBeTruthy();
    // Strapi's hourly stamp of the same column, written the way Strapi writes it.
    await app.strapi.db
      .query('admin::api-token')
      .update({ where: { id: created.id }, data: { lastUsedAt: new Date() } });

    const revalidated = await api().get(CONTENT).set('If-None-Match', before.headers.etag);
    expect(revalidated.status).toBe(304);
    const hit = await api().get(CONTENT);
    expect(hit.headers['x-journey-cache']).toBe('hit');
    expect(hit.headers.etag).toBe(before.headers.etag);

    // A change of what the token may read does change its answers' validators.
    await tokens.update(created.id, { type: 'full-access' });
    const usedAgain = await api()
      .get(CONTENT)
      .set('Authorization', `Bearer ${created.accessKey}`)
      .set('If-None-Match', used.headers.etag);
    expect(usedAgain.status).toBe(200);
    expect(usedAgain.headers.etag).not.toBe(used.headers.etag);
    await tokens.revoke(created.id);
  });
});

describe('what the cache keeps is bounded (issue 22)', () => {
  test('a stage named twice is a 400 naming the parameter', async () => {
    const res = await api().get(
      '/api/journey/content?journey=customer&stage=consideration,awareness,consideration'
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.parameter).toBe('stage');
    expect(res.body.error.message).toContain('at most once');
    expect(res.headers.etag).toBeUndefined();
  });

  test('a query string over 4096 characters is a 400 naming it and the limit', async () => {
    const res = await api().get(
      `/api/journey/content?journey=customer&pageSize=5&sort=${'t'.repeat(4100)}`
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details.parameter).toBe('query string');
    expect(res.body.error.message).toContain('at most 4096 characters');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  /** A full collection: jest runs tests in a vm context, where --expose-gc's `gc` is not seen. */
  const collect = () => {
    const own = (globalThis as { gc?: () => void }).gc;
    if (own) return own();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('v8').setFlagsFromString('--expose-gc');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('vm').runInNewContext('gc') as () => void)();
  };
  const heapAfterGc = async () => {
    statements = [];
    await new Promise((resolve) => setImmediate(resolve));
    collect();
    collect();
    return process.memoryUsage().heapUsed;
  };
  const sendAll = async (urls: string[], concurrency = 16) => {
    const statuses = new Map<number, number>();
    for (let i = 0; i < urls.length; i += concurrency) {
      const answers = await Promise.all(urls.slice(i, i + concurrency).map((u) => api().get(u)));
      for (const res of answers) statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
    }
    // This file's own record of SQL (10,000 requests' worth) is no part of the cache.
    statements = [];
    return Object.fromEntries(statuses);
  };

  const MAX_BYTES = 2 * 1024 * 1024;
  /** Strapi's own allocations over 10,000 requests that a collection leaves (measured ~1 MB). */
  const SLACK = 4 * 1024 * 1024;
  const maxBytesKey = 'plugin::journey.http.responseCache.maxBytes';

  /**
   * What the cache keeps lives in this process, whatever the database, and 10,000 requests take
   * 1.5–3 minutes here: measured once, on SQLite, rather than three times.
   */
  const inProcess = currentDatabase() === 'sqlite' ? test : test.skip;

  beforeAll(() => app.strapi.config.set(maxBytesKey, MAX_BYTES));
  afterAll(() => app.strapi.config.set(maxBytesKey, 16 * 1024 * 1024));

  inProcess(
    '10,000 distinct 10 kB URLs (a stage named hundreds of times) leave the heap within the bound',
    async () => {
      const stage = `consideration,${'consideration,'.repeat(710)}consideration`;
      const urls = Array.from(
        { length: 10_000 },
        (_, i) =>
          `/api/journey/content?journey=customer&pageSize=${(i % 100) + 1}&stage=${stage}&start=${i}`
      );
      expect(urls[0].length).toBeGreaterThan(10_000);
      const before = await heapAfterGc();
      const statuses = await sendAll(urls);
      const grown = (await heapAfterGc()) - before;
      expect(grown).toBeLessThan(MAX_BYTES + SLACK);
      expect(statuses).toEqual({ 400: 10_000 });
      expect(httpCache().keptBytes()).toBeLessThanOrEqual(MAX_BYTES);
    },
    600_000
  );

  inProcess(
    '10,000 distinct valid long URLs, all answered, keep keys and index within the bound',
    async () => {
      // 95 emoji: a q of 190 UTF-16 units, 1,140 characters percent-encoded.
      const tail = encodeURIComponent('😀'.repeat(95));
      const urls = Array.from(
        { length: 10_000 },
        (_, i) => `/api/journey/intent?locale=en&q=z${i.toString(36)}${tail}`
      );
      const before = await heapAfterGc();
      const statuses = await sendAll(urls);
      const grown = (await heapAfterGc()) - before;
      expect(grown).toBeLessThan(MAX_BYTES + SLACK);
      expect(statuses).toEqual({ 200: 10_000 });
      expect(httpCache().keptBytes()).toBeLessThanOrEqual(MAX_BYTES);
      expect(httpCache().keptBytes()).toBeGreaterThan(MAX_BYTES / 2);
      // Still a cache: the latest URL is answered from it.
      expect((await api().get(urls[urls.length - 1])).headers['x-journey-cache']).toBe('hit');
    },
    600_000
  );
});

// Last: a Strapi that fails to boot in this process leaves the app above answering 401.
describe('config', () => {
  test.each([
    [{ http: { responseCache: { maxBytes: 'lots' } } }, 'http.responseCache.maxBytes'],
    [
      { http: { purge: [{ url: 'ftp://x', method: 'BAN', header: 'X-Keys' }] } },
      'http.purge[0].url',
    ],
    [{ settingsCache: { ttlMs: -1 } }, 'settingsCache.ttlMs'],
  ])('%j stops Strapi at boot naming %s', async (pluginConfig, key) => {
    const error = await bootError({ pluginConfig });
    expect(error.message).toContain('Invalid config for plugin "journey"');
    expect(error.message).toContain(key);
  });
});
