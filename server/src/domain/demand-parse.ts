/**
 * Reading a search-demand file (Search Console, the Search Analytics API or its BigQuery bulk
 * export, a keyword tool, or anything a user maps) into rows of query and numbers. Pure: bytes
 * in, rows out, and every problem a DemandParseError that names the line and the column, so the
 * admin can say exactly what to fix in the file.
 *
 * Decisions worth knowing:
 * - A duplicate query (the same after lower-casing, diacritic folding and whitespace collapsing)
 *   is merged into its first line: clicks, impressions and volume add up, position is averaged
 *   weighted by impressions and CTR is recomputed. BigQuery's bulk export has one row per day,
 *   and "löparskor" / "loparskor" are the same search typed two ways.
 * - A number that cannot be read stops the import (a shifted column would otherwise store wrong
 *   demand silently); an empty query or a row without demand is skipped with its reason.
 */

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
}

/** A file the parser cannot read: `line` and `column` say where (either may be unknown). */
export class DemandParseError extends Error {
  constructor(
    message: string,
    public readonly line: number | null = null,
    public readonly column: string | null = null
  ) {
    super(message);
    this.name = 'DemandParseError';
  }
}

/** More data rows than the limit. */
export class DemandLimitError extends DemandParseError {
  constructor(public readonly limit: number) {
    super(
      `The file has more than ${limit.toLocaleString('en')} data rows; at most ${limit.toLocaleString('en')} can be imported at once: split the file (by date range or by country) and import each part as its own source.`
    );
    this.name = 'DemandLimitError';
  }
}

/** A mapping that names a field or column the file does not have. */
export class DemandMappingError extends DemandParseError {
  constructor(
    message: string,
    public readonly field: string,
    public readonly valid: readonly string[]
  ) {
    super(message);
    this.name = 'DemandMappingError';
  }
}

/** The longest query stored (the column is a varchar(255)). */
export const MAX_QUERY_LENGTH = 255;

// ---------------------------------------------------------------------------------------------
// Normalising text

const SPECIAL_FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', đ: 'd', ł: 'l' };

/** Lower case, no diacritics (ø → o, æ → ae too), single spaces: how queries and headers compare. */
export const foldText = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øæßđł]/g, (c) => SPECIAL_FOLDS[c])
    .replace(/\s+/g, ' ')
    .trim();

/** The key a query is stored, deduplicated and overridden by. */
export const normalizeQuery = (query: string): string => foldText(query);

/** A header as compared with the known names: folded, punctuation gone. */
const headerKey = (header: string) =>
  foldText(header)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

// ---------------------------------------------------------------------------------------------
// Decoding

const lineAt = (bytes: Uint8Array, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset; i += 1) if (bytes[i] === 0x0a) line += 1;
  return line;
};

/** The offset of the first byte that is not valid UTF-8, or -1. */
const firstInvalidUtf8 = (bytes: Uint8Array): number => {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i;
    let code = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k += 1) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      code = (code << 6) | (c & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
};

/**
 * UTF-8 text and whether it began with a byte-order mark. Anything else is refused with the line
 * of the first bad byte: guessing Latin-1 would store "lÃ¶parskor" for some files and not others.
 */
export const decodeUtf8 = (input: Uint8Array | string): { text: string; bom: boolean } => {
  if (typeof input === 'string') {
    const bom = input.charCodeAt(0) === 0xfeff;
    return { text: bom ? input.slice(1) : input, bom };
  }
  const bytes = input;
  if (
    (bytes[0] === 0xff && bytes[1] === 0xfe) ||
    (bytes[0] === 0xfe && bytes[1] === 0xff) ||
    // UTF-16 without a BOM: every other byte of ASCII text is zero.
    (bytes.length >= 4 && (bytes[1] === 0 || bytes[0] === 0) && bytes[2] !== 0 && bytes[3] === 0)
  ) {
    throw new DemandParseError(
      'Line 1: the file is UTF-16, not UTF-8 (Excel\'s "Unicode text" and some keyword tools write UTF-16). Save it as "CSV UTF-8" and import it again.',
      1
    );
  }
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  const bad = firstInvalidUtf8(body);
  if (bad >= 0) {
    const line = lineAt(body, bad);
    const byte = body[bad].toString(16).toUpperCase().padStart(2, '0');
    throw new DemandParseError(
      `Line ${line}: the file is not UTF-8 (byte 0x${byte} cannot start or continue a UTF-8 character; Latin-1 or Windows-1252, as older Excel versions save "ö" and "å", look like this). Save it as "CSV UTF-8" and import it again.`,
      line
    );
  }
  if (body.includes(0)) {
    const line = lineAt(body, body.indexOf(0));
    throw new DemandParseError(
      `Line ${line}: the file contains a NUL byte; it is not a text file, or it is UTF-16. Save it as "CSV UTF-8" and import it again.`,
      line
    );
  }
  return { text: Buffer.from(body).toString('utf8'), bom };
};

