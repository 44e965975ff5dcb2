import {
  ANALYTICS_TABLES,
  type AnalyticsTable,
  type DeltaSet,
} from '../../server/src/domain/analytics/keys';
import {
  rollup,
  type JourneyShape,
  type ResolvedDocument,
  type ResolvedEvent,
} from '../../server/src/domain/analytics/rollup';
import type { SessionState } from '../../server/src/domain/analytics/state';

/*
 * Journey J: stages A (0), B (1), C (2); journey K: X1 (0), X2 (1), goal "signup".
 * a1, b1, c1 serve A, B, C of J; x serves A of J and X2 of K; u is in no journey.
 */
const journeys = new Map<string, JourneyShape>([
  [
    'J',
    {
      stages: [
        { documentId: 'A', position: 0 },
        { documentId: 'B', position: 1 },
        { documentId: 'C', position: 2 },
      ],
      goals: ['demo'],
    },
  ],
  [
    'K',
    {
      stages: [
        { documentId: 'X1', position: 0 },
        { documentId: 'X2', position: 1 },
      ],
      goals: ['signup', 'demo'],
    },
  ],
]);
const doc = (
  documentId: string,
  stages: ResolvedDocument['stages'],
  intent = 'informational'
): ResolvedDocument => ({ uid: 'api::article.article', documentId, locale: 'en', intent, stages });
const a1 = doc('a1', [{ journey: 'J', stage: 'A', position: 0 }]);
const b1 = doc('b1', [{ journey: 'J', stage: 'B', position: 1 }], 'commercial');
const c1 = doc('c1', [{ journey: 'J', stage: 'C', position: 2 }]);
const x = doc('x', [
  { journey: 'J', stage: 'A', position: 0 },
  { journey: 'K', stage: 'X2', position: 1 },
]);
const u = doc('u', [], '');
const view = (document: ResolvedDocument): ResolvedEvent => ({ type: 'view', document });

/** A table's rows as `identity` -> non-zero counters, for comparing with hand-computed ones. */
const rows = (set: DeltaSet, table: AnalyticsTable) => {
  const out: Record<string, Record<string, number>> = {};
  for (const { values, counts } of set[table].values()) {
    const v = values as Record<string, string | number>;
    const id =
      table === 'stages'
        ? `${v.day} ${v.journeyDocumentId}:${v.stageDocumentId}`
        : table === 'documents'
          ? `${v.day} ${v.journeyDocumentId}:${v.stageDocumentId} ${v.entryDocumentId} ${v.intent}`
          : table === 'transitions'
            ? `${v.day} ${v.journeyDocumentId}:${v.fromStageDocumentId}>${v.toStageDocumentId}`
            : table === 'goals'
              ? `${v.day} ${v.journeyDocumentId}:${v.stageDocumentId} ${v.goal} ${v.attribution}`
              : `${v.day} ${v.reason}`;
    const nonZero = Object.fromEntries(
      Object.entries(counts as Record<string, number>).filter(([, n]) => n !== 0)
    );
    if (Object.keys(nonZero).length) out[id] = nonZero;
  }
  return out;
};

const run = (events: ResolvedEvent[], state: SessionState = {}, day = '2026-03-01') =>
  rollup({ events, state, journeys, day });

describe('rollup of views', () => {
  test('a back-and-forth path in one batch: A, B, back to A, then C', () => {
    const { deltas, state } = run([view(a1), view(b1), view(a1), view(c1)]);
    expect(rows(deltas, 'stages')).toEqual({
      // a1 twice, each view followed (exits +1 -1 twice), entered here, moved on twice.
      '2026-03-01 J:A': { views: 2, entries: 1, sessions: 1, progressions: 2 },
      // b1 followed by a view of an earlier stage.
      '2026-03-01 J:B': { views: 1, sessions: 1, returns: 1 },
      // The last view: an exit; the furthest stage.
      '2026-03-01 J:C': { views: 1, exits: 1, sessions: 1 },
    });
    expect(rows(deltas, 'documents')).toEqual({
      '2026-03-01 J:A a1 informational': { views: 2, entries: 1, progressions: 2 },
      '2026-03-01 J:B b1 commercial': { views: 1, returns: 1 },
      '2026-03-01 J:C c1 informational': { views: 1, exits: 1 },
    });
    expect(rows(deltas, 'transitions')).toEqual({
      '2026-03-01 J:A>B': { moves: 1 },
      '2026-03-01 J:B>A': { moves: 1 },
      '2026-03-01 J:A>C': { moves: 1 },
    });
    expect(rows(deltas, 'goals')).toEqual({});
    expect(rows(deltas, 'drops')).toEqual({});
    expect(state.J).toEqual({
      prev: {
        stage: 'C',
        position: 2,
        uid: 'api::article.article',
        documentId: 'c1',
        locale: 'en',
        intent: 'informational',
        day: '2026-03-01',
      },
      furthest: { position: 2, stage: 'C' },
      first: 'A',
      goals: [],
    });
  });

  test('a first view deep in the journey counts a session at every stage up to it', () => {
    const { deltas } = run([view(c1)]);
    expect(rows(deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { sessions: 1 },
      '2026-03-01 J:B': { sessions: 1 },
      '2026-03-01 J:C': { views: 1, exits: 1, entries: 1, sessions: 1 },
    });
  });

  test('going back and forward again counts no session twice; a view at the same stage is no move', () => {
    const { deltas } = run([view(b1), view(a1), view(b1), view(b1)]);
    expect(rows(deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { views: 1, sessions: 1, progressions: 1 },
      '2026-03-01 J:B': { views: 3, exits: 1, entries: 1, sessions: 1, returns: 1 },
    });
    expect(rows(deltas, 'transitions')).toEqual({
      '2026-03-01 J:B>A': { moves: 1 },
      '2026-03-01 J:A>B': { moves: 1 },
    });
  });

  test('batches chained by state over two days: the previous view is settled on its own day', () => {
    const first = run([view(a1)], {}, '2026-03-01');
    const second = run([view(b1)], first.state, '2026-03-02');
    expect(rows(first.deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { views: 1, exits: 1, entries: 1, sessions: 1 },
    });
    expect(rows(second.deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { exits: -1, progressions: 1 },
      '2026-03-02 J:B': { views: 1, exits: 1, sessions: 1 },
    });
    expect(rows(second.deltas, 'transitions')).toEqual({ '2026-03-02 J:A>B': { moves: 1 } });
    // The input state is not changed in place.
    expect(first.state.J.prev.documentId).toBe('a1');
  });

  test('a document in two journeys counts in each; a document in none only on its document row', () => {
    const { deltas, state } = run([view(x), view(u)]);
    expect(rows(deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { views: 1, exits: 1, entries: 1, sessions: 1 },
      '2026-03-01 K:X1': { sessions: 1 },
      '2026-03-01 K:X2': { views: 1, exits: 1, entries: 1, sessions: 1 },
    });
    expect(rows(deltas, 'documents')).toEqual({
      '2026-03-01 J:A x informational': { views: 1, exits: 1, entries: 1 },
      '2026-03-01 K:X2 x informational': { views: 1, exits: 1, entries: 1 },
      '2026-03-01 : u ': { views: 1 },
    });
    expect(Object.keys(state).sort()).toEqual(['J', 'K']);
  });
});

