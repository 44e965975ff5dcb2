import { DemandParseError } from './errors';
import { checkMapping, formatOf, recogniseHeaders, sameMapping } from './headers';
import { collect, limitCheck, unmapped, type RawRow } from './rows';
import {
  METRICS,
  type Mapping,
  type ParsedDemand,
  type ParseOptions,
  type SkippedRow,
} from './types';

/** Line and column of a character offset, for JSON syntax errors. */
const position = (text: string, offset: number) => {
  const before = text.slice(0, offset);
  const line = (before.match(/\n/g) ?? []).length + 1;
  return { line, column: offset - before.lastIndexOf('\n') };
};

const jsonSyntaxError = (text: string, error: unknown, lineOffset = 0) => {
  const message = error instanceof Error ? error.message : String(error);
  const at = /position (\d+)/.exec(message);
  const lc = /line (\d+) column (\d+)/.exec(message);
  const where = lc
    ? { line: Number(lc[1]), column: Number(lc[2]) }
    : at
      ? position(text, Number(at[1]))
      : { line: 1, column: 1 };
  const line = where.line + lineOffset;
  return new DemandParseError(
    `Line ${line}, column ${where.column}: the JSON cannot be read (${message.replace(/^.*?:\s*/, '').slice(0, 120)}).`,
    line,
    String(where.column)
  );
};

type JsonItem = Record<string, unknown>;

const isJsonObject = (line: string) => {
  try {
    const value: unknown = JSON.parse(line);
    return !!value && typeof value === 'object' && !Array.isArray(value);
  } catch {
    return false;
  }
};

/** Newline-delimited JSON (BigQuery's export writes one object per line), or null if not that. */
const ndjsonItems = (text: string) => {
  const lines = text.split(/\r?\n/);
  const nonEmpty = lines.filter((l) => l.trim());
  if (!text.trim().startsWith('{') || nonEmpty.length < 2 || !isJsonObject(nonEmpty[0])) {
    return null;
  }
  const items: JsonItem[] = [];
  const numbers: number[] = [];
  lines.forEach((l, index) => {
    if (!l.trim()) return;
    try {
      items.push(JSON.parse(l) as JsonItem);
    } catch (lineError) {
      throw jsonSyntaxError(l, lineError, index);
    }
    numbers.push(index + 1);
  });
  return { items, lines: numbers };
};

/** The rows of a parsed document: the array itself, or its "rows"; null when it has neither. */
const rowList = (parsed: unknown): unknown[] | null => {
  if (Array.isArray(parsed)) return parsed;
  if (!parsed || typeof parsed !== 'object') return null;
  const rows = (parsed as JsonItem).rows;
  if (Array.isArray(rows)) return rows;
  if (rows) return null;
  // The API answers a period without data with an object that has no rows at all.
  return Object.keys(parsed as JsonItem).some((k) => k === 'responseAggregationType') ? [] : null;
};

/**
 * Rows of the Search Analytics API (`{ rows: [{ keys: [query], clicks, impressions, ctr,
 * position }] }` or the bare array), of BigQuery's bulk export (`query`, `clicks`,
 * `impressions`, `sum_top_position` or, per URL, `sum_position`, one JSON object per line), and
 * any array of flat objects.
 */
const jsonItems = (text: string): { items: JsonItem[]; lines: number[] | null } => {
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    const ndjson = ndjsonItems(text);
    if (ndjson) return ndjson;
    throw jsonSyntaxError(trimmed, error);
  }
  const list = rowList(parsed);
  if (!list) {
    throw new DemandParseError(
      'Line 1: the JSON must be an array of rows or an object with a "rows" array, as the Search Analytics API answers.',
      1
    );
  }
  list.forEach((item, index) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) {
      throw new DemandParseError(`rows[${index}]: each row must be an object.`, index + 1);
    }
  });
  return { items: list as JsonItem[], lines: null };
};

