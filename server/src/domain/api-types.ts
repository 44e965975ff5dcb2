/**
 * The response bodies of the public content-API routes (`/api/journey/...`). The server's
 * controllers and services return these types, and the client (`strapi-plugin-journey/client`)
 * publishes them, so that a change of shape breaks the build of both, not a frontend at run time.
 *
 * This file imports nothing: the client compiles it into its own build, which must stay free of
 * server code. The unions below are checked against the server's own (`INTENTS`, `LANGUAGES`) in
 * the controllers, where a drift is a compile error.
 */

export type ApiIntent = 'informational' | 'commercial' | 'transactional' | 'navigational' | 'local';
export type ApiLanguage = 'en' | 'sv' | 'nb';
export type ConversionLikelihood = 'low' | 'medium' | 'high';

/** A stage as `/journeys` lists it: the name in the requested locale. */
export interface PublicStage {
  documentId: string;
  key: string;
  name: string;
  colour: string | null;
  position: number;
}

export interface PublicJourney {
  documentId: string;
  key: string;
  name: string;
  stages: PublicStage[];
}

/** GET /api/journey/journeys */
export interface JourneysResponse {
  data: PublicJourney[];
  meta: {
    locale: string | null;
    intents: Array<{ key: ApiIntent; name: string; conversion: ConversionLikelihood }>;
  };
}

/** GET /api/journey/stages */
export interface StagesResponse {
  data: Array<PublicStage & { journey: string }>;
}

/** A stage on a content item (present only for callers who may `find` stages). */
export interface ItemStage {
  journey: string;
  key: string;
  name: string;
}

/**
 * One published entry of any journey-aware type, in Strapi's response shape plus the plugin's
 * fields. Its own fields depend on the type: narrow with `contentType`, or pass your item type as
 * the client's type parameter.
 */
export interface JourneyItem {
  id?: number;
  documentId: string;
  contentType: string;
  locale: string | null;
  searchIntent: ApiIntent | null;
  journeyStages?: ItemStage[];
  [field: string]: unknown;
}

/**
 * `nextCursor` starts the next page by a keyset on the sort (send it as `cursor`); null on the
 * last page. With a cursor, `page` is where that cursor was issued.
 */
export type PaginationMeta =
  | { page: number; pageSize: number; pageCount: number; total: number; nextCursor: string | null }
  | { start: number; limit: number; total: number; nextCursor: string | null };

export interface IntentMatch {
  intent: ApiIntent;
  term: string;
  rule: string;
}

/** What the classifier says about a search query, with the terms and rules that decided it. */
export interface QueryClassification {
  intent: ApiIntent | null;
  confidence: number;
  scores: Record<ApiIntent, number>;
  matches: IntentMatch[];
  language: ApiLanguage;
  /** The stage the intent points to in the journey (`intentStages`); null without an intent. */
  stage: string | null;
}

/** `meta.classification` of `/content?q=`. */
export interface ContentClassification extends QueryClassification {
  query: string;
  /** Which of intent and stage came from the query rather than from the caller's parameters. */
  fromQuery: { intent: boolean; stage: boolean };
  /** Nothing in the stage had the intent, so the stage was served without the intent filter. */
  fallback: boolean;
}

/**
 * Journey-aware types a listing left out, per reason, in `meta.omitted`: with the plugin's route
 * granted but not `find` on the types, the answer is empty and this says why. A count, not the
 * types' names: those are not the caller's to learn.
 */
export interface OmittedTypes {
  /** Today the one reason: the role or token may not `find` the type. */
  reason: 'no find permission';
  /** How many journey-aware types were left out for that reason. */
  count: number;
}

/** GET /api/journey/content */
export interface ContentResponse<Item = JourneyItem> {
  data: Item[];
  meta: {
    pagination: PaginationMeta;
    journey: string;
    /** null: every stage of the journey. */
    stage: string[] | null;
    intent: ApiIntent[] | null;
    locale: string | null;
    /** The types read: the ones asked for (`type=`), or every journey-aware type readable. */
    contentTypes: string[];
    /** Types left out without being asked for; empty when none was (or `type=` named them). */
    omitted: OmittedTypes[];
    classification?: ContentClassification;
  };
}

