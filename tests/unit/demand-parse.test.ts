import fs from 'fs';
import path from 'path';
import {
  checkMapping,
  csvRecords,
  decodeUtf8,
  DemandLimitError,
  DemandMappingError,
  DemandParseError,
  detectDelimiter,
  normalizeQuery,
  parseDemandFile,
  readNumber,
  recogniseHeaders,
  rowsFromObjects,
  type ParsedDemand,
} from '../../server/src/domain/demand-parse';

const FIXTURES = path.join(__dirname, '../fixtures/demand');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
const LIMIT = 50000;
const parse = (
  input: Buffer | string,
  options: Partial<Parameters<typeof parseDemandFile>[1]> = {}
) => parseDemandFile(input, { maxRows: LIMIT, ...options });

const row = (parsed: ParsedDemand, query: string) => {
  const found = parsed.rows.find((r) => r.query === query);
  if (!found)
    throw new Error(`no row "${query}" in ${parsed.rows.map((r) => r.query).join(' | ')}`);
  return found;
};

/** Expects a DemandParseError and returns it, so its line and column can be checked. */
const parseError = (fn: () => unknown): DemandParseError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DemandParseError);
    return error as DemandParseError;
  }
  throw new Error('expected a DemandParseError');
};

describe('Search Console exports', () => {
  it('reads the English Queries.csv: comma, CRLF, percent CTR, quoted query with a comma', () => {
    const parsed = parse(fixture('gsc-en-queries.csv'));
    expect(parsed).toMatchObject({
      kind: 'csv',
      format: 'search-console',
      delimiter: ',',
      bom: false,
      mappingRecognised: true,
      columns: ['Top queries', 'Clicks', 'Impressions', 'CTR', 'Position'],
      mapping: {
        query: 'Top queries',
        clicks: 'Clicks',
        impressions: 'Impressions',
        ctr: 'CTR',
        position: 'Position',
      },
      rowsRead: 20,
    });
    expect(row(parsed, 'how to start running')).toEqual({
      line: 3,
      query: 'how to start running',
      queryNorm: 'how to start running',
      clicks: 188,
      impressions: 15230,
      ctr: 0.0123,
      position: 9.8,
      volume: null,
    });
    // The quoted field keeps its comma and its quotes come out.
    expect(row(parsed, 'winter running shoes, women')).toMatchObject({
      line: 13,
      clicks: 45,
      impressions: 2870,
    });
  });

  it('merges a duplicate query into its first line and says so', () => {
    const parsed = parse(fixture('gsc-en-queries.csv'));
    // 412 + 5 clicks, 9870 + 130 impressions; CTR recomputed; position weighted by impressions.
    expect(row(parsed, 'running shoes for beginners')).toMatchObject({
      line: 2,
      clicks: 417,
      impressions: 10000,
      ctr: 0.0417,
      position: 6.21,
    });
    expect(parsed.skipped).toEqual([
      { line: 17, reason: 'duplicate of line 2 ("running shoes for beginners"): merged into it' },
      { line: 20, reason: 'empty query' },
      { line: 21, reason: 'no demand (no clicks, impressions or volume)' },
    ]);
    expect(parsed.rows).toHaveLength(17);
    expect(parsed.rows.length + parsed.skipped.length).toBe(parsed.rowsRead);
  });

  it('reads the Swedish export as Excel saves it: BOM, semicolons, decimal commas, no-break spaces', () => {
    const parsed = parse(fixture('gsc-sv-queries.csv'));
    expect(parsed).toMatchObject({
      format: 'search-console',
      delimiter: ';',
      bom: true,
      mapping: {
        query: 'Vanligaste sökfrågorna',
        clicks: 'Klick',
        impressions: 'Visningar',
        ctr: 'CTR',
        position: 'Position',
      },
    });
    expect(row(parsed, 'löparskor dam')).toMatchObject({
      // "12 480" with a no-break space, plus the folded duplicate "loparskor dam" (12 / 310).
      clicks: 546,
      impressions: 12790,
      position: 5.41,
    });
    expect(row(parsed, 'hur börjar man springa')).toMatchObject({
      clicks: 97,
      impressions: 14020,
      ctr: 0.0069,
      position: 10.3,
    });
    // A quoted field with the delimiter in it.
    expect(row(parsed, 'skor med kolfiberplatta; värt det?')).toMatchObject({ clicks: 13 });
    expect(parsed.skipped).toEqual([
      { line: 13, reason: 'duplicate of line 2 ("löparskor dam"): merged into it' },
    ]);
  });

  it('reads the Norwegian export: tab separated, Norwegian headers, decimal commas', () => {
    const parsed = parse(fixture('gsc-nb-queries.tsv'));
    expect(parsed).toMatchObject({
      format: 'search-console',
      delimiter: '\t',
      bom: false,
      mapping: {
        query: 'Mest populære søk',
        clicks: 'Klikk',
        impressions: 'Visninger',
        ctr: 'Klikkfrekvens',
        position: 'Plassering',
      },
      rowsRead: 12,
    });
    expect(row(parsed, 'løpesko herre')).toMatchObject({
      clicks: 402,
      impressions: 10240,
      ctr: 0.0393,
      position: 5.8,
    });
    expect(row(parsed, 'hvordan begynne å løpe')).toMatchObject({ ctr: 0.006, position: 11.2 });
  });

  it('reads Search Analytics API rows, wrapped in { rows } or bare', () => {
    const parsed = parse(fixture('gsc-api.json'));
    expect(parsed).toMatchObject({ kind: 'json', format: 'search-console', delimiter: null });
    expect(parsed.mapping).toEqual({
      query: 'keys',
      clicks: 'clicks',
      impressions: 'impressions',
      ctr: 'ctr',
      position: 'position',
    });
    expect(parsed.rows).toHaveLength(6);
    expect(row(parsed, 'trail running shoes')).toMatchObject({
      line: 1,
      clicks: 210,
      impressions: 8840,
      ctr: 0.023756,
      position: 7.84,
    });
    const bare = parse(JSON.stringify([{ keys: ['a query'], clicks: 1, impressions: 10 }]));
    expect(bare.rows).toEqual([
      {
        line: 1,
        query: 'a query',
        queryNorm: 'a query',
        clicks: 1,
        impressions: 10,
        ctr: null,
        position: null,
        volume: null,
      },
    ]);
  });

  it("reads BigQuery's bulk export: one JSON object per line, per day; anonymized rows skipped", () => {
    const parsed = parse(fixture('bigquery-export.ndjson'));
    expect(parsed.format).toBe('search-console');
    // Two days of "löparskor" add up; the average position is sum_top_position / impressions + 1.
    expect(row(parsed, 'löparskor')).toMatchObject({
      line: 1,
      clicks: 30,
      impressions: 800,
      position: 6.6,
    });
    expect(row(parsed, 'köpa löparskor online')).toMatchObject({ position: 4.5 });
    expect(parsed.skipped).toEqual([
      { line: 2, reason: 'duplicate of line 1 ("löparskor"): merged into it' },
      { line: 3, reason: 'anonymized query (Search Console hides it)' },
    ]);
  });

  it('reads query,clicks,impressions CSVs written from the API', () => {
    const parsed = parse(fixture('api-query.csv'));
    expect(parsed.mapping).toEqual({
      query: 'query',
      clicks: 'clicks',
      impressions: 'impressions',
      ctr: 'ctr',
      position: 'position',
    });
    // A CTR without a percent sign is a fraction already.
    expect(row(parsed, 'nordstig opening hours')).toMatchObject({ ctr: 0.3333, position: 1.2 });
  });
});