describe('rollup of clicks, answers, goals and drops', () => {
  test('multi-journey session: clicks, helpful answers, goals once per session and journey', () => {
    const { deltas, state } = run([
      view(x),
      view(b1),
      { type: 'click', document: c1 },
      { type: 'helpful', document: x, helpful: true },
      { type: 'helpful', document: b1, helpful: false },
      { type: 'goal', goal: 'signup' },
      { type: 'goal', goal: 'demo' },
      { type: 'goal', goal: 'signup' },
      { type: 'goal', goal: 'newsletter' },
    ]);
    expect(rows(deltas, 'stages')).toEqual({
      '2026-03-01 J:A': { views: 1, entries: 1, sessions: 1, progressions: 1, helpfulYes: 1 },
      '2026-03-01 J:B': { views: 1, exits: 1, sessions: 1, nextClicks: 1, helpfulNo: 1 },
      '2026-03-01 K:X1': { sessions: 1 },
      '2026-03-01 K:X2': { views: 1, exits: 1, entries: 1, sessions: 1, helpfulYes: 1 },
    });
    expect(rows(deltas, 'documents')).toEqual({
      '2026-03-01 J:A x informational': { views: 1, entries: 1, progressions: 1, helpfulYes: 1 },
      '2026-03-01 K:X2 x informational': { views: 1, exits: 1, entries: 1, helpfulYes: 1 },
      '2026-03-01 J:B b1 commercial': { views: 1, exits: 1, nextClicks: 1, helpfulNo: 1 },
    });
    // signup: K only; demo: J (furthest B, first A) and K (X2 both); the second signup: nothing.
    expect(rows(deltas, 'goals')).toEqual({
      '2026-03-01 K:X2 signup furthest': { conversions: 1 },
      '2026-03-01 K:X2 signup first': { conversions: 1 },
      '2026-03-01 J:B demo furthest': { conversions: 1 },
      '2026-03-01 J:A demo first': { conversions: 1 },
      '2026-03-01 K:X2 demo furthest': { conversions: 1 },
      '2026-03-01 K:X2 demo first': { conversions: 1 },
    });
    expect(rows(deltas, 'drops')).toEqual({ '2026-03-01 unknown-goal': { dropped: 1 } });
    expect(state.K.goals).toEqual(['signup', 'demo']);
    // A later batch of the same session does not count signup again.
    const again = run([{ type: 'goal', goal: 'signup' }], state);
    expect(rows(again.deltas, 'goals')).toEqual({});
  });

  test('a click or goal the session cannot place in a journey is a drop', () => {
    const { deltas } = run([
      { type: 'click', document: b1 },
      { type: 'goal', goal: 'signup' },
      { type: 'drop', reason: 'unknown-document' },
      { type: 'drop', reason: 'unpublished' },
      { type: 'drop', reason: 'unpublished' },
      { type: 'drop', reason: 'bot', count: 3 },
    ]);
    expect(rows(deltas, 'drops')).toEqual({
      '2026-03-01 no-stage': { dropped: 2 },
      '2026-03-01 unknown-document': { dropped: 1 },
      '2026-03-01 unpublished': { dropped: 2 },
      '2026-03-01 bot': { dropped: 3 },
    });
    for (const table of ANALYTICS_TABLES.filter((t) => t !== 'drops')) {
      expect(rows(deltas, table)).toEqual({});
    }
  });
});
