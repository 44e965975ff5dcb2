import { buildMatrix, type CoverageCell } from '../../../../server/src/domain/coverage';
import { INTENTS, type Intent } from '../../../../server/src/domain/intents';

export interface WidgetGap {
  stage: string;
  intent: Intent;
  /** Search demand a month in the cell; null when no demand was imported for the journey. */
  monthly: number | null;
}

/**
 * The journey's gaps as the coverage page marks them (nothing published in a stage × intent
 * cell the stage expects), most searched first when demand was imported, else in stage and intent order: the
 * journey's own order is what a marketer fills it in by when no demand says otherwise.
 */
export const rankGaps = (
  cells: CoverageCell[],
  stageKeys: string[],
  thinThreshold: number,
  demand: Array<{ stage: string; intent: string; monthly: number }> | null,
  /** The coverage response's `expected`: only cells a stage expects can be gaps, as there. */
  expected?: Record<string, Partial<Record<Intent, boolean>>>
): WidgetGap[] => {
  const matrix = buildMatrix(cells, stageKeys, thinThreshold, 'published', expected);
  const monthlyOf = (stage: string, intent: Intent) =>
    (demand ?? [])
      .filter((d) => d.stage === stage && d.intent === intent)
      .reduce((sum, d) => sum + d.monthly, 0);
  const gaps = stageKeys.flatMap((stage) =>
    INTENTS.filter((intent) => matrix.rows[stage][intent].gap).map((intent) => ({
      stage,
      intent,
      monthly: demand ? monthlyOf(stage, intent) : null,
    }))
  );
  // Array.prototype.sort is stable: equal demand keeps the stage and intent order.
  return demand ? gaps.sort((a, b) => (b.monthly ?? 0) - (a.monthly ?? 0)) : gaps;
};

export interface WaitingType {
  uid: string;
  name: string;
  count: number;
}

/**
 * The review queue's waiting entries per content type (every locale together, as the queue
 * counts them without a locale), most first; types with none are left out.
 */
export const waitingByType = (
  counts: Array<{ contentType: string; untagged: number }>,
  types: Array<{ uid: string; name: string }>
): WaitingType[] =>
  types
    .map((type) => ({
      uid: type.uid,
      name: type.name,
      count: counts
        .filter((c) => c.contentType === type.uid)
        .reduce((sum, c) => sum + c.untagged, 0),
    }))
    .filter((type) => type.count > 0)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