describe('keyword tools', () => {
  it('reads a keyword research export: Keyword and Volume, other columns ignored', () => {
    const parsed = parse(fixture('keyword-tool-en.csv'));
    expect(parsed).toMatchObject({
      format: 'keyword-volume',
      mapping: { query: 'Keyword', volume: 'Volume' },
    });
    expect(parsed.rows.map((r) => [r.query, r.volume])).toEqual([
      ['running shoes', 74000],
      ['best running shoes for beginners', 9900],
      ['how to start running', 12100],
      ['hoka clifton 9', 40500],
      ['running shoe store near me', 18100],
      ['buy trail running shoes', 1900],
      ['nordstig', 880],
    ]);
  });

  it("reads the Swedish keyword planner's headers and space-grouped thousands", () => {
    const parsed = parse(fixture('keyword-planner-sv.csv'));
    expect(parsed).toMatchObject({
      format: 'keyword-volume',
      delimiter: ';',
      mapping: { query: 'Sökord', volume: 'Genomsnittligt antal sökningar per månad' },
    });
    expect(row(parsed, 'löparskor')).toMatchObject({ volume: 22200 });
    expect(row(parsed, 'löparskor herr')).toMatchObject({ volume: 6600 });
  });

  it('reads Norwegian Søkeord / Søkevolum', () => {
    const parsed = parse(fixture('keyword-nb.tsv'));
    expect(parsed.mapping).toEqual({ query: 'Søkeord', volume: 'Søkevolum' });
    expect(row(parsed, 'løpesko')).toMatchObject({ volume: 14800 });
  });
});

