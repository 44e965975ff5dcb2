import type { CoverageCell } from '../../server/src/domain/coverage';
import { expectedCells } from '../../server/src/domain/expected';
import { configProblems, cronProblem } from '../../server/src/domain/config';
import {
  compactCells,
  parseDay,
  parseRange,
  restrictSnapshot,
  retentionCutoff,
  seriesCsv,
  snapshotSeries,
  snapshotTotals,
  utcDay,
  type StoredSnapshot,
} from '../../server/src/domain/snapshots';

const ART = 'api::article.article';
const PAGE = 'api::page.page';
const cell = (
  stage: string,
  intent: CoverageCell['intent'],
  locale: string | null,
  published: number,
  draftOnly = 0,
  contentType = ART
): CoverageCell => ({ stage, intent, contentType, locale, published, draftOnly });

const stageKeys = ['awareness', 'decision', 'loyalty'];
const cells = [
  cell('awareness', 'informational', 'en', 3, 1),
  cell('awareness', 'informational', 'en', 2, 0, PAGE),
  cell('awareness', 'informational', 'sv', 1),
  cell('awareness', null, 'en', 4),
  cell('decision', 'transactional', null, 0, 2, PAGE),
  cell('gone', 'local', 'en', 9),
];

describe('compact cells', () => {
  test('one per stage × intent × locale × type; stages no longer there drop out', () => {
    expect(compactCells(cells, stageKeys, [ART, PAGE])).toEqual([
      [0, 'informational', 'en', 3, 1, 0],
      [0, 'informational', 'en', 2, 0, 1],
      [0, 'informational', 'sv', 1, 0, 0],
      [0, null, 'en', 4, 0, 0],
      [1, 'transactional', null, 0, 2, 1],
    ]);
  });
});

describe('a caller who may read only some types', () => {
  const untagged = [
    { contentType: ART, locale: 'en', published: 2, draftOnly: 1 },
    { contentType: PAGE, locale: null, published: 0, draftOnly: 3 },
  ];
  const totals = snapshotTotals(cells, untagged, stageKeys, {
    impressions: 5,
    clicks: 1,
    volume: 0,
  });
  const row: StoredSnapshot = {
    day: '2026-03-01',
    stages: stageKeys.map((key, position) => ({
      documentId: `d${position}`,
      key,
      name: key,
      names: null,
      position,
    })),
    cells: compactCells(cells, stageKeys, totals.types ?? []),
    totals,
  };

  test('sees the day without the other types: counts, untagged and gaps judged again', () => {
    const seen = restrictSnapshot(row, new Set([PAGE]));
    expect(seen.cells).toEqual([
      [0, 'informational', 'en', 2, 0, 1],
      [1, 'transactional', null, 0, 2, 1],
    ]);
    expect(seen.totals.published).toBe(2);
    expect(seen.totals.draftOnly).toBe(2);
    expect(seen.totals.untagged).toBe(3);
    expect(seen.totals.publishedByStage).toEqual({ awareness: 2, decision: 0, loyalty: 0 });
    expect(seen.totals.gapCells).toBe(4 + 5 + 5);
    // Search demand is marketing data, not content: it stays.
    expect(seen.totals.demand).toEqual({ impressions: 5, clicks: 1, volume: 0 });
    expect(seen.totals.types).toEqual([PAGE]);
  });

  test('who reads every type sees the stored day as it is', () => {
    expect(restrictSnapshot(row, new Set([ART, PAGE]))).toBe(row);
  });
});

