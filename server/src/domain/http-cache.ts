import { createHash } from 'crypto';
import { ParamError } from './content-params';

/** The public GET routes that carry validators, cache headers and surrogate keys. */
export const CACHED_ROUTES = ['content', 'next', 'journeys', 'stages', 'intent'] as const;
export type CachedRoute = (typeof CACHED_ROUTES)[number];

export interface CacheControlPair {
  /** Sent to callers without credentials: shared caches may store these. */
  public: string;
  /** Sent to callers with an API token or a user JWT: only their own client may keep it. */
  authenticated: string;
}

export interface PurgeTarget {
  url: string;
  method: string;
  /** The request header that carries the keys, space-separated (Varnish reads it in VCL). */
  header: string;
}

export interface HttpCacheConfig {
  cacheControl: CacheControlPair & {
    routes?: Partial<Record<CachedRoute, Partial<CacheControlPair>>>;
  };
  purge: PurgeTarget[];
  responseCache: { enabled: boolean; maxBytes: number };
}

export const DEFAULT_HTTP_CONFIG: HttpCacheConfig = {
  cacheControl: {
    public: 'public, max-age=60, stale-while-revalidate=300',
    authenticated: 'private, no-cache',
  },
  purge: [],
  responseCache: { enabled: true, maxBytes: 16 * 1024 * 1024 },
};

export const DEFAULT_SETTINGS_TTL_MS = 1000;

/** Who a response is for: callers that differ here never share a cached response or validator. */
export interface Caller {
  /** A stable name for the caller's rights: `public`, `token:<id>` or `user:<id>:<role>`. */
  id: string;
  isPublic: boolean;
}

type AuthState = {
  strategy?: { name?: string };
  credentials?: { id?: number | string; role?: { id?: number | string } | null } | null;
} | null;

/**
 * The caller from Strapi's `ctx.state.auth`. Users & Permissions answers a request without an
 * Authorization header with `credentials: null` (the public role); an API token or a user JWT
 * carries credentials.
 */
export const callerOf = (auth: unknown, hasAuthorizationHeader: boolean): Caller => {
  const state = (auth ?? null) as AuthState;
  const credentials = state?.credentials ?? null;
  if (!credentials && !hasAuthorizationHeader) return { id: 'public', isPublic: true };
  const strategy = state?.strategy?.name ?? 'unknown';
  if (strategy === 'api-token') return { id: `token:${credentials?.id ?? '?'}`, isPublic: false };
  const role = credentials?.role?.id ?? '?';
  return { id: `${strategy}:${credentials?.id ?? '?'}:${role}`, isPublic: false };
};

export const cacheControlFor = (
  config: HttpCacheConfig['cacheControl'],
  route: CachedRoute,
  caller: Caller
): string => {
  const own = config.routes?.[route];
  return caller.isPublic
    ? (own?.public ?? config.public)
    : (own?.authenticated ?? config.authenticated);
};

/** A query in one canonical form: key order and repeated encodings do not make a new ETag. */
export const normaliseQuery = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(normaliseQuery);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, normaliseQuery((value as Record<string, unknown>)[k])])
    );
  }
  return value === undefined ? null : String(value);
};

export interface EtagInput {
  route: CachedRoute;
  query: unknown;
  caller: Caller;
  settingsVersion: string;
  /** What the data of the response depends on (the cells' stamp); '' for settings-only routes. */
  dataStamp: string;
}

/** A strong validator: the same inputs give the same tag on every instance. */
export const buildEtag = (input: EtagInput): string => {
  const hash = createHash('sha1')
    .update(
      JSON.stringify([
        input.route,
        normaliseQuery(input.query),
        input.caller.id,
        input.settingsVersion,
        input.dataStamp,
      ])
    )
    .digest('base64url');
  return `"j1-${hash}"`;
};

/**
 * Whether `If-None-Match` names the tag. The header is compared weakly (RFC 9110 13.1.2): a
 * proxy that compressed the body may have turned the tag into W/"…".
 */
export const ifNoneMatchHits = (header: string | undefined, etag: string): boolean => {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => bare(tag) === bare(etag));
};

/**
 * Surrogate keys are restricted to letters, digits, `-` and `_`: Varnish matches them with a
 * regular expression and Cloudflare and Fastly split on space or comma.
 */
const safe = (part: string | number) => String(part).replace(/[^A-Za-z0-9_-]+/g, '-');

export const KEYS = {
  all: 'journey',
  settings: 'journey-settings',
  journey: (id: number) => `journey-j${safe(id)}`,
  stage: (id: number) => `journey-s${safe(id)}`,
  type: (uid: string) => `journey-t-${safe(uid)}`,
  document: (documentId: string) => `journey-d-${safe(documentId)}`,
};

export interface ResponseKeysInput {
  journeyIds: number[];
  stageIds: number[];
  uids: string[];
  documentIds: string[];
  /** Whether the response is built from settings only (journeys, stages, intent). */
  settingsOnly: boolean;
}

