/**
 * Shapes of the search-demand admin routes (/journey/demand/*), as /work/prompts/contracts.md
 * fixes them, and the small helpers the demand pages share: free of the admin's runtime, so the
 * unit tests read them without a browser. `./demand` re-exports them beside the endpoints.
 */

export type DemandMetric = 'impressions' | 'clicks' | 'volume';
export const DEMAND_METRICS: DemandMetric[] = ['impressions', 'clicks', 'volume'];

export type MetricColumn = 'query' | 'clicks' | 'impressions' | 'ctr' | 'position' | 'volume';
export const MAPPING_FIELDS: MetricColumn[] = [
  'query',
  'clicks',
  'impressions',
  'ctr',
  'position',
  'volume',
];
export type Mapping = Partial<Record<MetricColumn, string>> & { query?: string };

export interface Totals {
  queries: number;
  clicks: number;
  impressions: number;
  volume: number;
}

export interface PreviewRow {
  line: number;
  query: string;
  clicks: number | null;
  impressions: number | null;
  ctr: number | null;
  position: number | null;
  volume: number | null;
  intent: string;
  confidence: number | null;
  language: string | null;
  stage: string | null;
  matches?: unknown;
}

export interface Preview {
  format: 'search-console' | 'keyword-volume' | 'custom';
  delimiter: string;
  bom: boolean;
  columns: string[];
  mapping: Mapping | null;
  mappingRecognised: boolean;
  rowsRead: number;
  rowsValid: number;
  skippedCount: number;
  skipped: Array<{ line: number; reason: string }>;
  byIntent?: Record<string, Totals>;
  byStage?: Record<string, Totals>;
  sample: PreviewRow[];
  rawSample: string[][];
}

export interface DemandImport {
  id: number;
  documentId?: string;
  source: string;
  locale: string;
  format: string;
  periodKey: string;
  periodStart?: string | null;
  periodEnd?: string | null;
  fileName?: string | null;
  rowsRead?: number;
  rowsStored?: number;
  rowsSkipped?: number;
  totalClicks?: number | string | null;
  totalImpressions?: number | string | null;
  totalVolume?: number | string | null;
  importedByName?: string | null;
  createdAt?: string;
  updatedAt?: string;
}

export interface MatrixCell {
  stage: string;
  intent: string;
  demand: number;
  monthly: number;
  queries: number;
  supply: number;
  served: number;
  unserved: number;
}

export interface RankingLine {
  stage: string;
  intent: string;
  locale: string;
  monthly: number;
  supply: number;
  queries: number;
  /** gap, thin: as the coverage page flags the cell; unexpected: a cell its stage does not expect. */
  kind: 'gap' | 'thin' | 'unexpected';
  label: string;
}

/** A query the journey places in no stage (no intent, or one mapped nowhere), by its demand. */
export interface UnplacedQuery {
  query: string;
  locale: string;
  intent: string;
  monthly: number;
}

export interface DemandMatrix {
  metric: DemandMetric;
  locales: string[];
  cells: MatrixCell[];
  ranking: RankingLine[];
  totals: {
    /** The metric summed over the imports' periods; `monthly` is it as a monthly rate. */
    demand: number;
    monthly: number;
    queries: number;
    unserved: number;
    /** Counted in the totals, in no cell. */
    unplaced?: { queries: number; monthly: number; top?: UnplacedQuery[] };
  };
  meta?: { imports: ImportUse[] };
}

/** One import as the demand model reads it (GET /journey/demand/sources, `meta.imports`). */
export interface ImportUse {
  id: number;
  source: string;
  locale: string;
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  rows: number;
  used: boolean;
  reason: 'averaged' | 'partly-superseded' | 'superseded' | 'monthly';
  supersededBy: number | null;
  days: number | null;
  daysUsed: number | null;
}

/** Queries a source shares with the source they are read from. */
export interface DemandOverlap {
  locale: string;
  metric: DemandMetric;
  used: string;
  skipped: string;
  queries: number;
}

export interface DemandSources {
  journey: string;
  imports: ImportUse[];
  overlaps: DemandOverlap[];
}

/** The imports counted and those left out, each newest first. */
export const importsByUse = (imports: ImportUse[]) => ({
  used: imports.filter((i) => i.used),
  unused: imports.filter((i) => !i.used),
});

export interface QueryMatch {
  documentId: string;
  contentType: string;
  title: string | null;
  score: number;
  sameCell: boolean;
  terms: Array<{ term: string; weight: number }>;
}

export interface CellQuery {
  query: string;
  locale: string;
  clicks: number | null;
  impressions: number | null;
  ctr: number | null;
  position: number | null;
  volume: number | null;
  monthly: number;
  intent: string;
  stage: string | null;
  overridden: boolean;
  classifiedIntent: string;
  served: boolean;
  almostThere: boolean;
  match: QueryMatch | null;
}

export interface CellAnswer {
  data: CellQuery[];
  meta: {
    pagination: { page: number; pageSize: number; pageCount: number; total: number };
    threshold: number;
  };
}

export const MANAGE_DEMAND = [{ action: 'plugin::journey.demand.manage', subject: null }];

/**
 * The fetch client serialises params without encoding them; queries carry spaces, "&" and
 * Nordic letters, so every demand call passes an encoded string instead.
 */
export const queryString = (params: Record<string, string | number | undefined | null>) =>
  new URLSearchParams(
    Object.entries(params)
      .filter(([, value]) => value !== undefined && value !== null && value !== '')
      .map(([key, value]) => [key, String(value)])
  ).toString();

/** The import form's period: a monthly volume, or a from–to range of days. */
export const periodOf = (period: { monthly: boolean; from: string; to: string }) =>
  period.monthly ? 'monthly' : `${period.from}..${period.to}`;

/** Numbers that arrive as strings from biginteger columns. */
export const toNumber = (value: number | string | null | undefined) =>
  value === null || value === undefined || value === '' ? 0 : Number(value);

/**
 * The period the monthly totals are computed from, as the imports counted in them cover it:
 * search volumes (a keyword tool's file) are monthly already; impressions and clicks (Search
 * Console) cover days, from the shortest to the longest import counted (one number when they
 * agree). Null: no import of that kind is counted.
 */
export type DemandPeriod = { kind: 'monthly' } | { kind: 'days'; from: number; to: number } | null;

export const demandPeriod = (
  imports: ImportUse[] | undefined,
  metric: DemandMetric
): DemandPeriod => {
  const used = (imports ?? []).filter((i) => i.used);
  if (metric === 'volume') {
    return used.some((i) => i.reason === 'monthly') ? { kind: 'monthly' } : null;
  }
  const days = used
    .filter((i) => i.reason !== 'monthly')
    .map((i) => i.daysUsed ?? i.days)
    .filter((d): d is number => typeof d === 'number' && d > 0);
  return days.length ? { kind: 'days', from: Math.min(...days), to: Math.max(...days) } : null;
};
