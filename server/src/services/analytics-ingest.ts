import type { Core } from '@strapi/strapi';
import type { AnalyticsConfig, JourneyPluginConfig } from '../domain/config';
import type { JourneyEvent, JourneyEventBatch } from '../domain/api-types';
import {
  deltaRowCount,
  emptyDeltaSet,
  mergeDeltaSets,
  type DeltaSet,
} from '../domain/analytics/keys';
import {
  addDrop,
  rollup,
  type DropReason,
  type JourneyShape,
  type ResolvedDocument,
  type ResolvedEvent,
} from '../domain/analytics/rollup';
import { createRateLimiter, type RateLimiter } from '../domain/analytics/rate-limit';
import { decodeState, encodeState, stateKey } from '../domain/analytics/state';
import { retentionCutoff, utcDay } from '../domain/snapshots';
import type { StoredJourney } from '../domain/stored';
import { collectEvents } from './analytics-collect';
import { PLUGIN_ID } from '../utils/constants';
import { addClusterJob } from '../utils/cron';
import { getService } from '../utils/get-service';

/** The daily retention job's name, and when it runs (UTC). */
export const RETENTION_JOB = 'journeyAnalyticsRetention';
const RETENTION_RULE = '0 45 3 * * *';
/** A failed flush keeps its rows for the next one, up to this many times the buffer's bound. */
const FAILED_KEEP_FACTOR = 2;

type Row = {
  d: string;
  l: string | null;
  p: number | string | boolean;
  i: string | null;
  s: number | string | null;
};