describe('headers', () => {
  it.each([
    [['Top queries', 'Clicks', 'Impressions', 'CTR', 'Position'], 'Top queries'],
    [['Vanligaste sökfrågorna', 'Klick', 'Visningar', 'CTR', 'Position'], 'Vanligaste sökfrågorna'],
    [['VANLIGASTE SOKFRAGORNA', 'KLICK'], 'VANLIGASTE SOKFRAGORNA'],
    [
      ['Mest populære søk', 'Klikk', 'Visninger', 'Klikkfrekvens', 'Plassering'],
      'Mest populære søk',
    ],
    [['mest populaere sok', 'klikk'], 'mest populaere sok'],
    [['Keyword', 'Parent Keyword', 'Volume', 'Global volume'], 'Keyword'],
    [
      ['Parent Keyword', 'Keyword (by relevance)', 'Avg. monthly searches'],
      'Keyword (by relevance)',
    ],
  ])('recognises %j (query column %s), case- and diacritic-insensitively', (columns, query) => {
    expect(recogniseHeaders(columns)?.query).toBe(query);
  });

  it('takes the exact volume column before one that only contains the word', () => {
    expect(recogniseHeaders(['Keyword', 'Global volume', 'Volume'])).toEqual({
      query: 'Keyword',
      volume: 'Volume',
    });
  });

  it('recognises nothing without a query column or without a number column', () => {
    expect(recogniseHeaders(['Top pages', 'Clicks', 'Impressions'])).toBeNull();
    expect(recogniseHeaders(['Keyword', 'Competition'])).toBeNull();
  });

  it('skips a title line before the header (keyword tools write one)', () => {
    const parsed = parse(
      'Keyword Stats 2026-11-01 at 10_00_00\nKeyword,Avg. monthly searches\nrunning shoes,74000\n'
    );
    expect(parsed).toMatchObject({ preambleLines: 1, rowsRead: 1 });
    expect(parsed.rows[0]).toMatchObject({ line: 3, query: 'running shoes', volume: 74000 });
  });

  it('honours Excel\'s "sep=" line', () => {
    const parsed = parse('sep=;\nKeyword;Volume\nlöparskor;22 200\n');
    expect(parsed.delimiter).toBe(';');
    expect(parsed.rows[0]).toMatchObject({ line: 3, volume: 22200 });
  });
});

describe('mapping', () => {
  it('leaves unrecognised headers unmapped, with the columns and raw rows to map them', () => {
    const parsed = parse(fixture('unrecognised-headers.csv'));
    expect(parsed).toMatchObject({
      format: null,
      mapping: null,
      mappingRecognised: false,
      columns: ['Fras', 'Antal sökningar i kampanjen', 'Kommentar'],
      rowsRead: 3,
      rows: [],
    });
    expect(parsed.rawSample[0]).toEqual(['vinterlöpning tips', '740', 'från nyhetsbrevet']);
  });

  it("reads a file through the user's mapping as a custom import", () => {
    const parsed = parse(fixture('unrecognised-headers.csv'), {
      mapping: { query: 'Fras', volume: 'Antal sökningar i kampanjen' },
    });
    expect(parsed).toMatchObject({ format: 'custom', mappingRecognised: false });
    expect(parsed.rows.map((r) => [r.query, r.volume])).toEqual([
      ['vinterlöpning tips', 740],
      ['reflexväst löpning', 320],
      ['köpa pannlampa löpning', 210],
    ]);
  });

  it('refuses a mapping column the file does not have, naming the field and the columns', () => {
    const error = parseError(() =>
      parse(fixture('unrecognised-headers.csv'), {
        mapping: { query: 'Fras', volume: 'Volume' },
      })
    );
    expect(error).toBeInstanceOf(DemandMappingError);
    expect((error as DemandMappingError).field).toBe('mapping.volume');
    expect(error.message).toBe(
      'Invalid mapping.volume "Volume": the file has no such column; its columns: Fras, Antal sökningar i kampanjen, Kommentar'
    );
  });

  it('refuses a mapping without a query or without a number column, or with an unknown field', () => {
    expect(() => checkMapping({ volume: 'b' }, ['a', 'b'])).toThrow(/mapping.query is required/);
    expect(() => checkMapping({ query: 'a' }, ['a', 'b'])).toThrow(
      /at least one number column is required/
    );
    expect(() => checkMapping({ query: 'a', cpc: 'b' }, ['a', 'b'])).toThrow(
      'Invalid mapping field "cpc"; valid fields: query, clicks, impressions, ctr, position, volume'
    );
  });
});

