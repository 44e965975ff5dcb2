import {
  ByteLru,
  DEFAULT_HTTP_CONFIG,
  KEYS,
  buildEtag,
  cacheControlFor,
  callerOf,
  ENTRY_OVERHEAD_BYTES,
  MAX_QUERY_STRING_LENGTH,
  ifNoneMatchHits,
  keptBytes,
  normaliseQuery,
  purgeKeysForChange,
  queryStringProblem,
  responseKeys,
  writeMovesAnswers,
  type EtagInput,
} from '../../server/src/domain/http-cache';
import { configProblems } from '../../server/src/domain/config';
import { openApiPaths } from '../../server/src/documentation';

const PUBLIC = { id: 'public', isPublic: true };
const base: EtagInput = {
  route: 'content',
  query: { journey: 'customer', stage: 'awareness' },
  caller: PUBLIC,
  settingsVersion: 'v1',
  dataStamp: 's1',
};

describe('ETag', () => {
  test('is strong, quoted, and the same for the same inputs in any key order', () => {
    const etag = buildEtag(base);
    expect(etag).toMatch(/^"j1-[A-Za-z0-9_-]+"$/);
    expect(buildEtag({ ...base, query: { stage: 'awareness', journey: 'customer' } })).toBe(etag);
  });

  test.each([
    ['the data stamp', { dataStamp: 's2' }],
    ['the settings version', { settingsVersion: 'v2' }],
    ['the query', { query: { journey: 'customer', stage: 'decision' } }],
    ['the route', { route: 'next' as const }],
    ['the caller', { caller: { id: 'token:3', isPublic: false } }],
  ])('changes with %s', (_what, change) => {
    expect(buildEtag({ ...base, ...change })).not.toBe(buildEtag(base));
  });

  test('a number and its string are one query value; missing and undefined are alike', () => {
    expect(normaliseQuery({ page: 2, x: undefined })).toEqual({ page: '2', x: null });
  });
});

describe('If-None-Match', () => {
  const etag = '"j1-abc"';
  test.each([
    ['"j1-abc"', true],
    ['W/"j1-abc"', true],
    ['"x", "j1-abc"', true],
    ['*', true],
    ['"j1-abd"', false],
    ['', false],
  ])('%s → %s', (header, hit) => {
    expect(ifNoneMatchHits(header, etag)).toBe(hit);
  });
  test('an absent header never hits', () => expect(ifNoneMatchHits(undefined, etag)).toBe(false));
});

describe('caller and Cache-Control', () => {
  test('no credentials and no Authorization header is the public role', () => {
    expect(callerOf({ strategy: { name: 'users-permissions' }, credentials: null }, false)).toEqual(
      PUBLIC
    );
  });

  test('API tokens and users are told apart by id, users also by role', () => {
    expect(callerOf({ strategy: { name: 'api-token' }, credentials: { id: 7 } }, true)).toEqual({
      id: 'token:7',
      isPublic: false,
    });
    expect(
      callerOf(
        { strategy: { name: 'users-permissions' }, credentials: { id: 4, role: { id: 2 } } },
        true
      )
    ).toEqual({ id: 'users-permissions:4:2', isPublic: false });
  });

  test('an Authorization header without credentials is never treated as public', () => {
    expect(callerOf(null, true).isPublic).toBe(false);
  });

  test('public and authenticated values, with per-route overrides', () => {
    const config = {
      ...DEFAULT_HTTP_CONFIG.cacheControl,
      routes: { journeys: { public: 'public, max-age=3600' } },
    };
    const token = { id: 'token:1', isPublic: false };
    expect(cacheControlFor(config, 'content', PUBLIC)).toBe(
      'public, max-age=60, stale-while-revalidate=300'
    );
    expect(cacheControlFor(config, 'content', token)).toBe('private, no-cache');
    expect(cacheControlFor(config, 'journeys', PUBLIC)).toBe('public, max-age=3600');
    expect(cacheControlFor(config, 'journeys', token)).toBe('private, no-cache');
  });
});

