import {
  csvRecords,
  DemandLimitError,
  detectDelimiter,
  normalizeQuery,
  parseDemandFile,
  readNumber,
  rowsFromObjects,
} from '../../server/src/domain/demand-parse';
import { fixture, parse, parseError } from '../helpers/demand-parse';

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

  it('refuses a file larger than the byte limit before decoding it', () => {
    expect(() => parse('Keyword,Volume\nlöparskor,10\n', { maxBytes: 10 })).toThrow(
      /^The file has 2\d bytes; at most 10 are read/
    );
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
