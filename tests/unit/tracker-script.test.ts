import fs from 'fs';
import path from 'path';
import vm from 'vm';
import { etagMatches, scriptEtag } from '../../server/src/domain/tracker-script';

/**
 * The beacon script (GET /api/journey/tracker.js) run in a fake window: a document with the
 * script's own tag and a few marked elements, a recording fetch and sendBeacon, a Map for
 * sessionStorage and timers the test fires itself. What it sends is read back as batches.
 */
const SOURCE = fs.readFileSync(path.resolve(__dirname, '../../client/beacon/tracker.js'), 'utf8');
const SRC = 'https://cms.example.com/api/journey/tracker.js';
const EVENTS_URL = 'https://cms.example.com/api/journey/events';

type Batch = { session: string; state?: string; events: Array<Record<string, unknown>> };
type Sent = { via: 'fetch' | 'beacon'; url: string; batch: Batch; type?: string };

const camel = (name: string) => name.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

/** An element with data-* attributes, a tag name and a parent: enough for closest(). */
class FakeElement {
  dataset: Record<string, string> = {};
  constructor(
    public tagName: string,
    attrs: Record<string, string> = {},
    public parent: FakeElement | null = null
  ) {
    for (const [name, value] of Object.entries(attrs)) {
      this.dataset[camel(name.replace(/^data-/, ''))] = value;
    }
  }
  /** Selectors of the form `tag[data-attr]` or `[data-attr]`, as the script uses them. */
  closest(selector: string): FakeElement | null {
    const [, tag, attr] = selector.match(/^(\w*)\[([\w-]+)\]$/) ?? [];
    const tagMatches = !tag || this.tagName === tag.toUpperCase();
    if (tagMatches && camel(attr.replace(/^data-/, '')) in this.dataset) return this;
    return this.parent ? this.parent.closest(selector) : null;
  }
}

const run = (
  options: {
    script?: Record<string, string>;
    navigator?: Record<string, unknown>;
    storage?: 'map' | 'throws';
    status?: number;
  } = {}
) => {
  const sent: Sent[] = [];
  const reading: Array<Promise<void>> = [];
  const listeners: Record<string, Array<(event: unknown) => void>> = {};
  const on = (type: string, fn: (event: unknown) => void) => {
    (listeners[type] ??= []).push(fn);
  };
  const timers: Array<() => void> = [];
  const items = new Map<string, string>();
  let answers = 0;
  const storage =
    options.storage === 'throws'
      ? {
          getItem: () => {
            throw new Error('SecurityError');
          },
          setItem: () => {
            throw new Error('SecurityError');
          },
        }
      : {
          getItem: (k: string) => items.get(k) ?? null,
          setItem: (k: string, v: string) => void items.set(k, v),
        };
  const document = {
    currentScript: new FakeElement('SCRIPT', options.script ?? {}),
    visibilityState: 'visible',
    querySelector: () => null,
    addEventListener: on,
  };
  (document.currentScript as unknown as { src: string }).src = SRC;
  const window: Record<string, unknown> = {
    addEventListener: on,
    crypto: globalThis.crypto,
    fetch: async (url: string, init: RequestInit) => {
      sent.push({ via: 'fetch', url, batch: JSON.parse(String(init.body)) });
      answers += 1;
      return new Response(null, {
        status: options.status ?? 204,
        headers: { 'Journey-State': `state-${answers}` },
      });
    },
  };
  const navigator = {
    doNotTrack: null,
    sendBeacon: (url: string, blob: Blob) => {
      reading.push(
        blob.text().then((text) => {
          sent.push({ via: 'beacon', url, batch: JSON.parse(text), type: blob.type });
        })
      );
      return true;
    },
    ...options.navigator,
  };
  const context = vm.createContext({
    window,
    document,
    navigator,
    sessionStorage: storage,
    setTimeout: (fn: () => void) => timers.push(fn),
    clearTimeout: () => timers.splice(0),
    Blob,
  });
  vm.runInContext(SOURCE, context);

  /** Lets the fetch chain and the Blob reads settle. */
  const settle = async () => {
    for (let i = 0; i < 5; i += 1) await new Promise((resolve) => setImmediate(resolve));
    await Promise.all(reading);
  };
  return {
    sent,
    items,
    settle,
    journey: window.journey as Record<string, (...args: unknown[]) => unknown> & {
      enabled: boolean;
    },
    fire: (type: string, event: Record<string, unknown> = {}) =>
      (listeners[type] ?? []).forEach((fn) => fn(event)),
    /** The one-second flush timer, fired now. */
    tick: () => timers.splice(0).forEach((fn) => fn()),
    setHidden: () => {
      document.visibilityState = 'hidden';
    },
  };
};

const PAGE = { document: 'doc1', type: 'api::article.article', locale: 'en' };

