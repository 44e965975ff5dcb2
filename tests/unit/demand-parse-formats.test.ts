import {
  checkMapping,
  decodeUtf8,
  DemandMappingError,
  recogniseHeaders,
} from '../../server/src/domain/demand-parse';
import { fixture, parse, row, parseError } from '../helpers/demand-parse';

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

  it("reads BigQuery's per-URL table, whose position column is a sum too", () => {
    const parsed = parse(
      [
        {
          data_date: '2026-10-01',
          url: 'https://nordstig.se/',
          query: 'nordstig',
          is_anonymized_query: false,
          impressions: '200',
          clicks: '120',
          sum_position: '20',
        },
        {
          data_date: '2026-10-01',
          url: 'https://nordstig.se/klubb',
          query: 'nordstig',
          is_anonymized_query: false,
          impressions: '50',
          clicks: '5',
          sum_position: '100',
        },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n')
    );
    expect(parsed.mapping).toMatchObject({ position: 'sum_position' });
    // 1.1 over 200 impressions and 3.0 over 50: 1.48 weighted.
    expect(row(parsed, 'nordstig')).toMatchObject({
      clicks: 125,
      impressions: 250,
      position: 1.48,
    });
    expect(recogniseHeaders(['query', 'impressions', 'sum_position'])).toEqual({
      query: 'query',
      impressions: 'impressions',
    });
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

  it('reads a file as recognised when the mapping only repeats what the headers say', () => {
    const parsed = parse(fixture('keyword-tool-en.csv'), {
      mapping: { query: 'Keyword', volume: 'Volume' },
    });
    expect(parsed).toMatchObject({ format: 'keyword-volume', mappingRecognised: true });
    const other = parse(fixture('keyword-tool-en.csv'), {
      mapping: { query: 'Keyword', volume: 'Keyword Difficulty' },
    });
    expect(other).toMatchObject({ format: 'custom', mappingRecognised: false });
  });

  it('finds the header below a title line with a mapping too', () => {
    const parsed = parse('Keyword Stats 2026-11-01\nSökfras;Antal\nlöparskor;22 200\n', {
      mapping: { query: 'Sökfras', volume: 'Antal' },
    });
    expect(parsed).toMatchObject({ preambleLines: 1, columns: ['Sökfras', 'Antal'] });
    expect(parsed.rows[0]).toMatchObject({ line: 3, volume: 22200 });
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
