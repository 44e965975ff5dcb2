import { DemandLimitError, DemandParseError } from './errors';
import { readNumber, type NumberContext } from './numbers';
import { normalizeQuery } from './text';
import {
  MAX_QUERY_LENGTH,
  METRICS,
  type DemandRow,
  type Mapping,
  type Metric,
  type SkippedRow,
} from './types';

export interface RawRow {
  line: number;
  /** Item label in error messages: "Line 7" for files, "rows[6]" for JSON. */
  where: string;
  get: (column: string) => unknown;
}

const describe = (value: unknown) => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
};

const METRIC_RULES: Record<Metric, { integer: boolean; text: string }> = {
  clicks: { integer: true, text: 'a whole number of clicks' },
  impressions: { integer: true, text: 'a whole number of impressions' },
  volume: { integer: true, text: 'a whole number (monthly searches)' },
  ctr: { integer: false, text: 'a click-through rate such as 4.5% or 0.045' },
  position: { integer: false, text: 'an average position of 1 or more' },
};

/**
 * One metric cell. Integers may carry a fraction (averaged exports) and are rounded; CTR is a
 * fraction 0..1: "4.5%" and a bare 4.5 (a percentage without its sign) both become 0.045.
 */
const metricValue = (row: RawRow, metric: Metric, column: string, ctx: NumberContext) => {
  const raw = row.get(column);
  const { value, percent } = readNumber(raw, ctx);
  if (value === null) return null;
  const rule = METRIC_RULES[metric];
  const fail = () =>
    new DemandParseError(
      `${row.where}, column "${column}": ${describe(raw)} is not ${rule.text}.`,
      row.line,
      column
    );
  if (Number.isNaN(value) || value < 0) throw fail();
  if (metric === 'ctr') {
    const fraction = percent || value > 1 ? value / 100 : value;
    if (fraction > 1) throw fail();
    return Math.round(fraction * 1e6) / 1e6;
  }
  if (metric === 'position') {
    if (value === 0) return null;
    if (value < 1) throw fail();
    return Math.round(value * 100) / 100;
  }
  if (!Number.isSafeInteger(Math.round(value)) || value > 2_000_000_000) throw fail();
  return Math.round(value);
};

/** Merges a duplicate into the row first seen: see the comment in index.ts. */
const merge = (into: DemandRow, row: DemandRow) => {
  const add = (a: number | null, b: number | null) =>
    a === null && b === null ? null : (a ?? 0) + (b ?? 0);
  const weight = (r: DemandRow) => r.impressions ?? 1;
  if (into.position !== null || row.position !== null) {
    const parts = [into, row].filter((r) => r.position !== null);
    const total = parts.reduce((s, r) => s + weight(r), 0);
    into.position =
      Math.round(
        (parts.reduce((s, r) => s + (r.position as number) * weight(r), 0) / total) * 100
      ) / 100;
  }
  into.clicks = add(into.clicks, row.clicks);
  into.impressions = add(into.impressions, row.impressions);
  into.volume = add(into.volume, row.volume);
  if (into.clicks !== null && into.impressions) {
    into.ctr = Math.round((into.clicks / into.impressions) * 1e6) / 1e6;
  } else if (row.ctr !== null && into.ctr === null) into.ctr = row.ctr;
};

const hasDemand = (row: DemandRow) => !!(row.clicks || row.impressions || row.volume);

/** Rows of query and numbers from raw rows and a mapping; duplicates merged, empties skipped. */
export const collect = (rawRows: Iterable<RawRow>, mapping: Mapping, ctx: NumberContext) => {
  const rows: DemandRow[] = [];
  const skipped: SkippedRow[] = [];
  const byNorm = new Map<string, DemandRow>();
  let read = 0;
  for (const raw of rawRows) {
    read += 1;
    const rawQuery = raw.get(mapping.query);
    const query = (
      typeof rawQuery === 'string' ? rawQuery : rawQuery == null ? '' : String(rawQuery)
    )
      .replace(/\s+/g, ' ')
      .trim();
    const row: DemandRow = {
      line: raw.line,
      query,
      queryNorm: normalizeQuery(query),
      clicks: null,
      impressions: null,
      ctr: null,
      position: null,
      volume: null,
    };
    for (const metric of METRICS) {
      const column = mapping[metric];
      if (column) row[metric] = metricValue(raw, metric, column, ctx);
    }
    if (!row.queryNorm) {
      skipped.push({ line: raw.line, reason: 'empty query' });
      continue;
    }
    if (query.length > MAX_QUERY_LENGTH) {
      skipped.push({ line: raw.line, reason: `query longer than ${MAX_QUERY_LENGTH} characters` });
      continue;
    }
    if (!hasDemand(row)) {
      skipped.push({ line: raw.line, reason: 'no demand (no clicks, impressions or volume)' });
      continue;
    }
    const first = byNorm.get(row.queryNorm);
    if (first) {
      merge(first, row);
      skipped.push({
        line: raw.line,
        reason: `duplicate of line ${first.line} ("${first.query}"): merged into it`,
      });
      continue;
    }
    byNorm.set(row.queryNorm, row);
    rows.push(row);
  }
  return { rows, skipped, read };
};

/** What a parse answers when no mapping of its columns is known: the file read, no rows. */
export const unmapped = () => ({
  format: null,
  mapping: null,
  mappingRecognised: false,
  rows: [],
  skipped: [],
});

export const limitCheck = (count: number, maxRows: number) => {
  if (count > maxRows) throw new DemandLimitError(maxRows);
};

/**
 * Rows given by code (`{ query, clicks?, impressions?, ctr?, position?, volume? }`), checked and
 * merged as a file's rows are; `ctr` is a fraction 0..1 as the API gives it.
 */
export const rowsFromObjects = (items: Array<Record<string, unknown>>) => {
  const mapping: Mapping = { query: 'query' };
  for (const metric of METRICS) {
    if (items.some((item) => item && item[metric] !== undefined && item[metric] !== null)) {
      mapping[metric] = metric;
    }
  }
  return collect(
    items.map((item, index) => ({
      line: index + 1,
      where: `rows[${index}]`,
      get: (column: string) => (item ? item[column] : undefined),
    })),
    mapping,
    { decimalComma: false }
  );
};