// ---------------------------------------------------------------------------------------------
// CSV

interface CsvRecord {
  line: number;
  fields: string[];
}

const lineBreakAt = (text: string, i: number) =>
  text[i] === '\n' ? 1 : text[i] === '\r' ? (text[i + 1] === '\n' ? 2 : 1) : 0;

/**
 * RFC 4180 with what spreadsheets do besides: CRLF, LF or CR line ends, quoted fields with the
 * delimiter, doubled quotes and line breaks inside, and a quote in the middle of an unquoted field
 * taken as a character. `limit` stops reading after that many records.
 */
export function* csvRecords(text: string, delimiter: Delimiter): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoteLine = line;
        i += 1;
        for (;;) {
          if (i >= n) {
            throw new DemandParseError(
              `Line ${quoteLine}, column ${fields.length + 1}: a quoted field is never closed (a " is missing).`,
              quoteLine,
              String(fields.length + 1)
            );
          }
          const next = text.indexOf('"', i);
          if (next === -1) {
            i = n;
            continue;
          }
          const chunk = text.slice(i, next);
          for (let k = 0; k < chunk.length; k += 1) {
            if (chunk[k] === '\n' || (chunk[k] === '\r' && chunk[k + 1] !== '\n')) line += 1;
          }
          value += chunk;
          if (text[next + 1] === '"') {
            value += '"';
            i = next + 2;
          } else {
            i = next + 1;
            break;
          }
        }
        // Spaces after a closing quote are harmless; anything else means a stray quote.
        while (text[i] === ' ') i += 1;
        if (i < n && text[i] !== delimiter && !lineBreakAt(text, i)) {
          throw new DemandParseError(
            `Line ${line}, column ${fields.length + 1}: unexpected text after a closing quote (a " inside a quoted field must be doubled: "").`,
            line,
            String(fields.length + 1)
          );
        }
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j += 1;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i += 1;
        continue;
      }
      const br = i < n ? lineBreakAt(text, i) : 0;
      i += br;
      if (br) line += 1;
      break;
    }
    yield { line: startLine, fields };
  }
}

const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/** Counts each candidate outside quotes on the first line; the most frequent wins. */
export const detectDelimiter = (text: string): Delimiter => {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  // Ties go to tab, then semicolon: a header rarely has either by accident.
  return (['\t', ';', ','] as Delimiter[]).reduce((best, d) =>
    counts[d] > counts[best] ? d : best
  );
};

// ---------------------------------------------------------------------------------------------
// Headers

/**
 * The names each column goes by in the tools' exports, folded as headerKey folds them, in
 * English, Swedish and Norwegian bokmål. Search Console's localized exports name the query
 * column after the report's table ("Top queries", "Vanligaste sökfrågorna", "Mest populære søk").
 */
