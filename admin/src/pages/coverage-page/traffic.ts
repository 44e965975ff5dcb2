import type { AnalyticsTrafficCell } from '../../api/analytics';

/** Views a cell needs before its progression rate says anything (fewer: no flag). */
export const TRAFFIC_MIN_VIEWS = 30;
/** A cell whose rate is under this share of the journey's own rate moves too few readers on. */
export const POOR_SHARE = 0.5;

export interface TrafficFigures {
  views: number;
  progressions: number;
  rate: number | null;
  /** Content, traffic and a rate far under the journey's: where readers arrive and stop. */
  poor: boolean;
}

/**
 * The traffic layer's cells by stage key and column ('none' for no intent), and which are
 * poor: published content, at least TRAFFIC_MIN_VIEWS views, and a progression rate under
 * POOR_SHARE of the journey's overall rate. The last stage is never poor: there is no later
 * stage to move on to, so its rate is 0 by definition.
 */
export const trafficCells = (
  cells: AnalyticsTrafficCell[],
  stageKeyOf: (stageDocumentId: string) => string | undefined,
  lastStageKey: string | undefined,
  publishedIn: (stage: string, column: string) => number
): Map<string, TrafficFigures> => {
  const byCell = new Map<string, TrafficFigures>();
  for (const cell of cells) {
    const stage = stageKeyOf(cell.stageDocumentId);
    if (!stage) continue;
    const id = `${stage}|${cell.intent ?? 'none'}`;
    const sum = byCell.get(id) ?? { views: 0, progressions: 0, rate: null, poor: false };
    sum.views += cell.views;
    sum.progressions += cell.progressions;
    byCell.set(id, sum);
  }
  // The journey's rate over the stages readers can move on from.
  let views = 0;
  let progressions = 0;
  for (const [id, sum] of byCell) {
    sum.rate = sum.views > 0 ? sum.progressions / sum.views : null;
    if (id.split('|')[0] === lastStageKey) continue;
    views += sum.views;
    progressions += sum.progressions;
  }
  const overall = views > 0 ? progressions / views : null;
  for (const [id, sum] of byCell) {
    const [stage, column] = id.split('|');
    sum.poor =
      overall !== null &&
      overall > 0 &&
      stage !== lastStageKey &&
      sum.views >= TRAFFIC_MIN_VIEWS &&
      publishedIn(stage, column) > 0 &&
      sum.rate !== null &&
      sum.rate < overall * POOR_SHARE;
  }
  return byCell;
};
