import type { AnalyticsTool } from '../../analytics-types';
import { DemandParseError } from '../../demand-parse';
import { findColumn, findColumns, readCount, type Table } from './table';
import type { AnalyticsReport, PageRow, SkippedPageRow } from './types';

type Counter = 'views' | 'entries' | 'exits' | 'conversions';

/** Where a report export keeps the page and each counter, as folded header names. */
export interface ReportLayout {
  tool: AnalyticsTool;
  report: AnalyticsReport;
  /** The page column; the first name found wins (a full URL before a label). */
  page: readonly string[];
  counters: Partial<Record<Counter, readonly string[]>>;
  /** Counters the report must have (at least one of them). */
  needs: readonly Counter[];
}

/*
 * The names each tool's export uses, folded as headerKey folds them (lower case, no diacritics,
 * punctuation as spaces): GA4's English, Swedish and Norwegian UI, Matomo's translated and raw
 * API names, Plausible's CSV export files, Umami's metrics export.
 */
const GA4_PAGE = [
  'page path and screen class',
  'page path query string and screen class',
  'page path',
  'page path query string',
  'page location',
  'landing page',
  'landing page query string',
  'sidsokvag och skarmklass',
  'sidsokvag',
  'sidebane og skjermklasse',
  'sidebane',
];
const GA4_VIEWS = ['views', 'screen page views', 'visningar', 'visninger'];
const GA4_ENTRIES = ['entrances', 'ingangar', 'inganger'];
const GA4_EXITS = ['exits', 'utgangar', 'utganger'];
const GA4_CONVERSIONS = [
  'key events',
  'conversions',
  'nyckelhandelser',
  'konverteringar',
  'nokkelhendelser',
  'konverteringer',
];

export const REPORT_LAYOUTS: readonly ReportLayout[] = [
  {
    tool: 'plausible',
    report: 'pages',
    page: ['name'],
    counters: { views: ['pageviews'], conversions: ['conversions', 'total conversions'] },
    needs: ['views'],
  },
  {
    tool: 'plausible',
    report: 'entry-pages',
    page: ['name'],
    counters: { entries: ['total entrances', 'entrances', 'unique entrances'] },
    needs: ['entries'],
  },
  {
    tool: 'plausible',
    report: 'exit-pages',
    page: ['name'],
    counters: { exits: ['total exits', 'exits', 'unique exits'] },
    needs: ['exits'],
  },
  {
    tool: 'matomo',
    report: 'pages',
    page: ['url', 'label'],
    counters: {
      views: ['pageviews', 'nb hits', 'sidvisningar', 'sidevisninger'],
      entries: ['entrances', 'entry nb visits', 'ingangar', 'inganger'],
      exits: ['exits', 'exit nb visits', 'utgangar', 'utganger'],
      conversions: ['conversions', 'nb conversions', 'konverteringar', 'konverteringer'],
    },
    needs: ['views'],
  },
  {
    tool: 'ga4',
    report: 'pages',
    page: GA4_PAGE,
    counters: {
      views: GA4_VIEWS,
      entries: GA4_ENTRIES,
      exits: GA4_EXITS,
      conversions: GA4_CONVERSIONS,
    },
    needs: ['views', 'entries'],
  },
  {
    tool: 'umami',
    report: 'pages',
    page: ['url', 'url path', 'path', 'page', 'pages', 'x'],
    counters: {
      views: ['views', 'pageviews', 'y'],
      entries: ['entries', 'entrances'],
      exits: ['exits'],
      conversions: ['conversions'],
    },
    needs: ['views'],
  },
];

/**
 * Whether a header is a layout's: its page column and one of the counters it needs. Matomo's
 * tell is its "Label" column (the flattened page name), Plausible's its "name" column.
 */
const fits = (layout: ReportLayout, keys: string[]) => {
  if (findColumn(keys, layout.page) < 0) return false;
  if (!layout.needs.some((c) => findColumn(keys, layout.counters[c] ?? []) >= 0)) return false;
  if (layout.tool === 'matomo') return keys.includes('label');
  if (layout.tool === 'plausible') return keys.includes('name');
  return true;
};

/** The layouts a header fits, of the tool given or of any tool. */
export const reportLayoutsFor = (keys: string[], tool: AnalyticsTool | null) =>
  REPORT_LAYOUTS.filter((l) => (!tool || l.tool === tool) && fits(l, keys));

/** Rows a report writes besides pages: GA4's totals line, Matomo's "Others" bucket. */
const NOT_A_PAGE = /^(grand total|total|totals|totalt|summa|others|\(not set\)|\(other\))$/i;

export const readReport = (
  table: Table,
  layout: ReportLayout,
  decimalComma: boolean
): { rows: PageRow[]; skipped: SkippedPageRow[]; hasConversions: boolean } => {
  // Matomo's URL column is empty on its "Others" row, whose label still says what it is.
  const pageIndexes = findColumns(table.keys, layout.page);
  if (!pageIndexes.length) {
    throw new DemandParseError(
      `Line ${table.headerLine}: the header has no page column for ${layout.tool} (e.g. "${layout.page[0]}"); its columns: ${table.columns.join(', ')}.`,
      table.headerLine,
      null
    );
  }
  const counterIndex = Object.fromEntries(
    (Object.keys(layout.counters) as Counter[]).map((c) => [
      c,
      findColumn(table.keys, layout.counters[c] ?? []),
    ])
  ) as Record<Counter, number | undefined>;
  const rows: PageRow[] = [];
  const skipped: SkippedPageRow[] = [];
  for (const record of table.records) {
    const url =
      pageIndexes.map((i) => (record.fields[i] ?? '').trim()).find((value) => value) ?? '';
    const count = (counter: Counter) => {
      const index = counterIndex[counter];
      if (index === undefined || index < 0) return 0;
      return readCount(
        record.fields[index] ?? '',
        { line: record.line, column: table.columns[index] },
        decimalComma
      );
    };
    if (!url || NOT_A_PAGE.test(url)) {
      skipped.push({ line: record.line, reason: url ? `"${url}" is not a page` : 'no page' });
      continue;
    }
    const row: PageRow = {
      line: record.line,
      url,
      views: count('views'),
      entries: count('entries'),
      exits: count('exits'),
      conversions: (counterIndex.conversions ?? -1) >= 0 ? count('conversions') : null,
      day: null,
    };
    if (!row.views && !row.entries && !row.exits && !row.conversions) {
      skipped.push({ line: record.line, reason: 'no views, entrances, exits or conversions' });
      continue;
    }
    rows.push(row);
  }
  return { rows, skipped, hasConversions: (counterIndex.conversions ?? -1) >= 0 };
};

/** GA4's "# Start date: 20261101" and "# End date: 20261130" comment lines, as a period. */
export const ga4Period = (comments: string[]): { from: string; to: string } | null => {
  const day = (label: RegExp) => {
    for (const c of comments) {
      const m = label.exec(c);
      if (m) return `${m[1]}-${m[2]}-${m[3]}`;
    }
    return null;
  };
  const from = day(/^(?:start date|startdatum|startdato)\s*:\s*(\d{4})(\d{2})(\d{2})\b/i);
  const to = day(/^(?:end date|slutdatum|sluttdato)\s*:\s*(\d{4})(\d{2})(\d{2})\b/i);
  return from && to ? { from, to } : null;
};
