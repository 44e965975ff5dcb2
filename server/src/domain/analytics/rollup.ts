import { addDelta, emptyDeltaSet, type DeltaSet } from './keys';
import { boundState, type JourneyState, type SessionState } from './state';

/**
 * The collector's arithmetic: a batch of events, resolved against the documents' published tags,
 * and the session's state in, the rollup deltas and the new state out (docs: the design's
 * Semantics). Pure, so every path can be checked by hand.
 */

/** Why an event was not counted (the drops table's `reason`). */
export const DROP_REASONS = [
  'unknown-document',
  'unpublished',
  'not-journey-aware',
  'no-stage',
  'unknown-goal',
  'bot',
  'dnt',
  'bad-state',
  'rate-limited',
] as const;
export type DropReason = (typeof DROP_REASONS)[number];

export const EVENTS_SOURCE = 'events';

/** A document as published when the batch arrived: one stage per journey it serves. */
export interface ResolvedDocument {
  uid: string;
  documentId: string;
  /** '' for a type that is not localized. */
  locale: string;
  /** The published search intent, '' for none. */
  intent: string;
  /** Its stage in each journey (the earliest position when tagged with several of one journey). */
  stages: Array<{ journey: string; stage: string; position: number }>;
}

export type ResolvedEvent =
  | { type: 'view'; document: ResolvedDocument }
  | { type: 'click'; document: ResolvedDocument }
  | { type: 'helpful'; document: ResolvedDocument; helpful: boolean }
  | { type: 'goal'; goal: string }
  | { type: 'drop'; reason: DropReason; count?: number };

/** What the rollup needs to know of each journey: its stages' positions and its goals. */
export interface JourneyShape {
  stages: Array<{ documentId: string; position: number }>;
  goals: string[];
}

export interface RollupInput {
  events: ResolvedEvent[];
  state: SessionState;
  journeys: ReadonlyMap<string, JourneyShape>;
  /** 'YYYY-MM-DD' (UTC) of the batch's arrival. */
  day: string;
  /** Deltas are added here (a new set when absent). */
  into?: DeltaSet;
}

export interface RollupResult {
  deltas: DeltaSet;
  state: SessionState;
}

/** Adds one drop of `reason` (or `count`) to a delta set. */
export const addDrop = (set: DeltaSet, day: string, reason: DropReason, count = 1) => {
  if (count > 0) addDelta(set, 'drops', { day, reason }, { dropped: count });
};

type StageCounter =
  | 'sessions'
  | 'views'
  | 'entries'
  | 'exits'
  | 'progressions'
  | 'returns'
  | 'nextClicks'
  | 'helpfulYes'
  | 'helpfulNo';
type DocumentCounter = Exclude<StageCounter, 'sessions'>;

interface Place {
  day: string;
  journey: string;
  stage: string;
  uid: string;
  documentId: string;
  locale: string;
  intent: string;
}

