import {
  curvePoints,
  dropStage,
  lowPoints,
  mostRecent,
  moveStage,
  stageArrows,
  stageContent,
  visibleRows,
  type MapStage,
} from '../../admin/src/components/map/map-model';

const stage = (key: string, extra: Partial<MapStage> = {}): MapStage => ({
  key,
  name: key,
  ...extra,
});

test('a row shows only when some stage fills it, blanks and empty lists count as empty', () => {
  const stages = [
    stage('a', { customerGoal: '  ', touchpoints: [], kpis: ['traffic'] }),
    stage('b', { feelings: 'curious', painPoints: [' '], opportunities: ['FAQ'] }),
  ];
  expect(visibleRows(stages)).toEqual(['feelings', 'kpis', 'opportunities']);
  expect(visibleRows([stage('a')])).toEqual([]);
});

test('the curve joins scored stages at their column centres, +2 at the top', () => {
  const points = curvePoints(
    [
      stage('a', { emotion: 2 }),
      stage('b'),
      stage('c', { emotion: -2 }),
      stage('d', { emotion: 0 }),
    ],
    200,
    100,
    10
  );
  expect(points.map((p) => [p.key, p.x, p.y])).toEqual([
    ['a', 100, 10],
    ['c', 500, 110],
    ['d', 700, 60],
  ]);
  // Out-of-range or fractional scores are not drawn.
  expect(curvePoints([stage('x', { emotion: 3 }), stage('y', { emotion: 0.5 })], 200, 100)).toEqual(
    []
  );
});

test('the low point is the lowest score, every stage sharing it, and a flat curve has none', () => {
  expect(
    lowPoints([
      stage('a', { emotion: 1 }),
      stage('b', { emotion: -1 }),
      stage('c', { emotion: -1 }),
      stage('d'),
    ])
  ).toEqual(['b', 'c']);
  expect(lowPoints([stage('a', { emotion: 1 }), stage('b', { emotion: 1 })])).toEqual([]);
  // Flat but below neutral still asks for attention.
  expect(lowPoints([stage('a', { emotion: -1 }), stage('b', { emotion: -1 })])).toEqual(['a', 'b']);
  expect(lowPoints([stage('a', { emotion: 2 }), stage('b', { emotion: 1 })])).toEqual(['b']);
  expect(lowPoints([stage('a')])).toEqual([]);
});

test('arrows are drawn for loops back and skips ahead, not for the plain next stage', () => {
  const stages = [
    stage('a', { nextStages: ['b', 'c'] }),
    stage('b'),
    stage('c', { nextStages: ['a', 'ghost', 'c', 'd'] }),
    stage('d'),
  ];
  expect(stageArrows(stages)).toEqual([
    { from: 'a', to: 'c', fromIndex: 0, toIndex: 2, kind: 'skip' },
    { from: 'c', to: 'a', fromIndex: 2, toIndex: 0, kind: 'back' },
  ]);
});

test('content per stage: published across intents, covered intents, the expected rest as gaps', () => {
  const cells = [
    { stage: 'a', intent: 'informational', published: 2, draftOnly: 1 },
    { stage: 'a', intent: 'commercial', published: 0, draftOnly: 3 },
    { stage: 'a', intent: null, published: 1 },
    { stage: 'b', intent: 'local', published: 1 },
    { stage: 'b', intent: 'local', published: 2 },
  ];
  expect(stageContent(cells, ['a', 'b', 'c'])).toEqual({
    a: {
      published: 3,
      covered: ['informational'],
      gaps: ['commercial', 'transactional', 'navigational', 'local'],
      idle: [],
    },
    b: {
      published: 3,
      covered: ['local'],
      gaps: ['informational', 'commercial', 'transactional', 'navigational'],
      idle: [],
    },
    c: {
      published: 0,
      covered: [],
      gaps: ['informational', 'commercial', 'transactional', 'navigational', 'local'],
      idle: [],
    },
  });
  // With the coverage answer's expected cells, only what a stage expects is a gap.
  const expected = {
    a: { informational: true, commercial: true },
    b: { informational: true },
    c: {},
  };
  expect(stageContent(cells, ['a', 'b', 'c'], expected)).toEqual({
    a: {
      published: 3,
      covered: ['informational'],
      gaps: ['commercial'],
      idle: ['transactional', 'navigational', 'local'],
    },
    b: {
      published: 3,
      covered: ['local'],
      gaps: ['informational'],
      idle: ['commercial', 'transactional', 'navigational'],
    },
    c: {
      published: 0,
      covered: [],
      gaps: [],
      idle: ['informational', 'commercial', 'transactional', 'navigational', 'local'],
    },
  });
});

test('moving a stage by keyboard and by drop, unchanged at the ends', () => {
  const keys = ['a', 'b', 'c', 'd'];
  expect(moveStage(keys, 'b', -1)).toEqual(['b', 'a', 'c', 'd']);
  expect(moveStage(keys, 'b', 1)).toEqual(['a', 'c', 'b', 'd']);
  expect(moveStage(keys, 'a', -1)).toBe(keys);
  expect(moveStage(keys, 'd', 1)).toBe(keys);
  expect(dropStage(keys, 'a', 'c')).toEqual(['b', 'c', 'a', 'd']);
  expect(dropStage(keys, 'd', 'a')).toEqual(['d', 'a', 'b', 'c']);
  expect(dropStage(keys, 'x', 'a')).toBe(keys);
});

test('the three most recent documents, one per document across locales', () => {
  const entry = (documentId: string, updatedAt: string, locale = 'en') => ({
    documentId,
    contentType: 'api::article.article',
    kind: 'collectionType',
    title: documentId,
    locale,
    updatedAt,
  });
  expect(
    mostRecent([
      entry('old', '2024-01-01T00:00:00.000Z'),
      entry('new', '2024-03-01T00:00:00.000Z'),
      entry('new', '2024-02-01T00:00:00.000Z', 'sv'),
      entry('mid', '2024-02-15T00:00:00.000Z'),
      entry('older', '2023-01-01T00:00:00.000Z'),
    ]).map((e) => e.documentId)
  ).toEqual(['new', 'mid', 'old']);
});
