import { execFile } from 'child_process';
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import {
  createJourneyClient,
  createJourneyTracker,
  JourneyApiError,
  type ContentResponse,
  type JourneyClient,
} from '../../client/src';
import { useApp } from '../helpers/suite';

/**
 * The client against a real Strapi app listening on a port, over real HTTP with the global fetch:
 * the same path a frontend takes. Only the ETag path runs against a small node:http server, since
 * no route of the plugin sends ETags yet.
 */
const app = useApp({ pluginConfig: { contentTypes: ['api::page.page'] } });
let baseUrl: string;
let client: JourneyClient;

const REPO = path.resolve(__dirname, '../..');
const titles = (r: { data: Array<Record<string, unknown>> }) => r.data.map((d) => d.title);

/** The same request without the client, to compare bodies with. */
const raw = async (pathAndQuery: string) => {
  const res = await fetch(`${baseUrl}${pathAndQuery}`);
  return { status: res.status, body: await res.json() };
};

const rejection = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
};

beforeAll(async () => {
  const stages = await stageIds(app.strapi);
  for (let i = 1; i <= 23; i += 1) {
    await createTagged(app.strapi, ARTICLE, stages, {
      title: `Compare shoes ${String(i).padStart(2, '0')}`,
      stages: ['consideration'],
      intent: 'commercial',
      status: 'published',
    });
  }
  await createTagged(app.strapi, ARTICLE, stages, {
    title: 'What is pronation',
    stages: ['awareness'],
    intent: 'informational',
    status: 'published',
  });
  await createTagged(app.strapi, ARTICLE, stages, {
    title: 'Bästa löparskorna 2026',
    stages: ['consideration'],
    intent: 'commercial',
    status: 'published',
    locale: 'sv',
  });
  await createTagged(app.strapi, ARTICLE, stages, {
    title: 'Draft only',
    stages: ['consideration'],
    intent: 'commercial',
  });
  const server = app.strapi.server.httpServer;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  client = createJourneyClient({ baseUrl: `${baseUrl}/` });
});

