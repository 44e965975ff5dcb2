import fs from 'fs';
import path from 'path';
import { DemandParseError } from '../../server/src/domain/demand-parse';
import {
  compilePattern,
  daysBetween,
  matchPattern,
  normalizePath,
  parseAnalyticsFile,
  PatternError,
  spreadOverDays,
  type ParsedAnalytics,
} from '../../server/src/domain/analytics/imports';

const FIXTURES = path.join(__dirname, '../fixtures/analytics');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

const byUrl = (parsed: ParsedAnalytics) =>
  Object.fromEntries(
    parsed.rows.map((r) => [
      r.day ? `${r.day} ${r.url}` : r.url,
      { views: r.views, entries: r.entries, exits: r.exits, conversions: r.conversions },
    ])
  );

const parseError = (fn: () => unknown): DemandParseError => {
  try {
    fn();
  } catch (error) {
    if (error instanceof DemandParseError) return error;
    throw error;
  }
  throw new Error('expected a DemandParseError');
};

describe('GA4 Pages and screens', () => {
  it('reads the English export: comment header, totals row skipped, entrances, exits, key events', () => {
    const parsed = parseAnalyticsFile(fixture('ga4-pages-and-screens.csv'));
    expect(parsed).toMatchObject({
      tool: 'ga4',
      report: 'pages',
      kind: 'csv',
      delimiter: ',',
      bom: false,
      rowsRead: 8,
      hasConversions: true,
      periodHint: { from: '2026-11-01', to: '2026-11-10' },
    });
    expect(parsed.skipped).toEqual([{ line: 11, reason: 'no page' }]);
    expect(byUrl(parsed)['/en/guides/running-shoes']).toEqual({
      views: 100,
      entries: 30,
      exits: 20,
      conversions: 3,
    });
    expect(parsed.rows.find((r) => r.url === '/blog/no-stage/')?.line).toBe(16);
  });

  it('reads a Swedish export re-saved by Excel: BOM, semicolons, "1 000", Nyckelhändelser', () => {
    const parsed = parseAnalyticsFile(fixture('ga4-pages-sv.csv'));
    expect(parsed).toMatchObject({
      tool: 'ga4',
      delimiter: ';',
      bom: true,
      hasConversions: true,
      periodHint: { from: '2026-11-01', to: '2026-11-10' },
    });
    expect(byUrl(parsed)['/en/guides/running-shoes']).toEqual({
      views: 1000,
      entries: 0,
      exits: 0,
      conversions: 3,
    });
  });

  it('names the line and the column of a value that is not a number', () => {
    const error = parseError(() => parseAnalyticsFile(fixture('ga4-non-numeric.csv')));
    expect(error.line).toBe(5);
    expect(error.column).toBe('Views');
    expect(error.message).toMatch(/^Line 5, column "Views": "sixty"/);
  });
});

describe('GA4 BigQuery export', () => {
  it('counts page_view rows per page and day from NDJSON event_params; entrances from its param', () => {
    const parsed = parseAnalyticsFile(fixture('ga4-bigquery.ndjson'));
    expect(parsed).toMatchObject({ tool: 'ga4-bigquery', report: 'events', kind: 'json' });
    expect(byUrl(parsed)).toEqual({
      '2026-11-01 https://nordstig.example/en/guides/running-shoes': {
        views: 1,
        entries: 1,
        exits: 0,
        conversions: null,
      },
      '2026-11-01 https://nordstig.example/blog/trail-tips?utm_source=x': {
        views: 1,
        entries: 0,
        exits: 0,
        conversions: null,
      },
      '2026-11-02 https://nordstig.example/en/guides/running-shoes': {
        views: 1,
        entries: 0,
        exits: 0,
        conversions: null,
      },
      '2026-11-02 https://nordstig.example/en/guides/running-shoes/': {
        views: 1,
        entries: 1,
        exits: 0,
        conversions: null,
      },
      '2026-11-03 https://nordstig.example/en/nowhere': {
        views: 1,
        entries: 0,
        exits: 0,
        conversions: null,
      },
    });
  });

  it('reads the flattened CSV; other events do not count', () => {
    const parsed = parseAnalyticsFile(fixture('ga4-bigquery.csv'));
    expect(parsed.tool).toBe('ga4-bigquery');
    expect(byUrl(parsed)).toEqual({
      '2026-11-01 https://nordstig.example/sv/guides/lopskor': {
        views: 2,
        entries: 1,
        exits: 0,
        conversions: null,
      },
      '2026-11-05 https://nordstig.example/blog/no-stage': {
        views: 1,
        entries: 1,
        exits: 0,
        conversions: null,
      },
    });
  });

  it('without an entrances parameter, a session_start page is an entry', () => {
    const text = [
      '{"event_date":"2026-11-01","event_name":"session_start","page_location":"/a"}',
      '{"event_date":"2026-11-01","event_name":"page_view","page_location":"/a"}',
    ].join('\n');
    expect(byUrl(parseAnalyticsFile(text))['2026-11-01 /a']).toEqual({
      views: 1,
      entries: 1,
      exits: 0,
      conversions: null,
    });
  });

  it('names the line and column of a broken JSON line', () => {
    const error = parseError(() => parseAnalyticsFile(fixture('bigquery-bad-line.ndjson')));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/^Line 2, column \d+: the JSON cannot be read/);
  });

  it('names the line and column of a broken JSON array', () => {
    const text = '[\n  {"event_date":"20261101","event_name":"page_view"},\n  {"event_date": }\n]';
    const error = parseError(() => parseAnalyticsFile(text));
    expect(error.line).toBe(3);
    expect(error.message).toMatch(/^Line 3, column \d+: the JSON cannot be read/);
  });

  it('names the line and column of a bad event_date', () => {
    const error = parseError(() =>
      parseAnalyticsFile('event_date,event_name,page_location\n2026-13-01,page_view,/a\n')
    );
    expect(error).toMatchObject({ line: 2, column: 'event_date' });
  });
});

