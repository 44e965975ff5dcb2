import { DEFAULT_HTTP_CONFIG, DEFAULT_SETTINGS_TTL_MS } from '../http-cache';
import { DEFAULT_JOURNEYS } from '../journeys';
import type { JourneyPluginConfig } from './types';

/** Every 10 minutes, at second 0. */
export const COUNTS_SELF_CHECK_DEFAULT = '0 */10 * * * *';
/** Daily at 03:15:00 UTC (the schedules run in UTC): the full recount reads every entry. */
export const COUNTS_FULL_CHECK_DEFAULT = '0 15 3 * * *';

export const DEFAULT_CONFIG: JourneyPluginConfig = {
  contentTypes: [],
  thinThreshold: 2,
  intent: { terms: {}, brands: [], places: [] },
  history: { days: 90, maxChanges: 1000 },
  http: DEFAULT_HTTP_CONFIG,
  settingsCache: { ttlMs: DEFAULT_SETTINGS_TTL_MS },
  counts: { selfCheck: COUNTS_SELF_CHECK_DEFAULT, fullCheck: COUNTS_FULL_CHECK_DEFAULT },
  snapshots: { enabled: true, cron: '0 5 0 * * *', retentionDays: 400 },
  guardDrafts: true,
  projectionReads: true,
  publicAbilityCache: true,
  graphql: { maxRootFields: 20, maxItems: 1000 },
  analytics: {
    enabled: true,
    retentionDays: 400,
    flushIntervalMs: 2000,
    maxBatch: 50,
    maxBufferedRows: 50000,
    documentCacheMs: 30000,
    rateLimit: { requests: 120, windowSeconds: 60 },
  },
};

export const configuredJourneys = (config: Pick<JourneyPluginConfig, 'journeys'>) =>
  config.journeys ?? DEFAULT_JOURNEYS;
