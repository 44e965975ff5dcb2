import { INTENTS, type Intent } from './intents';
import { stageForIntent } from './journeys';
import type { StoredJourney, StoredStage } from './stored';

/**
 * The stage an intent points to in a journey, as the classifier places it: a navigational query
 * with no stage of its own goes where its runner-up intent points, else to the decision stage.
 */
export const stageOf = <S extends { key: string } = StoredStage>(
  journey: Pick<StoredJourney, 'intentStages'> & { stages: S[] },
  intent: Intent | null,
  scores: Partial<Record<Intent, number>> = {}
): S | null => {
  if (!intent) return null;
  let key = stageForIntent(journey, intent);
  if (!key && intent === 'navigational') {
    const other = [...INTENTS]
      .filter((i) => i !== 'navigational' && (scores[i] ?? 0) > 0)
      .sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0))[0];
    key =
      (other && stageForIntent(journey, other)) ||
      (journey.stages.some((s) => s.key === 'decision') ? 'decision' : null);
  }
  return journey.stages.find((s) => s.key === key) ?? null;
};

export const stageView = (stage: StoredStage | null) =>
  stage
    ? {
        documentId: stage.documentId,
        key: stage.key,
        name: stage.name,
        // The admin shows the stage in its own language, as the Journey panel does.
        names: stage.names ?? null,
        color: stage.colour ?? null,
      }
    : null;