describe('Matomo Pages report', () => {
  it('reads the translated CSV: URL before Label, "Others" kept by its label and skipped', () => {
    const parsed = parseAnalyticsFile(fixture('matomo-pages.csv'));
    expect(parsed).toMatchObject({ tool: 'matomo', report: 'pages', hasConversions: false });
    expect(byUrl(parsed)['https://nordstig.example/blog/trail-tips']).toEqual({
      views: 70,
      entries: 14,
      exits: 9,
      conversions: null,
    });
    expect(parsed.skipped).toEqual([{ line: 6, reason: '"Others" is not a page' }]);
  });

  it('reads the API names, tab-separated', () => {
    const parsed = parseAnalyticsFile(fixture('matomo-pages-api.tsv'));
    expect(parsed).toMatchObject({ tool: 'matomo', delimiter: '\t' });
    expect(byUrl(parsed)['https://nordstig.example/blog/no-stage']).toEqual({
      views: 7,
      entries: 1,
      exits: 1,
      conversions: null,
    });
  });
});

describe('Plausible', () => {
  it('tells pages, entry pages and exit pages apart, each with its own counter', () => {
    const pages = parseAnalyticsFile(fixture('plausible-pages.csv'));
    const entry = parseAnalyticsFile(fixture('plausible-entry_pages.csv'));
    const exit = parseAnalyticsFile(fixture('plausible-exit_pages.csv'));
    expect([pages.report, entry.report, exit.report]).toEqual([
      'pages',
      'entry-pages',
      'exit-pages',
    ]);
    expect([pages.tool, entry.tool, exit.tool]).toEqual(['plausible', 'plausible', 'plausible']);
    expect(byUrl(pages)['/sv/guides/lopskor']).toMatchObject({ views: 45, entries: 0 });
    expect(byUrl(entry)['/blog/trail-tips']).toMatchObject({ views: 0, entries: 12 });
    expect(byUrl(exit)['/en/guides/running-shoes']).toMatchObject({ exits: 20 });
  });

  it('names the line and column of an unclosed quote', () => {
    const error = parseError(() => parseAnalyticsFile(fixture('unclosed-quote.csv')));
    expect(error).toMatchObject({ line: 3, column: '1' });
  });
});

describe('Umami', () => {
  it('reads the pages metrics export', () => {
    const parsed = parseAnalyticsFile(fixture('umami-pages.csv'));
    expect(parsed).toMatchObject({ tool: 'umami', report: 'pages' });
    expect(byUrl(parsed)['/blog/trail-tips']).toMatchObject({ views: 60 });
  });

  it('reads the data export: page views per day, a visit’s first and last view as entry and exit', () => {
    const parsed = parseAnalyticsFile(fixture('umami-events.csv'));
    expect(parsed).toMatchObject({ tool: 'umami', report: 'events' });
    expect(byUrl(parsed)).toEqual({
      '2026-11-01 /en/guides/running-shoes': { views: 1, entries: 1, exits: 0, conversions: null },
      '2026-11-01 /blog/trail-tips': { views: 1, entries: 0, exits: 1, conversions: null },
      '2026-11-02 /blog/trail-tips': { views: 1, entries: 1, exits: 1, conversions: null },
      '2026-11-02 /en/pricing': { views: 1, entries: 1, exits: 1, conversions: null },
    });
  });
});

