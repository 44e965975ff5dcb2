import type { Core } from '@strapi/strapi';
import { createHash } from 'crypto';
import { ParamError, intentsParam, listParam, stringParam } from '../domain/content-params';
import {
  ByteLru,
  CACHED_ROUTES,
  DEFAULT_HTTP_CONFIG,
  DEFAULT_SETTINGS_TTL_MS,
  buildEtag,
  cacheControlFor,
  callerOf,
  ifNoneMatchHits,
  keptBytes,
  normaliseQuery,
  purgeKeysForChange,
  queryStringProblem,
  purgeKeysForSettings,
  responseKeys,
  type CachedRoute,
  type DataChange,
  type HttpCacheConfig,
} from '../domain/http-cache';
import { PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';
import type { Settings } from '../domain/stored';

/** Tells whether the plugin's in-process cache answered: `hit`, `revalidated` (304) or `miss`. */
export const CACHE_HEADER = 'X-Journey-Cache';

export const PURGE_EVENT = 'journey.purge';

/** The cells' stamp scope (contracts.md): what a content response is made of. */
export interface StampScope {
  journeyId: number;
  stageIds: number[] | null;
  intents: string[] | null;
  locale: string | null;
  uids: string[];
}

type Ctx = {
  method: string;
  querystring?: string;
  status: number;
  body: unknown;
  query: Record<string, unknown>;
  state: { auth?: unknown; journeyPublicVersion?: string };
  type: string;
  get(name: string): string;
  set(name: string, value: string): void;
  vary(name: string): void;
  remove(name: string): void;
};
type Next = () => Promise<unknown>;

interface Plan {
  etag: string;
  /** The request's query in canonical form: how a known public URL is found again. */
  exactKey: string;
  publicCaller: boolean;
  settingsVersion: string;
  scope: StampScope | null;
  dataStamp: string;
  cacheControl: string;
  journeyIds: number[];
  stageIds: number[];
  uids: string[];
  settingsOnly: boolean;
  /** Responses whose data the validator cannot follow (populated relations) are not cached. */
  cacheable: boolean;
}

interface Stored {
  body: string;
  keys: string[];
}

/** What a known public URL was last answered under (see answerKnown). */
interface Exact {
  etag: string;
  cacheControl: string;
  settingsVersion: string;
  scope: StampScope | null;
  dataStamp: string;
}

/**
 * Everything the plugin keeps per request shape lives in one LRU bounded by
 * `http.responseCache.maxBytes`, keys and all: response bodies (by ETag), the known public URLs
 * (by canonical query) and the scopes' stamps. Nothing grows beside it, whatever URLs arrive.
 */
type Kept =
  | ({ kind: 'body' } & Stored)
  | ({ kind: 'exact' } & Exact)
  | { kind: 'stamp'; value: string; generation: number };

/**
 * ETag / 304, Cache-Control, Vary and surrogate keys for the public GET routes, the in-process
 * response cache, and purging (the `journey.purge` webhook and the configured purge targets).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): HttpCacheConfig => {
    const own = (strapi.plugin(PLUGIN_ID).config('http') ?? {}) as Partial<HttpCacheConfig>;
    return {
      cacheControl: { ...DEFAULT_HTTP_CONFIG.cacheControl, ...own.cacheControl },
      purge: own.purge ?? [],
      responseCache: { ...DEFAULT_HTTP_CONFIG.responseCache, ...own.responseCache },
    };
  };

  let lru: ByteLru<Kept> | null = null;
  /** The bounded store; null when the bound is 0 (nothing is kept, every request is planned). */
  const kept = () => {
    const { maxBytes } = config().responseCache;
    if (maxBytes <= 0) return null;
    if (!lru || lru.maxBytes !== maxBytes) lru = new ByteLru<Kept>(maxBytes);
    return lru;
  };
  /** The same store, for response bodies: only when the response cache is on. */
  const responseCache = () => (config().responseCache.enabled ? kept() : null);
  const getBody = (etag: string) => {
    const found = responseCache()?.get(`b${etag}`);
    return found?.kind === 'body' ? found : undefined;
  };

  // The config is fixed for a process's life, but two instances with different configs (intent
  // terms, say) must not hand each other's responses the same validator.
  let configHash: string | null = null;
  const configStamp = () =>
    (configHash ??= createHash('sha1')
      .update(JSON.stringify(strapi.config.get(`plugin::${PLUGIN_ID}`) ?? null))
      .digest('base64url')
      .slice(0, 12));

  /** The cells' stamp: changes whenever a document whose rows are or were in the scope is written. */
  const stamp = (scope: StampScope) => getService(strapi, 'cells').stamp(scope);

  // ---- stamps kept in memory ---------------------------------------------------------------
  // A stamp is one query, but on a 304 or a cache hit it was most of this plugin's cost per
  // request. Stamps are kept per scope and all dropped (a) at once when a write commits on this
  // instance (cells.onChange) and (b) when the stamp of every cell at once (one query, run at
  // most every settingsCache.ttlMs) moved, which is how a write made by another instance shows:
  // there, an ETag follows a write within the settings TTL, as it already did for settings.
  let stampGeneration = 0;
  let allStamp: string | null = null;
  let allCheckedAt = 0;
  let allChecking: Promise<void> | null = null;

  const settingsTtlMs = () =>
    (strapi.plugin(PLUGIN_ID).config('settingsCache') as { ttlMs?: number } | undefined)?.ttlMs ??
    DEFAULT_SETTINGS_TTL_MS;

  // Stamps of an older generation stay in the store until evicted or replaced, never read.
  const dropStamps = () => {
    stampGeneration += 1;
  };

  const checkOtherInstances = () => {
    if (Date.now() - allCheckedAt < settingsTtlMs() && allStamp !== null) return undefined;
    allChecking ??= (async () => {
      const now = await getService(strapi, 'cells').stampOfAll();
      if (now !== allStamp) dropStamps();
      // A local write committed meanwhile dropped the stamps itself; a token read before it
      // only makes the next check drop them once more.
      allStamp = now;
      allCheckedAt = Date.now();
    })().finally(() => {
      allChecking = null;
    });
    return allChecking;
  };

  const cachedStamp = async (scope: StampScope) => {
    const check = checkOtherInstances();
    if (check) await check;
    const key = `s${JSON.stringify(scope)}`;
    const known = kept()?.get(key);
    if (known?.kind === 'stamp' && known.generation === stampGeneration) return known.value;
    const generation = stampGeneration;
    const value = await stamp(scope);
    // Read before a write committed here: not kept, the next request reads the new one.
    if (generation === stampGeneration) {
      kept()?.set(key, { kind: 'stamp', value, generation }, keptBytes(key, value));
    }
    return value;
  };

  // ---- purging --------------------------------------------------------------------------

  const pending = new Set<Promise<unknown>>();
  const track = <T>(promise: Promise<T>) => {
    pending.add(promise);
    void promise.finally(() => pending.delete(promise));
    return promise;
  };

  const sendToTargets = async (keys: string[]) => {
    for (const target of config().purge) {
      try {
        const res = await fetch(target.url, {
          method: target.method,
          headers: { [target.header]: keys.join(' ') },
          signal: AbortSignal.timeout(10_000),
        });
        if (!res.ok) strapi.log.warn(`[journey] purge ${target.url}: HTTP ${res.status}`);
        await res.arrayBuffer().catch(() => undefined);
      } catch (error) {
        strapi.log.warn(`[journey] purge ${target.url}: ${(error as Error).message}`);
      }
    }
  };

  /** One webhook event and one request per purge target for a change. */
  const purge = (keys: string[]) => {
    if (!keys.length) return Promise.resolve();
    lru?.deleteWhere(
      (stored) => stored.kind === 'body' && stored.keys.some((k) => keys.includes(k))
    );
    return track(
      Promise.all([strapi.eventHub.emit(PURGE_EVENT, { keys }), sendToTargets(keys)]).then(
        () => undefined
      )
    );
  };

  /** Resolves once every purge started so far has been sent (tests, graceful shutdown). */
  const settled = async () => {
    while (pending.size) await Promise.allSettled([...pending]);
  };

  // ---- what a response depends on -------------------------------------------------------

  const journeyOf = (settings: Settings, query: Record<string, unknown>) => {
    const key = stringParam(query, 'journey');
    if (key === undefined) return settings.journeys.length === 1 ? settings.journeys[0] : null;
    return settings.journeys.find((j) => j.key === key) ?? null;
  };

  /**
   * The cells a content or next response reads. A parameter the route will refuse gives no
   * plan: the route answers its 400 without validators.
   */
  const scopeOf = (route: CachedRoute, settings: Settings, query: Record<string, unknown>) => {
    const journey = journeyOf(settings, query);
    if (!journey) return null;
    const classified = route === 'content' && query.q !== undefined;
    const keys = journey.stages.map((s) => s.key);
    const stageKeys = route === 'content' && !classified ? listParam(query, 'stage', keys) : null;
    const intents = classified ? null : (intentsParam(query) ?? null);
    const stageIds = stageKeys
      ? journey.stages.filter((s) => stageKeys.includes(s.key)).map((s) => s.id)
      : null;
    const asked = stringParam(query, 'locale');
    // A locale the route will refuse must not become a stamp key.
    if (asked !== undefined && settings.locales && !settings.locales.includes(asked)) {
      throw new ParamError('locale', asked, settings.locales);
    }
    const locale = asked ?? settings.defaultLocale;
    const scope: StampScope = {
      journeyId: journey.id,
      stageIds,
      intents,
      locale: locale ?? null,
      uids: getService(strapi, 'content-types').journeyAwareUids(),
    };
    return { scope, allStageIds: journey.stages.map((s) => s.id) };
  };

  const planFor = async (route: CachedRoute, ctx: Ctx): Promise<Plan | null> => {
    const caller = callerOf(ctx.state.auth, Boolean(ctx.get('authorization')));
    const settings = await getService(strapi, 'settings-cache').get();
    const settingsOnly = route !== 'content' && route !== 'next';
    let dataStamp = '';
    let scope: StampScope | null = null;
    let journeyIds: number[] = [];
    let stageIds: number[] = [];
    let uids: string[] = [];
    if (!settingsOnly) {
      let found: ReturnType<typeof scopeOf>;
      try {
        found = scopeOf(route, settings, ctx.query);
      } catch {
        return null;
      }
      if (!found) return null;
      scope = found.scope;
      dataStamp = await cachedStamp(found.scope);
      journeyIds = [found.scope.journeyId];
      stageIds = found.scope.stageIds ?? found.allStageIds;
      uids = found.scope.uids;
    }
    return {
      exactKey: `x${route}?${JSON.stringify(normaliseQuery(ctx.query))}`,
      publicCaller: caller.isPublic,
      settingsVersion: settings.version,
      scope,
      dataStamp,
      etag: buildEtag({
        route,
        query: ctx.query,
        caller,
        settingsVersion: `${settings.version}/${configStamp()}`,
        dataStamp,
      }),
      cacheControl: cacheControlFor(config().cacheControl, route, caller),
      journeyIds,
      stageIds,
      uids,
      settingsOnly,
      cacheable: ctx.query.populate === undefined,
    };
  };

  const setHeaders = (
    ctx: Ctx,
    plan: Pick<Plan, 'etag' | 'cacheControl'>,
    keys: string[] | null
  ) => {
    ctx.set('ETag', plan.etag);
    ctx.set('Cache-Control', plan.cacheControl);
    // A public response must never be handed to a caller with credentials, nor the reverse.
    ctx.vary('Authorization');
    ctx.vary('Accept-Encoding');
    if (keys) {
      // Fastly and Varnish read space-separated keys, Cloudflare comma-separated tags.
      ctx.set('Surrogate-Key', keys.join(' '));
      ctx.set('Cache-Tag', keys.join(','));
    }
  };

  const documentIdsOf = (body: unknown): string[] => {
    const data = (body as { data?: unknown } | null)?.data;
    if (!Array.isArray(data)) return [];
    return data.flatMap((item) =>
      item && typeof (item as { documentId?: unknown }).documentId === 'string'
        ? [(item as { documentId: string }).documentId]
        : []
    );
  };

  /** A request the plan refused (a bad parameter): its answer, whatever it is, is not kept. */
  const answerUncached = async (ctx: Ctx, next: Next) => {
    try {
      await next();
    } finally {
      ctx.set('Cache-Control', 'no-store');
    }
  };

  // ---- answers for callers without credentials, before Strapi's authentication ------------
  // Strapi authenticates every request (for the public role: its permissions read and a CASL
  // ability built) before the route middleware runs: on a 304 that was most of the time left.
  // A request without an Authorization header is answered like any anonymous one, so once the
  // route has answered such a request (after authentication and authorisation), the same URL
  // is answered here while the settings version (which every permission, role and API token
  // write bumps) and the scope's stamp are the ones that answer was made under.
  const remember = (ctx: Ctx, plan: Plan) => {
    if (!plan.publicCaller || !plan.cacheable || ctx.get('authorization')) return;
    // Only under the settings version read before authentication ran: a permission write
    // committed between the authentication and the plan would otherwise leave an entry under
    // the new version for an answer the old permissions allowed.
    if (ctx.state.journeyPublicVersion !== plan.settingsVersion) return;
    const entry: Kept = {
      kind: 'exact',
      etag: plan.etag,
      cacheControl: plan.cacheControl,
      settingsVersion: plan.settingsVersion,
      scope: plan.scope,
      dataStamp: plan.dataStamp,
    };
    const bytes = keptBytes(
      plan.exactKey,
      plan.etag,
      plan.cacheControl,
      plan.settingsVersion,
      plan.dataStamp,
      plan.scope ? JSON.stringify(plan.scope) : ''
    );
    kept()?.set(plan.exactKey, entry, bytes);
  };

  let routesByPath: Map<string, CachedRoute> | null = null;
  const routeOfPath = (path: string) => {
    routesByPath ??= new Map(
      CACHED_ROUTES.map((route) => [
        `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/${route}`,
        route,
      ])
    );
    return routesByPath.get(path);
  };

  /** Koa middleware (mounted before the router): a 304 or a kept answer, else Strapi's way. */
  const answerKnown = async (ctx: Ctx & { path: string; querystring: string }, next: Next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || ctx.get('authorization')) return next();
    const route = routeOfPath(ctx.path);
    if (!route) return next();
    const settings = await getService(strapi, 'settings-cache').get();
    ctx.state.journeyPublicVersion = settings.version;
    // Too long: the route middleware answers the 400 (after authentication, as for any caller).
    if (queryStringProblem(ctx.querystring)) return next();
    const known = kept()?.get(`x${route}?${JSON.stringify(normaliseQuery(ctx.query))}`);
    if (known?.kind !== 'exact' || settings.version !== known.settingsVersion) return next();
    if (known.scope && (await cachedStamp(known.scope)) !== known.dataStamp) return next();
    const plan = { etag: known.etag, cacheControl: known.cacheControl };
    if (ifNoneMatchHits(ctx.get('if-none-match'), known.etag)) return answer304(ctx, plan);
    const hit = getBody(known.etag);
    if (hit) return answerStored(ctx, plan, hit);
    return next();
  };

  const answer304 = (ctx: Ctx, plan: Pick<Plan, 'etag' | 'cacheControl'>) => {
    ctx.status = 304;
    setHeaders(ctx, plan, null);
    ctx.set(CACHE_HEADER, 'revalidated');
  };

  const answerStored = (ctx: Ctx, plan: Pick<Plan, 'etag' | 'cacheControl'>, hit: Stored) => {
    setHeaders(ctx, plan, hit.keys);
    ctx.set(CACHE_HEADER, 'hit');
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.body = hit.body;
  };

  /** The route middleware: 304 or a stored response without running the route, else the route. */
  const handle = async (route: CachedRoute, ctx: Ctx, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const tooLong = queryStringProblem(ctx.querystring ?? '');
    if (tooLong) {
      ctx.set('Cache-Control', 'no-store');
      return rethrowAsBadRequest(tooLong);
    }
    const plan = await planFor(route, ctx);
    if (!plan) return answerUncached(ctx, next);
    if (plan.cacheable && ifNoneMatchHits(ctx.get('if-none-match'), plan.etag)) {
      remember(ctx, plan);
      return answer304(ctx, plan);
    }
    const local = plan.cacheable ? responseCache() : null;
    const hit = local ? getBody(plan.etag) : undefined;
    if (hit) {
      remember(ctx, plan);
      return answerStored(ctx, plan, hit);
    }
    try {
      await next();
    } catch (error) {
      // Errors are answers about this request only: no proxy or browser keeps them.
      ctx.set('Cache-Control', 'no-store');
      throw error;
    }
    if (ctx.status !== 200 || !plan.cacheable) {
      ctx.set('Cache-Control', 'no-store');
      return;
    }
    const keys = responseKeys({
      journeyIds: plan.journeyIds,
      stageIds: plan.stageIds,
      uids: plan.uids,
      documentIds: documentIdsOf(ctx.body),
      settingsOnly: plan.settingsOnly,
    });
    setHeaders(ctx, plan, keys);
    ctx.set(CACHE_HEADER, 'miss');
    remember(ctx, plan);
    if (local && ctx.body && typeof ctx.body === 'object') {
      const body = JSON.stringify(ctx.body);
      const key = `b${plan.etag}`;
      local.set(key, { kind: 'body', body, keys }, keptBytes(key, body, ...keys));
      ctx.type = 'application/json';
      ctx.body = body;
    }
  };

  // ---- wiring ----------------------------------------------------------------------------

  const onDataChange = (change: DataChange) => {
    dropStamps();
    return purge(purgeKeysForChange(change));
  };

  const bootstrap = async () => {
    strapi.get('webhookStore').addAllowedEvent('JOURNEY_PURGE', PURGE_EVENT);
    const settings = getService(strapi, 'settings-cache');
    await settings.registerLifecycles();
    settings.onChange(() => {
      lru?.clear();
      void purge(purgeKeysForSettings());
    });
    getService(strapi, 'cells').onChange((change) => void onDataChange(change));
    // Plugins bootstrap after Strapi added its global middlewares and before the router is
    // mounted: this runs after CORS, security headers and logging, before authentication.
    strapi.server.use((ctx, next) => answerKnown(ctx as never, next));
  };

  return {
    handle,
    purge,
    settled,
    stamp,
    bootstrap,
    responseCacheSize: () => lru?.size ?? 0,
    /** What the bounded store counts now, keys and indexes included (tests, monitoring). */
    keptBytes: () => lru?.bytes ?? 0,
  };
};
