import {
  createJourneyTracker,
  type JourneyEventBatch,
  type JourneyTrackerOptions,
  type TrackerStorage,
} from '../../client/src';
import { SESSION_KEY, STATE_KEY } from '../../client/src/tracker';

/**
 * The tracker with every browser global injected: a recording fetch that answers like the events
 * route (204 with a new Journey-State), a sessionStorage over a Map, a navigator whose
 * sendBeacon records its Blobs, and EventTargets standing in for window and document.
 */
type Sent = { via: 'fetch' | 'beacon'; url: string; batch: JourneyEventBatch; type?: string };

const setup = (overrides: Partial<JourneyTrackerOptions> & { status?: number } = {}) => {
  const sent: Sent[] = [];
  const pending: Array<Promise<void>> = [];
  let answer = 0;
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    sent.push({ via: 'fetch', url, batch: JSON.parse(String(init?.body)) });
    answer += 1;
    return new Response(null, {
      status: overrides.status ?? 204,
      headers: { 'Journey-State': `state-${answer}` },
    });
  });
  const items = new Map<string, string>();
  const storage: TrackerStorage = {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
  };
  const sendBeacon = jest.fn((url: string, data?: Blob | string | null) => {
    const blob = data as Blob;
    pending.push(
      blob.text().then((text) => {
        sent.push({ via: 'beacon', url, batch: JSON.parse(text), type: blob.type });
      })
    );
    return true;
  });
  const win = new EventTarget();
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' });
  const tracker = createJourneyTracker({
    baseUrl: 'https://cms.example.com/',
    fetch,
    storage,
    navigator: { doNotTrack: null, sendBeacon },
    window: win,
    document: doc,
    ...overrides,
  });
  const beacons = async () => {
    await Promise.all(pending);
    return sent.filter((s) => s.via === 'beacon');
  };
  return { tracker, sent, fetch, sendBeacon, items, win, doc, beacons };
};

afterEach(() => {
  jest.useRealTimers();
});

