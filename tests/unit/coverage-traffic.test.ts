import { trafficCells } from '../../admin/src/pages/coverage-page/traffic';

const cell = (stage: string, intent: string | null, views: number, progressions: number) => ({
  stageDocumentId: `d-${stage}`,
  intent,
  views,
  progressions,
  exits: views - progressions,
  progressionRate: views ? progressions / views : null,
});

// Stage x is not in the journey (a stage deleted since): its rows are left out.
const keyOf = (id: string) => (['a', 'b', 'c'].includes(id.slice(2)) ? id.slice(2) : undefined);

describe('the coverage traffic layer', () => {
  // Overall rate over a, b (c is last): (40 + 2 + 30) / (100 + 100 + 100) = 0.24.
  const cells = [
    cell('a', 'informational', 100, 40),
    cell('b', 'commercial', 100, 2),
    cell('b', null, 100, 30),
    cell('c', 'informational', 100, 0),
    cell('x', 'local', 500, 0),
  ];
  const published = (stage: string, column: string) => (stage === 'b' && column === 'none' ? 0 : 3);
  const figures = trafficCells(cells, keyOf, 'c', published);

  test('adds up views per stage and column, no intent under none, unknown stages left out', () => {
    expect(figures.get('a|informational')).toMatchObject({ views: 100, rate: 0.4 });
    expect(figures.get('b|none')).toMatchObject({ views: 100, progressions: 30 });
    expect([...figures.keys()].some((k) => k.startsWith('x|'))).toBe(false);
  });

  test('flags a cell with content, traffic and a rate under half the journey’s', () => {
    expect(figures.get('b|commercial')?.poor).toBe(true);
    expect(figures.get('a|informational')?.poor).toBe(false);
  });

  test('never flags the last stage, a cell without content or with few views', () => {
    expect(figures.get('c|informational')?.poor).toBe(false);
    const few = trafficCells(
      [cell('a', 'informational', 100, 40), cell('b', 'commercial', 10, 0)],
      keyOf,
      'c',
      () => 1
    );
    expect(few.get('b|commercial')?.poor).toBe(false);
    const empty = trafficCells(
      [cell('a', 'informational', 100, 40), cell('b', null, 100, 0)],
      keyOf,
      'c',
      published
    );
    expect(empty.get('b|none')?.poor).toBe(false);
  });
});
