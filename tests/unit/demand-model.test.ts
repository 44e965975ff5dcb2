import {
  demandModel,
  periodRange,
  readSplit,
  sourceAt,
} from '../../server/src/domain/demand-model';

const MONTH = 30.4375;
let nextId = 1;
const imp = (source: string, periodKey: string, locale = 'en', rows = 10) => ({
  id: nextId++,
  locale,
  source,
  periodKey,
  rows,
  createdAt: null,
});

const byId = (model: ReturnType<typeof demandModel>, id: number) =>
  model.imports.find((u) => u.id === id);

describe('periodRange', () => {
  test('reads a dated period, refuses monthly, reversed and unreadable ones', () => {
    expect(periodRange('2026-01-01..2026-01-31')).toEqual({
      start: '2026-01-01',
      end: '2026-01-31',
    });
    expect(periodRange('monthly')).toBeNull();
    expect(periodRange('2026-02-01..2026-01-01')).toBeNull();
    expect(periodRange('2026-13-01..2026-13-02')).toBeNull();
  });
});

describe('demandModel', () => {
  test('one 28-day import: weight 30.4375 ÷ 28, as before', () => {
    const a = imp('Search Console', '2026-01-01..2026-01-28');
    const model = demandModel([a]);
    expect(byId(model, a.id)).toMatchObject({
      used: true,
      reason: 'averaged',
      days: 28,
      daysUsed: 28,
      share: 1,
      sourceRank: 0,
      order: 0,
    });
    expect(byId(model, a.id)?.weight).toBeCloseTo(MONTH / 28, 10);
  });

  test('two consecutive periods of one source: a day-weighted average, not a sum', () => {
    const jan = imp('Search Console', '2026-01-01..2026-01-31');
    const feb = imp('Search Console', '2026-02-01..2026-02-28');
    const model = demandModel([jan, feb]);
    for (const u of [byId(model, jan.id), byId(model, feb.id)]) {
      expect(u).toMatchObject({ used: true, reason: 'averaged', sourceRank: 0 });
      expect(u?.weight).toBeCloseTo(MONTH / 59, 10);
    }
    // 1,000 in January and 800 in February: 1,800 over 59 days, a month of it.
    const monthly =
      1000 * (byId(model, jan.id)?.weight ?? 0) + 800 * (byId(model, feb.id)?.weight ?? 0);
    expect(monthly).toBeCloseTo((1800 / 59) * MONTH, 6);
    // The newer one is read first when a query's row is shown.
    expect(model.used.map((u) => u.id)).toEqual([feb.id, jan.id]);
  });

  test('the same period imported again under another key: the newest counts, the older not', () => {
    const old = imp('Search Console', '2026-03-01..2026-03-31');
    const fresh = imp('Search Console', '2026-03-01..2026-03-31');
    const model = demandModel([old, fresh]);
    expect(byId(model, fresh.id)).toMatchObject({ used: true, reason: 'averaged' });
    expect(byId(model, fresh.id)?.weight).toBeCloseTo(MONTH / 31, 10);
    expect(byId(model, old.id)).toMatchObject({
      used: false,
      reason: 'superseded',
      supersededBy: fresh.id,
      daysUsed: 0,
      weight: 0,
    });
    expect(model.used.map((u) => u.id)).toEqual([fresh.id]);
  });

  test('a partly covered older period keeps the share of its days no newer import covers', () => {
    const old = imp('Search Console', '2026-10-01..2026-10-31');
    const fresh = imp('Search Console', '2026-10-15..2026-11-13');
    const model = demandModel([old, fresh]);
    const o = byId(model, old.id);
    expect(o).toMatchObject({
      used: true,
      reason: 'partly-superseded',
      supersededBy: fresh.id,
      days: 31,
      daysUsed: 14,
    });
    // 14 of October's days (its numbers × 14/31) and the 30 new ones, over 44 days.
    expect(o?.weight).toBeCloseTo(((14 / 31) * MONTH) / 44, 10);
    expect(byId(model, fresh.id)?.weight).toBeCloseTo(MONTH / 44, 10);
  });

  test('an older period covered by two newer ones together is superseded', () => {
    const old = imp('GSC', '2026-01-01..2026-01-31');
    const a = imp('GSC', '2026-01-01..2026-01-15');
    const b = imp('GSC', '2026-01-16..2026-02-10');
    const model = demandModel([old, a, b]);
    expect(byId(model, old.id)).toMatchObject({ used: false, reason: 'superseded' });
    expect([b.id, a.id]).toContain(byId(model, old.id)?.supersededBy);
  });

  test('the newest import decides whether a source is monthly volumes or dated periods', () => {
    const dated = imp('Ahrefs', '2026-01-01..2026-01-31');
    const volumes = imp('Ahrefs', 'monthly');
    const model = demandModel([dated, volumes]);
    expect(byId(model, volumes.id)).toMatchObject({ used: true, reason: 'monthly', weight: 1 });
    expect(byId(model, dated.id)).toMatchObject({
      used: false,
      reason: 'superseded',
      supersededBy: volumes.id,
    });
  });

  test('sources are ranked per locale, the one with the newest import first; never added', () => {
    const sc = imp('Search Console', '2026-01-01..2026-01-28');
    const copy = imp('GSC copy', '2026-01-01..2026-01-28');
    const sv = imp('Search Console', '2026-01-01..2026-01-28', 'sv');
    const model = demandModel([sc, copy, sv]);
    // Both stay used: which rows each query is read from is decided per query, by rank.
    expect(byId(model, copy.id)).toMatchObject({ used: true, sourceRank: 0 });
    expect(byId(model, sc.id)).toMatchObject({ used: true, sourceRank: 1 });
    expect(byId(model, sv.id)).toMatchObject({ used: true, sourceRank: 0 });
    expect(sourceAt(model, 'en', 0)).toBe('GSC copy');
    expect(sourceAt(model, 'en', 1)).toBe('Search Console');
    // Each source's weight is its own average: the copy does not halve the original.
    expect(byId(model, sc.id)?.weight).toBeCloseTo(MONTH / 28, 10);
    expect(model.used.map((u) => u.id)).toEqual([copy.id, sc.id, sv.id]);
  });

  test('createdAt orders imports when it is known, the id otherwise', () => {
    const later = { ...imp('X', '2026-01-01..2026-01-31'), createdAt: '2026-05-02T00:00:00Z' };
    const earlier = { ...imp('X', '2026-01-01..2026-01-31'), createdAt: '2026-05-01T00:00:00Z' };
    const model = demandModel([later, earlier]);
    expect(byId(model, later.id)?.used).toBe(true);
    expect(byId(model, earlier.id)).toMatchObject({ used: false, supersededBy: later.id });
  });
});