const EXACT: Record<MappingField, string[]> = {
  query: [
    'top queries',
    'top query',
    'queries',
    'query',
    'search query',
    'search queries',
    'search term',
    'search terms',
    'keyword',
    'keywords',
    'keys',
    'key',
    'vanligaste sokfragorna',
    'vanligaste sokfragor',
    'popularaste sokfragorna',
    'populara sokfragor',
    'sokfragor',
    'sokfraga',
    'sokfragan',
    'sokord',
    'sokordet',
    'sokterm',
    'nyckelord',
    'mest populaere sok',
    'mest populaere sokeord',
    'populaere sok',
    'sok',
    'sokeord',
    'sokefrase',
    'sokefraser',
    'sokeordet',
    'nokkelord',
  ],
  clicks: ['clicks', 'click', 'url clicks', 'klick', 'klikk', 'antal klick', 'antall klikk'],
  impressions: [
    'impressions',
    'impression',
    'impr',
    'url impressions',
    'visningar',
    'visninger',
    'exponeringar',
    'antal visningar',
    'antall visninger',
  ],
  ctr: [
    'ctr',
    'url ctr',
    'click through rate',
    'clickthrough rate',
    'klickfrekvens',
    'klikkfrekvens',
    'klikkrate',
  ],
  position: [
    'position',
    'average position',
    'avg position',
    'avg pos',
    'genomsnittlig position',
    'genomsnittsposition',
    'plassering',
    'gjennomsnittlig plassering',
    'posisjon',
    'gjennomsnittlig posisjon',
  ],
  volume: [
    'search volume',
    'volume',
    'avg monthly searches',
    'average monthly searches',
    'monthly searches',
    'monthly search volume',
    'msv',
    'sokvolym',
    'volym',
    'manatlig sokvolym',
    'genomsnittlig manatlig sokvolym',
    'genomsnittliga sokningar per manad',
    'genomsnittligt antal sokningar per manad',
    'sokningar per manad',
    'sokevolum',
    'volum',
    'manedlig sokevolum',
    'gjennomsnittlig manedlige sok',
    'gjennomsnittlig antall sok per maned',
  ],
};

/** Parts of a name that identify a column when no exact name matched ("Keyword (by relevance)"). */
const CONTAINS: Record<MappingField, RegExp> = {
  query: /\b(quer(y|ies)|keywords?|search terms?)\b|sokfrag|sokord|sokeord|nyckelord|nokkelord/,
  clicks: /\b(clicks?|klick|klikk)\b/,
  impressions: /\b(impressions?|visningar|visninger)\b/,
  ctr: /\bctr\b|klickfrekvens|klikkfrekvens/,
  position: /\b(position|plassering|posisjon)\b/,
  volume:
    /\bvolume\b|monthly searches|sokvolym|sokevolum|\bvolym\b|\bvolum\b|sokningar per manad|sok per maned/,
};

/** Headers that contain a field's word but mean something else. */
const NOT: Partial<Record<MappingField, RegExp>> = {
  query: /parent|difficulty|intent|competition|trend|cpc|number|results|country|^keyword id/,
  volume: /global|trend|change|cpc/,
  clicks: /cost|cpc|per click/,
};

/** The mapping the headers imply, or null when there is no query column or no number column. */
export const recogniseHeaders = (columns: string[]): Mapping | null => {
  const keys = columns.map(headerKey);
  const used = new Set<number>();
  const found: Partial<Record<MappingField, string>> = {};
  for (const field of MAPPING_FIELDS) {
    let index = keys.findIndex((k, i) => !used.has(i) && EXACT[field].includes(k));
    if (index < 0) {
      index = keys.findIndex(
        (k, i) => !used.has(i) && CONTAINS[field].test(k) && !NOT[field]?.test(k)
      );
    }
    if (index >= 0) {
      used.add(index);
      found[field] = columns[index];
    }
  }
  if (!found.query || !METRICS.some((m) => found[m])) return null;
  return found as Mapping;
};

/**
 * Why a file cannot be imported without a mapping: which of its columns is missing, in words, with
 * the names that would have been recognised.
 */
export const unrecognisedHeaders = (columns: string[], line: number) => {
  const keys = columns.map(headerKey);
  const hasQuery = keys.some(
    (k) => EXACT.query.includes(k) || (CONTAINS.query.test(k) && !NOT.query?.test(k))
  );
  const missing = hasQuery
    ? `no number column (${METRICS.join(', ')}; e.g. "Clicks", "Impressions", "Volume", "Sökvolym", "Søkevolum")`
    : 'no query column (e.g. "Top queries", "Query", "Keyword", "Vanligaste sökfrågorna", "Sökord", "Mest populære søk", "Søkeord")';
  return new DemandParseError(
    `Line ${line}: the header has ${missing}; its columns: ${columns.join(', ')}. Import the Queries table, or give a mapping of the columns.`,
    line,
    null
  );
};

