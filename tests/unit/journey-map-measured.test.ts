import { measuredRuns, nearestLabel, signedScore } from '../../admin/src/components/map/map-model';

describe('the map’s measured emotion line', () => {
  test('places scores like the written curve and breaks where a stage has too few answers', () => {
    const runs = measuredRuns(
      [
        { key: 'a', emotion: 0.5 },
        { key: 'b', emotion: -1 },
        { key: 'c', emotion: null },
        { key: 'd', emotion: 2 },
      ],
      200,
      120,
      28
    );
    expect(runs.map((run) => run.map((p) => p.key))).toEqual([['a', 'b'], ['d']]);
    // +2 at the top, −2 at the bottom, 0 in the middle: 28 + (2 − score) / 4 × 120.
    expect(runs[0][0]).toMatchObject({ index: 0, x: 100, y: 73 });
    expect(runs[0][1]).toMatchObject({ index: 1, x: 300, y: 118 });
    expect(runs[1][0]).toMatchObject({ index: 3, x: 700, y: 28 });
  });

  test('keeps a score off the scale on its edge, and draws nothing without scores', () => {
    expect(measuredRuns([{ key: 'a', emotion: 3 }], 200, 120)[0][0].emotion).toBe(2);
    expect(measuredRuns([{ key: 'a', emotion: null }], 200, 120)).toEqual([]);
  });

  test('writes a measured score to one decimal, with its nearest word', () => {
    expect(signedScore(0.46)).toBe('+0.5');
    expect(signedScore(-1.04)).toBe('−1');
    expect(signedScore(0.02)).toBe('0');
    expect(nearestLabel(1.2)).toBe('content');
    expect(nearestLabel(-0.4)).toBe('neutral');
    expect(nearestLabel(-1.6)).toBe('frustrated');
  });
});
