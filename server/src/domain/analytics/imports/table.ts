import {
  DELIMITERS,
  DemandParseError,
  csvRecords,
  detectDelimiter,
  readNumber,
  type Delimiter,
} from '../../demand-parse';
import { headerKey } from '../../demand-parse/text';

/** A CSV/TSV export as lines: its header, its data records and the '#' comment lines above. */
export interface Table {
  delimiter: Delimiter;
  columns: string[];
  /** Header names folded as the demand import folds them ("Page path and screen class"…). */
  keys: string[];
  headerLine: number;
  records: Array<{ line: number; fields: string[] }>;
  comments: string[];
}

const isComment = (fields: string[]) => (fields[0] ?? '').trimStart().startsWith('#');
const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/**
 * Reads the file with the demand import's CSV reader. GA4 writes a block of '#' lines (report
 * name, property, "Start date: 20261101") before the header, and sometimes more blocks after the
 * table: those lines are comments wherever they are.
 */
export const readTable = (text: string, maxRows: number): Table => {
  let body = text;
  let offset = 0;
  let given: Delimiter | null = null;
  const sep = /^sep=(.)\r?\n/i.exec(body);
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1])) {
    given = sep[1] as Delimiter;
    body = body.slice(sep[0].length);
    offset = 1;
  }
  const firstData = body
    .split(/\r\n|\n|\r/)
    .find((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (firstData === undefined) {
    throw new DemandParseError('The file is empty: no header and no rows.', 1);
  }
  const delimiter = given ?? detectDelimiter(firstData);
  const comments: string[] = [];
  let header: { line: number; fields: string[] } | null = null;
  const records: Table['records'] = [];
  for (const record of csvRecords(body, delimiter)) {
    const line = record.line + offset;
    if (isBlank(record.fields)) continue;
    if (isComment(record.fields)) {
      comments.push(record.fields.join(delimiter).trim().replace(/^#\s?/, ''));
      continue;
    }
    if (!header) {
      header = { line, fields: record.fields };
      continue;
    }
    records.push({ line, fields: record.fields });
    if (records.length > maxRows) {
      throw new DemandParseError(
        `The file has more than ${maxRows.toLocaleString('en')} data rows; at most ${maxRows.toLocaleString('en')} are imported at once: export a shorter period or split the file.`
      );
    }
  }
  if (!header) throw new DemandParseError('The file is empty: no header and no rows.', 1);
  const columns = header.fields.map((f) => f.trim());
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
  for (const record of records) {
    if (record.fields.length > columns.length && !isBlank(record.fields.slice(columns.length))) {
      throw new DemandParseError(
        `Line ${record.line}, column ${columns.length + 1}: the line has ${record.fields.length} fields but the header has ${columns.length}; a value that contains "${delimiter === '\t' ? 'a tab' : delimiter}" must be quoted.`,
        record.line,
        String(columns.length + 1)
      );
    }
  }
  return {
    delimiter,
    columns,
    keys: columns.map(headerKey),
    headerLine: header.line,
    records,
    comments,
  };
};

/** The column of the first of `names` (in their order of preference) the header has; -1 if none. */
export const findColumn = (keys: string[], names: readonly string[]) => {
  for (const name of names) {
    const index = keys.indexOf(name);
    if (index >= 0) return index;
  }
  return -1;
};

/** Every column named by one of `names`, in their order of preference. */
export const findColumns = (keys: string[], names: readonly string[]) =>
  names.map((name) => keys.indexOf(name)).filter((index) => index >= 0);

/**
 * A counter cell: a whole number as the tools write it ("1,234", "1 234", "1234.0"); empty is 0.
 * Anything else stops the import with the line and column, as a shifted column would otherwise
 * count the wrong thing silently.
 */
export const readCount = (
  raw: unknown,
  where: { line: number; column: string },
  decimalComma: boolean
): number => {
  const { value } = readNumber(raw, { decimalComma });
  if (value === null) return 0;
  if (Number.isNaN(value) || value < 0 || value > 2_000_000_000) {
    const text = typeof raw === 'string' ? raw : JSON.stringify(raw);
    throw new DemandParseError(
      `Line ${where.line}, column "${where.column}": ${JSON.stringify(String(text).slice(0, 60))} is not a whole number of ${where.column.toLowerCase()}.`,
      where.line,
      where.column
    );
  }
  return Math.round(value);
};
