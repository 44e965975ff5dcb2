import { gapFilledDates } from '../../server/src/domain/analytics/changes';
import { progressionEffect } from '../../server/src/domain/analytics/effect';
import {
  MAX_RANKED,
  editPathOf,
  funnelRows,
  funnelTotals,
  measuredEmotion,
  rankDocuments,
  zeroCounters,
  type StageSums,
} from '../../server/src/domain/analytics/funnel';
import {
  addDays,
  checkLocale,
  daysBetween,
  parseEffectWindow,
  parsePeriod,
  parseReadParams,
  pickJourney,
  pickStage,
} from '../../server/src/domain/analytics/period';
import { ParamError } from '../../server/src/domain/content-params';
import type { StoredSnapshot } from '../../server/src/domain/snapshots';

const TODAY = '2026-12-07';

/** The ParamError a parse throws, for its parameter and valid values. */
const paramError = (parse: () => unknown): ParamError => {
  try {
    parse();
  } catch (error) {
    if (error instanceof ParamError) return error;
    throw error;
  }
  throw new Error('expected a ParamError');
};

describe('analytics period', () => {
  it('defaults to the 30 days up to today, both included', () => {
    expect(parsePeriod({}, TODAY)).toEqual({ from: '2026-11-08', to: TODAY, days: 30 });
    expect(daysBetween('2026-11-08', TODAY)).toBe(30);
  });

  it('takes days back from today, 1 to 400', () => {
    expect(parsePeriod({ days: '1' }, TODAY)).toEqual({ from: TODAY, to: TODAY, days: 1 });
    expect(parsePeriod({ days: '400' }, TODAY)).toEqual({
      from: '2025-11-03',
      to: TODAY,
      days: 400,
    });
    for (const days of ['0', '401', '-3', '7.5', 'week']) {
      const e = paramError(() => parsePeriod({ days }, TODAY));
      expect([e.parameter, e.value, e.valid]).toEqual(['days', days, 'an integer from 1 to 400']);
    }
  });

  it('takes from/to inclusive, across a month and a leap day', () => {
    expect(parsePeriod({ from: '2028-02-27', to: '2028-03-01' }, TODAY)).toEqual({
      from: '2028-02-27',
      to: '2028-03-01',
      days: 4,
    });
    expect(parsePeriod({ from: '2026-12-01' }, TODAY)).toEqual({
      from: '2026-12-01',
      to: TODAY,
      days: 7,
    });
    expect(parsePeriod({ to: '2026-01-30' }, TODAY)).toEqual({
      from: '2026-01-01',
      to: '2026-01-30',
      days: 30,
    });
  });

  it('refuses days with from/to, days that do not exist, a reversed or too long range', () => {
    const both = paramError(() => parsePeriod({ days: '7', from: '2026-01-01' }, TODAY));
    expect([both.parameter, both.valid]).toEqual(['from', 'either days or from/to, not both']);
    expect(paramError(() => parsePeriod({ days: '7', to: '2026-01-01' }, TODAY)).parameter).toBe(
      'to'
    );
    expect(paramError(() => parsePeriod({ from: '2026-02-30' }, TODAY)).parameter).toBe('from');
    expect(paramError(() => parsePeriod({ to: '12/07/2026' }, TODAY)).parameter).toBe('to');
    const reversed = paramError(() => parsePeriod({ from: '2026-03-02', to: '2026-03-01' }, TODAY));
    expect([reversed.parameter, reversed.value]).toEqual(['to', '2026-03-01']);
    const long = paramError(() => parsePeriod({ from: '2025-01-01', to: '2026-02-05' }, TODAY));
    expect(long.parameter).toBe('from');
    // 400 days exactly is fine.
    expect(parsePeriod({ from: addDays('2026-02-05', -399), to: '2026-02-05' }, TODAY).days).toBe(
      400
    );
    expect(paramError(() => parsePeriod({ days: ['1', '2'] }, TODAY)).parameter).toBe('days');
  });

  it('checks the source and names the valid ones', () => {
    expect(parseReadParams({}, TODAY).source).toBe('all');
    expect(parseReadParams({ source: 'imports' }, TODAY).source).toBe('imports');
    const e = paramError(() => parseReadParams({ source: 'ga4' }, TODAY));
    expect([e.parameter, e.value, e.valid]).toEqual([
      'source',
      'ga4',
      ['all', 'events', 'imports'],
    ]);
  });

  it('finds a journey and a stage by documentId or key, the first journey by default', () => {
    const journeys = [
      { documentId: 'j1', key: 'customer' },
      { documentId: 'j2', key: 'donor' },
    ];
    expect(pickJourney(journeys, undefined).key).toBe('customer');
    expect(pickJourney(journeys, 'j2').key).toBe('donor');
    expect(pickJourney(journeys, 'donor').documentId).toBe('j2');
    const e = paramError(() => pickJourney(journeys, 'nope'));
    expect([e.parameter, e.value, e.valid]).toEqual(['journey', 'nope', ['customer', 'donor']]);
    expect(paramError(() => pickJourney([], undefined)).parameter).toBe('journey');
    const stages = [{ documentId: 's1', key: 'awareness' }];
    expect(pickStage(stages, 'awareness').documentId).toBe('s1');
    expect(paramError(() => pickStage(stages, undefined)).valid).toEqual(['awareness']);
    expect(checkLocale(undefined, ['en'])).toBeNull();
    expect(checkLocale('sv', ['en', 'sv'])).toBe('sv');
    expect(paramError(() => checkLocale('de', ['en', 'sv'])).valid).toEqual(['en', 'sv']);
  });

  it('puts days before the date against the same number from the date on', () => {
    expect(parseEffectWindow({ date: '2026-03-01', days: '14' })).toEqual({
      date: '2026-03-01',
      days: 14,
      before: { from: '2026-02-15', to: '2026-02-28' },
      after: { from: '2026-03-01', to: '2026-03-14' },
    });
    expect(paramError(() => parseEffectWindow({ days: '14' })).parameter).toBe('date');
    expect(paramError(() => parseEffectWindow({ date: '2026-03-01', days: '0' })).parameter).toBe(
      'days'
    );
  });
});

