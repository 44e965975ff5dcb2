import type { HttpCacheConfig } from '../http-cache';
import type { JourneyDefinition } from '../journeys';

export interface IntentConfig {
  terms?: Partial<Record<string, Partial<Record<string, string[]>>>>;
  brands?: string[];
  places?: string[];
}

export interface JourneyPluginConfig {
  /** Content-type uids opted in by config, besides those with `pluginOptions.journey.enabled`. */
  contentTypes: string[];
  /**
   * Journeys created on first boot; after that they are data the admins own. Absent means the
   * default customer journey: it is not in the default config because Strapi deep-merges the app's
   * config over the default, which would splice the default stages into the app's own journeys.
   */
  journeys?: JourneyDefinition[];
  /** Coverage cells with fewer published documents than this are "thin". */
  thinThreshold: number;
  intent: IntentConfig;
  /** How long bulk tag changes are kept for undo: days, and at most this many changes. */
  history: { days: number; maxChanges: number };
  /** HTTP caching of the public GET routes: headers, purge targets, the in-process cache. */
  http: HttpCacheConfig;
  /** How often an instance checks the settings version row for another instance's change. */
  settingsCache: { ttlMs: number };
  /**
   * Per-cell counts: cron schedules (or false for none) of the cheap self-check and of the full
   * check (a recount of every type).
   */
  counts: { selfCheck: string | false; fullCheck: string | false };
  /** The daily coverage snapshot behind the trend chart. */
  snapshots: SnapshotsConfig;
  /**
   * Refuse content-API reads of journey-aware types that would reach drafts (`status=draft`,
   * filters on `localizations`) unless the caller uses an API token. Strapi itself serves them to
   * any caller with `find`.
   */
  guardDrafts: boolean;
  /**
   * `/content` and `/next` read the page's published rows as a projection of the fields the
   * caller may read, in one SELECT, instead of through the document service (a transaction, the
   * document middlewares, and Strapi's output sanitizer run per item). Turn it off when the app's
   * document-service middlewares change what a read returns; relations and components asked for
   * with `populate` always take Strapi's path. Output sanitizers registered by plugins or the app
   * still run on every item.
   */
  projectionReads: boolean;
  /**
   * Requests without credentials to the plugin's content-API routes use the public role's
   * ability built once per settings version (which every role, permission and API-token write
   * moves) instead of reading the public permissions on each request. Turn it off when the app
   * registers a content-API auth strategy of its own.
   */
  publicAbilityCache: boolean;
  /**
   * Per-operation budget of the plugin's GraphQL root fields (aliases included) and of the items
   * they ask for together; ignored without @strapi/plugin-graphql.
   */
  graphql: { maxRootFields: number; maxItems: number };
  /** Journey analytics collection (POST /api/journey/events): see AnalyticsConfig. */
  analytics: AnalyticsConfig;
}

export interface AnalyticsConfig {
  /** Off: POST /api/journey/events answers 404 and nothing is collected. */
  enabled: boolean;
  /** Rollup rows of days older than this are deleted by a daily job. */
  retentionDays: number;
  /** How often an instance adds its buffered counts to the database. */
  flushIntervalMs: number;
  /** Events per request at most. */
  maxBatch: number;
  /** Buffered rollup rows that trigger a flush before the interval is up. */
  maxBufferedRows: number;
  /**
   * How long an instance keeps the published tags it read for an event's document: a change
   * made on this instance empties them at once, one made on another reaches it within this.
   */
  documentCacheMs: number;
  /** Requests per client address and window, per instance. */
  rateLimit: { requests: number; windowSeconds: number };
}

export interface SnapshotsConfig {
  /** Off: no cron job; "Snapshot now" still works. */
  enabled: boolean;
  /** When the snapshot is taken, in Strapi's cron syntax (seconds first when six fields). */
  cron: string;
  /** Snapshots older than this many days are deleted after each one taken. */
  retentionDays: number;
}
