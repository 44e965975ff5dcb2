import type { Core } from '@strapi/strapi';
import { createHash } from 'crypto';
import { intentsParam, listParam, stringParam } from '../domain/content-params';
import {
  ByteLru,
  DEFAULT_HTTP_CONFIG,
  buildEtag,
  cacheControlFor,
  callerOf,
  ifNoneMatchHits,
  purgeKeysForChange,
  purgeKeysForSettings,
  responseKeys,
  type CachedRoute,
  type DataChange,
  type HttpCacheConfig,
} from '../domain/http-cache';
import { PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';
import type { Settings } from './settings-cache';

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
  status: number;
  body: unknown;
  query: Record<string, unknown>;
  state: { auth?: unknown };
  type: string;
  get(name: string): string;
  set(name: string, value: string): void;
  vary(name: string): void;
  remove(name: string): void;
};
type Next = () => Promise<unknown>;

interface Plan {
  etag: string;
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

  let lru: ByteLru<Stored> | null = null;
  const responseCache = () => {
    const { enabled, maxBytes } = config().responseCache;
    if (!enabled || maxBytes <= 0) return null;
    lru ??= new ByteLru<Stored>(maxBytes);
    return lru;
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
    const local = responseCache();
    if (local) local.deleteWhere((stored) => stored.keys.some((k) => keys.includes(k)));
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
    const locale = stringParam(query, 'locale') ?? settings.defaultLocale;
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
      dataStamp = await stamp(found.scope);
      journeyIds = [found.scope.journeyId];
      stageIds = found.scope.stageIds ?? found.allStageIds;
      uids = found.scope.uids;
    }
    return {
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

  const setHeaders = (ctx: Ctx, plan: Plan, keys: string[] | null) => {
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

  /** The route middleware: 304 or a stored response without running the route, else the route. */
  const handle = async (route: CachedRoute, ctx: Ctx, next: Next) => {
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    const plan = await planFor(route, ctx);
    if (!plan) return answerUncached(ctx, next);
    if (plan.cacheable && ifNoneMatchHits(ctx.get('if-none-match'), plan.etag)) {
      ctx.status = 304;
      setHeaders(ctx, plan, null);
      return;
    }
    const local = plan.cacheable ? responseCache() : null;
    const hit = local?.get(plan.etag);
    if (hit) {
      setHeaders(ctx, plan, hit.keys);
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = hit.body;
      return;
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
    if (local && ctx.body && typeof ctx.body === 'object') {
      const body = JSON.stringify(ctx.body);
      local.set(plan.etag, { body, keys }, Buffer.byteLength(body) + plan.etag.length);
      ctx.type = 'application/json';
      ctx.body = body;
    }
  };

  // ---- wiring ----------------------------------------------------------------------------

  const onDataChange = (change: DataChange) => purge(purgeKeysForChange(change));

  const bootstrap = async () => {
    strapi.get('webhookStore').addAllowedEvent('JOURNEY_PURGE', PURGE_EVENT);
    const settings = getService(strapi, 'settings-cache');
    await settings.registerLifecycles();
    settings.onChange(() => {
      lru?.clear();
      void purge(purgeKeysForSettings());
    });
    getService(strapi, 'cells').onChange((change) => void onDataChange(change));
  };

  return { handle, purge, settled, stamp, bootstrap, responseCacheSize: () => lru?.size ?? 0 };
};