/** What a response names, so a purge of any of it removes the response. */
export const responseKeys = (input: ResponseKeysInput): string[] => {
  const keys = [KEYS.all, KEYS.settings];
  if (!input.settingsOnly) {
    keys.push(
      ...input.journeyIds.map(KEYS.journey),
      ...input.stageIds.map(KEYS.stage),
      ...input.uids.map(KEYS.type),
      ...input.documentIds.map(KEYS.document)
    );
  }
  return [...new Set(keys)];
};

export interface DataChange {
  uids: string[];
  /** null: too many to name (a bulk write or a recount). */
  documentIds: string[] | null;
  stageIds: number[];
  journeyIds: number[];
}

/**
 * The keys to purge for a change of documents. A document that joins a stage appears in no
 * cached response yet, so the stages it was or is in are purged (a document that left a stage
 * names it too); a change too large to name its documents purges its types.
 */
export const purgeKeysForChange = (change: DataChange): string[] => {
  const keys: string[] = [];
  if (change.documentIds === null) keys.push(...change.uids.map(KEYS.type));
  keys.push(...change.stageIds.map(KEYS.stage));
  if (change.documentIds) keys.push(...change.documentIds.map(KEYS.document));
  return [...new Set(keys)];
};

/** Settings (journeys, stages, locales, permissions) change what every response may hold. */
export const purgeKeysForSettings = (): string[] => [KEYS.settings];

/**
 * A least-recently-used map bounded by the bytes of its values. An entry larger than the whole
 * budget is not stored: it would evict everything else for one response.
 */
export class ByteLru<V> {
  private entries = new Map<string, { value: V; bytes: number }>();
  private used = 0;

  constructor(readonly maxBytes: number) {}

  get bytes() {
    return this.used;
  }

  get size() {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    // Re-inserting moves the key to the end of the Map's order: the most recently used.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, bytes: number): boolean {
    this.delete(key);
    if (bytes > this.maxBytes) return false;
    while (this.used + bytes > this.maxBytes) {
      const oldest = this.entries.keys().next().value as string;
      this.delete(oldest);
    }
    this.entries.set(key, { value, bytes });
    this.used += bytes;
    return true;
  }

  delete(key: string) {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.used -= entry.bytes;
  }

  /** Drops the entries the predicate picks (a purge by key). */
  deleteWhere(predicate: (value: V) => boolean) {
    for (const [key, entry] of this.entries) if (predicate(entry.value)) this.delete(key);
  }

  clear() {
    this.entries.clear();
    this.used = 0;
  }
}

/**
 * The longest query string the public routes take. The longest real one (30 stage keys of 64
 * characters, a 200-character `q` percent-encoded, types and fields) stays well below; anything
 * longer would only become a key the caches keep.
 */
export const MAX_QUERY_STRING_LENGTH = 4096;

/** A query string longer than MAX_QUERY_STRING_LENGTH, as the 400 names it; null when it fits. */
export const queryStringProblem = (querystring: string): ParamError | null =>
  querystring.length > MAX_QUERY_STRING_LENGTH
    ? new ParamError(
        'query string',
        querystring,
        `at most ${MAX_QUERY_STRING_LENGTH} characters (this one has ${querystring.length})`
      )
    : null;

/**
 * What one kept entry costs beyond its strings: the Map's slot, the object and array headers.
 * An estimate on the safe side of what V8 takes, so that the bound holds for the heap.
 */
export const ENTRY_OVERHEAD_BYTES = 256;

/**
 * The bytes an entry of the response cache counts against `http.responseCache.maxBytes`: its
 * key and every string it keeps, in UTF-8 (never less than V8 stores them in), plus the overhead.
 */
export const keptBytes = (...parts: string[]): number =>
  parts.reduce((sum, part) => sum + Buffer.byteLength(part), ENTRY_OVERHEAD_BYTES);

/**
 * Columns of an API token whose change cannot change any answer: its use (`lastUsedAt`, which
 * Strapi writes on the first use and hourly after), its label, and its key and expiry, which
 * authentication checks before any answer or validator is made. `type`, `kind` and the
 * permissions do change what the token is answered.
 */
const TOKEN_COLUMNS_WITHOUT_ANSWERS = new Set([
  'lastUsedAt',
  'updatedAt',
  'updatedBy',
  'name',
  'description',
  'accessKey',
  'encryptedKey',
  'expiresAt',
  'lifespan',
]);

/**
 * Whether a write the settings lifecycles saw can change a public route's answer, and so must
 * move the settings version (part of every ETag). Only updates of an API token that touch none
 * of its answer-bearing columns do not; unknown data counts as a change.
 */
export const writeMovesAnswers = (uid: string, action: string, data: unknown): boolean => {
  if (uid !== 'admin::api-token' || (action !== 'afterUpdate' && action !== 'afterUpdateMany')) {
    return true;
  }
  if (!data || typeof data !== 'object') return true;
  return Object.keys(data).some((column) => !TOKEN_COLUMNS_WITHOUT_ANSWERS.has(column));
};