describe('analytics funnel', () => {
  const stages = [
    { documentId: 'c', key: 'decision', name: 'Decision', colour: null, position: 3 },
    { documentId: 'a', key: 'awareness', name: 'Awareness', colour: '#aaa', position: 1 },
    { documentId: 'b', key: 'consideration', name: 'Consideration', colour: null, position: 2 },
  ];
  const sums = new Map<string, StageSums>([
    [
      'a',
      {
        ...zeroCounters(),
        sessions: 100,
        views: 150,
        entries: 90,
        exits: 60,
        progressions: 45,
        helpfulYes: 15,
        helpfulNo: 5,
      },
    ],
    [
      'b',
      {
        ...zeroCounters(),
        sessions: 40,
        views: 50,
        exits: 20,
        progressions: 10,
        returns: 4,
        helpfulYes: 10,
        helpfulNo: 9,
      },
    ],
    ['c', { ...zeroCounters(), sessions: 10, views: 12, exits: 12 }],
    // A stage no longer in the journey: left out.
    ['gone', { ...zeroCounters(), sessions: 500, views: 500 }],
  ]);
  const goals = [
    { goal: 'signup', stageDocumentId: 'c', attribution: 'furthest', conversions: 3 },
    { goal: 'signup', stageDocumentId: 'a', attribution: 'first', conversions: 3 },
    { goal: 'purchase', stageDocumentId: 'b', attribution: 'furthest', conversions: 1 },
    { goal: 'purchase', stageDocumentId: 'a', attribution: 'first', conversions: 1 },
    { goal: 'old', stageDocumentId: 'a', attribution: 'furthest', conversions: 2 },
    { goal: 'old', stageDocumentId: 'a', attribution: 'first', conversions: 2 },
  ];
  const rows = funnelRows(stages, sums, goals, ['signup', 'purchase']);

  it('lists the stages in position order with their shares', () => {
    expect(rows.map((r) => r.stage.key)).toEqual(['awareness', 'consideration', 'decision']);
    const [a, b, c] = rows;
    expect(a.movedOnShare).toBeCloseTo(0.4); // 40 / 100
    expect(b.movedOnShare).toBeCloseTo(0.25); // 10 / 40
    expect(c.movedOnShare).toBeNull(); // last stage
    expect(a.leftShare).toBeCloseTo(0.4); // 60 / 150
    expect(a.progressionRate).toBeCloseTo(0.3); // 45 / 150
    expect(b.progressionRate).toBeCloseTo(0.2);
    expect(c.leftShare).toBe(1);
    expect(c.progressionRate).toBe(0);
    expect(a.entries).toBe(90);
    expect(b.returns).toBe(4);
  });

  it('measures emotion from 20 helpful answers on, on the −2…+2 scale', () => {
    expect(rows[0].measuredEmotion).toBeCloseTo(1); // 2 × (15 − 5) / 20
    expect(rows[1].measuredEmotion).toBeNull(); // 19 answers
    expect(measuredEmotion(20, 0)).toBe(2);
    expect(measuredEmotion(0, 20)).toBe(-2);
    expect(measuredEmotion(10, 10)).toBe(0);
  });

  it('lists every goal on every stage: the journey’s first, then goals only the data names', () => {
    expect(rows[0].goals).toEqual([
      { goal: 'signup', furthest: 0, first: 3 },
      { goal: 'purchase', furthest: 0, first: 1 },
      { goal: 'old', furthest: 2, first: 2 },
    ]);
    expect(rows[2].goals[0]).toEqual({ goal: 'signup', furthest: 3, first: 0 });
    expect(funnelTotals(rows, goals)).toEqual({ sessions: 100, views: 212, conversions: 6 });
  });

  it('gives null shares, not 0 or NaN, without data', () => {
    const empty = funnelRows(stages, new Map(), [], []);
    expect(empty[0]).toMatchObject({
      sessions: 0,
      movedOnShare: null,
      leftShare: null,
      progressionRate: null,
      measuredEmotion: null,
      goals: [],
    });
  });

  it('ranks documents with at least 20 views by their ratio, ten at most', () => {
    const doc = (id: string, views: number, progressions: number, exits: number) => ({
      ...zeroCounters(),
      contentType: 'api::article.article',
      documentId: id,
      views,
      progressions,
      exits,
    });
    const docs = [
      doc('few', 19, 19, 0), // under MIN_VIEWS
      doc('half', 40, 20, 10),
      doc('half-more-views', 80, 40, 5),
      doc('most', 20, 15, 5),
      ...Array.from({ length: 12 }, (_, i) => doc(`low-${String(i).padStart(2, '0')}`, 100, i, 50)),
    ];
    const movers = rankDocuments('movers', docs);
    expect(movers).toHaveLength(MAX_RANKED);
    expect(movers.slice(0, 4).map((d) => d.documentId)).toEqual([
      'most',
      'half-more-views',
      'half',
      'low-11',
    ]);
    const drops = rankDocuments('dropOffs', docs);
    // 50/100 ties broken by documentId; 'half' (0.25) and 'most' (0.25) after them.
    expect(drops[0].documentId).toBe('low-00');
    expect(drops.map((d) => d.documentId)).not.toContain('few');
    expect(editPathOf('collectionType', 'api::article.article', 'abc', 'sv')).toBe(
      '/content-manager/collection-types/api::article.article/abc?plugins[i18n][locale]=sv'
    );
    expect(editPathOf('singleType', 'api::home.home', 'x', null)).toBe(
      '/content-manager/single-types/api::home.home'
    );
  });
});

