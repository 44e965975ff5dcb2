import {
  barWidth,
  isEmpty,
  percent,
  periodArgs,
  points,
  transitionMatrix,
  transitionRows,
} from '../../admin/src/components/analytics/analytics-view';
import type { AnalyticsResponse, AnalyticsStageRow } from '../../server/src/domain/analytics-types';

const stage = (key: string, position: number, sessions = 0, views = 0): AnalyticsStageRow => ({
  stage: { documentId: `id-${key}`, key, name: key, colour: '#123456', position },
  sessions,
  views,
  entries: 0,
  exits: 0,
  progressions: 0,
  returns: 0,
  nextClicks: 0,
  helpfulYes: 0,
  helpfulNo: 0,
  movedOnShare: null,
  leftShare: null,
  progressionRate: null,
  measuredEmotion: null,
  goals: [],
});

describe('periodArgs', () => {
  const today = new Date('2026-03-10T23:59:00Z');
  test('a preset of n days ends today (UTC) and counts today', () => {
    expect(periodArgs({ preset: 7 }, today)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(periodArgs({ preset: 30 }, today)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(periodArgs({ preset: 365 }, today)).toEqual({ from: '2025-03-11', to: '2026-03-10' });
  });
  test('a range is sent as given, and not at all when incomplete or reversed', () => {
    expect(periodArgs({ from: '2026-01-01', to: '2026-01-31' })).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(periodArgs({ from: '2026-01-01', to: '' })).toBeNull();
    expect(periodArgs({ from: '2026-02-01', to: '2026-01-31' })).toBeNull();
    expect(periodArgs({ from: '2026-13-45', to: '2026-12-31' })).toBeNull();
  });
});

describe('formatting', () => {
  test('a missing share is a dash, a share a whole percent', () => {
    expect(percent(null, 'en')).toBe('–');
    expect(percent(0.424, 'en')).toBe('42%');
  });
  test('a difference is signed percentage points with one decimal', () => {
    expect(points(0.0421, 'en')).toBe('+4.2');
    expect(points(-0.01, 'en')).toBe('-1.0');
    expect(points(0, 'en')).toBe('0.0');
  });
  test('a bar with sessions stays visible; none without', () => {
    expect(barWidth(0, 100)).toBe(0);
    expect(barWidth(1, 1000)).toBe(2);
    expect(barWidth(50, 100)).toBe(50);
    expect(barWidth(5, 0)).toBe(0);
  });
});

describe('transitionMatrix', () => {
  const stages = [stage('c', 3), stage('a', 1), stage('b', 2)];
  const matrix = transitionMatrix(stages, [
    { from: 'id-a', to: 'id-b', moves: 8 },
    { from: 'id-b', to: 'id-a', moves: 2 },
    { from: 'id-a', to: 'id-c', moves: 4 },
    { from: 'id-gone', to: 'id-a', moves: 99 },
  ]);
  test('rows and columns are the stages in position order; the diagonal is empty', () => {
    expect(matrix.stages.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    expect(matrix.rows.map((row) => row.map((cell) => cell?.moves ?? null))).toEqual([
      [null, 8, 4],
      [2, null, 0],
      [0, 0, null],
    ]);
  });
  test('shading is relative to the busiest cell; stages no longer in the journey are left out', () => {
    expect(matrix.max).toBe(8);
    expect(matrix.rows[0][2]?.intensity).toBe(0.5);
  });
  test('the table alternative lists the same moves, busiest first', () => {
    expect(transitionRows(matrix).map((c) => [c.from.key, c.to.key, c.moves])).toEqual([
      ['a', 'b', 8],
      ['a', 'c', 4],
      ['b', 'a', 2],
    ]);
  });
});

test('a period without views is empty', () => {
  const answer = {
    totals: { sessions: 0, views: 0, conversions: 0 },
    stages: [stage('a', 1)],
  } as AnalyticsResponse;
  expect(isEmpty(answer)).toBe(true);
  expect(
    isEmpty({ ...answer, totals: { sessions: 1, views: 1, conversions: 0 } } as AnalyticsResponse)
  ).toBe(false);
});