/**
 * Why `/next` served the stage it did: `next` (the following stage), `later` (the following one
 * had nothing), `same` (no later stage had anything, or the visitor is in the last one), `none`
 * (nothing to serve at all).
 */
export type ServedStageReason = 'declared' | 'next' | 'later' | 'same' | 'none';

/** GET /api/journey/next */
export interface NextResponse<Item = JourneyItem> {
  data: Item[];
  meta: {
    journey: string;
    stage: string;
    intent: ApiIntent[] | null;
    locale: string | null;
    servedStage: { key: string; reason: ServedStageReason };
    total: number;
    /** As in ContentResponse. */
    contentTypes: string[];
    omitted: OmittedTypes[];
  };
}

/** GET /api/journey/intent */
export interface IntentResponse {
  data: QueryClassification & { query: string };
  meta: { journey: string };
}

/**
 * Strapi's error body. A bad parameter (400 ValidationError) names it in `details`: the
 * parameter, the value given and the valid values (a list, or a sentence such as "an integer from
 * 1 to 100").
 */
export interface ApiErrorBody {
  data: null;
  error: {
    status: number;
    name: string;
    message: string;
    details?: {
      parameter?: string;
      value?: string;
      valid?: readonly string[] | string;
      [key: string]: unknown;
    };
  };
}

/**
 * Admin routes of the demand layer (`/journey/demand/...`, "read coverage"). Not part of the
 * content API: here so that the admin and the server share one shape.
 */
export type DemandMetric = 'impressions' | 'clicks' | 'volume';

/**
 * How fresh the served/unserved flags are. 'refreshing': published content changed since the
 * matches were found; they are answered from the previous content while the server matches
 * again in the background (ask again later). `asOf`: when the content they reflect was read.
 */
export interface DemandMatching {
  state: 'current' | 'refreshing';
  asOf: string;
}

export interface DemandMatrixCell {
  stage: string;
  intent: ApiIntent | 'none';
  /** Sum of the metric over the cell's queries, as imported. */
  demand: number;
  /** The same, per month: each import's numbers × 30.4375 ÷ its days ('monthly' imports as is). */
  monthly: number;
  queries: number;
  /** Published documents of the cell the caller may read (per locale, as coverage counts). */
  supply: number;
  served: number;
  unserved: number;
  unservedMonthly: number;
}

export interface DemandOpportunity {
  stage: string;
  stageName: string;
  intent: ApiIntent;
  locale: string;
  monthly: number;
  supply: number;
  queries: number;
  unserved: number;
  unservedMonthly: number;
  /** gap, thin: as the coverage page flags the cell; unexpected: a cell its stage does not expect. */
  kind: 'gap' | 'thin' | 'unexpected';
  /** English; the admin builds its own from the fields. */
  label: string;
}

/** GET /journey/demand/matrix */
export interface DemandMatrixResponse {
  data: {
    metric: DemandMetric;
    threshold: number;
    thinThreshold: number;
    locales: string[];
    cells: DemandMatrixCell[];
    ranking: DemandOpportunity[];
    matching: DemandMatching;
    totals: {
      demand: number;
      monthly: number;
      queries: number;
      served: number;
      unserved: number;
      unservedMonthly: number;
      /** Queries with no stage (no intent and no override): counted in the totals only. */
      unplaced: { queries: number; monthly: number };
    };
  };
}

export interface DemandMatch {
  documentId: string;
  contentType: string;
  locale: string | null;
  /** null when the caller may not read the type's title field. */
  title: string | null;
  /** 0..1, see domain/bm25.ts. */
  score: number;
  sameCell: boolean;
  terms: Array<{ term: string; weight: number; idf: number; tf: number; contribution: number }>;
}

export interface DemandQueryRow {
  query: string;
  locale: string;
  clicks: number | null;
  impressions: number | null;
  ctr: number | null;
  position: number | null;
  volume: number | null;
  monthly: number;
  intent: ApiIntent | 'none';
  stage: string;
  overridden: boolean;
  classifiedIntent: string;
  served: boolean;
  almostThere: boolean;
  match: DemandMatch | null;
}

/** GET /journey/demand/cell */
export interface DemandCellResponse {
  data: DemandQueryRow[];
  meta: {
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    threshold: number;
    metric: DemandMetric;
    matching: DemandMatching;
  };
}