describe('surrogate keys', () => {
  test('a content response names its journey, stages, types and documents', () => {
    expect(
      responseKeys({
        journeyIds: [1],
        stageIds: [3, 4],
        uids: ['api::article.article'],
        documentIds: ['abc123'],
        settingsOnly: false,
      })
    ).toEqual([
      'journey',
      'journey-settings',
      'journey-j1',
      'journey-s3',
      'journey-s4',
      'journey-t-api-article-article',
      'journey-d-abc123',
    ]);
  });

  test('a settings response names the settings only', () => {
    expect(
      responseKeys({
        journeyIds: [1],
        stageIds: [3],
        uids: [],
        documentIds: [],
        settingsOnly: true,
      })
    ).toEqual(['journey', 'journey-settings']);
  });

  test('a change purges the stages it touched and its documents', () => {
    expect(
      purgeKeysForChange({
        uids: ['api::article.article'],
        documentIds: ['abc'],
        stageIds: [3, 5],
        journeyIds: [1],
      })
    ).toEqual([KEYS.stage(3), KEYS.stage(5), KEYS.document('abc')]);
  });

  test('a change too large to name its documents purges the type; an untagged one its documents', () => {
    expect(
      purgeKeysForChange({
        uids: ['api::page.page'],
        documentIds: null,
        stageIds: [],
        journeyIds: [],
      })
    ).toEqual(['journey-t-api-page-page']);
    expect(
      purgeKeysForChange({
        uids: ['api::page.page'],
        documentIds: ['d1'],
        stageIds: [],
        journeyIds: [],
      })
    ).toEqual(['journey-d-d1']);
  });
});

describe('ByteLru', () => {
  test('evicts the least recently used entries to stay within its bytes', () => {
    const lru = new ByteLru<string>(10);
    lru.set('a', 'A', 4);
    lru.set('b', 'B', 4);
    expect(lru.get('a')).toBe('A'); // a is now the most recent
    lru.set('c', 'C', 4);
    expect(lru.get('b')).toBeUndefined();
    expect(lru.get('a')).toBe('A');
    expect(lru.get('c')).toBe('C');
    expect(lru.bytes).toBe(8);
  });

  test('refuses an entry larger than the budget, replaces an existing key', () => {
    const lru = new ByteLru<string>(10);
    expect(lru.set('big', 'x', 11)).toBe(false);
    lru.set('a', 'A', 3);
    lru.set('a', 'A2', 5);
    expect(lru.get('a')).toBe('A2');
    expect(lru.bytes).toBe(5);
    expect(lru.size).toBe(1);
  });

  test('deleteWhere drops the matching entries and their bytes', () => {
    const lru = new ByteLru<{ keys: string[] }>(100);
    lru.set('a', { keys: ['s1'] }, 10);
    lru.set('b', { keys: ['s2'] }, 10);
    lru.deleteWhere((v) => v.keys.includes('s1'));
    expect(lru.get('a')).toBeUndefined();
    expect(lru.bytes).toBe(10);
  });
});

describe('what moves the settings version', () => {
  test.each([
    ['a stage', 'plugin::journey.stage', 'afterUpdate', { name: 'x' }],
    ['a site term', 'plugin::journey.site-term', 'afterCreate', { term: 'x' }],
    ['a public permission', 'plugin::users-permissions.permission', 'afterDelete', undefined],
    ['a new API token', 'admin::api-token', 'afterCreate', { name: 't', type: 'read-only' }],
    ['a deleted API token', 'admin::api-token', 'afterDelete', undefined],
    ['an API token’s type', 'admin::api-token', 'afterUpdate', { type: 'full-access' }],
    ['an API token’s kind', 'admin::api-token', 'afterUpdate', { kind: 'content-api' }],
    ['an API token’s permissions', 'admin::api-token', 'afterUpdate', { permissions: [1] }],
    ['an API token’s permission rows', 'admin::api-token-permission', 'afterCreate', {}],
    ['an API token update with unknown data', 'admin::api-token', 'afterUpdateMany', undefined],
  ])('%s moves it', (_what, uid, action, data) => {
    expect(writeMovesAnswers(uid, action, data)).toBe(true);
  });

  test.each([
    ['its first use', { lastUsedAt: new Date(), updatedAt: new Date() }],
    ['its hourly use', { lastUsedAt: new Date() }],
    ['its name', { name: 'renamed', description: 'd' }],
    ['its regenerated key', { accessKey: 'h', encryptedKey: 'e' }],
    ['its expiry', { expiresAt: null, lifespan: null }],
  ])('an API token’s %s does not', (_what, data) => {
    expect(writeMovesAnswers('admin::api-token', 'afterUpdate', data)).toBe(false);
    expect(writeMovesAnswers('admin::api-token', 'afterUpdateMany', data)).toBe(false);
  });
});

