/** The shapes of an analytics export's reading: tools, page rows and what was passed over. */
import type { AnalyticsTool } from '../../analytics-types';

export const ANALYTICS_TOOLS: readonly AnalyticsTool[] = [
  'ga4',
  'ga4-bigquery',
  'matomo',
  'plausible',
  'umami',
];

/**
 * Which report of a tool the file is. Plausible exports pages, entry pages and exit pages as
 * three files with one counter each: they add up, and only a file of the same report replaces.
 */
export type AnalyticsReport = 'pages' | 'entry-pages' | 'exit-pages' | 'events';

export interface PageRow {
  /** The line of the file the row starts on. */
  line: number;
  /** The page as the export writes it (a path or a full URL). */
  url: string;
  views: number;
  entries: number;
  exits: number;
  /** null when the export has no conversion column. */
  conversions: number | null;
  /** 'YYYY-MM-DD' for event exports (one row per event and day); null for period totals. */
  day: string | null;
}

export interface SkippedPageRow {
  line: number;
  reason: string;
}

export interface ParsedAnalytics {
  tool: AnalyticsTool;
  report: AnalyticsReport;
  kind: 'csv' | 'json';
  bom: boolean;
  delimiter: string | null;
  columns: string[];
  /** Data rows read (blank and comment lines not counted). */
  rowsRead: number;
  rows: PageRow[];
  skipped: SkippedPageRow[];
  hasConversions: boolean;
  /** The period the file states about itself (GA4's "# Start date: 20261101"), if any. */
  periodHint: { from: string; to: string } | null;
}

export interface AnalyticsParseOptions {
  /** The tool the caller named; detected from the headers when absent. */
  tool?: AnalyticsTool | null;
  /** Most data rows of a report export (one per page). */
  maxRows?: number;
  /** Most event rows of an event export (one per page view). */
  maxEvents?: number;
  maxBytes?: number;
}

export const MAX_REPORT_ROWS = 50_000;
export const MAX_EVENT_ROWS = 500_000;