describe('encodings', () => {
  it('refuses Latin-1, naming the line of the first byte that is not UTF-8', () => {
    const error = parseError(() => parse(fixture('bad-encoding-latin1.csv')));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^Line 3: the file is not UTF-8 \(byte 0xF6 /);
  });

  it('refuses UTF-16 and says how to save the file', () => {
    const error = parseError(() => parse(fixture('bad-encoding-utf16.csv')));
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/UTF-16, not UTF-8.*CSV UTF-8/);
  });

  it('accepts UTF-8 with and without a BOM alike', () => {
    const text = 'Keyword,Volume\nlöparskor,10\n';
    const withBom = decodeUtf8(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(withBom).toEqual({ text, bom: true });
    expect(decodeUtf8(Buffer.from(text))).toEqual({ text, bom: false });
  });

  it('refuses a truncated multi-byte character at the end of the file', () => {
    const bytes = Buffer.concat([Buffer.from('Keyword,Volume\nl'), Buffer.from([0xc3])]);
    expect(parseError(() => parse(bytes)).line).toBe(2);
  });
});

describe('malformed files', () => {
  it('names the line and column of a number that is not one', () => {
    const error = parseError(() => parse(fixture('non-numeric.csv')));
    expect(error).toMatchObject({ line: 4, column: 'Clicks' });
    expect(error.message).toBe('Line 4, column "Clicks": twelve is not a whole number of clicks.');
  });

  it('names the line where a quoted field opens and never closes', () => {
    const error = parseError(() => parse(fixture('unclosed-quote.csv')));
    expect(error).toMatchObject({ line: 3, column: '1' });
    expect(error.message).toMatch(/^Line 3, column 1: a quoted field is never closed/);
  });

  it('names a line with more fields than the header (an unquoted delimiter)', () => {
    const error = parseError(() => parse(fixture('shifted-columns.csv')));
    expect(error).toMatchObject({ line: 3, column: '6' });
    expect(error.message).toMatch(/the line has 6 fields but the header has 5/);
  });

  it('names the line and column of a JSON syntax error', () => {
    const error = parseError(() => parse(fixture('bad-json.txt')));
    expect(error.line).toBe(4);
    expect(error.message).toMatch(/^Line 4, column \d+: the JSON cannot be read/);
  });

  it('refuses a JSON that is no list of rows', () => {
    expect(() => parse('{"data": 1}')).toThrow(/array of rows or an object with a "rows" array/);
    expect(() => parse('[1, 2]')).toThrow('rows[0]: each row must be an object.');
  });

  it('refuses a CTR above 100 % and a negative count', () => {
    expect(() => parse('query,clicks,ctr\na,1,140%\n')).toThrow(
      'Line 2, column "ctr": 140% is not a click-through rate such as 4.5% or 0.045.'
    );
    expect(() => parse('query,clicks\na,-3\n')).toThrow(/-3 is not a whole number of clicks/);
  });

  it('refuses a header that names a column twice', () => {
    expect(parseError(() => parse('query,clicks,clicks\na,1,2\n'))).toMatchObject({
      line: 1,
      column: 'clicks',
    });
  });

  it('refuses an empty file', () => {
    expect(() => parse('')).toThrow('The file is empty: no header and no rows.');
  });
});

