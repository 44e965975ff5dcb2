import { buildMatrix, type CoverageCell } from '../../server/src/domain/coverage';
import {
  defaultExpectedIntents,
  expectedCells,
  expectedIntentsOf,
} from '../../server/src/domain/expected';
import { CUSTOMER_JOURNEY } from '../../server/src/domain/journeys';

const FIVE = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'];

describe('expected cells', () => {
  test('the default journey expects what its intent mapping and the seeds name, no more', () => {
    const grid = expectedCells(CUSTOMER_JOURNEY);
    const expected = Object.fromEntries(
      Object.entries(grid).map(([stage, row]) => [
        stage,
        Object.entries(row)
          .filter(([, on]) => on)
          .map(([intent]) => intent),
      ])
    );
    expect(expected).toEqual({
      awareness: ['informational'],
      consideration: ['commercial'],
      // navigational has no stage in the mapping and falls back to decision, as the classifier does
      decision: ['transactional', 'navigational', 'local'],
      usage: ['informational'],
      loyalty: ['transactional'],
    });
    // The combination nobody needs is not expected.
    expect(grid.loyalty.navigational).toBe(false);
  });

  test("the journey's own mapping moves the default; a stage's choice replaces it", () => {
    const journey = {
      intentStages: { commercial: 'decision' },
      stages: [{ key: 'awareness' }, { key: 'decision' }, { key: 'loyalty', expectedIntents: [] }],
    };
    expect(defaultExpectedIntents(journey, 'decision')).toEqual([
      'commercial',
      'transactional',
      'navigational',
      'local',
    ]);
    // An empty list is a choice: the stage expects nothing, not the default.
    expect(expectedIntentsOf(journey, journey.stages[2])).toEqual([]);
    // Unknown words are dropped and the order is the intents' order.
    expect(
      expectedIntentsOf(journey, {
        key: 'awareness',
        expectedIntents: ['local', 'x', 'commercial'],
      })
    ).toEqual(['commercial', 'local']);
  });

  test('a funnel without a decision stage expects only what its mapping sends it', () => {
    const funnel = {
      intentStages: {
        informational: 'awareness',
        transactional: 'conversion',
        local: 'conversion',
      },
      stages: [{ key: 'awareness' }, { key: 'consideration' }, { key: 'conversion' }],
    };
    expect(defaultExpectedIntents(funnel, 'conversion')).toEqual(['transactional', 'local']);
    // commercial's default stage exists here, so it keeps it
    expect(defaultExpectedIntents(funnel, 'consideration')).toEqual(['commercial']);
  });

  test('the matrix marks only expected empty cells as gaps; others are empty, not thin', () => {
    const cells: CoverageCell[] = [
      {
        stage: 'loyalty',
        intent: 'navigational',
        contentType: 'api::article.article',
        locale: 'en',
        published: 1,
        draftOnly: 0,
      },
    ];
    const matrix = buildMatrix(cells, FIVE, 2, 'published', expectedCells(CUSTOMER_JOURNEY));
    expect(matrix.rows.loyalty.navigational).toMatchObject({
      expected: false,
      gap: false,
      thin: false,
    });
    expect(matrix.rows.usage.navigational).toMatchObject({ expected: false, gap: false });
    expect(matrix.rows.usage.informational).toMatchObject({ expected: true, gap: true });
    const gaps = FIVE.flatMap((s) => Object.values(matrix.rows[s]).filter((c) => c.gap));
    // 7 expected cells, all empty: 7 gaps instead of 25.
    expect(gaps).toHaveLength(7);
  });
});