describe('analytics effect', () => {
  const side = (views: number, progressions: number) => ({
    from: 'f',
    to: 't',
    views,
    progressions,
  });

  it('50/200 → 80/200: +0.15, 95% interval about [0.059, 0.241], significant', () => {
    const e = progressionEffect('s', '2026-03-01', 30, side(200, 50), side(200, 80));
    expect(e.before.rate).toBeCloseTo(0.25);
    expect(e.after.rate).toBeCloseTo(0.4);
    expect(e.difference).toBeCloseTo(0.15, 10);
    // se = √(0.25·0.75/200 + 0.4·0.6/200) = √0.0021375 = 0.0462331; 1.96·se = 0.0906169
    expect(e.interval?.[0]).toBeCloseTo(0.0593831, 6);
    expect(e.interval?.[1]).toBeCloseTo(0.2406169, 6);
    expect(e).toMatchObject({ enough: true, significant: true, reason: null, days: 30 });
  });

  it('10/100 → 12/100: an interval across 0 is not significant', () => {
    const e = progressionEffect('s', '2026-03-01', 30, side(100, 10), side(100, 12));
    expect(e.difference).toBeCloseTo(0.02, 10);
    // se = √(0.1·0.9/100 + 0.12·0.88/100) = √0.001956 = 0.0442267; 1.96·se = 0.0866843
    expect(e.interval?.[0]).toBeCloseTo(-0.0666843, 6);
    expect(e.interval?.[1]).toBeCloseTo(0.1066843, 6);
    expect(e.significant).toBe(false);
    expect(e.enough).toBe(true);
  });

  it('a fall is significant when the interval is below 0', () => {
    const e = progressionEffect('s', 'd', 7, side(200, 80), side(200, 50));
    expect(e.difference).toBeCloseTo(-0.15, 10);
    expect(e.significant).toBe(true);
  });

  it('says why there is not enough data', () => {
    expect(progressionEffect('s', 'd', 7, side(0, 0), side(50, 10)).reason).toBe('no-views-before');
    expect(progressionEffect('s', 'd', 7, side(50, 10), side(0, 0)).reason).toBe('no-views-after');
    // 4 progressions before; 96 of 100 progressed after (4 non-progressions).
    expect(progressionEffect('s', 'd', 7, side(100, 4), side(100, 50)).reason).toBe('too-few');
    expect(progressionEffect('s', 'd', 7, side(100, 50), side(100, 96)).reason).toBe('too-few');
    const edge = progressionEffect('s', 'd', 7, side(10, 5), side(100, 95));
    expect(edge.enough).toBe(true);
    const none = progressionEffect('s', 'd', 7, side(100, 4), side(100, 50));
    expect(none).toMatchObject({
      difference: null,
      interval: null,
      significant: false,
      enough: false,
    });
    expect(none.before).toEqual({ from: 'f', to: 't', views: 100, progressions: 4, rate: 0.04 });
    expect(progressionEffect('s', 'd', 7, side(0, 0), side(0, 0)).before.rate).toBeNull();
  });
});

