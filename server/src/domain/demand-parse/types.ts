/** The shapes of a demand file's reading: formats, mappings, rows, and the limits. */

export const DEMAND_FORMATS = ['search-console', 'keyword-volume', 'custom'] as const;
export type DemandFormat = (typeof DEMAND_FORMATS)[number];

export const METRICS = ['clicks', 'impressions', 'ctr', 'position', 'volume'] as const;
export type Metric = (typeof METRICS)[number];
export const MAPPING_FIELDS = ['query', ...METRICS] as const;
export type MappingField = (typeof MAPPING_FIELDS)[number];

/** Which column of the file holds each field (column names as the header writes them). */
export type Mapping = { query: string } & Partial<Record<Metric, string>>;

export const DELIMITERS = [',', ';', '\t'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

export interface DemandRow {
  /** The line of the file the row starts on (the item's number, from 1, in a JSON array). */
  line: number;
  query: string;
  queryNorm: string;
  clicks: number | null;
  impressions: number | null;
  /** 0..1 */
  ctr: number | null;
  position: number | null;
  volume: number | null;
}

export interface SkippedRow {
  line: number;
  reason: string;
}

export interface ParsedDemand {
  kind: 'csv' | 'json';
  /** null when the columns are not recognised and no mapping was given. */
  format: DemandFormat | null;
  delimiter: Delimiter | null;
  bom: boolean;
  columns: string[];
  mapping: Mapping | null;
  /** True when the mapping came from the headers (or the JSON's known shape), not the user. */
  mappingRecognised: boolean;
  /** Data rows read (blank lines not counted). */
  rowsRead: number;
  rows: DemandRow[];
  skipped: SkippedRow[];
  /** The first data rows as the file has them, for a mapping dialog. */
  rawSample: string[][];
  /** Lines before the header that were passed over (a keyword tool's title lines). */
  preambleLines: number;
  /** The header's line (1 for JSON). */
  headerLine: number;
}

export interface ParseOptions {
  mapping?: Mapping | null;
  delimiter?: Delimiter | null;
  /** Most data rows accepted; one more is an error that says the limit. */
  maxRows: number;
  /** Largest file read at all (default MAX_FILE_BYTES). */
  maxBytes?: number;
}

/**
 * 50,000 rows of a Search Console export are about 3 MB, of a keyword tool with trend columns
 * about 12 MB: a file many times that is not one import, and is refused before it is decoded.
 */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** The longest query stored (the column is a varchar(255)). */
export const MAX_QUERY_LENGTH = 255;
