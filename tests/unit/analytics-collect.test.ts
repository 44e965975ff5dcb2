import { BOT_MARKERS, doNotTrack, isBot } from '../../server/src/domain/analytics/bots';
import { createRateLimiter } from '../../server/src/domain/analytics/rate-limit';
import {
  MAX_STATE_JOURNEYS,
  boundState,
  decodeState,
  encodeState,
  stateKey,
  type JourneyState,
  type SessionState,
} from '../../server/src/domain/analytics/state';
import { BatchError, validateBatch } from '../../server/src/domain/analytics/validate';
import { configProblems, DEFAULT_CONFIG } from '../../server/src/domain/config';

const journeyState = (stage: string): JourneyState => ({
  prev: {
    stage,
    position: 1,
    uid: 'api::article.article',
    documentId: 'doc1',
    locale: 'en',
    intent: '',
    day: '2026-03-01',
  },
  furthest: { position: 1, stage },
  first: stage,
  goals: ['signup'],
});

describe('session state token', () => {
  const key = stateKey(['key-a', 'key-b']);
  const session = 'session-0123456789';
  const state: SessionState = { J: journeyState('B') };

  test('round-trips for its session', () => {
    const token = encodeState(key, session, state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(decodeState(key, session, token)).toEqual({ state, bad: false });
  });

  test('no token: a fresh session, not a bad one', () => {
    expect(decodeState(key, session, undefined)).toEqual({ state: {}, bad: false });
  });

  test.each([
    ['another session', (t: string) => ({ token: t, session: 'session-other-12345' })],
    ['an edited payload', (t: string) => ({ token: `x${t}`, session })],
    ['another key', () => ({ token: encodeState(stateKey(['other']), session, state), session })],
    ['garbage', () => ({ token: 'not-a-token', session })],
    ['three parts', (t: string) => ({ token: `${t}.x`, session })],
    ['too long', () => ({ token: 'a'.repeat(9000), session })],
  ])('%s: a fresh session marked bad', (_what, make) => {
    const { token, session: s } = make(encodeState(key, session, state));
    expect(decodeState(key, s, token)).toEqual({ state: {}, bad: true });
  });

  test('a well-signed payload of the wrong shape is bad too', () => {
    const bogus = { J: { prev: { stage: 1 } } } as unknown as SessionState;
    expect(decodeState(key, session, encodeState(key, session, bogus)).bad).toBe(true);
  });

  test('keeps the most recently used journeys only', () => {
    const many: SessionState = {};
    for (let i = 0; i < MAX_STATE_JOURNEYS + 3; i += 1) many[`j${i}`] = journeyState('S');
    const kept = boundState(many, ['j0', 'j14']);
    expect(Object.keys(kept)).toHaveLength(MAX_STATE_JOURNEYS);
    expect(Object.keys(kept).slice(0, 2)).toEqual(['j14', 'j0']);
    expect(kept).not.toHaveProperty('j1');
  });
});

describe('batch validation', () => {
  const ok = { session: 'abcdefghijklmnop', events: [{ type: 'view', documentId: 'd1' }] };
  const problem = (body: unknown, maxBatch = 50) => {
    try {
      validateBatch(body, maxBatch);
    } catch (error) {
      if (error instanceof BatchError) return { field: error.field, message: error.message };
      throw error;
    }
    return null;
  };

  test('a valid batch passes, unknown keys are ignored', () => {
    expect(validateBatch({ ...ok, extra: 1 }, 50)).toEqual(ok);
    expect(
      validateBatch(
        {
          ...ok,
          state: 'a.b',
          events: [
            {
              type: 'helpful',
              documentId: 'd',
              helpful: false,
              locale: 'sv',
              contentType: 'api::a.a',
            },
            { type: 'goal', goal: 'signup' },
          ],
        },
        50
      ).events
    ).toEqual([
      { type: 'helpful', documentId: 'd', helpful: false, locale: 'sv', contentType: 'api::a.a' },
      { type: 'goal', goal: 'signup' },
    ]);
  });

  test.each([
    [{ ...ok, session: 'short' }, 'session'],
    [{ ...ok, state: 5 }, 'state'],
    [{ ...ok, events: [] }, 'events'],
    [{ ...ok, events: 'x' }, 'events'],
    [{ ...ok, events: [{ type: 'view', documentId: 'd' }, 'x'] }, 'events[1]'],
    [{ ...ok, events: [{ type: 'view' }] }, 'events[0].documentId'],
    [
      { ...ok, events: [{ type: 'view', documentId: 'd', contentType: 'article' }] },
      'events[0].contentType',
    ],
    [{ ...ok, events: [{ type: 'view', documentId: 'd', locale: 'sv SE' }] }, 'events[0].locale'],
    [
      { ...ok, events: [{ type: 'helpful', documentId: 'd', helpful: 'yes' }] },
      'events[0].helpful',
    ],
    [{ ...ok, events: [{ type: 'goal' }] }, 'events[0].goal'],
    [null, 'body'],
  ])('%j: names %s', (body, field) => {
    expect(problem(body)?.field).toBe(field);
  });

  test('a wrong type names its index and lists the valid types', () => {
    const events = [...Array(3).fill({ type: 'view', documentId: 'd' }), { type: 'scroll' }];
    expect(problem({ ...ok, events })).toEqual({
      field: 'events[3].type',
      message: 'Invalid events[3].type "scroll"; valid values: view, click, goal, helpful',
    });
  });

  test('more events than maxBatch', () => {
    const events = Array(4).fill({ type: 'view', documentId: 'd' });
    expect(problem({ ...ok, events }, 3)?.message).toBe(
      'Invalid events "4 events"; valid values: an array of 1 to 3 events'
    );
  });
});

describe('bots and do-not-track', () => {
  const chrome =
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
  test.each([
    [{ 'user-agent': chrome }, false],
    [
      { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Safari/604.1' },
      false,
    ],
    [{}, true],
    [{ 'user-agent': '  ' }, true],
    [
      { 'user-agent': 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)' },
      true,
    ],
    [{ 'user-agent': chrome.replace('Chrome/', 'HeadlessChrome/') }, true],
    [{ 'user-agent': 'facebookexternalhit/1.1' }, true],
    [{ 'user-agent': 'Slackbot-LinkExpanding 1.0' }, true],
    [{ 'user-agent': 'curl/8.5.0' }, true],
    [{ 'user-agent': chrome, purpose: 'prefetch' }, true],
    [{ 'user-agent': chrome, 'sec-purpose': 'prefetch;prerender' }, true],
  ])('%j: bot %s', (headers, bot) => {
    expect(isBot(headers)).toBe(bot);
  });

  test('the documented markers are lowercase substrings', () => {
    for (const marker of BOT_MARKERS) expect(marker).toBe(marker.toLowerCase());
  });

  test('DNT: 1 or Sec-GPC: 1', () => {
    expect(doNotTrack({ dnt: '1' })).toBe(true);
    expect(doNotTrack({ 'sec-gpc': '1' })).toBe(true);
    expect(doNotTrack({ dnt: '0' })).toBe(false);
    expect(doNotTrack({})).toBe(false);
  });
});

describe('rate limit', () => {
  test('allows `requests` per window and address, then refuses until the window ends', () => {
    const limiter = createRateLimiter({ requests: 2, windowSeconds: 10 });
    expect([0, 1, 2].map(() => limiter.take('a', 1000))).toEqual([true, true, false]);
    expect(limiter.take('b', 1000)).toBe(true);
    expect(limiter.retryAfter('a', 4000)).toBe(7);
    expect(limiter.take('a', 10999)).toBe(false);
    expect(limiter.take('a', 11000)).toBe(true);
  });

  test('keeps at most maxAddresses windows', () => {
    const limiter = createRateLimiter({ requests: 1, windowSeconds: 60, maxAddresses: 100 });
    for (let i = 0; i < 1000; i += 1) limiter.take(`10.0.${i >> 8}.${i & 255}`, 1000);
    expect(limiter.size).toBeLessThanOrEqual(100);
    // The newest addresses are the ones still counted.
    expect(limiter.take('10.0.3.231', 1000)).toBe(false);
  });
});

describe('analytics config', () => {
  test('the defaults are valid', () => {
    expect(DEFAULT_CONFIG.analytics).toEqual({
      enabled: true,
      retentionDays: 400,
      flushIntervalMs: 2000,
      maxBatch: 50,
      maxBufferedRows: 50000,
      documentCacheMs: 30000,
      rateLimit: { requests: 120, windowSeconds: 60 },
    });
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
  });

  test('each wrong value is named', () => {
    expect(
      configProblems({
        analytics: {
          enabled: 'yes',
          retentionDays: 0,
          flushIntervalMs: 1500.5,
          maxBatch: 5000,
          documentCacheMs: -1,
          rateLimit: { requests: 0, window: 60 },
        },
      })
    ).toEqual([
      'analytics.enabled: must be a `boolean` type, but the final value was: `"yes"`.',
      'analytics.retentionDays: must be at least 1',
      'analytics.flushIntervalMs: must be a whole number of milliseconds',
      'analytics.maxBatch: must be at most 1000',
      'analytics.documentCacheMs: must be at least 0',
      'analytics.rateLimit.requests: must be at least 1',
      'analytics.rateLimit: has an unknown key: window; valid: requests, windowSeconds',
    ]);
    expect(configProblems({ analytics: { keep: 1 } })).toEqual([
      'analytics: has an unknown key: keep; valid: enabled, retentionDays, flushIntervalMs, maxBatch, maxBufferedRows, documentCacheMs, rateLimit',
    ]);
  });
});
