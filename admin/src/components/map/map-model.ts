/**
 * The journey map's pure parts: which rows show, where the emotion curve runs, which stage is
 * the low point, what the content row counts, and stage moves. Kept free of React and the admin
 * so unit tests cover them without a browser.
 */

export interface MapStage {
  documentId?: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour?: string | null;
  customerGoal?: string | null;
  touchpoints?: string[] | null;
  feelings?: string | null;
  painPoints?: string[] | null;
  kpis?: string[] | null;
  opportunities?: string[] | null;
  emotion?: number | null;
  nextStages?: string[] | null;
  updatedAt?: string;
}

export interface MapJourney {
  key: string;
  name: string;
  names?: Record<string, string> | null;
  stages: MapStage[];
}

export const MAP_ROWS = [
  'customerGoal',
  'touchpoints',
  'feelings',
  'painPoints',
  'kpis',
  'opportunities',
] as const;

export type MapRow = (typeof MAP_ROWS)[number];

export const LIST_ROWS: ReadonlySet<MapRow> = new Set([
  'touchpoints',
  'painPoints',
  'kpis',
  'opportunities',
]);

export const hasValue = (stage: MapStage, row: MapRow) => {
  const value = stage[row];
  if (Array.isArray(value)) return value.some((v) => String(v).trim() !== '');
  return typeof value === 'string' && value.trim() !== '';
};

/** A row shows when at least one stage fills it: an empty row is noise on a printed map. */
export const visibleRows = (stages: MapStage[]): MapRow[] =>
  MAP_ROWS.filter((row) => stages.some((stage) => hasValue(stage, row)));

export const EMOTIONS = [-2, -1, 0, 1, 2] as const;

export const EMOTION_LABELS: Record<number, string> = {
  [-2]: 'frustrated',
  [-1]: 'unhappy',
  0: 'neutral',
  1: 'content',
  2: 'delighted',
};

const isScore = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= -2 && value <= 2;

export interface CurvePoint {
  index: number;
  key: string;
  emotion: number;
  x: number;
  y: number;
}

/**
 * Points of the curve, one per stage with a score, at the centre of its column; y runs from
 * `top` (+2, delighted) to `top + height` (−2, frustrated). Stages without a score are skipped
 * so that the line joins the scored ones rather than dropping to neutral.
 */
export const curvePoints = (
  stages: MapStage[],
  columnWidth: number,
  height: number,
  top = 0
): CurvePoint[] =>
  stages.flatMap((stage, index) =>
    isScore(stage.emotion)
      ? [
          {
            index,
            key: stage.key,
            emotion: stage.emotion,
            x: columnWidth * index + columnWidth / 2,
            y: top + ((2 - stage.emotion) / 4) * height,
          },
        ]
      : []
  );

/**
 * The stages where the map asks for attention: the lowest score, when it is below neutral or
 * below the others (a flat curve has no low point). Every stage sharing that score is returned.
 */
export const lowPoints = (stages: MapStage[]): string[] => {
  const scored = stages.filter((s) => isScore(s.emotion));
  if (scored.length === 0) return [];
  const min = Math.min(...scored.map((s) => s.emotion as number));
  const max = Math.max(...scored.map((s) => s.emotion as number));
  if (min >= 0 && min === max) return [];
  return scored.filter((s) => s.emotion === min).map((s) => s.key);
};

/**
 * The measured emotion (from helpful answers, −2…+2 but not whole) placed like the written
 * curve, in runs of neighbouring stages that have one: a stage with too few answers (null)
 * breaks the line rather than being bridged, so the line never suggests a figure nobody gave.
 */
export const measuredRuns = (
  values: Array<{ key: string; emotion: number | null | undefined }>,
  columnWidth: number,
  height: number,
  top = 0
): CurvePoint[][] => {
  const runs: CurvePoint[][] = [];
  let run: CurvePoint[] = [];
  values.forEach(({ key, emotion }, index) => {
    if (typeof emotion !== 'number' || !Number.isFinite(emotion)) {
      if (run.length) runs.push(run);
      run = [];
      return;
    }
    const score = Math.max(-2, Math.min(2, emotion));
    run.push({
      index,
      key,
      emotion: score,
      x: columnWidth * index + columnWidth / 2,
      y: top + ((2 - score) / 4) * height,
    });
  });
  if (run.length) runs.push(run);
  return runs;
};