describe('the row limit', () => {
  const csv = (rows: number) =>
    ['query,impressions', ...Array.from({ length: rows }, (_, i) => `query ${i},${i + 1}`)].join(
      '\n'
    );

  it('takes 50,000 rows and refuses 50,001 with the limit in the message', () => {
    expect(parse(csv(50000)).rows).toHaveLength(50000);
    let error: unknown;
    try {
      parse(csv(50001));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DemandLimitError);
    expect((error as DemandLimitError).limit).toBe(50000);
    expect((error as Error).message).toMatch(/more than 50,000 data rows; at most 50,000/);
  });

  it('counts JSON rows too', () => {
    const rows = Array.from({ length: 11 }, (_, i) => ({ keys: [`q${i}`], clicks: 1 }));
    expect(() => parseDemandFile(JSON.stringify({ rows }), { maxRows: 10 })).toThrow(
      DemandLimitError
    );
  });
});

describe('CSV records', () => {
  it('reads quotes, doubled quotes, line breaks inside quotes and CRLF, with line numbers', () => {
    const text = 'a,b\r\n"x, ""y""",1\r\n"two\r\nlines",2\r\nlast,3';
    expect([...csvRecords(text, ',')]).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, "y"', '1'] },
      { line: 3, fields: ['two\r\nlines', '2'] },
      { line: 5, fields: ['last', '3'] },
    ]);
  });

  it('refuses text after a closing quote, naming the line', () => {
    expect(() => [...csvRecords('a,b\n"x"y,1\n', ',')]).toThrow(
      /^Line 2, column 1: unexpected text after a closing quote/
    );
  });

  it('detects the delimiter from the header line', () => {
    expect(detectDelimiter('a,b,c\n1;2,3')).toBe(',');
    expect(detectDelimiter('Vanligaste sökfrågorna;Klick;Visningar\n')).toBe(';');
    expect(detectDelimiter('Mest populære søk\tKlikk\n')).toBe('\t');
    expect(detectDelimiter('"a;b",c\n')).toBe(',');
  });
});

describe('numbers', () => {
  const en = { decimalComma: false };
  const sv = { decimalComma: true };
  it.each([
    ['1,234', en, 1234],
    ['1 234', sv, 1234],
    ['1\u00a0234', sv, 1234],
    ['1\u202f234\u202f567', sv, 1234567],
    ['8,3', sv, 8.3],
    ['8.3', sv, 8.3],
    ['1.234,5', sv, 1234.5],
    ['1,234.5', en, 1234.5],
    ['12', en, 12],
    [' 7 ', en, 7],
  ])('reads %j', (raw, ctx, value) => {
    expect(readNumber(raw, ctx).value).toBe(value);
  });

  it('reads percentages in both spellings', () => {
    expect(readNumber('4.5%', en)).toEqual({ value: 4.5, percent: true });
    expect(readNumber('4,5 %', sv)).toEqual({ value: 4.5, percent: true });
  });

  it('takes an empty cell or a dash as no value, text as no number', () => {
    expect(readNumber('', en).value).toBeNull();
    expect(readNumber('–', en).value).toBeNull();
    expect(readNumber('n/a', en).value).toBeNull();
    expect(readNumber('twelve', en).value).toBeNaN();
    expect(readNumber('12abc', en).value).toBeNaN();
  });
});

describe('normalising queries', () => {
  it('lower-cases, folds diacritics (ø and æ too) and collapses spaces', () => {
    expect(normalizeQuery('  Löparskor   DAM ')).toBe('loparskor dam');
    expect(normalizeQuery('Løpesko Ærlig')).toBe('lopesko aerlig');
    expect(normalizeQuery('Café')).toBe('cafe');
  });
});

describe('rows from code', () => {
  it('checks and merges rows given as objects, as importRows receives them', () => {
    const { rows, skipped, read } = rowsFromObjects([
      { query: 'löparskor', impressions: 100, clicks: 4 },
      { query: 'Löparskor', impressions: 50, clicks: 1 },
      { query: '', impressions: 3 },
    ]);
    expect(read).toBe(3);
    expect(rows).toEqual([
      {
        line: 1,
        query: 'löparskor',
        queryNorm: 'loparskor',
        clicks: 5,
        impressions: 150,
        ctr: 0.033333,
        position: null,
        volume: null,
      },
    ]);
    expect(skipped.map((s) => s.reason)).toEqual([
      'duplicate of line 1 ("löparskor"): merged into it',
      'empty query',
    ]);
    expect(() => rowsFromObjects([{ query: 'a', clicks: 'many' }])).toThrow(
      'rows[0], column "clicks": many is not a whole number of clicks.'
    );
  });
});