describe('readSplit', () => {
  test('an import alone in its locale is read row by row; imports sharing a locale are not', () => {
    const en = imp('Search Console', '2026-01-01..2026-01-28', 'en');
    const svOld = imp('Search Console', '2026-01-01..2026-01-31', 'sv');
    const svNew = imp('Search Console', '2026-02-01..2026-02-28', 'sv');
    const split = readSplit(demandModel([en, svOld, svNew]), () => true);
    expect(split.alone).toEqual([en.id]);
    expect([...split.shared].sort((a, b) => a - b)).toEqual([svOld.id, svNew.id]);
    expect(split.sourcesMeet).toBe(false);
  });

  test('an import with no rows in the metric does not count: the other is alone', () => {
    const gsc = imp('Search Console', '2026-01-01..2026-01-28');
    const volume = imp('Keyword Planner', 'monthly');
    const model = demandModel([gsc, volume]);
    expect(readSplit(model, (id) => id !== volume.id)).toEqual({
      alone: [gsc.id],
      shared: [],
      sourcesMeet: false,
    });
    const both = readSplit(model, () => true);
    expect(both.alone).toEqual([]);
    expect(both.shared).toHaveLength(2);
    expect(both.sourcesMeet).toBe(true);
  });

  test('superseded imports are left out: the newer one of the same days is alone', () => {
    const older = imp('Search Console', '2026-01-01..2026-01-28');
    const newer = imp('Search Console', '2026-01-01..2026-01-28');
    expect(readSplit(demandModel([older, newer]), () => true)).toEqual({
      alone: [newer.id],
      shared: [],
      sourcesMeet: false,
    });
  });
});
