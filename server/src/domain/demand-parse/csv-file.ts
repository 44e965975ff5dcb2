import { csvRecords, detectDelimiter, isBlank, type CsvRecord } from './csv-records';
import { DemandParseError } from './errors';
import { checkMapping, formatOf, recogniseHeaders, sameMapping } from './headers';
import type { NumberContext } from './numbers';
import { collect, limitCheck, unmapped, type RawRow } from './rows';
import {
  DELIMITERS,
  type Delimiter,
  type Mapping,
  type ParsedDemand,
  type ParseOptions,
} from './types';

/** How many lines before the header a keyword tool may write (a title, a date range). */
const MAX_PREAMBLE = 5;

/** The delimiter to read with, and the text after Excel's "sep=;" line, which names it. */
const delimiterOf = (text: string, given: Delimiter | null) => {
  let body = text;
  let delimiter = given;
  const sep = /^sep=(.)\r?\n/i.exec(body);
  let sepLines = 0;
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1])) {
    delimiter ??= sep[1] as Delimiter;
    body = body.slice(sep[0].length);
    sepLines = 1;
  }
  delimiter ??= detectDelimiter(body);
  return { body, delimiter, sepLines };
};

/** The non-blank records, as far as the limit needs: past it, the file is refused anyway. */
const readRecords = (body: string, delimiter: Delimiter, sepLines: number, maxRows: number) => {
  const records: CsvRecord[] = [];
  for (const record of csvRecords(body, delimiter)) {
    if (isBlank(record.fields)) continue;
    records.push({ line: record.line + sepLines, fields: record.fields });
    // The header, perhaps a short preamble, and one row past the limit are enough to refuse.
    if (records.length > maxRows + 1 + MAX_PREAMBLE) break;
  }
  if (!records.length) throw new DemandParseError('The file is empty: no header and no rows.', 1);
  return records;
};

/**
 * The header is the first line, within a short preamble, that has the mapping's columns, or
 * else the names recognised; the first line when none has.
 */
const headerIndexOf = (records: CsvRecord[], mapping: Mapping | null | undefined) => {
  const mapped = mapping
    ? Object.values(mapping).filter((c): c is string => typeof c === 'string' && !!c)
    : null;
  const found = records.slice(0, MAX_PREAMBLE + 1).findIndex((r) => {
    const names = r.fields.map((f) => f.trim());
    return mapped?.length
      ? mapped.every((c) => names.includes(c))
      : recogniseHeaders(names) !== null;
  });
  return Math.max(found, 0);
};

const assertDistinctColumns = (header: CsvRecord, columns: string[]) => {
  const seen = new Set<string>();
  columns.forEach((column, index) => {
    if (column && seen.has(column)) {
      throw new DemandParseError(
        `Line ${header.line}, column ${index + 1}: the header names "${column}" twice; columns must have distinct names.`,
        header.line,
        column
      );
    }
    seen.add(column);
  });
};

/** A line with more fields than the header has a delimiter in a value that was not quoted. */
const assertNoExtraFields = (data: CsvRecord[], columns: string[], delimiter: Delimiter) => {
  for (const record of data) {
    if (record.fields.length > columns.length && !isBlank(record.fields.slice(columns.length))) {
      throw new DemandParseError(
        `Line ${record.line}, column ${columns.length + 1}: the line has ${record.fields.length} fields but the header has ${columns.length}; a value that contains "${delimiter === '\t' ? 'a tab' : delimiter}" must be quoted.`,
        record.line,
        String(columns.length + 1)
      );
    }
  }
};

/**
 * A tab-separated file says nothing about its decimal mark; its fractional columns (CTR,
 * position) do: "8,3" rather than "8.3" in the first hundred rows.
 */
const decimalCommaLikely = (
  data: CsvRecord[],
  mapping: Mapping,
  indexOf: Map<string, number>
): boolean => {
  let comma = 0;
  let dot = 0;
  const columns = [mapping.ctr, mapping.position].filter((c): c is string => !!c);
  for (const record of data.slice(0, 100)) {
    for (const column of columns) {
      const value = record.fields[indexOf.get(column) as number] ?? '';
      if (/\d,\d/.test(value)) comma += 1;
      else if (/\d\.\d/.test(value)) dot += 1;
    }
  }
  return comma > dot;
};

/** The rows of query and numbers the data lines hold under the mapping. */
const csvRows = (data: CsvRecord[], columns: string[], mapping: Mapping, delimiter: Delimiter) => {
  const indexOf = new Map(columns.map((c, i) => [c, i]));
  assertNoExtraFields(data, columns, delimiter);
  const ctx: NumberContext = {
    decimalComma:
      delimiter === ';' || (delimiter === '\t' && decimalCommaLikely(data, mapping, indexOf)),
  };
  const rawRows = data.map((record): RawRow => ({
    line: record.line,
    where: `Line ${record.line}`,
    get: (column) => record.fields[indexOf.get(column) as number] ?? '',
  }));
  return collect(rawRows, mapping, ctx);
};

export const parseCsv = (text: string, bom: boolean, options: ParseOptions): ParsedDemand => {
  const { body, delimiter, sepLines } = delimiterOf(text, options.delimiter ?? null);
  const records = readRecords(body, delimiter, sepLines, options.maxRows);
  const headerIndex = headerIndexOf(records, options.mapping);
  const header = records[headerIndex];
  const columns = header.fields.map((f) => f.trim());
  const data = records.slice(headerIndex + 1);
  limitCheck(data.length, options.maxRows);
  assertDistinctColumns(header, columns);

  const rawSample = data.slice(0, 5).map((r) => r.fields);
  const recognised = recogniseHeaders(columns);
  const mapping = options.mapping ? checkMapping(options.mapping, columns) : recognised;
  const asRecognised = !options.mapping || sameMapping(mapping, recognised);
  const base = {
    kind: 'csv' as const,
    delimiter,
    bom,
    columns,
    rawSample,
    preambleLines: headerIndex,
    headerLine: header.line,
    rowsRead: data.length,
  };
  if (!mapping) {
    return { ...base, ...unmapped() };
  }
  const { rows, skipped } = csvRows(data, columns, mapping, delimiter);
  return {
    ...base,
    format: formatOf(mapping, asRecognised),
    mapping,
    mappingRecognised: asRecognised,
    rows,
    skipped,
  };
};
