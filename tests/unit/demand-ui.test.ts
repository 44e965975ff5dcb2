import {
  demandPeriod,
  importsByUse,
  periodOf,
  queryString,
  toNumber,
  type ImportUse,
} from '../../admin/src/api/demand-shapes';
import { queryField } from '../../admin/src/components/demand/query-field';

describe('queryField: where "Create a draft from this query" puts the query', () => {
  test('the focus keyword when the type has one, in the suggestions’ order', () => {
    expect(
      queryField(
        {
          title: { type: 'string' },
          keyword: { type: 'string' },
          focusKeyphrase: { type: 'text' },
        },
        'title'
      )
    ).toBe('focusKeyphrase');
  });

  test('the title when there is no keyword field, whatever the main field', () => {
    expect(queryField({ title: { type: 'string' }, name: { type: 'string' } }, 'name')).toBe(
      'title'
    );
  });

  test('the list’s main field when there is no title, but only a text field', () => {
    expect(queryField({ headline: { type: 'string' } }, 'headline')).toBe('headline');
    expect(queryField({ id: { type: 'integer' } }, 'id')).toBeNull();
    // A keyword that is not text (a relation to a tags type) does not take the query.
    expect(queryField({ keyword: { type: 'relation' }, title: { type: 'string' } }, 'id')).toBe(
      'title'
    );
  });
});

describe('the demand routes’ parameters', () => {
  test('queries are encoded, since the fetch client does not encode params', () => {
    expect(queryString({ journey: 'customer', query: 'löparskor & dam', locale: undefined })).toBe(
      'journey=customer&query=l%C3%B6parskor+%26+dam'
    );
  });

  test('the period is a range of days or "monthly"', () => {
    expect(periodOf({ monthly: false, from: '2026-08-01', to: '2026-10-31' })).toBe(
      '2026-08-01..2026-10-31'
    );
    expect(periodOf({ monthly: true, from: '2026-08-01', to: '' })).toBe('monthly');
  });

  test('biginteger totals arrive as strings on PostgreSQL', () => {
    expect(toNumber('18400')).toBe(18400);
    expect(toNumber(null)).toBe(0);
  });

  test('the Search demand page lists the imports counted apart from those left out', () => {
    const item = (id: number, used: boolean) => ({
      id,
      source: 'GSC',
      locale: 'sv',
      periodKey: '2026-01-01..2026-01-31',
      periodStart: '2026-01-01',
      periodEnd: '2026-01-31',
      rows: 10,
      used,
      reason: used ? ('averaged' as const) : ('superseded' as const),
      supersededBy: used ? null : 3,
      days: 31,
      daysUsed: used ? 31 : 0,
    });
    const { used, unused } = importsByUse([item(3, true), item(2, false), item(1, true)]);
    expect(used.map((i) => i.id)).toEqual([3, 1]);
    expect(unused.map((i) => i.id)).toEqual([2]);
  });
});

describe('demandPeriod: what the monthly rate is computed from', () => {
  const use = (over: Partial<ImportUse>): ImportUse => ({
    id: 1,
    source: 'GSC',
    locale: 'en',
    periodKey: '2026-01-01..2026-03-31',
    periodStart: '2026-01-01',
    periodEnd: '2026-03-31',
    rows: 10,
    used: true,
    reason: 'averaged',
    supersededBy: null,
    days: 91,
    daysUsed: 91,
    ...over,
  });

  test('the days the counted imports cover, as one number or a range', () => {
    expect(demandPeriod([use({})], 'impressions')).toEqual({ kind: 'days', from: 91, to: 91 });
    expect(
      demandPeriod(
        [
          use({}),
          use({ id: 2, locale: 'sv', days: 31, daysUsed: 31 }),
          use({ id: 3, used: false, days: 7 }),
        ],
        'clicks'
      )
    ).toEqual({ kind: 'days', from: 31, to: 91 });
    // Partly superseded: only the days still counted.
    expect(
      demandPeriod([use({ reason: 'partly-superseded', daysUsed: 60 })], 'impressions')
    ).toEqual({ kind: 'days', from: 60, to: 60 });
  });

  test('search volume is monthly already; nothing counted is no period', () => {
    const keyword = use({
      id: 4,
      reason: 'monthly',
      periodKey: 'monthly',
      days: null,
      daysUsed: null,
    });
    expect(demandPeriod([use({}), keyword], 'volume')).toEqual({ kind: 'monthly' });
    // The keyword file has no impressions: the impressions' period is Search Console's.
    expect(demandPeriod([use({}), keyword], 'impressions')).toEqual({
      kind: 'days',
      from: 91,
      to: 91,
    });
    expect(demandPeriod([], 'impressions')).toBeNull();
    expect(demandPeriod(undefined, 'volume')).toBeNull();
  });
});