describe('totals', () => {
  test('gap cells are the intent cells the page flags in its published view; "no intent" never', () => {
    const totals = snapshotTotals(
      cells,
      [
        { contentType: ART, locale: 'en', published: 2, draftOnly: 1 },
        { contentType: PAGE, locale: null, published: 0, draftOnly: 3 },
      ],
      stageKeys
    );
    // awareness lacks 4 of 5 intents, decision all 5 (drafts only do not fill a cell), loyalty 5.
    expect(totals.gapCells).toBe(4 + 5 + 5);
    expect(totals.published).toBe(3 + 2 + 1 + 4);
    expect(totals.draftOnly).toBe(1 + 2);
    expect(totals.untagged).toBe(6);
    expect(totals.publishedByStage).toEqual({ awareness: 10, decision: 0, loyalty: 0 });
    expect(totals).not.toHaveProperty('demand');
  });

  test('with expected cells, gaps are only the empty cells the stage expects, as the page shows', () => {
    const expected = expectedCells({
      stages: stageKeys.map((key) => ({ key })),
    });
    const totals = snapshotTotals(cells, [], stageKeys, undefined, expected);
    // awareness expects informational (filled); decision transactional, local and navigational
    // (a draft fills none); loyalty transactional.
    expect(totals.gapCells).toBe(0 + 3 + 1);
    expect(totals.expected).toEqual({
      awareness: ['informational'],
      decision: ['transactional', 'navigational', 'local'],
      loyalty: ['transactional'],
    });
  });

  test('a day stored before expected intents keeps its count, also when judged again per type', () => {
    const old = snapshotTotals(cells, [], stageKeys);
    expect(old).not.toHaveProperty('expected');
    const row: StoredSnapshot = {
      day: '2026-01-01',
      stages: stageKeys.map((key, position) => ({
        documentId: `d${position}`,
        key,
        name: key,
        names: null,
        position,
      })),
      cells: compactCells(cells, stageKeys, old.types ?? []),
      totals: old,
    };
    expect(snapshotSeries([], [row]).points[0].gapCells).toBe(4 + 5 + 5);
    // Pages alone: every empty intent cell still counts, as that day's rule did.
    expect(restrictSnapshot(row, new Set([PAGE])).totals.gapCells).toBe(4 + 5 + 5);
    expect(restrictSnapshot(row, new Set([PAGE])).totals).not.toHaveProperty('expected');
    // A new day re-judged per type keeps its own rule: awareness's informational page fills it.
    const now = snapshotTotals(
      cells,
      [],
      stageKeys,
      undefined,
      expectedCells({ stages: stageKeys.map((key) => ({ key })) })
    );
    const seen = restrictSnapshot({ ...row, totals: now }, new Set([PAGE]));
    expect(seen.totals.gapCells).toBe(0 + 3 + 1);
    expect(seen.totals.expected).toEqual(now.expected);
  });

  test('carry demand totals when there are some', () => {
    const demand = { impressions: 1200, clicks: 30, volume: 0 };
    expect(snapshotTotals([], [], ['a'], demand).demand).toEqual(demand);
    expect(snapshotTotals([], [], ['a']).gapCells).toBe(5);
  });
});

describe('days', () => {
  test('a UTC day, whatever the local time zone says', () => {
    expect(utcDay(new Date('2026-03-01T23:59:59.999Z'))).toBe('2026-03-01');
    expect(utcDay(new Date('2026-03-02T00:30:00+02:00'))).toBe('2026-03-01');
  });

  test('retention keeps today and the days before it, across month and leap days', () => {
    expect(retentionCutoff('2026-03-01', 1)).toBe('2026-03-01');
    expect(retentionCutoff('2026-03-01', 2)).toBe('2026-02-28');
    expect(retentionCutoff('2028-03-01', 2)).toBe('2028-02-29');
    expect(retentionCutoff('2026-11-26', 400)).toBe('2025-10-23');
  });

  test.each(['2026-02-30', '2026-13-01', '26-01-01', '2026-1-1', 'yesterday', '2026-01-01T00:00'])(
    '"%s" is refused naming the parameter and the format',
    (value) => {
      expect(() => parseDay('from', value)).toThrow(
        `Invalid from "${value}"; valid values: a day as YYYY-MM-DD, e.g. 2026-01-31`
      );
    }
  );

  test('a range is optional at both ends and must not be reversed', () => {
    expect(parseRange(undefined, '2026-01-31')).toEqual({ from: undefined, to: '2026-01-31' });
    expect(parseRange('2024-02-29', '2024-02-29')).toEqual({
      from: '2024-02-29',
      to: '2024-02-29',
    });
    expect(() => parseRange('2026-02-01', '2026-01-31')).toThrow(
      'Invalid to "2026-01-31"; valid values: a day on or after from (2026-02-01)'
    );
  });
});

const stage = (documentId: string, key: string, name = key) => ({
  documentId,
  key,
  name,
  names: null,
  position: 0,
});

const stored = (day: string, stages: StoredSnapshot['stages'], c: StoredSnapshot['cells']) => ({
  day,
  stages,
  cells: c,
  totals: { published: 1, draftOnly: 0, untagged: 2, gapCells: 3, publishedByStage: {} },
});