describe('tracker.js', () => {
  test('sends the page view at once, to the app the script came from, and keeps the state', async () => {
    const page = run({ script: PAGE });
    await page.settle();
    expect(page.sent).toEqual([
      {
        via: 'fetch',
        url: EVENTS_URL,
        batch: {
          session: page.items.get('journey:session'),
          events: [
            { type: 'view', documentId: 'doc1', contentType: 'api::article.article', locale: 'en' },
          ],
        },
      },
    ]);
    expect(page.items.get('journey:session')).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(page.items.get('journey:state')).toBe('state-1');
  });

  test('next-step links, helpful buttons and goal elements send their events in one batch', async () => {
    const page = run({ script: PAGE });
    await page.settle();
    const card = new FakeElement('A', {
      'data-journey-next': 'doc2',
      'data-journey-type': 'api::guide.guide',
    });
    const inner = new FakeElement('SPAN', {}, card);
    const yes = new FakeElement('BUTTON', { 'data-journey-helpful': 'yes' });
    const no = new FakeElement('BUTTON', {
      'data-journey-helpful': 'no',
      'data-journey-document': 'doc9',
    });
    const signup = new FakeElement('BUTTON', { 'data-journey-goal': 'signup' });
    const form = new FakeElement('FORM', { 'data-journey-goal': 'purchase' });
    const submitButton = new FakeElement('BUTTON', {}, form);
    page.fire('click', { target: inner });
    page.fire('click', { target: yes });
    page.fire('click', { target: no });
    page.fire('click', { target: signup });
    page.fire('click', { target: submitButton }); // a form's goal counts on submit, not on click
    page.fire('submit', { target: form });
    page.fire('click', { target: new FakeElement('P') });
    (page.journey.goal as (name: string) => void)('newsletter');
    expect(page.sent).toHaveLength(1);
    page.tick();
    await page.settle();
    expect(page.sent[1]).toEqual({
      via: 'fetch',
      url: EVENTS_URL,
      batch: {
        session: page.items.get('journey:session'),
        state: 'state-1',
        events: [
          { type: 'click', documentId: 'doc2', contentType: 'api::guide.guide' },
          {
            type: 'helpful',
            documentId: 'doc1',
            contentType: 'api::article.article',
            locale: 'en',
            helpful: true,
          },
          { type: 'helpful', documentId: 'doc9', helpful: false },
          { type: 'goal', goal: 'signup' },
          { type: 'goal', goal: 'purchase' },
          { type: 'goal', goal: 'newsletter' },
        ],
      },
    });
    expect(page.items.get('journey:state')).toBe('state-2');
  });

  test('leaving the page sends the queue by sendBeacon as text/plain', async () => {
    const page = run({ script: PAGE });
    await page.settle();
    page.fire('click', { target: new FakeElement('A', { 'data-journey-next': 'doc2' }) });
    page.fire('pagehide');
    await page.settle();
    expect(page.sent[1]).toEqual({
      via: 'beacon',
      url: EVENTS_URL,
      type: 'text/plain;charset=utf-8',
      batch: {
        session: page.items.get('journey:session'),
        state: 'state-1',
        events: [{ type: 'click', documentId: 'doc2' }],
      },
    });
    // Hidden, with nothing queued: nothing more.
    page.setHidden();
    page.fire('visibilitychange');
    page.tick();
    await page.settle();
    expect(page.sent).toHaveLength(2);
  });

  test('without data-document no view is sent; the page can still send goals', async () => {
    const page = run();
    (page.journey.goal as (name: string) => void)('signup');
    page.setHidden();
    page.fire('visibilitychange');
    await page.settle();
    expect(page.sent.map((s) => [s.via, s.batch.events])).toEqual([
      ['beacon', [{ type: 'goal', goal: 'signup' }]],
    ]);
  });

  test.each([
    ['Do Not Track', { doNotTrack: '1' }],
    ['Global Privacy Control', { globalPrivacyControl: true }],
  ])('%s: nothing is stored and nothing is sent', async (_name, navigator) => {
    const page = run({ script: PAGE, navigator });
    expect(page.journey.enabled).toBe(false);
    page.fire('click', { target: new FakeElement('A', { 'data-journey-next': 'doc2' }) });
    (page.journey.goal as (name: string) => void)('signup');
    (page.journey.helpful as (yes: boolean) => void)(true);
    page.tick();
    page.fire('pagehide');
    await page.settle();
    expect(page.sent).toEqual([]);
    expect([...page.items.keys()]).toEqual([]);
  });

  test('where sessionStorage throws the session lives in page memory', async () => {
    const page = run({ script: PAGE, storage: 'throws' });
    await page.settle();
    (page.journey.view as (id: string) => void)('doc2');
    await page.settle();
    expect(page.sent).toHaveLength(2);
    expect(page.sent[0].batch.session).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(page.sent[1].batch).toEqual({
      session: page.sent[0].batch.session,
      state: 'state-1',
      events: [{ type: 'view', documentId: 'doc2' }],
    });
  });

  test('a 404 (collection off on the app) stops sending for the page', async () => {
    const page = run({ script: PAGE, status: 404 });
    await page.settle();
    (page.journey.goal as (name: string) => void)('signup');
    page.tick();
    page.fire('pagehide');
    await page.settle();
    expect(page.sent).toHaveLength(1);
  });

  test('stays a few kB', () => {
    expect(Buffer.byteLength(SOURCE)).toBeLessThan(10 * 1024);
  });
});

describe('tracker.js caching', () => {
  test('the ETag follows the text; If-None-Match matches it, weak, in a list or as *', () => {
    const etag = scriptEtag(SOURCE);
    expect(etag).toMatch(/^"[\w-]{27}"$/);
    expect(scriptEtag(`${SOURCE} `)).not.toBe(etag);
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`"x", W/${etag}`, etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"other"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
  });
});