describe('what the response cache counts', () => {
  test('a query string is refused past its bound, naming it and the limit', () => {
    expect(queryStringProblem('a'.repeat(MAX_QUERY_STRING_LENGTH))).toBeNull();
    const problem = queryStringProblem('stage=awareness,'.repeat(700));
    expect(problem?.parameter).toBe('query string');
    expect(problem?.message).toContain(`at most ${MAX_QUERY_STRING_LENGTH} characters`);
    expect(problem?.message).toContain('this one has 11200');
  });

  test('an entry counts its key and every string it keeps, in UTF-8, and its overhead', () => {
    expect(keptBytes()).toBe(ENTRY_OVERHEAD_BYTES);
    expect(keptBytes('x'.repeat(10_000), 'ab')).toBe(ENTRY_OVERHEAD_BYTES + 10_002);
    // Never less than V8 stores: one byte per Latin-1 character, two per other UTF-16 unit.
    expect(keptBytes('å'.repeat(10))).toBe(ENTRY_OVERHEAD_BYTES + 20);
    expect(keptBytes('😀')).toBe(ENTRY_OVERHEAD_BYTES + 4);
  });

  test('10,000 long keys stay within the bound of the store that counts them', () => {
    const maxBytes = 1024 * 1024;
    const lru = new ByteLru<string>(maxBytes);
    for (let i = 0; i < 10_000; i += 1) {
      const key = `x${i}-${'awareness,'.repeat(400)}`;
      lru.set(key, 'v', keptBytes(key, 'v'));
    }
    expect(lru.bytes).toBeLessThanOrEqual(maxBytes);
    expect(lru.size).toBeLessThan(300);
  });
});

describe('config: http and settingsCache', () => {
  test('the defaults are valid', () => {
    expect(configProblems({ http: DEFAULT_HTTP_CONFIG, settingsCache: { ttlMs: 1000 } })).toEqual(
      []
    );
  });

  test.each([
    [{ http: { responseCache: { enabled: 'yes' } } }, 'http.responseCache.enabled'],
    [
      { http: { responseCache: { maxBytes: -1 } } },
      'http.responseCache.maxBytes: must be at least 0',
    ],
    [{ http: { cacheControl: { public: 'public\nx' } } }, 'http.cacheControl.public'],
    [{ http: { cacheControl: { routes: { pages: {} } } } }, 'unknown route: pages'],
    [
      { http: { purge: [{ url: 'varnish', method: 'BAN', header: 'X-Keys' }] } },
      'http.purge[0].url',
    ],
    [{ http: { purge: [{ url: 'http://v/', header: 'X-Keys' }] } }, 'http.purge[0].method'],
    [{ http: { ttl: 1 } }, 'http: has an unknown key: ttl'],
    [{ settingsCache: { ttlMs: 1.5 } }, 'settingsCache.ttlMs: must be a whole number'],
  ])('%j is refused naming %s', (config, message) => {
    expect(configProblems(config).join('\n')).toContain(message);
  });
});

describe('OpenAPI', () => {
  test('every public GET route documents If-None-Match, the 304 and the cache headers', () => {
    const paths = openApiPaths as unknown as Record<
      string,
      {
        get: {
          parameters: Array<{ name: string; in: string }>;
          responses: Record<string, { headers?: Record<string, unknown> }>;
        };
      }
    >;
    for (const [path, { get }] of Object.entries(paths)) {
      expect({ path, header: get.parameters.some((p) => p.name === 'If-None-Match') }).toEqual({
        path,
        header: true,
      });
      expect(Object.keys(get.responses[200].headers ?? {})).toEqual(
        expect.arrayContaining(['ETag', 'Cache-Control', 'Vary', 'Surrogate-Key', 'Cache-Tag'])
      );
      expect(get.responses[304]).toBeDefined();
    }
  });
});