/** "+0.6", "−1.2", "0": a measured score as the map writes scores, to one decimal. */
export const signedScore = (score: number): string => {
  const rounded = Math.round(score * 10) / 10;
  const text = Math.abs(rounded).toFixed(1).replace(/\.0$/, '');
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : '0';
};

/** The nearest word of the written scale, for a measured score. */
export const nearestLabel = (score: number): string =>
  EMOTION_LABELS[Math.max(-2, Math.min(2, Math.round(score)))];

export interface Arrow {
  from: string;
  to: string;
  fromIndex: number;
  toIndex: number;
  kind: 'back' | 'skip';
}

/**
 * Declared next stages that are not simply the following column: going back (a loop) or
 * skipping ahead. The plain next-in-order stage needs no arrow; unknown keys are ignored.
 */
export const stageArrows = (stages: MapStage[]): Arrow[] => {
  const index = new Map(stages.map((s, i) => [s.key, i]));
  return stages.flatMap((stage, fromIndex) =>
    (stage.nextStages ?? []).flatMap((to) => {
      const toIndex = index.get(to);
      if (toIndex === undefined || toIndex === fromIndex || toIndex === fromIndex + 1) return [];
      return [
        {
          from: stage.key,
          to,
          fromIndex,
          toIndex,
          kind: toIndex < fromIndex ? 'back' : 'skip',
        } as Arrow,
      ];
    })
  );
};

export const CONTENT_INTENTS = [
  'informational',
  'commercial',
  'transactional',
  'navigational',
  'local',
] as const;

export interface CoverageCellLike {
  stage: string;
  intent: string | null;
  published: number;
  draftOnly?: number;
}

export interface StageContent {
  published: number;
  covered: string[];
  /** Intents the stage expects with nothing published: what the coverage page calls gaps. */
  gaps: string[];
  /** Intents with nothing published that the stage does not expect: no gap, no work asked. */
  idle: string[];
}

/**
 * Per stage: published documents (every intent, "none" included), which of the five intents
 * have published content, and of the rest the gaps (intents the stage expects, the coverage
 * answer's `expected`) apart from the intents nobody asked for. Without `expected` every empty
 * intent is a gap, as the coverage page counts them without it.
 */
export const stageContent = (
  cells: CoverageCellLike[],
  stageKeys: string[],
  expected?: Record<string, Record<string, boolean>>
): Record<string, StageContent> =>
  Object.fromEntries(
    stageKeys.map((key) => {
      const mine = cells.filter((c) => c.stage === key);
      const published = mine.reduce((sum, c) => sum + c.published, 0);
      const covered = CONTENT_INTENTS.filter((intent) =>
        mine.some((c) => c.intent === intent && c.published > 0)
      );
      const empty = CONTENT_INTENTS.filter((intent) => !covered.includes(intent));
      const expects = (intent: string) => expected?.[key]?.[intent] ?? !expected;
      return [
        key,
        {
          published,
          covered: [...covered],
          gaps: empty.filter(expects),
          idle: empty.filter((intent) => !expects(intent)),
        },
      ];
    })
  );

/** The order after moving one stage by `delta` columns; unchanged at either end. */
export const moveStage = (keys: string[], key: string, delta: number): string[] => {
  const from = keys.indexOf(key);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= keys.length) return keys;
  const next = [...keys];
  next.splice(from, 1);
  next.splice(to, 0, key);
  return next;
};

/** The order after dropping `key` onto the column of `target` (drag and drop). */
export const dropStage = (keys: string[], key: string, target: string): string[] => {
  const to = keys.indexOf(target);
  if (to < 0 || !keys.includes(key) || key === target) return keys;
  return moveStage(keys, key, to - keys.indexOf(key));
};

export interface RecentEntry {
  documentId: string;
  contentType: string;
  kind: string;
  title: string | null;
  locale: string | null;
  updatedAt: string;
}

/** The `count` most recently updated, one per document (a document has one row per locale). */
export const mostRecent = (entries: RecentEntry[], count = 3): RecentEntry[] => {
  const seen = new Set<string>();
  return [...entries]
    .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))
    .filter((e) => {
      const id = `${e.contentType}:${e.documentId}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .slice(0, count);
};