describe('analytics change dates', () => {
  const stages = [
    { documentId: 'a', key: 'awareness', name: 'A', names: null, position: 1 },
    { documentId: 'b', key: 'decision', name: 'B', names: null, position: 2 },
  ];
  const totals = { published: 0, draftOnly: 0, untagged: 0, gapCells: 0, publishedByStage: {} };
  const snap = (day: string, cells: StoredSnapshot['cells'], order = stages): StoredSnapshot => ({
    day,
    stages: order,
    cells,
    totals,
  });

  it('finds the days a stage × intent cell got its first published document, newest first', () => {
    const rows = [
      snap('2026-03-01', [[0, 'informational', 'en', 2, 0, 0]]),
      // b × commercial filled (drafts alone fill nothing: a × commercial has only a draft).
      snap('2026-03-02', [
        [0, 'informational', 'en', 2, 0, 0],
        [1, 'commercial', null, 1, 0, 0],
        [0, 'commercial', null, 0, 3, 0],
        [0, null, null, 4, 0, 0],
      ]),
      // The stages stored in another order: matched by documentId, nothing new.
      snap(
        '2026-03-03',
        [
          [1, 'informational', 'en', 2, 0, 0],
          [0, 'commercial', null, 1, 0, 0],
        ],
        [stages[1], stages[0]]
      ),
      // a × informational emptied, then filled again on the 5th; a × local and b × local filled.
      snap('2026-03-04', [[1, 'commercial', null, 1, 0, 0]]),
      snap('2026-03-05', [
        [0, 'informational', 'sv', 1, 0, 0],
        [0, 'local', 'sv', 1, 0, 0],
        [1, 'local', 'sv', 1, 0, 0],
        [1, 'commercial', null, 1, 0, 0],
      ]),
    ];
    expect(gapFilledDates(rows, ['a', 'b'])).toEqual([
      { date: '2026-03-05', stageDocumentId: 'a', kind: 'gap-filled', intent: 'informational' },
      { date: '2026-03-05', stageDocumentId: 'a', kind: 'gap-filled', intent: 'local' },
      { date: '2026-03-05', stageDocumentId: 'b', kind: 'gap-filled', intent: 'local' },
      { date: '2026-03-02', stageDocumentId: 'b', kind: 'gap-filled', intent: 'commercial' },
    ]);
    // A stage no longer in the journey is left out; one snapshot fills nothing.
    expect(gapFilledDates(rows, ['b']).map((c) => c.stageDocumentId)).toEqual(['b', 'b']);
    expect(gapFilledDates(rows.slice(0, 1), ['a', 'b'])).toEqual([]);
  });
});