describe('detection and refusals', () => {
  it('a tool given by the caller must fit the header', () => {
    const error = parseError(() =>
      parseAnalyticsFile(fixture('plausible-pages.csv'), { tool: 'ga4' })
    );
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/not ga4's: expected "Page path and screen class"/);
  });

  it('unknown columns are refused with the header line and its columns', () => {
    const error = parseError(() => parseAnalyticsFile(fixture('unknown-columns.csv')));
    expect(error.line).toBe(1);
    expect(error.message).toMatch(/its columns: Page title, Sessions, Bounce rate/);
  });

  it('Latin-1 is refused with its line, as the demand import does', () => {
    const error = parseError(() => parseAnalyticsFile(fixture('latin1.csv')));
    expect(error.line).toBe(2);
    expect(error.message).toMatch(/not UTF-8/);
  });

  it('a line with more fields than the header names its column', () => {
    const error = parseError(() =>
      parseAnalyticsFile('url,views\n/a,1\n/b,2,3\n', { tool: 'umami' })
    );
    expect(error).toMatchObject({ line: 3, column: '3' });
  });

  it('refuses more rows than the limit', () => {
    const text = `name,pageviews\n${Array.from({ length: 11 }, (_, i) => `/p${i},1`).join('\n')}\n`;
    expect(() => parseAnalyticsFile(text, { tool: 'plausible', maxRows: 10 })).toThrow(
      /more than 10 data rows/
    );
  });
});

describe('URL patterns', () => {
  it('normalizes URLs: origin, query string, fragment and trailing slash go; escapes decode', () => {
    expect(normalizePath('https://nordstig.example/en/guides/a/?utm=1#top')).toBe('/en/guides/a');
    expect(normalizePath('en/guides/a')).toBe('/en/guides/a');
    expect(normalizePath('/sv/guides/l%C3%B6pskor')).toBe('/sv/guides/löpskor');
    expect(normalizePath('https://x.example')).toBe('/');
    expect(normalizePath('/bad%zz/')).toBe('/bad%zz');
  });

  it('matches a locale and a field', () => {
    const compiled = compilePattern('/{locale}/guides/{slug}/', ['slug', 'documentId']);
    expect(compiled).toMatchObject({
      field: 'slug',
      hasLocale: true,
      pattern: '/{locale}/guides/{slug}',
    });
    expect(matchPattern(compiled, '/sv/guides/lopskor')).toEqual({
      value: 'lopskor',
      locale: 'sv',
    });
    expect(matchPattern(compiled, '/sv/guides/lopskor/more')).toBeNull();
    expect(matchPattern(compilePattern('/blog/{slug}.html', ['slug']), '/blog/a.b.html')).toEqual({
      value: 'a.b',
      locale: null,
    });
  });

  it('refuses patterns that cannot name a document, saying why', () => {
    const fields = ['slug', 'documentId'];
    const reason = (pattern: unknown) => {
      try {
        compilePattern(pattern, fields);
      } catch (error) {
        if (error instanceof PatternError) return error.message;
        throw error;
      }
      return null;
    };
    expect(reason('blog/{slug}')).toMatch(/starts with "\/"/);
    expect(reason('/blog/{title}')).toMatch(
      /\{title\} is not a field of the type; valid: slug, documentId/
    );
    expect(reason('/{locale}/blog')).toMatch(/exactly one field/);
    expect(reason('/{slug}/{documentId}')).toMatch(/exactly one field/);
    expect(reason('/{locale}/{locale}/{slug}')).toMatch(/\{locale\} may appear once/);
    expect(reason('/blog/{slug')).toMatch(/unbalanced/);
    expect(reason('/blog/{slug}?x=1')).toMatch(/no query string/);
    expect(reason('')).toMatch(/a pattern is a path/);
  });
});

describe('spreading a period over its days', () => {
  it('gives the remainder to the first days and adds up', () => {
    expect(spreadOverDays(10, 3)).toEqual([4, 3, 3]);
    expect(spreadOverDays(2, 5)).toEqual([1, 1, 0, 0, 0]);
    expect(spreadOverDays(45, 10).reduce((a, b) => a + b, 0)).toBe(45);
    expect(daysBetween('2026-10-30', '2026-11-02')).toEqual([
      '2026-10-30',
      '2026-10-31',
      '2026-11-01',
      '2026-11-02',
    ]);
  });
});