describe('the client against a running app', () => {
  test('a route the public role may not use is a JourneyApiError with the status', async () => {
    const error = await rejection(client.journeys());
    expect(error).toBeInstanceOf(JourneyApiError);
    expect(error).toMatchObject({ status: 403, errorName: 'ForbiddenError' });
  });

  test('sends the API token as a bearer token', async () => {
    const tokens = app.strapi.service('admin::api-token');
    const readOnly = await tokens.create({ name: 'client-ro', type: 'read-only', lifespan: null });
    const withToken = createJourneyClient({ baseUrl, token: readOnly.accessKey });
    const journeys = await withToken.journeys({ locale: 'sv' });
    expect(journeys.data.map((j) => j.key)).toEqual(['customer']);
    expect(journeys.data[0].stages.map((s) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    expect(journeys.data[0].stages[0].name).toBe('Medvetenhet');
    expect(journeys.meta.intents.map((i) => i.key)).toContain('commercial');
    const content = await withToken.content({ stage: 'consideration', pageSize: 1 });
    expect(content.meta.pagination.total).toBe(23);
    // The same client without the token is the public role again.
    expect(await rejection(client.content())).toMatchObject({ status: 403 });

    await grantPublic(app.strapi, [
      'plugin::journey.journey.find',
      'plugin::journey.stage.find',
      'plugin::journey.content.find',
      'plugin::journey.next.find',
      'plugin::journey.intent.find',
      'api::article.article.find',
    ]);
  });

  test('journeys and stages answer what the routes answer', async () => {
    expect(await client.journeys({ locale: 'nb' })).toEqual(
      (await raw('/api/journey/journeys?locale=nb')).body
    );
    const stages = await client.stages({ journey: 'customer', locale: 'sv' });
    expect(stages).toEqual((await raw('/api/journey/stages?journey=customer&locale=sv')).body);
    expect(stages.data[1]).toMatchObject({ key: 'consideration', journey: 'customer' });
  });

  test('content: lists become comma lists, the body is the route’s own', async () => {
    const res = await client.content({
      stage: ['awareness', 'consideration'],
      intent: ['informational', 'commercial'],
      locale: 'en',
      sort: 'title:asc',
      pageSize: 3,
      page: 2,
    });
    expect(res).toEqual(
      (
        await raw(
          '/api/journey/content?stage=awareness,consideration&intent=informational,commercial&locale=en&sort=title:asc&pageSize=3&page=2'
        )
      ).body
    );
    expect(titles(res)).toEqual(['Compare shoes 04', 'Compare shoes 05', 'Compare shoes 06']);
    expect(res.meta).toMatchObject({
      stage: ['awareness', 'consideration'],
      intent: ['informational', 'commercial'],
      pagination: { page: 2, pageSize: 3, pageCount: 8, total: 24 },
    });
    expect(res.data[0]).toMatchObject({ contentType: ARTICLE, searchIntent: 'commercial' });
    // Typed: pages are journey-aware but the public role may not find them.
    const omitted: ContentResponse['meta']['omitted'] = res.meta.omitted;
    expect(omitted).toEqual([{ reason: 'no find permission', count: 1 }]);
  });

  test('fields use Strapi’s syntax', async () => {
    const res = await client.content({ fields: ['title'], pageSize: 1, sort: 'title:asc' });
    expect(res.data[0].title).toBe('Compare shoes 01');
    expect(res.data[0]).not.toHaveProperty('summary');
  });

  test('contentPages walks every page once, in order, by cursor after the first', async () => {
    const seen: string[] = [];
    const pages: number[] = [];
    const urls: string[] = [];
    const recording = createJourneyClient({
      baseUrl,
      fetch: (input, init) => {
        urls.push(String(input));
        return fetch(input, init);
      },
    });
    for await (const page of recording.contentPages({
      stage: 'consideration',
      sort: 'title:asc',
      pageSize: 5,
    })) {
      pages.push((page.meta.pagination as { page: number }).page);
      seen.push(...page.data.map((d) => d.documentId));
    }
    expect(pages).toEqual([1, 2, 3, 4, 5]);
    expect(urls).toHaveLength(5);
    expect(urls[0]).not.toContain('cursor=');
    for (const url of urls.slice(1)) {
      expect(new URL(url).searchParams.get('cursor')).toEqual(expect.any(String));
      expect(new URL(url).searchParams.get('page')).toBeNull();
    }
    expect(seen).toHaveLength(23);
    expect(new Set(seen).size).toBe(23);
    const all = await client.content({ stage: 'consideration', sort: 'title:asc', pageSize: 100 });
    expect(seen).toEqual(all.data.map((d) => d.documentId));
    // An empty result is one page with nothing in it, not an endless loop.
    const empty: ContentResponse[] = [];
    for await (const page of client.contentPages({ stage: 'loyalty' })) empty.push(page);
    expect(empty).toHaveLength(1);
    expect(empty[0].data).toEqual([]);
  });

  test('next: content from a later stage with the reason', async () => {
    const res = await client.next({ stage: 'awareness', limit: 2 });
    expect(res.meta.servedStage).toEqual({ key: 'consideration', reason: 'next' });
    expect(res.data).toHaveLength(2);
    expect(res).toEqual((await raw('/api/journey/next?stage=awareness&limit=2')).body);
  });

  test('intent, and content for a search query', async () => {
    const intent = await client.intent({ q: 'bästa löparskor' });
    expect(intent.data).toMatchObject({
      query: 'bästa löparskor',
      intent: 'commercial',
      language: 'sv',
      stage: 'consideration',
    });
    expect(intent.data.matches.map((m) => m.intent)).toContain('commercial');
    const content = await client.content({ q: 'bästa löparskor', locale: 'sv' });
    expect(titles(content)).toEqual(['Bästa löparskorna 2026']);
    expect(content.meta.classification).toMatchObject({ intent: 'commercial', fallback: false });
  });

  test.each([
    [{ stage: 'nirvana' }, 'stage', 'nirvana', ['awareness', 'consideration']],
    [{ intent: 'curious' }, 'intent', 'curious', ['informational', 'local']],
    [{ pageSize: 1000 }, 'pageSize', '1000', 'an integer from 1 to 100'],
    [{ sort: 'price:asc' }, 'sort', 'price:asc', ['title:asc']],
    [{ stages: 'awareness' }, 'query parameter', 'stages', ['stage', 'q']],
  ])('a 400 carries the parameter and the valid values: %j', async (params, name, value, valid) => {
    const error = (await rejection(client.get('/api/journey/content', params))) as JourneyApiError;
    expect(error).toBeInstanceOf(JourneyApiError);
    expect(error).toMatchObject({ status: 400, errorName: 'ValidationError', parameter: name });
    expect(error.value).toBe(value);
    if (typeof valid === 'string') expect(error.valid).toBe(valid);
    else expect(error.valid).toEqual(expect.arrayContaining(valid));
    expect(error.message).toContain(`Invalid ${name}`);
  });

  test('next without a stage, and intent without q, are 400s naming them', async () => {
    const next = await rejection(client.next({} as never));
    expect(next).toMatchObject({ status: 400, parameter: 'stage' });
    const intent = await rejection(client.intent({ q: ' ' }));
    expect(intent).toMatchObject({ status: 400, parameter: 'q' });
  });

  test('an AbortSignal aborts the request', async () => {
    const before = new AbortController();
    before.abort();
    expect(await rejection(client.content({}, { signal: before.signal }))).toMatchObject({
      name: 'AbortError',
    });
    // Aborting between pages stops the iterator with the abort.
    const during = new AbortController();
    const pages: number[] = [];
    const walk = async () => {
      for await (const page of client.contentPages({ pageSize: 5 }, { signal: during.signal })) {
        pages.push(page.data.length);
        during.abort();
      }
    };
    expect(await rejection(walk())).toMatchObject({ name: 'AbortError' });
    expect(pages).toEqual([5]);
  });

  test('the built ESM and CJS files work as they are published', async () => {
    const esm = path.join(REPO, 'dist/client/esm/client/src/index.js');
    const cjs = path.join(REPO, 'dist/client/cjs/client/src/index.js');
    expect(fs.existsSync(esm) && fs.existsSync(cjs)).toBe(true);
    // No import of anything at run time (Node built-ins or packages): the types are erased. The
    // client's own modules (./tracker.js) are the one exception, in both builds.
    const trackers = [esm, cjs].map((file) => path.join(path.dirname(file), 'tracker.js'));
    for (const file of [esm, cjs, ...trackers]) {
      expect(fs.readFileSync(file, 'utf8')).not.toMatch(/\bimport\s*[{(*'"\w]|require\((?!"\.\/)/);
    }
    expect(fs.readFileSync(cjs, 'utf8')).toContain('require("./tracker.js")');
    const script = (loader: string) => `
      ${loader}
      createJourneyClient({ baseUrl: ${JSON.stringify(baseUrl)} })
        .next({ stage: 'awareness', limit: 1 })
        .then((r) => console.log(r.meta.servedStage.reason), (e) => { console.error(e); process.exit(1); });`;
    // Asynchronously: the app answering the child runs in this process.
    const run = (args: string[]) =>
      new Promise<{ stdout: string; stderr: string }>((resolve) => {
        execFile(process.execPath, args, { timeout: 60000 }, (_error, stdout, stderr) =>
          resolve({ stdout, stderr })
        );
      });
    const fromEsm = await run([
      '--input-type=module',
      '-e',
      script(`import { createJourneyClient } from ${JSON.stringify(esm)};`),
    ]);
    expect(fromEsm.stderr).toBe('');
    expect(fromEsm.stdout.trim()).toBe('next');
    const fromCjs = await run([
      '-e',
      script(`const { createJourneyClient } = require(${JSON.stringify(cjs)});`),
    ]);
    expect(fromCjs.stderr).toBe('');
    expect(fromCjs.stdout.trim()).toBe('next');
  });
});

describe('ETag and 304, against a node:http server that sends them', () => {
  test('keeps the last body per URL, revalidates with If-None-Match, uses it on 304', async () => {
    const seen: Array<{ url: string; ifNoneMatch?: string; auth?: string }> = [];
    let version = 1;
    const server = http.createServer((req, res) => {
      seen.push({
        url: req.url ?? '',
        ifNoneMatch: req.headers['if-none-match'],
        auth: req.headers.authorization,
      });
      const etag = `"v${version}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { ETag: etag });
        res.end();
        return;
      }
      res.writeHead(200, { 'Content-Type': 'application/json', ETag: etag });
      res.end(JSON.stringify({ data: [{ key: `journey-v${version}` }], meta: { url: req.url } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const etags = createJourneyClient({ baseUrl: url, token: 'secret' });
      const first = await etags.journeys({ locale: 'sv' });
      const second = await etags.journeys({ locale: 'sv' });
      expect(second).toEqual(first);
      expect(first.data[0]).toEqual({ key: 'journey-v1' });
      // Another URL has its own entry.
      await etags.journeys({ locale: 'nb' });
      version = 2;
      const third = await etags.journeys({ locale: 'sv' });
      expect(third.data[0]).toEqual({ key: 'journey-v2' });
      expect(seen.map((s) => [s.url, s.ifNoneMatch ?? null])).toEqual([
        ['/api/journey/journeys?locale=sv', null],
        ['/api/journey/journeys?locale=sv', '"v1"'],
        ['/api/journey/journeys?locale=nb', null],
        ['/api/journey/journeys?locale=sv', '"v1"'],
      ]);
      expect(seen.every((s) => s.auth === 'Bearer secret')).toBe(true);

      // Turned off, nothing is kept and nothing is revalidated.
      seen.length = 0;
      const plain = createJourneyClient({ baseUrl: url, etagCache: false });
      await plain.journeys();
      await plain.journeys();
      expect(seen.map((s) => s.ifNoneMatch ?? null)).toEqual([null, null]);
      expect(seen.map((s) => s.auth ?? null)).toEqual([null, null]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

/**
 * The tracker against the same app: the collector (POST /api/journey/events) takes its views by
 * fetch with the Journey-State round trip, and the page-hide batch as the text/plain Blob that
 * navigator.sendBeacon would post; the counts land in the rollups.
 */
describe('the tracker against a running app', () => {
  const UA =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  // A browser's User-Agent: the collector does not count HTTP libraries.
  const browserFetch = (url: string, init?: RequestInit) =>
    fetch(url, { ...init, headers: { ...(init?.headers as object), 'User-Agent': UA } });

  test('views, a next-step click, an answer and a goal are counted, by fetch and by beacon', async () => {
    await grantPublic(app.strapi, ['plugin::journey.events.collect']);
    await app.strapi.db
      .query('plugin::journey.journey')
      .updateMany({ where: { key: 'customer' }, data: { goals: ['signup'] } });
    const stages = await stageIds(app.strapi);
    const from = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Tracked awareness',
      stages: ['awareness'],
      status: 'published',
    });
    const to = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Tracked consideration',
      stages: ['consideration'],
      status: 'published',
    });

    const items = new Map<string, string>();
    const beacons: Array<Promise<Response>> = [];
    const errors: unknown[] = [];
    const win = new EventTarget();
    const track = createJourneyTracker({
      baseUrl,
      fetch: browserFetch,
      storage: { getItem: (k) => items.get(k) ?? null, setItem: (k, v) => void items.set(k, v) },
      window: win,
      document: null,
      navigator: {
        // What the browser does with the Blob: a POST whose Content-Type is the Blob's type.
        sendBeacon: (url, data) => {
          beacons.push(browserFetch(url, { method: 'POST', body: data as Blob }));
          return true;
        },
      },
      onError: (error) => errors.push(error),
    });

    await track.view({ documentId: from.documentId, contentType: ARTICLE });
    const firstState = items.get('journey:state');
    expect(firstState).toBeTruthy();
    track.click(to.documentId);
    await track.view(to.documentId);
    expect(items.get('journey:state')).not.toBe(firstState);
    track.helpful(to.documentId, true);
    track.goal('signup');
    win.dispatchEvent(new Event('pagehide'));
    expect(beacons).toHaveLength(1);
    const beacon = await beacons[0];
    expect(beacon.status).toBe(204);
    expect(errors).toEqual([]);

    await app.strapi.plugin('journey').service('analytics-ingest').flush();
    const sum = async (uid: string, where: Record<string, unknown>, columns: string[]) => {
      const rows = (await app.strapi.db.query(uid as never).findMany({ where })) as Array<
        Record<string, number>
      >;
      return Object.fromEntries(
        columns.map((c) => [c, rows.reduce((total, row) => total + Number(row[c]), 0)])
      );
    };
    const COUNTERS = ['views', 'entries', 'exits', 'progressions', 'nextClicks', 'helpfulYes'];
    const STAGE_DAY = 'plugin::journey.analytics-stage-day';
    expect(await sum(STAGE_DAY, { stageDocumentId: stages.awareness }, COUNTERS)).toEqual({
      views: 1,
      entries: 1,
      exits: 0,
      progressions: 1,
      nextClicks: 1,
      helpfulYes: 0,
    });
    expect(await sum(STAGE_DAY, { stageDocumentId: stages.consideration }, COUNTERS)).toEqual({
      views: 1,
      entries: 0,
      exits: 1,
      progressions: 0,
      nextClicks: 0,
      helpfulYes: 1,
    });
    const goalDay = 'plugin::journey.analytics-goal-day';
    const conversions = ['conversions'];
    expect(
      await sum(
        goalDay,
        { goal: 'signup', attribution: 'furthest', stageDocumentId: stages.consideration },
        conversions
      )
    ).toEqual({ conversions: 1 });
    expect(
      await sum(
        goalDay,
        { goal: 'signup', attribution: 'first', stageDocumentId: stages.awareness },
        conversions
      )
    ).toEqual({ conversions: 1 });
  });
});