/** Which metrics a mapping carries: Search Console's clicks and impressions, or a volume. */
export const formatOf = (mapping: Mapping, recognised: boolean): DemandFormat => {
  if (!recognised) return 'custom';
  if (mapping.clicks || mapping.impressions) return 'search-console';
  if (mapping.volume) return 'keyword-volume';
  return 'custom';
};

/**
 * Checks a user's mapping against the file's columns: each field known, each column present,
 * a query column and at least one number column.
 */
export const checkMapping = (mapping: unknown, columns: string[]): Mapping => {
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new DemandMappingError(
      `Invalid mapping: an object of field → column is expected, e.g. {"query":"${columns[0] ?? 'Keyword'}","volume":"${columns[1] ?? 'Volume'}"}; fields: ${MAPPING_FIELDS.join(', ')}`,
      'mapping',
      MAPPING_FIELDS
    );
  }
  const entries = Object.entries(mapping as Record<string, unknown>).filter(
    ([, v]) => v !== null && v !== undefined && v !== ''
  );
  const result: Partial<Record<MappingField, string>> = {};
  for (const [field, column] of entries) {
    if (!(MAPPING_FIELDS as readonly string[]).includes(field)) {
      throw new DemandMappingError(
        `Invalid mapping field "${field}"; valid fields: ${MAPPING_FIELDS.join(', ')}`,
        'mapping',
        MAPPING_FIELDS
      );
    }
    if (typeof column !== 'string' || !columns.includes(column)) {
      throw new DemandMappingError(
        `Invalid mapping.${field} "${String(column).slice(0, 100)}": the file has no such column; its columns: ${columns.join(', ')}`,
        `mapping.${field}`,
        columns
      );
    }
    result[field as MappingField] = column;
  }
  if (!result.query) {
    throw new DemandMappingError(
      `Invalid mapping: mapping.query is required (the column with the search queries); the file's columns: ${columns.join(', ')}`,
      'mapping.query',
      columns
    );
  }
  if (!METRICS.some((m) => result[m])) {
    throw new DemandMappingError(
      `Invalid mapping: at least one number column is required (${METRICS.join(', ')}); the file's columns: ${columns.join(', ')}`,
      'mapping',
      METRICS
    );
  }
  return result as Mapping;
};

// ---------------------------------------------------------------------------------------------
// Numbers

const EMPTY_NUMBER = new Set(['', '-', '–', '—', 'n/a', 'na', '--']);