/**
 * The event collector: resolves each event's document to its published tags, rolls the batch
 * up against the session's state and adds the deltas to an in-memory buffer that is flushed to
 * the rollup tables every `analytics.flushIntervalMs` (and when it grows past
 * `maxBufferedRows`, and at shutdown) through the shared `count = count + delta` upserts. No
 * event, address, user agent, URL or session id is ever stored.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const config = (): AnalyticsConfig =>
    (strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig).analytics;

  let buffer: DeltaSet = emptyDeltaSet();
  let timer: NodeJS.Timeout | null = null;
  let flushing: Promise<void> = Promise.resolve();
  let limiter: RateLimiter | null = null;
  let key: Buffer | null = null;

  const signingKey = () => {
    if (key) return key;
    const keys = strapi.config.get('server.app.keys') as string[] | undefined;
    if (!keys?.length) {
      throw new Error('[journey] analytics needs server.app.keys to sign the session state');
    }
    key = stateKey(keys);
    return key;
  };

  const rateLimiter = () => {
    limiter ??= createRateLimiter(config().rateLimit);
    return limiter;
  };

  /** Journeys by documentId, and each published stage id's journey, stage and position. */
  let shaped: { of: StoredJourney[]; shape: ReturnType<typeof buildShapes> } | null = null;
  const shapes = (journeys: StoredJourney[]) => {
    // The settings cache hands out the same array until the journeys change.
    if (shaped?.of !== journeys) shaped = { of: journeys, shape: buildShapes(journeys) };
    return shaped.shape;
  };
  const buildShapes = (journeys: StoredJourney[]) => {
    const byJourney = new Map<string, JourneyShape>();
    const byStageId = new Map<number, { journey: string; stage: string; position: number }>();
    for (const j of journeys) {
      const goals = (j as unknown as { goals?: unknown }).goals;
      byJourney.set(j.documentId, {
        stages: j.stages.map((s) => ({ documentId: s.documentId, position: s.position })),
        goals: Array.isArray(goals) ? goals.filter((g): g is string => typeof g === 'string') : [],
      });
      for (const s of j.stages) {
        byStageId.set(Number(s.id), {
          journey: j.documentId,
          stage: s.documentId,
          position: s.position,
        });
      }
    }
    return { byJourney, byStageId };
  };

  /**
   * Every row (draft and published, every locale) of the asked documents with their stage
   * links: one query per journey-aware type asked about, whatever the batch's size.
   */
  const rowsOf = async (uid: string, documentIds: string[]) => {
    const types = getService(strapi, 'content-types');
    const t = types.tagTable(uid);
    const knex = strapi.db.connection;
    const rows = (await knex(`${t.table} as e`)
      .leftJoin(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
      .whereIn(`e.${t.documentId}`, documentIds)
      .select({
        d: `e.${t.documentId}`,
        l: t.localized ? `e.${t.locale}` : knex.raw('NULL'),
        p: t.draftAndPublish
          ? knex.raw(`CASE WHEN e.?? IS NULL THEN 0 ELSE 1 END`, [t.publishedAt])
          : knex.raw('1'),
        i: `e.${t.intent}`,
        s: `l.${t.stageColumn}`,
      })) as Row[];
    const byDocument = new Map<string, Row[]>();
    for (const r of rows) {
      const list = byDocument.get(r.d) ?? [];
      list.push(r);
      byDocument.set(r.d, list);
    }
    return { localized: t.localized, byDocument };
  };

  // ---- the documents' rows, kept a while -----------------------------------------------------
  // A busy site sends many events about the same documents: their rows are kept for
  // `analytics.documentCacheMs`. A write on this instance (any change of a cell: tags, intent,
  // publish, delete) or of the journeys empties them at once; a query that was running across
  // such a write does not store its rows. A write on another instance holds here within
  // documentCacheMs: a few seconds of events counted against the old tags, in daily totals.
  const KEPT_DOCUMENTS = 20_000;
  const kept = new Map<string, { at: number; rows: Row[] }>();
  let generation = 0;
  const forgetDocuments = () => {
    generation += 1;
    kept.clear();
  };

  const rowsKept = async (uid: string, documentIds: string[]) => {
    const now = Date.now();
    const ttl = config().documentCacheMs;
    const byDocument = new Map<string, Row[]>();
    const missing: string[] = [];
    for (const id of documentIds) {
      const known = kept.get(`${uid}\u0000${id}`);
      if (known && now - known.at < ttl) byDocument.set(id, known.rows);
      else missing.push(id);
    }
    const { localized } = getService(strapi, 'content-types').tagTable(uid);
    if (!missing.length) return { localized, byDocument };
    const started = generation;
    const found = await rowsOf(uid, missing);
    if (started === generation && kept.size + missing.length > KEPT_DOCUMENTS) kept.clear();
    for (const id of missing) {
      const rows = found.byDocument.get(id) ?? [];
      byDocument.set(id, rows);
      if (started === generation) kept.set(`${uid}\u0000${id}`, { at: now, rows });
    }
    return { localized, byDocument };
  };

  /** The batch's events resolved against the documents' published tags, in order. */
  const resolve = async (
    events: JourneyEvent[],
    byStageId: ReturnType<typeof shapes>['byStageId']
  ): Promise<ResolvedEvent[]> => {
    const types = getService(strapi, 'content-types');
    const aware = types.journeyAwareUids();
    const candidates = (e: JourneyEvent) => (e.contentType ? [e.contentType] : aware);
    const asked = new Map<string, Set<string>>();
    for (const e of events) {
      if (e.type === 'goal' || !e.documentId) continue;
      if (e.contentType && !aware.includes(e.contentType)) continue;
      for (const uid of candidates(e)) {
        const set = asked.get(uid) ?? new Set<string>();
        set.add(e.documentId);
        asked.set(uid, set);
      }
    }
    const found = new Map(
      await Promise.all(
        [...asked].map(async ([uid, ids]) => [uid, await rowsKept(uid, [...ids])] as const)
      )
    );
    const defaultLocale = found.size
      ? (((await getService(strapi, 'settings-cache').get()).defaultLocale as string | null) ?? '')
      : '';

    const documentOf = (e: JourneyEvent): ResolvedDocument | DropReason => {
      if (e.contentType && !aware.includes(e.contentType)) return 'not-journey-aware';
      let draftOnly = false;
      for (const uid of candidates(e)) {
        const t = found.get(uid);
        const rows = t?.byDocument.get(e.documentId as string);
        if (!t || !rows) continue;
        const locale = t.localized ? (e.locale ?? defaultLocale) : '';
        const inLocale = t.localized ? rows.filter((r) => r.l === locale) : rows;
        if (!inLocale.length) continue;
        const published = inLocale.filter((r) => Number(r.p) === 1);
        if (!published.length) {
          draftOnly = true;
          continue;
        }
        // One stage per journey: the earliest, when a document serves several of one journey.
        const perJourney = new Map<string, { journey: string; stage: string; position: number }>();
        for (const r of published) {
          const stage = r.s === null ? undefined : byStageId.get(Number(r.s));
          if (!stage) continue;
          const seen = perJourney.get(stage.journey);
          if (!seen || stage.position < seen.position) perJourney.set(stage.journey, stage);
        }
        return {
          uid,
          documentId: e.documentId as string,
          locale,
          intent: published[0].i ?? '',
          stages: [...perJourney.values()],
        };
      }
      return draftOnly ? 'unpublished' : 'unknown-document';
    };

    return events.map((e): ResolvedEvent => {
      if (e.type === 'goal') return { type: 'goal', goal: e.goal as string };
      const document = documentOf(e);
      if (typeof document === 'string') return { type: 'drop', reason: document };
      if (e.type === 'helpful') return { type: 'helpful', document, helpful: e.helpful === true };
      return { type: e.type, document };
    });
  };

  const flushSoonIfFull = () => {
    if (deltaRowCount(buffer) >= config().maxBufferedRows) void flush();
  };

  /** Rolls a valid batch up into the buffer; returns the new `Journey-State` token. */
  const collect = async (batch: JourneyEventBatch, now = new Date()): Promise<string> => {
    const k = signingKey();
    const day = utcDay(now);
    const { state, bad } = decodeState(k, batch.session, batch.state);
    const journeys = await getService(strapi, 'settings-cache').journeys();
    const { byJourney, byStageId } = shapes(journeys);
    const events = await resolve(batch.events, byStageId);
    if (bad) events.unshift({ type: 'drop', reason: 'bad-state' });
    // Synchronous from here: the flush swaps the buffer between turns, never in the middle.
    const result = rollup({ events, state, journeys: byJourney, day, into: buffer });
    flushSoonIfFull();
    return encodeState(k, batch.session, result.state);
  };

  /** Counts events refused before they were read (bot, dnt, rate-limited). */
  const drop = (reason: DropReason, count: number, now = new Date()) => {
    addDrop(buffer, utcDay(now), reason, count);
    flushSoonIfFull();
  };

  /**
   * Adds the buffered deltas to the database. One flush at a time per instance; a failed one
   * puts the rows it did not write back for the next try unless that would hold more than
   * twice the bound.
   */
  const flush = (): Promise<void> => {
    flushing = flushing.then(async () => {
      if (!deltaRowCount(buffer)) return;
      const taken = buffer;
      buffer = emptyDeltaSet();
      try {
        await getService(strapi, 'analytics-store').addDeltasInSteps(taken);
      } catch (error) {
        const rows = deltaRowCount(taken);
        if (deltaRowCount(buffer) + rows <= config().maxBufferedRows * FAILED_KEEP_FACTOR) {
          mergeDeltaSets(buffer, taken);
          strapi.log.warn(
            `[journey] analytics flush failed, ${rows} rows kept for the next: ${error}`
          );
        } else {
          strapi.log.error(`[journey] analytics flush failed, ${rows} rows lost: ${error}`);
        }
      }
    });
    return flushing;
  };

  /** Deletes rollup rows older than `analytics.retentionDays`; returns how many. */
  const prune = async (now = new Date()) =>
    getService(strapi, 'analytics-store').deleteBefore(
      retentionCutoff(utcDay(now), config().retentionDays)
    );

  // ---- anonymous batches, before Strapi's authentication ------------------------------------
  // Strapi authenticates every request (for the public role: its permissions read and a CASL
  // ability built), most of a batch's cost. Once a batch without credentials went through it
  // (the public role has events.collect), the next ones are taken here while the settings version
  // (which every permission, role and API token write bumps) is the one that was checked.
  let publicAllowedVersion: string | null = null;
  const rememberPublicAllowed = (state: { journeyEventsVersion?: unknown }) => {
    if (typeof state.journeyEventsVersion === 'string') {
      publicAllowedVersion = state.journeyEventsVersion;
    }
  };
  type PreCtx = {
    method: string;
    path: string;
    state: Record<string, unknown>;
    get: (name: string) => string;
  };
  const eventsPath = () => `${strapi.config.get('api.rest.prefix', '/api')}/${PLUGIN_ID}/events`;
  const beforeAuthentication = async (ctx: PreCtx, next: () => Promise<unknown>) => {
    if (ctx.method !== 'POST' || ctx.path !== eventsPath() || ctx.get('authorization')) {
      return next();
    }
    const { version } = await getService(strapi, 'settings-cache').get();
    ctx.state.journeyEventsVersion = version;
    if (publicAllowedVersion !== version) return next();
    return collectEvents(strapi, ctx as never);
  };

  /** In bootstrap: the flush timer, the daily retention job, the anonymous fast path. */
  const start = () => {
    // Plugins bootstrap after Strapi's global middlewares (CORS, body) and before the router.
    strapi.server.use((ctx, next) => beforeAuthentication(ctx as never, next));
    getService(strapi, 'cells').onChange(forgetDocuments);
    getService(strapi, 'settings-cache').onChange(forgetDocuments);
    const { enabled, flushIntervalMs } = config();
    addClusterJob(strapi, RETENTION_JOB, RETENTION_RULE, 'analytics retention', async () => {
      const deleted = await prune();
      if (deleted) strapi.log.info(`[journey] analytics retention: ${deleted} rows deleted`);
    });
    if (!enabled || timer) return;
    timer = setInterval(() => void flush(), flushIntervalMs);
    timer.unref();
  };

  /** In destroy: no more timer; whatever is buffered is written. */
  const stop = async () => {
    if (timer) clearInterval(timer);
    timer = null;
    await flush();
  };

  return {
    config,
    collect,
    drop,
    flush,
    prune,
    start,
    stop,
    rateLimiter,
    rememberPublicAllowed,
    /** Forgets every address's window (and reads `rateLimit` again): tests, config changes. */
    resetLimits: () => {
      limiter = null;
    },
    /** Forgets the documents' rows kept for resolving events (tests). */
    forgetDocuments,
    /** Rows waiting for the next flush (tests, the benchmark). */
    bufferedRows: () => deltaRowCount(buffer),
  };
};
