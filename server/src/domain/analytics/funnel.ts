import type {
  AnalyticsCounters,
  AnalyticsDocumentRow,
  AnalyticsStageRow,
} from '../analytics-types';

/** Fewer helpful answers than this and the measured emotion would be noise: none is shown. */
export const MIN_ANSWERS = 20;
/** A document needs this many views in the period to be ranked among movers or drop-offs. */
export const MIN_VIEWS = 20;
/** Movers and drop-offs listed per stage. */
export const MAX_RANKED = 10;

export const COUNTERS: ReadonlyArray<keyof AnalyticsCounters> = [
  'views',
  'entries',
  'exits',
  'progressions',
  'returns',
  'nextClicks',
  'helpfulYes',
  'helpfulNo',
];

/** A share, null when there is nothing to divide by. */
export const share = (part: number, whole: number): number | null =>
  whole > 0 ? part / whole : null;

/** Helpful answers on the journey map's −2…+2 emotion scale: all yes is +2, all no is −2. */
export const measuredEmotion = (yes: number, no: number): number | null =>
  yes + no >= MIN_ANSWERS ? (2 * (yes - no)) / (yes + no) : null;

export interface FunnelStage {
  documentId: string;
  key: string;
  name: string;
  colour: string | null;
  position: number;
}

export type StageSums = AnalyticsCounters & { sessions: number };

export interface GoalSum {
  goal: string;
  stageDocumentId: string;
  attribution: string;
  conversions: number;
}

export const zeroCounters = (): StageSums => ({
  sessions: 0,
  views: 0,
  entries: 0,
  exits: 0,
  progressions: 0,
  returns: 0,
  nextClicks: 0,
  helpfulYes: 0,
  helpfulNo: 0,
});

/**
 * The goals a stage row lists: the journey's own, in its order, then any other goal the period's
 * data names (a goal since removed from the journey still converted), alphabetically.
 */
export const goalNames = (journeyGoals: readonly string[], sums: readonly GoalSum[]): string[] => {
  const extra = [...new Set(sums.map((s) => s.goal))]
    .filter((g) => !journeyGoals.includes(g))
    .sort();
  return [...new Set(journeyGoals), ...extra];
};

/**
 * The funnel: one row per stage of the journey in position order, from the period's sums per
 * stage (stages without data count zero; data of stages no longer in the journey is left out).
 */
export const funnelRows = (
  stages: readonly FunnelStage[],
  sums: ReadonlyMap<string, StageSums>,
  goals: readonly GoalSum[],
  journeyGoals: readonly string[]
): AnalyticsStageRow[] => {
  const ordered = [...stages].sort((a, b) => a.position - b.position);
  const names = goalNames(journeyGoals, goals);
  return ordered.map((stage, i) => {
    const s = sums.get(stage.documentId) ?? zeroCounters();
    const next = ordered[i + 1];
    const nextSessions = next ? (sums.get(next.documentId)?.sessions ?? 0) : undefined;
    const conversions = (goal: string, attribution: string) =>
      goals
        .filter(
          (g) =>
            g.goal === goal &&
            g.stageDocumentId === stage.documentId &&
            g.attribution === attribution
        )
        .reduce((n, g) => n + g.conversions, 0);
    return {
      stage: { ...stage },
      ...s,
      movedOnShare: nextSessions === undefined ? null : share(nextSessions, s.sessions),
      leftShare: share(s.exits, s.views),
      progressionRate: share(s.progressions, s.views),
      measuredEmotion: measuredEmotion(s.helpfulYes, s.helpfulNo),
      goals: names.map((goal) => ({
        goal,
        furthest: conversions(goal, 'furthest'),
        first: conversions(goal, 'first'),
      })),
    };
  });
};

/** The period's totals: sessions that reached the journey at all (the widest funnel bar). */
export const funnelTotals = (rows: readonly AnalyticsStageRow[], goals: readonly GoalSum[]) => ({
  sessions: rows.reduce((n, r) => Math.max(n, r.sessions), 0),
  views: rows.reduce((n, r) => n + r.views, 0),
  // Each conversion is stored twice (furthest and first stage): counted once.
  conversions: goals
    .filter((g) => g.attribution === 'furthest')
    .reduce((n, g) => n + g.conversions, 0),
});

export type DocumentSums = AnalyticsCounters & {
  contentType: string;
  documentId: string;
  locale: string | null;
  stageDocumentId: string;
};

export type Ranking = 'movers' | 'dropOffs';

/** The ratio a ranking orders by: progressions ÷ views for movers, exits ÷ views for drop-offs. */
const rankValue = (ranking: Ranking, d: AnalyticsCounters) =>
  (ranking === 'movers' ? d.progressions : d.exits) / d.views;

/**
 * A stage's ranked list: documents with at least MIN_VIEWS views, highest ratio first, ties by
 * more views and then by type and documentId so the order is stable. The service asks the
 * database for the same order and limit; this is the rule it follows, and what the tests hold
 * it to.
 */
export const rankDocuments = <
  D extends AnalyticsCounters & { contentType: string; documentId: string },
>(
  ranking: Ranking,
  documents: readonly D[]
): D[] =>
  documents
    .filter((d) => d.views >= MIN_VIEWS)
    .sort(
      (a, b) =>
        rankValue(ranking, b) - rankValue(ranking, a) ||
        b.views - a.views ||
        a.contentType.localeCompare(b.contentType) ||
        a.documentId.localeCompare(b.documentId)
    )
    .slice(0, MAX_RANKED);

/** A ranked document as the response lists it; the title and path come from the caller's rights. */
export const documentRow = (
  d: DocumentSums,
  title: string | null,
  editPath: string | null
): AnalyticsDocumentRow => ({
  contentType: d.contentType,
  documentId: d.documentId,
  locale: d.locale,
  title: title ?? d.documentId,
  stageDocumentId: d.stageDocumentId,
  views: d.views,
  entries: d.entries,
  exits: d.exits,
  progressions: d.progressions,
  returns: d.returns,
  nextClicks: d.nextClicks,
  helpfulYes: d.helpfulYes,
  helpfulNo: d.helpfulNo,
  progressionShare: share(d.progressions, d.views),
  exitShare: share(d.exits, d.views),
  editPath,
});

/** The content manager's edit view of an entry (the admin router's path, without /admin). */
export const editPathOf = (
  kind: string,
  uid: string,
  documentId: string,
  locale: string | null
) => {
  const base =
    kind === 'singleType'
      ? `/content-manager/single-types/${uid}`
      : `/content-manager/collection-types/${uid}/${documentId}`;
  return locale ? `${base}?plugins[i18n][locale]=${encodeURIComponent(locale)}` : base;
};
