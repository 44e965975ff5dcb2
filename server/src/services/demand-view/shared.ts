import { Bm25Index } from '../../domain/bm25';
import { type Pagination } from '../../domain/content-params';
import { METRICS, type Metric } from '../../domain/demand-rank';
import { INTENTS, type Intent } from '../../domain/intents';
import { invalidParam } from '../../utils/params';
import { type ReadAccess } from '../../utils/read-access';
import { stageOf } from '../../domain/stage-of';
import type { StoredJourney, StoredStage } from '../../domain/stored';

export const QUERY_UID = 'plugin::journey.demand-query';
export const IMPORT_UID = 'plugin::journey.demand-import';

/**
 * A query is served when a published document scores at least this much (0..1, the share of the
 * query's weight the document's title, slug or focus keyword carries; see domain/bm25.ts).
 * 0.6: most of the query, its rare words above all, is there.
 */
export const DEFAULT_THRESHOLD = 0.6;

/** Match caches kept at once (one per index version × threshold × access). */
export const MATCH_CACHES = 8;
export const CELL_INTENTS = [...INTENTS, 'none'] as const;
/** Milliseconds a background refresh matches before it lets waiting requests run. */
export const REFRESH_SLICE_MS = 10;

/**
 * The stage a query's intent places it in, as the classifier and demand-import's preview place
 * it (`stageOf`): the journey's intent → stage mapping, and a navigational query the journey
 * does not map goes to the decision stage (the stored rows keep no runner-up intent to follow).
 * A query left with no stage counts in `totals.unplaced`.
 */
export const stageOfIntent = (journey: StoredJourney, intent: Intent): StoredStage | null =>
  stageOf(journey, intent);

export const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface DemandQuery {
  journey?: string;
  locale?: string;
  contentType?: string;
  metric?: string;
  threshold?: string;
  access?: ReadAccess;
}

export interface DemandCellQuery extends DemandQuery {
  stage?: string;
  intent?: string;
  page?: unknown;
  pageSize?: unknown;
}

/** One (type, locale) collection of published documents, indexed for matching. */
export interface Segment {
  uid: string;
  locale: string | null;
  index: Bm25Index;
  entryIds: number[];
  documentIds: string[];
  titles: Array<string | null>;
  slugs: Array<string | null>;
  keywords: Array<string | null>;
  /** Intent per document ('' for none). */
  intents: string[];
  /** Stage ids per document. */
  stages: number[][];
}

export interface TypeIndex {
  version: string;
  /** When the content it was built from was read (epoch ms). */
  readAt: number;
  titleField: string | null;
  segments: Map<string | null, Segment>;
  bytes: number;
}

/** The matches found over one set of index versions, at one threshold, for one row access. */
export interface CacheRecord {
  /** Same types, threshold and row access: records of one family differ in index versions. */
  family: string;
  types: Array<{ uid: string; index: TypeIndex }>;
  threshold: number;
  access?: ReadAccess;
  entries: Map<string, Match | null>;
  usedAt: number;
}

export interface Match {
  segment: Segment;
  doc: number;
  score: number;
  served: boolean;
  sameCell: boolean;
}

export interface DemandRow {
  id: number | string;
  import_id: number | string;
  locale: string;
  query: string;
  intent: string;
  stage_document_id: string | null;
  clicks: number | string | null;
  impressions: number | string | null;
  ctr: number | string | null;
  position: number | string | null;
  volume: number | string | null;
  overridden: unknown;
  classified_intent: string;
  /** The query's monthly demand under the demand model (domain/demand-model.ts). */
  monthly: number | string | null;
}

export const num = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

export const isTrue = (value: unknown) =>
  value === true || value === 1 || value === '1' || value === 't';

export const round = (value: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

export const paginationMeta = (p: Pagination, total: number) => ({
  page: p.page,
  pageSize: p.limit,
  pageCount: Math.ceil(total / p.limit),
  total,
});

export const metricParam = (value: string | undefined): Metric => {
  if (value === undefined) return 'impressions';
  if (!(METRICS as readonly string[]).includes(value)) throw invalidParam('metric', value, METRICS);
  return value as Metric;
};

export const thresholdParam = (value: string | undefined): number => {
  if (value === undefined) return DEFAULT_THRESHOLD;
  const n = Number(value);
  if (!/^\s*\d*\.?\d+\s*$/.test(value) || !Number.isFinite(n) || n < 0 || n > 1) {
    throw invalidParam('threshold', value, ['a number from 0 to 1']);
  }
  return n;
};