/** Column names the JSON rows have, "keys" standing for the API's `keys[0]`. */
const jsonColumns = (items: JsonItem[]) => {
  const columns: string[] = [];
  for (const item of items.slice(0, 100)) {
    for (const key of Object.keys(item)) if (!columns.includes(key)) columns.push(key);
  }
  return columns;
};

const cell = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : Array.isArray(value)
      ? value.map(cell).join(', ')
      : typeof value === 'object'
        ? JSON.stringify(value)
        : String(value);

/** The mapping a known JSON shape implies: the API's `keys`, BigQuery's export, or the names. */
const recognisedJsonMapping = (columns: string[], sumColumn: string | undefined) => {
  if (columns.includes('keys')) {
    const recognised: Mapping = { query: 'keys' };
    for (const m of METRICS) if (columns.includes(m)) recognised[m] = m;
    return METRICS.some((m) => recognised[m]) ? recognised : null;
  }
  if (sumColumn && columns.includes('query')) {
    return { query: 'query', clicks: 'clicks', impressions: 'impressions', position: sumColumn };
  }
  return recogniseHeaders(columns);
};

/**
 * The items as raw rows, and BigQuery's anonymized queries skipped; `bigQuery` when the file has
 * the export's shape and is read as such, so its summed position is averaged back.
 */
const jsonRawRows = (
  items: JsonItem[],
  lines: number[] | null,
  bigQuery: boolean,
  sumColumn: string | undefined
) => {
  const skippedAnonymous: SkippedRow[] = [];
  const rawRows: RawRow[] = [];
  items.forEach((item, index) => {
    const line = lines ? lines[index] : index + 1;
    const where = lines ? `Line ${line}` : `rows[${index}]`;
    if (bigQuery && item.is_anonymized_query === true) {
      skippedAnonymous.push({ line, reason: 'anonymized query (Search Console hides it)' });
      return;
    }
    rawRows.push({
      line,
      where,
      get: (column) => {
        const value = item[column];
        if (column === 'keys' && Array.isArray(value)) return value[0];
        if (bigQuery && column === sumColumn) {
          // The export sums the top position from 0 over impressions: the average is sum / n + 1.
          const impressions = Number(item.impressions);
          const sum = Number(value);
          return impressions > 0 && Number.isFinite(sum) ? sum / impressions + 1 : null;
        }
        return value;
      },
    });
  });
  return { rawRows, skippedAnonymous };
};

export const parseJson = (text: string, bom: boolean, options: ParseOptions): ParsedDemand => {
  const { items, lines } = jsonItems(text);
  limitCheck(items.length, options.maxRows);
  const columns = jsonColumns(items);
  // searchdata_site_impression sums the top position, searchdata_url_impression the position.
  const sumColumn = ['sum_top_position', 'sum_position'].find((c) => columns.includes(c));
  const bigQuery = !!sumColumn && columns.includes('query');
  const recognised = recognisedJsonMapping(columns, sumColumn);
  const mapping = options.mapping ? checkMapping(options.mapping, columns) : recognised;
  // A mapping that says what the known shape says reads the file as that shape.
  const asRecognised = !options.mapping || sameMapping(mapping, recognised);
  const rawSample = items.slice(0, 5).map((item) => columns.map((c) => cell(item[c])));
  const base = {
    kind: 'json' as const,
    delimiter: null,
    bom,
    columns,
    rawSample,
    preambleLines: 0,
    headerLine: 1,
    rowsRead: items.length,
  };
  if (!mapping) {
    return { ...base, ...unmapped() };
  }
  const read = jsonRawRows(items, lines, bigQuery && asRecognised, sumColumn);
  // BigQuery writes INT64 as strings; the readers below take both.
  const { rows, skipped } = collect(read.rawRows, mapping, { decimalComma: false });
  return {
    ...base,
    format: formatOf(mapping, asRecognised),
    mapping,
    mappingRecognised: asRecognised,
    rows,
    skipped: [...read.skippedAnonymous, ...skipped].sort((a, b) => a.line - b.line),
  };
};
