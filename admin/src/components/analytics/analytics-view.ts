import type {
  AnalyticsResponse,
  AnalyticsStageRow,
  AnalyticsTransition,
} from '../../../../server/src/domain/analytics-types';

/** The period presets of the tab's period select, in days. */
export const PRESETS = [7, 30, 90, 365] as const;

export type PeriodChoice = { preset: number } | { from: string; to: string };

const DAY_MS = 24 * 60 * 60 * 1000;

/** 'YYYY-MM-DD' of a date in UTC: the days the rollups are counted in. */
export const isoDay = (date: Date) => date.toISOString().slice(0, 10);

export const isDay = (value: string | undefined | null): value is string =>
  typeof value === 'string' &&
  /^\d{4}-\d{2}-\d{2}$/.test(value) &&
  !Number.isNaN(Date.parse(value));

/**
 * The route's from/to for a choice: a preset of n days ends today (UTC) and counts today, as
 * `days=n` does on the server. A range whose ends are missing or reversed gives nothing, so
 * that no request is made for it.
 */
export const periodArgs = (
  choice: PeriodChoice,
  today: Date = new Date()
): { from: string; to: string } | null => {
  if ('preset' in choice) {
    const to = isoDay(today);
    const from = isoDay(new Date(Date.parse(to) - (choice.preset - 1) * DAY_MS));
    return { from, to };
  }
  if (!isDay(choice.from) || !isDay(choice.to) || choice.from > choice.to) return null;
  return { from: choice.from, to: choice.to };
};

/** A share 0..1 as a whole percent ('42 %' in the admin's language); a dash when unknown. */
export const percent = (share: number | null | undefined, locale: string) =>
  share === null || share === undefined
    ? '–'
    : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(share);

/** A difference of rates in percentage points, signed: '+4.2' / '−1.0'. */
export const points = (difference: number, locale: string) =>
  new Intl.NumberFormat(locale, {
    signDisplay: 'exceptZero',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(difference * 100);

export const count = (value: number, locale: string) => new Intl.NumberFormat(locale).format(value);

/** The funnel bar's width, 0..100, against the widest bar; a bar with sessions stays visible. */
export const barWidth = (sessions: number, max: number) =>
  max <= 0 || sessions <= 0 ? 0 : Math.max(2, Math.round((sessions / max) * 100));

export const sortedStages = (stages: AnalyticsStageRow[]) =>
  [...stages].sort((a, b) => a.stage.position - b.stage.position);

export interface MatrixCell {
  from: AnalyticsStageRow['stage'];
  to: AnalyticsStageRow['stage'];
  moves: number;
  /** moves ÷ the busiest cell's moves, 0..1: the shading. */
  intensity: number;
}

/**
 * Transitions as a square of stages in position order (rows: from, columns: to). A stage to
 * itself is never a transition; its cell is null. Moves from or to a stage that is no longer in
 * the journey are not shown.
 */
export const transitionMatrix = (
  stages: AnalyticsStageRow[],
  transitions: AnalyticsTransition[]
): { stages: AnalyticsStageRow['stage'][]; rows: Array<Array<MatrixCell | null>>; max: number } => {
  const ordered = sortedStages(stages).map((s) => s.stage);
  const moves = new Map<string, number>();
  for (const t of transitions) {
    const key = `${t.from}>${t.to}`;
    moves.set(key, (moves.get(key) ?? 0) + t.moves);
  }
  let max = 0;
  for (const from of ordered)
    for (const to of ordered)
      if (from.documentId !== to.documentId)
        max = Math.max(max, moves.get(`${from.documentId}>${to.documentId}`) ?? 0);
  const rows = ordered.map((from) =>
    ordered.map((to) => {
      if (from.documentId === to.documentId) return null;
      const value = moves.get(`${from.documentId}>${to.documentId}`) ?? 0;
      return { from, to, moves: value, intensity: max > 0 ? value / max : 0 };
    })
  );
  return { stages: ordered, rows, max };
};

/** Whether the period has nothing to show: no views at all, collected or imported. */
export const isEmpty = (answer: AnalyticsResponse) =>
  answer.totals.views === 0 && answer.stages.every((s) => s.views === 0 && s.sessions === 0);

/** Rows of the matrix's table alternative: every pair with moves, busiest first. */
export const transitionRows = (matrix: ReturnType<typeof transitionMatrix>) =>
  matrix.rows
    .flat()
    .filter((cell): cell is MatrixCell => cell !== null && cell.moves > 0)
    .sort((a, b) => b.moves - a.moves || a.from.position - b.from.position);