// ---------------------------------------------------------------------------------------------
// Search demand (admin routes under /journey/demand; the admin reads these shapes)

export type DemandFormatName = 'search-console' | 'keyword-volume' | 'custom';

/** Which column of the file holds each field. */
export interface DemandMapping {
  query: string;
  clicks?: string;
  impressions?: string;
  ctr?: string;
  position?: string;
  volume?: string;
}

/** One stored import, as GET /journey/demand/imports lists it. */
export interface DemandImport {
  id: number;
  documentId: string;
  /** The journey's key; null when the journey was deleted since. */
  journey: string | null;
  journeyDocumentId: string;
  locale: string;
  source: string;
  format: DemandFormatName;
  /** 'YYYY-MM-DD..YYYY-MM-DD' or 'monthly'. */
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  fileName: string | null;
  mapping: DemandMapping | null;
  rowsRead: number;
  rowsStored: number;
  rowsSkipped: number;
  totalClicks: number | null;
  totalImpressions: number | null;
  totalVolume: number | null;
  importedByName: string | null;
  createdAt: string | null;
}

/** A row of the preview's sample: the file's numbers and what the classifier made of the query. */
export interface PreviewRow {
  line: number;
  query: string;
  clicks: number | null;
  impressions: number | null;
  /** 0..1 */
  ctr: number | null;
  position: number | null;
  volume: number | null;
  /** Effective intent (an override's, else the classifier's); 'none' when neither places one. */
  intent: string;
  classifiedIntent: string;
  overridden: boolean;
  confidence: number;
  language: string;
  /** Stage key, or 'none' when the journey's mapping places the intent nowhere. */
  stage: string;
  matches: Array<{ intent: string; term: string; rule: string }>;
}

export interface DemandTotals {
  queries: number;
  clicks: number;
  impressions: number;
  volume: number;
}

/** POST /journey/demand/preview */
export interface DemandPreview {
  format: DemandFormatName | null;
  delimiter: ',' | ';' | '\t' | null;
  bom: boolean;
  columns: string[];
  mapping: DemandMapping | null;
  mappingRecognised: boolean;
  rowsRead: number;
  rowsValid: number;
  skippedCount: number;
  /** The first 100 skipped rows. */
  skipped: Array<{ line: number; reason: string }>;
  byIntent: Record<string, DemandTotals>;
  byStage: Record<string, DemandTotals>;
  sample: PreviewRow[];
  rawSample: string[][];
}

/** An admin's correction of a query's intent or stage (GET/PUT /journey/demand/overrides). */
export interface DemandOverride {
  journey: string;
  locale: string;
  /** As a file wrote it, when an import has it; else the normalised form. */
  query: string;
  queryNorm: string;
  intent: string | null;
  /** Stage key. */
  stage: string | null;
  updatedByName: string | null;
  updatedAt: string | null;
}

/**
 * POST /api/journey/events: one batch of a tab's events (at most 50; docs/analytics.md). The stage
 * and journey of each event are read on the server from the document's published tags, never
 * taken from here. The answer is 204 without a body and a `Journey-State` header: an opaque value
 * (the session's previous document and its first, previous and furthest stage per journey, as the
 * server resolved them) that the client keeps in `sessionStorage` and sends back as `state`, so
 * that the server aggregates without keeping any per-session state.
 */
export type JourneyEventType = 'view' | 'click' | 'goal' | 'helpful';

export interface JourneyEvent {
  type: JourneyEventType;
  /** view, click, helpful: the document the event is about (for a click: the recommendation). */
  documentId?: string;
  /** Its content-type uid; optional, resolved by the server among journey-aware types. */
  contentType?: string;
  /** Its locale, for localized types; default: the type's default locale. */
  locale?: string;
  /** goal: a name the journey lists in its `goals` (signup, purchase…). */
  goal?: string;
  /** helpful: the reader's answer to "was this helpful?". */
  helpful?: boolean;
}

export interface JourneyEventBatch {
  /** A random id the tab keeps in sessionStorage (16–64 of A–Z a–z 0–9 _ -); never stored. */
  session: string;
  /** The `Journey-State` header of the previous answer, verbatim; absent on a tab's first batch. */
  state?: string;
  events: JourneyEvent[];
}