describe('series', () => {
  const current = [
    { documentId: 's1', key: 'discover', name: 'Discover', colour: '#112233' },
    { documentId: 's2', key: 'buy', name: 'Buy', colour: null },
  ];

  test('follows a stage by documentId through a key change, keeps a deleted stage, sorts by day', () => {
    const series = snapshotSeries(current, [
      stored(
        '2026-01-02',
        [stage('s1', 'discover'), stage('s2', 'buy')],
        [[0, 'local', 'en', 2, 0, 0]]
      ),
      stored(
        '2026-01-01',
        [stage('s1', 'awareness', 'Awareness'), stage('s9', 'old', 'Old stage')],
        [
          [0, 'informational', 'en', 4, 1, 0],
          [0, null, 'sv', 1, 0, 0],
          [1, 'commercial', null, 3, 0, 0],
        ]
      ),
    ]);
    expect(series.stages).toEqual([
      { key: 'discover', name: 'Discover', names: null, colour: '#112233' },
      { key: 'buy', name: 'Buy', names: null, colour: null },
      { key: 'old', name: 'Old stage', names: null, colour: null },
    ]);
    expect(series.points.map((p) => p.day)).toEqual(['2026-01-01', '2026-01-02']);
    expect(series.points[0].publishedByStage).toEqual({ discover: 5, old: 3 });
    expect(series.points[1].publishedByStage).toEqual({ discover: 2, buy: 0 });
    expect(series.points[0]).toMatchObject({ published: 1, untagged: 2, gapCells: 3 });
  });

  test('CSV: BOM, CRLF, RFC 4180 quoting, no field starting with a formula, blank where a stage did not exist', () => {
    const series = snapshotSeries(
      [
        { documentId: 's1', key: 'a', name: 'Övervägande, "tidigt"', colour: null },
        { documentId: 's2', key: 'b', name: '=HYPERLINK("x")', colour: null },
      ],
      [
        stored('2026-01-01', [stage('s1', 'a')], [[0, 'local', 'sv', 7, 0, 0]]),
        {
          ...stored('2026-01-02', [stage('s1', 'a'), stage('s2', 'b')], []),
          totals: {
            published: 0,
            draftOnly: 1,
            untagged: 0,
            gapCells: 10,
            publishedByStage: {},
            demand: { impressions: 18400, clicks: 12, volume: 0 },
          },
        },
      ]
    );
    const csv = seriesCsv(series);
    expect(csv.startsWith('\uFEFFday,')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([
      'day,"published: Övervägande, ""tidigt""","published: =HYPERLINK(""x"")",published,drafts only,untagged,gap cells,impressions,clicks,volume',
      '2026-01-01,7,,1,0,2,3,,,',
      '2026-01-02,0,0,0,1,0,10,18400,12,0',
      '',
    ]);
  });

  test('CSV without demand has no demand columns', () => {
    const csv = seriesCsv({ stages: [], points: [] });
    expect(csv).toBe('\uFEFFday,published,drafts only,untagged,gap cells\r\n');
  });
});

describe('snapshots config', () => {
  test.each([
    '0 5 0 * * *',
    '5 0 * * *',
    '*/15 * * * * *',
    '0 0 1 jan,jul mon-fri',
    '@daily',
    '0 0-30/5 9-17 * * 1-5',
  ])('"%s" is a schedule', (cron) => expect(cronProblem(cron)).toBeNull());

  test.each([
    ['every day', 'must be a cron expression of 5 or 6 fields'],
    ['0 5 0 * *  * *', 'must be a cron expression of 5 or 6 fields'],
    ['0 61 0 * * *', 'has a wrong minute field "61" (0-59)'],
    ['0 5 24 * * *', 'has a wrong hour field "24" (0-23)'],
    ['0 5 0 0 * *', 'has a wrong day of month field "0" (1-31)'],
    ['0 5 0 * 13 *', 'has a wrong month field "13" (1-12)'],
    ['0 5 0 * * 5-2', 'has a wrong day of week field "5-2" (0-7)'],
    ['*/0 * * * *', 'has a wrong minute field "*/0"'],
  ])('"%s" is refused', (cron, message) => {
    expect(cronProblem(cron)).toContain(message);
  });

  test('each wrong value is reported naming its key', () => {
    expect(
      configProblems({ snapshots: { enabled: 'yes', cron: '0 5 25 * * *', retentionDays: 0 } })
    ).toEqual([
      'snapshots.enabled: must be a `boolean` type, but the final value was: `"yes"`.',
      expect.stringMatching(/^snapshots\.cron: has a wrong hour field "25"/),
      'snapshots.retentionDays: must be at least 1',
    ]);
    expect(configProblems({ snapshots: { keep: 3 } })).toEqual([
      'snapshots: has an unknown key: keep; valid: enabled, cron, retentionDays',
    ]);
    expect(
      configProblems({ snapshots: { enabled: false, cron: '0 0 * * *', retentionDays: 30 } })
    ).toEqual([]);
  });
});
