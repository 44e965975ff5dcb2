/**
 * Reading page-level analytics exports (GA4's Pages and screens report and its BigQuery export,
 * Matomo's Pages report, Plausible's pages / entry_pages / exit_pages files, Umami's metrics and
 * data exports) into rows of page and counters. Pure: bytes in, rows out; the demand import's
 * decoder and CSV reader underneath, so the same rules hold (UTF-8 with or without BOM, comma,
 * semicolon or tab) and every problem is a DemandParseError naming the line and the column.
 */
import type { AnalyticsTool } from '../../analytics-types';
import { DemandParseError, MAX_FILE_BYTES, decodeUtf8 } from '../../demand-parse';
import {
  isBigQueryTable,
  isUmamiEventTable,
  readBigQueryJson,
  readBigQueryTable,
  readUmamiEvents,
} from './events';
import { REPORT_LAYOUTS, ga4Period, readReport, reportLayoutsFor } from './reports';
import { readTable } from './table';
import {
  ANALYTICS_TOOLS,
  MAX_EVENT_ROWS,
  MAX_REPORT_ROWS,
  type AnalyticsParseOptions,
  type ParsedAnalytics,
} from './types';

export * from './types';
export { compilePattern, matchPattern, normalizePath, PatternError } from './url-patterns';
export type { CompiledPattern } from './url-patterns';
export { spreadOverDays, daysBetween } from './spread';

const EXPECTED: Record<AnalyticsTool, string> = {
  ga4: '"Page path and screen class" and "Views" (GA4 → Reports → Pages and screens → Download file → CSV)',
  'ga4-bigquery':
    'event_name, event_date and page_location (the events_* table, flattened or as JSON)',
  matomo: '"Label" or "URL" and "Pageviews" (Matomo → Behaviour → Pages, flat, export as CSV)',
  plausible:
    'name with pageviews, total_entrances or total_exits (pages.csv, entry_pages.csv, exit_pages.csv)',
  umami: 'url and views (the Pages metrics), or url_path, event_type and created_at (data export)',
};

const unrecognised = (columns: string[], line: number, tool: AnalyticsTool | null) =>
  new DemandParseError(
    tool
      ? `Line ${line}: the header is not ${tool}'s: expected ${EXPECTED[tool]}; its columns: ${columns.join(', ')}.`
      : `Line ${line}: the columns are not those of a known export (${ANALYTICS_TOOLS.join(', ')}); its columns: ${columns.join(', ')}. Choose the tool, and export ${EXPECTED.ga4}, or the other tools' page reports.`,
    line,
    null
  );

export const parseAnalyticsFile = (
  input: Uint8Array | string,
  options: AnalyticsParseOptions = {}
): ParsedAnalytics => {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (input.length > maxBytes) {
    throw new DemandParseError(
      `The file has ${input.length.toLocaleString('en')} bytes; at most ${maxBytes.toLocaleString('en')} are read: export a shorter period.`
    );
  }
  const tool = options.tool ?? null;
  const maxEvents = options.maxEvents ?? MAX_EVENT_ROWS;
  const { text, bom } = decodeUtf8(input);
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    if (tool && tool !== 'ga4-bigquery') {
      throw new DemandParseError(
        `Line 1: the file is JSON; only the GA4 BigQuery export (tool ga4-bigquery) is read as JSON, ${tool}'s export is a CSV file.`,
        1
      );
    }
    const read = readBigQueryJson(text, maxEvents);
    return {
      tool: 'ga4-bigquery',
      report: 'events',
      kind: 'json',
      bom,
      delimiter: null,
      columns: read.columns,
      rowsRead: read.rows.length + read.skipped.length,
      rows: read.rows,
      skipped: read.skipped,
      hasConversions: false,
      periodHint: null,
    };
  }
  const eventsPossible = !tool || tool === 'ga4-bigquery' || tool === 'umami';
  const table = readTable(text, eventsPossible ? maxEvents : (options.maxRows ?? MAX_REPORT_ROWS));
  const base = {
    kind: 'csv' as const,
    bom,
    delimiter: table.delimiter,
    columns: table.columns,
    rowsRead: table.records.length,
    hasConversions: false,
    periodHint: null,
  };
  if ((!tool || tool === 'ga4-bigquery') && isBigQueryTable(table.keys)) {
    return { ...base, tool: 'ga4-bigquery', report: 'events', ...readBigQueryTable(table) };
  }
  if ((!tool || tool === 'umami') && isUmamiEventTable(table.keys)) {
    return { ...base, tool: 'umami', report: 'events', ...readUmamiEvents(table) };
  }
  const [layout] = tool === 'ga4-bigquery' ? [] : reportLayoutsFor(table.keys, tool);
  if (!layout) throw unrecognised(table.columns, table.headerLine, tool);
  const maxRows = options.maxRows ?? MAX_REPORT_ROWS;
  if (table.records.length > maxRows) {
    throw new DemandParseError(
      `The file has more than ${maxRows.toLocaleString('en')} data rows; at most ${maxRows.toLocaleString('en')} are imported at once.`
    );
  }
  const read = readReport(table, layout, table.delimiter === ';');
  return {
    ...base,
    tool: layout.tool,
    report: layout.report,
    rows: read.rows,
    skipped: read.skipped,
    hasConversions: read.hasConversions,
    periodHint: layout.tool === 'ga4' ? ga4Period(table.comments) : null,
  };
};

export { REPORT_LAYOUTS };
