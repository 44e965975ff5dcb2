import fs from 'fs';
import path from 'path';
import { DEMAND_FILES, DEMAND_OVERRIDES } from '../../demo/src/seed/demand';

const DATA = path.resolve(__dirname, '../../demo/data');

/** The Search Console export's own layout: CTR as a percentage, position with a decimal point. */
const rowsOf = (file: string) => {
  const [header, ...lines] = fs.readFileSync(path.join(DATA, file), 'utf8').trim().split('\n');
  return {
    header,
    rows: lines.map((line) => {
      const [query, clicks, impressions, ctr, position] = line.split(',');
      return { query, clicks: +clicks, impressions: +impressions, ctr, position: +position };
    }),
  };
};

describe.each(DEMAND_FILES.map((f) => [f.locale, f.file]))('the demo’s %s demand', (_, file) => {
  const { header, rows } = rowsOf(file);

  test('is a Search Console Queries export of 150–300 distinct queries', () => {
    expect(header).toBe('Top queries,Clicks,Impressions,CTR,Position');
    expect(rows.length).toBeGreaterThanOrEqual(150);
    expect(rows.length).toBeLessThanOrEqual(300);
    expect(new Set(rows.map((r) => r.query)).size).toBe(rows.length);
  });

  test('has numbers that hold together: clicks ≤ impressions, CTR = clicks / impressions', () => {
    for (const r of rows) {
      expect(r.clicks).toBeLessThanOrEqual(r.impressions);
      expect(r.ctr).toMatch(/^\d+\.\d{2}%$/);
      expect(parseFloat(r.ctr) / 100).toBeCloseTo(r.clicks / r.impressions, 3);
      expect(r.position).toBeGreaterThanOrEqual(1);
    }
  });

  test('has "almost there" queries: many impressions at position 8–20', () => {
    const almost = rows.filter((r) => r.position >= 8 && r.position <= 20 && r.impressions > 2000);
    expect(almost.length).toBeGreaterThanOrEqual(5);
  });
});

test('every seeded override names a query of its language’s file', () => {
  for (const override of DEMAND_OVERRIDES) {
    const file = DEMAND_FILES.find((f) => f.locale === override.locale)?.file as string;
    expect(rowsOf(file).rows.map((r) => r.query)).toContain(override.query);
  }
});
