/**
 * The admin analytics routes' bodies (`/journey/analytics...`), shared by server and admin. Like
 * api-types.ts this file imports nothing. Counts are sums over the period's days; shares are
 * 0..1 or null when their denominator is 0. Stages and journeys are named by documentId.
 */

export interface AnalyticsPeriod {
  /** 'YYYY-MM-DD', inclusive, UTC. */
  from: string;
  to: string;
  days: number;
}

export interface AnalyticsCounters {
  views: number;
  entries: number;
  exits: number;
  progressions: number;
  returns: number;
  nextClicks: number;
  helpfulYes: number;
  helpfulNo: number;
}

/** One row of the funnel: a stage of the journey, in position order. */
export interface AnalyticsStageRow extends AnalyticsCounters {
  stage: { documentId: string; key: string; name: string; colour: string | null; position: number };
  /** Sessions whose furthest stage reached this stage or a later one (the funnel bar). */
  sessions: number;
  /** sessions of the next stage ÷ sessions here (null for the last stage or 0 sessions). */
  movedOnShare: number | null;
  /** exits ÷ views: the share of views here that ended their session. */
  leftShare: number | null;
  /** progressions ÷ views: views followed by a later-stage view in the same session. */
  progressionRate: number | null;
  /** (yes − no) ÷ (yes + no) × 2, on the map's −2…+2 emotion scale; null below MIN_ANSWERS. */
  measuredEmotion: number | null;
  /** Conversions of each goal with this stage as the session's furthest / first stage. */
  goals: Array<{ goal: string; furthest: number; first: number }>;
}

export interface AnalyticsTransition {
  from: string;
  to: string;
  moves: number;
}

/** A document's figures at a stage, for "moves readers on" and "drop-off points". */
export interface AnalyticsDocumentRow extends AnalyticsCounters {
  contentType: string;
  documentId: string;
  locale: string | null;
  /** The entry's title (its main field), or its documentId when the caller may not read it. */
  title: string;
  stageDocumentId: string;
  progressionShare: number | null;
  exitShare: number | null;
  /** Content-manager edit view path, when the caller may read the entry. */
  editPath: string | null;
}

export interface AnalyticsStageDetail {
  stageDocumentId: string;
  /** Most progressions ÷ views first (at least MIN_VIEWS views), at most 10. */
  movers: AnalyticsDocumentRow[];
  /** Most exits ÷ views first (at least MIN_VIEWS views), at most 10. */
  dropOffs: AnalyticsDocumentRow[];
  helpful: { yes: number; no: number };
}

export interface AnalyticsSourceSummary {
  /** Whether any 'events' rows fall in the period. */
  events: boolean;
  imports: Array<{ id: number; tool: string; periodFrom: string; periodTo: string }>;
}

/** GET /journey/analytics?journey=&from=&to=&locale=&source= */
export interface AnalyticsResponse {
  journey: { documentId: string; key: string; name: string; goals: string[] };
  period: AnalyticsPeriod;
  locale: string | null;
  sources: AnalyticsSourceSummary;
  totals: { sessions: number; views: number; conversions: number };
  stages: AnalyticsStageRow[];
  transitions: AnalyticsTransition[];
  perStage: AnalyticsStageDetail[];
  /** Events the collector refused in the period, by reason (analytics-drop-day/schema.ts). */
  dropped: Record<string, number>;
}

export interface AnalyticsRate {
  from: string;
  to: string;
  /** Views of the stage (the rate's denominator) and those followed by a later stage. */
  views: number;
  progressions: number;
  rate: number | null;
}

/** GET /journey/analytics/effect?journey=&stage=&date=&days=&locale= */
export interface AnalyticsEffect {
  stageDocumentId: string;
  date: string;
  days: number;
  before: AnalyticsRate;
  after: AnalyticsRate;
  /** after.rate − before.rate; null without enough data. */
  difference: number | null;
  /** 95% interval of the difference (two-proportion, unpooled); null without enough data. */
  interval: [number, number] | null;
  /** Whether the interval excludes 0. */
  significant: boolean;
  enough: boolean;
  /** Why not enough: 'no-views-before' | 'no-views-after' | 'too-few' (each side needs ≥ 5 progressions and ≥ 5 non-progressions). */
  reason: string | null;
}

/** GET /journey/analytics/changes?journey= : dates worth testing, from the coverage snapshots. */
export interface AnalyticsChangeDate {
  date: string;
  stageDocumentId: string;
  /** 'gap-filled': the first day the stage had published content for an intent it lacked. */
  kind: 'gap-filled';
  intent: string | null;
}

/** GET /journey/analytics/traffic?journey=&from=&to=&locale=&contentType= : the coverage layer. */
export interface AnalyticsTrafficCell {
  stageDocumentId: string;
  intent: string | null;
  views: number;
  progressions: number;
  exits: number;
  progressionRate: number | null;
}

export interface AnalyticsTrafficResponse {
  period: AnalyticsPeriod;
  cells: AnalyticsTrafficCell[];
}

export type AnalyticsTool = 'ga4' | 'ga4-bigquery' | 'matomo' | 'plausible' | 'umami';

export interface AnalyticsImportRow {
  line: number;
  path: string;
  views: number;
  entries: number;
  exits: number;
  conversions: number;
  /** The document the path matched, or null. */
  match: { contentType: string; documentId: string; locale: string | null; title: string } | null;
}

/** POST /journey/analytics/import/preview (multipart: file, tool, patterns, from, to) */
export interface AnalyticsImportPreview {
  tool: AnalyticsTool;
  periodFrom: string;
  periodTo: string;
  rows: number;
  matched: number;
  unmatched: number;
  /** The first rows, matched or not, and the first unmatched paths with their views. */
  sample: AnalyticsImportRow[];
  unmatchedSample: AnalyticsImportRow[];
}

export interface AnalyticsImportSummary {
  id: number;
  tool: AnalyticsTool;
  fileName: string | null;
  periodFrom: string;
  periodTo: string;
  rowCount: number;
  matched: number;
  unmatched: number;
  importedAt: string;
}

/** GET|PUT /journey/analytics/url-patterns: per content type, e.g. '/{locale}/guides/{slug}'. */
export interface AnalyticsUrlPatterns {
  patterns: Record<string, string>;
  /** GET only: the journey-aware types a pattern can be set for, and their placeholders. */
  types?: AnalyticsUrlPatternType[];
}

export interface AnalyticsUrlPatternType {
  uid: string;
  name: string;
  localized: boolean;
  /** Placeholders besides {locale}: documentId and the type's text fields (slug…). */
  fields: string[];
}

/** POST /journey/analytics/imports (201) */
export interface AnalyticsImportResult {
  import: AnalyticsImportSummary;
  /** Ids of the earlier imports this one replaced (same tool, overlapping period). */
  replaced: number[];
  /** Rows passed over: totals lines, rows without a page, event rows outside the period. */
  skipped: number;
  unmatchedSample: Array<{ path: string; views: number }>;
}