/** Spaces a spreadsheet puts between thousands: space, no-break space, narrow no-break, thin. */
const GROUP_SPACES = /(?<=\d)[ \u00a0\u202f\u2009'](?=\d{3}(\D|$))/g;

export interface NumberContext {
  /** The file writes decimals with a comma (Swedish and Norwegian Excel, semicolon files). */
  decimalComma: boolean;
}

/**
 * A number as Search Console and spreadsheets in en, sv and nb write it: "1,234" or "1 234"
 * (no-break space), "4.5%" or "4,5 %", "8.3" or "8,3". Returns null for an empty cell, NaN for
 * text that is no number.
 */
export const readNumber = (
  raw: unknown,
  { decimalComma }: NumberContext
): { value: number | null; percent: boolean } => {
  if (raw === null || raw === undefined) return { value: null, percent: false };
  if (typeof raw === 'number') return { value: Number.isFinite(raw) ? raw : NaN, percent: false };
  if (typeof raw !== 'string') return { value: NaN, percent: false };
  let text = raw.trim();
  if (EMPTY_NUMBER.has(text.toLowerCase())) return { value: null, percent: false };
  let percent = false;
  if (/\s*%$/.test(text)) {
    percent = true;
    text = text.replace(/\s*%$/, '');
  }
  text = text.replace(GROUP_SPACES, '');
  const hasComma = text.includes(',');
  const hasDot = text.includes('.');
  if (hasComma && hasDot) {
    // The later one is the decimal mark: "1,234.5" or "1.234,5".
    text =
      text.lastIndexOf(',') > text.lastIndexOf('.')
        ? text.replace(/\./g, '').replace(',', '.')
        : text.replace(/,/g, '');
  } else if (hasComma) {
    text =
      !decimalComma && /^-?\d{1,3}(,\d{3})+$/.test(text)
        ? text.replace(/,/g, '')
        : /^-?\d+,\d+$/.test(text)
          ? text.replace(',', '.')
          : text;
  } else if (hasDot && decimalComma && /^-?\d{1,3}(\.\d{3})+$/.test(text)) {
    text = text.replace(/\./g, '');
  }
  if (!/^-?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(text)) return { value: NaN, percent };
  return { value: Number(text), percent };
};

// ---------------------------------------------------------------------------------------------
// Rows

interface RawRow {
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

/** Merges a duplicate into the row first seen: see the file comment. */
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
const collect = (rawRows: Iterable<RawRow>, mapping: Mapping, ctx: NumberContext) => {
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

const limitCheck = (count: number, maxRows: number) => {
  if (count > maxRows) throw new DemandLimitError(maxRows);
};

// ---------------------------------------------------------------------------------------------
// CSV files

/** How many lines before the header a keyword tool may write (a title, a date range). */
const MAX_PREAMBLE = 5;

const parseCsv = (text: string, bom: boolean, options: ParseOptions): ParsedDemand => {
  let body = text;
  let delimiter = options.delimiter ?? null;
  // Excel's "sep=;" first line names the delimiter.
  const sep = /^sep=(.)\r?\n/i.exec(body);
  let sepLines = 0;
  if (sep && (DELIMITERS as readonly string[]).includes(sep[1])) {
    delimiter ??= sep[1] as Delimiter;
    body = body.slice(sep[0].length);
    sepLines = 1;
  }
  delimiter ??= detectDelimiter(body);

  const records: CsvRecord[] = [];
  for (const record of csvRecords(body, delimiter)) {
    if (isBlank(record.fields)) continue;
    records.push({ line: record.line + sepLines, fields: record.fields });
    // The header, perhaps a short preamble, and one row past the limit are enough to refuse.
    if (records.length > options.maxRows + 1 + MAX_PREAMBLE) break;
  }
  if (!records.length) throw new DemandParseError('The file is empty: no header and no rows.', 1);

  // The header is the first line the names are recognised on, within a short preamble.
  let headerIndex = 0;
  if (!options.mapping) {
    const found = records
      .slice(0, MAX_PREAMBLE + 1)
      .findIndex((r) => recogniseHeaders(r.fields.map((f) => f.trim())) !== null);
    if (found > 0) headerIndex = found;
  }
  const header = records[headerIndex];
  const columns = header.fields.map((f) => f.trim());
  const data = records.slice(headerIndex + 1);
  limitCheck(data.length, options.maxRows);

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

  const rawSample = data.slice(0, 5).map((r) => r.fields);
  const recognised = options.mapping ? null : recogniseHeaders(columns);
  const mapping = options.mapping ? checkMapping(options.mapping, columns) : recognised;
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
    return {
      ...base,
      format: null,
      mapping: null,
      mappingRecognised: false,
      rows: [],
      skipped: [],
    };
  }

  const indexOf = new Map(columns.map((c, i) => [c, i]));
  for (const record of data) {
    if (record.fields.length > columns.length && !isBlank(record.fields.slice(columns.length))) {
      throw new DemandParseError(
        `Line ${record.line}, column ${columns.length + 1}: the line has ${record.fields.length} fields but the header has ${columns.length}; a value that contains "${delimiter === '\t' ? 'a tab' : delimiter}" must be quoted.`,
        record.line,
        String(columns.length + 1)
      );
    }
  }
  const ctx: NumberContext = {
    decimalComma:
      delimiter === ';' || (delimiter === '\t' && decimalCommaLikely(data, mapping, indexOf)),
  };
  const rawRows = data.map((record): RawRow => ({
    line: record.line,
    where: `Line ${record.line}`,
    get: (column) => record.fields[indexOf.get(column) as number] ?? '',
  }));
  const { rows, skipped } = collect(rawRows, mapping, ctx);
  return {
    ...base,
    format: formatOf(mapping, !options.mapping),
    mapping,
    mappingRecognised: !options.mapping,
    rows,
    skipped,
  };
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

// ---------------------------------------------------------------------------------------------
// JSON files

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

/**
 * Rows of the Search Analytics API (`{ rows: [{ keys: [query], clicks, impressions, ctr,
 * position }] }` or the bare array), of BigQuery's bulk export (`query`, `clicks`,
 * `impressions`, `sum_top_position`, one JSON object per line), and any array of flat objects.
 */
const jsonItems = (text: string): { items: JsonItem[]; lines: number[] | null } => {
  const trimmed = text.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(trimmed);
  } catch (error) {
    // Newline-delimited JSON: BigQuery's export writes one object per line.
    const lines = text.split(/\r?\n/);
    const nonEmpty = lines.filter((l) => l.trim());
    if (trimmed.startsWith('{') && nonEmpty.length > 1 && isJsonObject(nonEmpty[0])) {
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
    }
    throw jsonSyntaxError(trimmed, error);
  }
  const list = Array.isArray(parsed)
    ? parsed
    : parsed && typeof parsed === 'object' && Array.isArray((parsed as JsonItem).rows)
      ? ((parsed as JsonItem).rows as unknown[])
      : parsed && typeof parsed === 'object' && !(parsed as JsonItem).rows
        ? // The API answers a period without data with an object that has no rows at all.
          Object.keys(parsed as JsonItem).some((k) => k === 'responseAggregationType')
          ? []
          : null
        : null;
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

const parseJson = (text: string, bom: boolean, options: ParseOptions): ParsedDemand => {
  const { items, lines } = jsonItems(text);
  limitCheck(items.length, options.maxRows);
  const columns = jsonColumns(items);
  const bigQuery = columns.includes('sum_top_position') && columns.includes('query');
  let recognised: Mapping | null = null;
  if (columns.includes('keys')) {
    recognised = { query: 'keys' };
    for (const m of METRICS) if (columns.includes(m)) recognised[m] = m;
    if (!METRICS.some((m) => recognised?.[m])) recognised = null;
  } else if (bigQuery) {
    recognised = {
      query: 'query',
      clicks: 'clicks',
      impressions: 'impressions',
      position: 'sum_top_position',
    };
  } else {
    recognised = recogniseHeaders(columns);
  }
  const mapping = options.mapping ? checkMapping(options.mapping, columns) : recognised;
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
    return {
      ...base,
      format: null,
      mapping: null,
      mappingRecognised: false,
      rows: [],
      skipped: [],
    };
  }
  const skippedAnonymous: SkippedRow[] = [];
  const rawRows: RawRow[] = [];
  items.forEach((item, index) => {
    const line = lines ? lines[index] : index + 1;
    const where = lines ? `Line ${line}` : `rows[${index}]`;
    if (bigQuery && !options.mapping && item.is_anonymized_query === true) {
      skippedAnonymous.push({ line, reason: 'anonymized query (Search Console hides it)' });
      return;
    }
    rawRows.push({
      line,
      where,
      get: (column) => {
        const value = item[column];
        if (column === 'keys' && Array.isArray(value)) return value[0];
        if (bigQuery && !options.mapping && column === 'sum_top_position') {
          // The export sums the top position from 0 over impressions: the average is sum / n + 1.
          const impressions = Number(item.impressions);
          const sum = Number(value);
          return impressions > 0 && Number.isFinite(sum) ? sum / impressions + 1 : null;
        }
        return value;
      },
    });
  });
  // BigQuery writes INT64 as strings; the readers below take both.
  const { rows, skipped } = collect(rawRows, mapping, { decimalComma: false });
  return {
    ...base,
    format: formatOf(mapping, !options.mapping),
    mapping,
    mappingRecognised: !options.mapping,
    rows,
    skipped: [...skippedAnonymous, ...skipped].sort((a, b) => a.line - b.line),
  };
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

// ---------------------------------------------------------------------------------------------

/** Reads a demand file: JSON when it starts with { or [, otherwise CSV/TSV. */
export const parseDemandFile = (
  input: Uint8Array | string,
  options: ParseOptions
): ParsedDemand => {
  const { text, bom } = decodeUtf8(input);
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') return parseJson(text, bom, options);
  return parseCsv(text, bom, options);
};
