import type { AnalyticsChangeDate } from '../analytics-types';
import { INTENTS } from '../intents';
import type { StoredSnapshot } from '../snapshots';

/**
 * Published documents per stage documentId × intent on a snapshot day, over every type and
 * locale. Stages are followed by documentId, so a renamed or moved stage keeps its cells.
 */
const publishedCells = (row: StoredSnapshot): Map<string, number> => {
  const cells = new Map<string, number>();
  for (const [stageIndex, intent, , published] of row.cells) {
    const stage = row.stages[stageIndex];
    if (!stage || intent === null) continue;
    const key = `${stage.documentId}\u0000${intent}`;
    cells.set(key, (cells.get(key) ?? 0) + published);
  }
  return cells;
};

/**
 * Dates worth testing an effect at: each day a stage × intent cell had published content after
 * the previous snapshot had none ("gap-filled"), newest first. Only stages still in the journey
 * (`stageIds`) and real intents: "no intent" is never a gap. The first snapshot has nothing
 * before it, so it fills nothing.
 */
export const gapFilledDates = (
  rows: readonly StoredSnapshot[],
  stageIds: readonly string[]
): AnalyticsChangeDate[] => {
  const sorted = [...rows].sort((a, b) => a.day.localeCompare(b.day));
  const found: AnalyticsChangeDate[] = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const before = publishedCells(sorted[i - 1]);
    const after = publishedCells(sorted[i]);
    for (const stageDocumentId of stageIds) {
      for (const intent of INTENTS) {
        const key = `${stageDocumentId}\u0000${intent}`;
        if ((before.get(key) ?? 0) === 0 && (after.get(key) ?? 0) > 0) {
          found.push({ date: sorted[i].day, stageDocumentId, kind: 'gap-filled', intent });
        }
      }
    }
  }
  // Newest first; within a day in the journey's stage order and the intents' order, as found.
  return found.sort((a, b) => b.date.localeCompare(a.date));
};