export const rollup = ({
  events,
  state: before,
  journeys,
  day,
  into,
}: RollupInput): RollupResult => {
  const deltas = into ?? emptyDeltaSet();
  const state: SessionState = Object.fromEntries(
    Object.entries(before).map(([j, s]) => [j, { ...s, goals: [...s.goals] }])
  );
  const touched: string[] = [];

  const stageRow = (
    at: Pick<Place, 'day' | 'journey' | 'stage' | 'locale'>,
    counts: Partial<Record<StageCounter, number>>
  ) =>
    addDelta(
      deltas,
      'stages',
      {
        day: at.day,
        journeyDocumentId: at.journey,
        stageDocumentId: at.stage,
        entryLocale: at.locale,
        source: EVENTS_SOURCE,
        importId: 0,
      },
      counts
    );
  const documentRow = (at: Place, counts: Partial<Record<DocumentCounter, number>>) =>
    addDelta(
      deltas,
      'documents',
      {
        day: at.day,
        contentType: at.uid,
        entryDocumentId: at.documentId,
        entryLocale: at.locale,
        journeyDocumentId: at.journey,
        stageDocumentId: at.stage,
        intent: at.intent,
        source: EVENTS_SOURCE,
        importId: 0,
      },
      counts
    );
  /** The same counters on a stage row and its document row. */
  const both = (at: Place, counts: Partial<Record<DocumentCounter, number>>) => {
    stageRow(at, counts);
    documentRow(at, counts);
  };
  const prevPlace = (journey: string, s: JourneyState, atDay = s.prev.day): Place => ({
    day: atDay,
    journey,
    stage: s.prev.stage,
    uid: s.prev.uid,
    documentId: s.prev.documentId,
    locale: s.prev.locale,
    intent: s.prev.intent,
  });
  /** Sessions +1 at each stage of the journey with a position in (after, upTo]. */
  const sessions = (
    journey: string,
    stage: string,
    locale: string,
    after: number,
    upTo: number
  ) => {
    const shape = journeys.get(journey);
    const reached = shape
      ? shape.stages
          .filter((s) => s.position > after && s.position <= upTo)
          .map((s) => s.documentId)
      : [];
    // A stage the settings do not know yet (read a moment before it was added) still counts.
    if (!reached.includes(stage)) reached.push(stage);
    for (const s of reached) stageRow({ day, journey, stage: s, locale }, { sessions: 1 });
  };

  const view = (doc: ResolvedDocument) => {
    if (!doc.stages.length) {
      // Journey-aware but in no journey: its views still show in the coverage traffic layer.
      documentRow(
        {
          day,
          journey: '',
          stage: '',
          uid: doc.uid,
          documentId: doc.documentId,
          locale: doc.locale,
          intent: doc.intent,
        },
        { views: 1 }
      );
      return;
    }
    for (const { journey, stage, position } of doc.stages) {
      const here: Place = {
        day,
        journey,
        stage,
        uid: doc.uid,
        documentId: doc.documentId,
        locale: doc.locale,
        intent: doc.intent,
      };
      both(here, { views: 1, exits: 1 });
      const s = state[journey];
      if (s) {
        const prev = prevPlace(journey, s);
        // The previous view was followed: it is no exit any more, on the day it was counted.
        const followed: Partial<Record<DocumentCounter, number>> = { exits: -1 };
        if (s.prev.position < position) followed.progressions = 1;
        if (s.prev.position > position) followed.returns = 1;
        both(prev, followed);
        if (s.prev.position !== position) {
          addDelta(
            deltas,
            'transitions',
            {
              day,
              journeyDocumentId: journey,
              fromStageDocumentId: s.prev.stage,
              toStageDocumentId: stage,
              entryLocale: doc.locale,
            },
            { moves: 1 }
          );
        }
        if (position > s.furthest.position) {
          sessions(journey, stage, doc.locale, s.furthest.position, position);
          s.furthest = { position, stage };
        }
      } else {
        both(here, { entries: 1 });
        sessions(journey, stage, doc.locale, -Infinity, position);
        state[journey] = {
          prev: undefined as never,
          furthest: { position, stage },
          first: stage,
          goals: [],
        };
      }
      state[journey].prev = {
        stage,
        position,
        uid: doc.uid,
        documentId: doc.documentId,
        locale: doc.locale,
        intent: doc.intent,
        day,
      };
      touched.push(journey);
    }
  };

  const click = (doc: ResolvedDocument) => {
    let counted = false;
    for (const { journey } of doc.stages) {
      const s = state[journey];
      if (!s) continue;
      // The recommendation was followed from the session's last view in that journey.
      both(prevPlace(journey, s, day), { nextClicks: 1 });
      counted = true;
    }
    if (!counted) addDrop(deltas, day, 'no-stage');
  };

  const helpful = (doc: ResolvedDocument, yes: boolean) => {
    const counts = yes ? { helpfulYes: 1 } : { helpfulNo: 1 };
    if (!doc.stages.length) {
      documentRow(
        {
          day,
          journey: '',
          stage: '',
          uid: doc.uid,
          documentId: doc.documentId,
          locale: doc.locale,
          intent: doc.intent,
        },
        counts
      );
      return;
    }
    for (const { journey, stage } of doc.stages) {
      both(
        {
          day,
          journey,
          stage,
          uid: doc.uid,
          documentId: doc.documentId,
          locale: doc.locale,
          intent: doc.intent,
        },
        counts
      );
    }
  };

  const goal = (name: string) => {
    const listing = [...journeys].filter(([, shape]) => shape.goals.includes(name));
    if (!listing.length) return addDrop(deltas, day, 'unknown-goal');
    let placed = false;
    for (const [journey] of listing) {
      const s = state[journey];
      if (!s) continue;
      placed = true;
      if (s.goals.includes(name)) continue;
      s.goals.push(name);
      const row = {
        day,
        journeyDocumentId: journey,
        goal: name,
        entryLocale: s.prev.locale,
        source: EVENTS_SOURCE,
        importId: 0,
      };
      addDelta(
        deltas,
        'goals',
        { ...row, stageDocumentId: s.furthest.stage, attribution: 'furthest' },
        { conversions: 1 }
      );
      addDelta(
        deltas,
        'goals',
        { ...row, stageDocumentId: s.first, attribution: 'first' },
        { conversions: 1 }
      );
    }
    // Listed by journeys the session has not been in: nothing to attribute it to.
    if (!placed) addDrop(deltas, day, 'no-stage');
  };

  for (const event of events) {
    if (event.type === 'view') view(event.document);
    else if (event.type === 'click') click(event.document);
    else if (event.type === 'helpful') helpful(event.document, event.helpful);
    else if (event.type === 'goal') goal(event.goal);
    else addDrop(deltas, day, event.reason, event.count ?? 1);
  }
  return { deltas, state: boundState(state, touched) };
};