describe('createJourneyTracker', () => {
  test('a view is sent at once by keepalive fetch; the answer’s state goes back with the next batch', async () => {
    const { tracker, sent, fetch, items } = setup();
    await tracker.view({ documentId: 'doc1', contentType: 'api::article.article', locale: 'sv' });
    expect(fetch).toHaveBeenCalledTimes(1);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe('https://cms.example.com/api/journey/events');
    expect(init).toMatchObject({ method: 'POST', keepalive: true, credentials: 'omit' });
    expect(sent[0].batch).toEqual({
      session: tracker.session,
      events: [
        { type: 'view', documentId: 'doc1', contentType: 'api::article.article', locale: 'sv' },
      ],
    });
    expect(items.get(STATE_KEY)).toBe('state-1');

    await tracker.view('doc2');
    expect(sent[1].batch).toEqual({
      session: tracker.session,
      state: 'state-1',
      events: [{ type: 'view', documentId: 'doc2' }],
    });
    expect(items.get(STATE_KEY)).toBe('state-2');
  });

  test('the session id is random, valid for the server, kept in sessionStorage and reused', async () => {
    const first = setup();
    expect(first.tracker.session).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    expect(first.items.get(SESSION_KEY)).toBe(first.tracker.session);
    expect(setup().tracker.session).not.toBe(first.tracker.session);

    // A second tracker in the same tab (the next page of a multi-page site) is the same session.
    const again = createJourneyTracker({
      baseUrl: 'https://cms.example.com',
      fetch: first.fetch,
      storage: { getItem: (k) => first.items.get(k) ?? null, setItem: () => undefined },
      navigator: {},
      window: null,
      document: null,
    });
    expect(again.session).toBe(first.tracker.session);
  });

  test('clicks, helpful answers and goals wait about a second, then go in one batch', async () => {
    jest.useFakeTimers();
    const { tracker, sent, fetch } = setup();
    tracker.helpful('doc1', true);
    tracker.helpful({ documentId: 'doc1', locale: 'en' }, false);
    tracker.goal('signup');
    expect(fetch).not.toHaveBeenCalled();
    jest.advanceTimersByTime(999);
    expect(fetch).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);
    await tracker.flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sent[0].batch.events).toEqual([
      { type: 'helpful', documentId: 'doc1', helpful: true },
      { type: 'helpful', documentId: 'doc1', locale: 'en', helpful: false },
      { type: 'goal', goal: 'signup' },
    ]);
  });

  test('a queued click goes before the view that follows it, in the same batch', async () => {
    const { tracker, sent, fetch } = setup();
    await tracker.view('page1');
    tracker.click({ documentId: 'page2', contentType: 'api::guide.guide' });
    await tracker.view('page2');
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(sent[1].batch).toEqual({
      session: tracker.session,
      state: 'state-1',
      events: [
        { type: 'click', documentId: 'page2', contentType: 'api::guide.guide' },
        { type: 'view', documentId: 'page2' },
      ],
    });
  });

  test('on pagehide the queue leaves by sendBeacon, as a text/plain Blob (no CORS preflight)', async () => {
    const { tracker, win, fetch, sendBeacon, beacons } = setup();
    await tracker.view('page1');
    tracker.click('page2');
    win.dispatchEvent(new Event('pagehide'));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
    const [beacon] = await beacons();
    expect(beacon).toEqual({
      via: 'beacon',
      url: 'https://cms.example.com/api/journey/events',
      type: 'text/plain;charset=utf-8',
      batch: {
        session: tracker.session,
        state: 'state-1',
        events: [{ type: 'click', documentId: 'page2' }],
      },
    });
    // Nothing left for the timer.
    await tracker.flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    // An empty queue sends no beacon.
    win.dispatchEvent(new Event('pagehide'));
    expect(sendBeacon).toHaveBeenCalledTimes(1);
  });

  test('visibilitychange to hidden flushes by beacon; to visible does not', async () => {
    const { tracker, doc, sendBeacon, beacons } = setup();
    tracker.goal('purchase');
    doc.dispatchEvent(new Event('visibilitychange'));
    expect(sendBeacon).not.toHaveBeenCalled();
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    expect((await beacons()).map((b) => b.batch.events)).toEqual([
      [{ type: 'goal', goal: 'purchase' }],
    ]);
    tracker.destroy();
  });

  test('where sendBeacon is missing or refuses, a keepalive fetch carries the batch', async () => {
    const { tracker, win, sent, fetch } = setup({
      navigator: { doNotTrack: null, sendBeacon: () => false },
    });
    tracker.goal('signup');
    win.dispatchEvent(new Event('pagehide'));
    await tracker.flush();
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(sent[0].batch.events).toEqual([{ type: 'goal', goal: 'signup' }]);
  });

  test('batches hold at most 50 events', async () => {
    const { tracker, sent } = setup();
    for (let i = 0; i < 120; i += 1) tracker.helpful(`doc${i}`, i % 2 === 0);
    await tracker.view('last');
    expect(sent.map((s) => s.batch.events.length)).toEqual([50, 50, 21]);
    expect(sent.map((s) => s.batch.state)).toEqual([undefined, 'state-1', 'state-2']);
    expect(sent[2].batch.events.at(-1)).toEqual({ type: 'view', documentId: 'last' });
  });

  test.each([
    ['Do Not Track', { doNotTrack: '1' }],
    ['Global Privacy Control', { globalPrivacyControl: true }],
  ])('%s: nothing is stored and nothing is sent', async (_name, nav) => {
    jest.useFakeTimers();
    const sendBeacon = jest.fn(() => true);
    const { tracker, fetch, items, win, doc } = setup({ navigator: { ...nav, sendBeacon } });
    expect(tracker).toMatchObject({ enabled: false, session: null });
    await tracker.view('doc1');
    tracker.click('doc2');
    tracker.helpful('doc1', true);
    tracker.goal('signup');
    jest.advanceTimersByTime(5000);
    doc.visibilityState = 'hidden';
    doc.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('pagehide'));
    await tracker.flush();
    expect(fetch).not.toHaveBeenCalled();
    expect(sendBeacon).not.toHaveBeenCalled();
    expect([...items.keys()]).toEqual([]);
  });

  test('DNT "0" or "unspecified" is no refusal', () => {
    expect(setup({ navigator: { doNotTrack: '0' } }).tracker.enabled).toBe(true);
    expect(setup({ navigator: { doNotTrack: 'unspecified' } }).tracker.enabled).toBe(true);
  });

  test('where sessionStorage throws (private modes) the id lives in memory for the page', async () => {
    const throwing: TrackerStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    const { tracker, sent } = setup({ storage: throwing });
    expect(tracker.session).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    await tracker.view('a');
    await tracker.view('b');
    expect(sent.map((s) => [s.batch.session, s.batch.state])).toEqual([
      [tracker.session, undefined],
      [tracker.session, 'state-1'],
    ]);
  });

  test('failures reach onError and never the page; a 404 (collection off) stops sending', async () => {
    const errors: unknown[] = [];
    const { tracker, fetch } = setup({ status: 404, onError: (e) => errors.push(e) });
    await expect(tracker.view('a')).resolves.toBeUndefined();
    await tracker.view('b');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(String(errors[0])).toContain('404');

    const offline = setup({
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      onError: (e) => errors.push(e),
    });
    await expect(offline.tracker.view('a')).resolves.toBeUndefined();
    expect(errors.at(-1)).toBeInstanceOf(TypeError);
  });

  test('baseUrl is required', () => {
    expect(() => createJourneyTracker({} as JourneyTrackerOptions)).toThrow(/baseUrl/);
  });
});
