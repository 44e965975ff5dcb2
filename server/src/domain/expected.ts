import { INTENTS, isIntent, type Intent } from './intents';
import type { IntentStages } from './journeys';
import { stageOf } from './stage-of';

/**
 * What each stage of the seeds' journeys needs besides what the intent mapping sends it
 * (DOMAIN.md): after the sale people search how to use what they bought (usage × informational)
 * and come back to renew or buy again (loyalty × transactional). Nobody needs, say, a
 * navigational page per stage, so a stage key not named here expects only its mapped intents.
 */
const STAGE_KEY_INTENTS: Record<string, Intent[]> = {
  usage: ['informational'],
  loyalty: ['transactional'],
};

interface JourneyLike {
  intentStages?: IntentStages | null;
  stages: Array<{ key: string; expectedIntents?: unknown }>;
}

/**
 * A stage's intents when nobody chose them: those the journey's intent → stage mapping places in
 * it (as the classifier does, navigational falling back to the decision stage), and those
 * STAGE_KEY_INTENTS adds for its key. In the order of INTENTS.
 */
export const defaultExpectedIntents = (journey: JourneyLike, stageKey: string): Intent[] => {
  const mapped = { intentStages: journey.intentStages ?? undefined, stages: journey.stages };
  return INTENTS.filter(
    (intent) =>
      stageOf(mapped, intent)?.key === stageKey ||
      (STAGE_KEY_INTENTS[stageKey] ?? []).includes(intent)
  );
};

/** The stage's own choice when it has one (an empty list: it expects nothing), else the default. */
export const expectedIntentsOf = (
  journey: JourneyLike,
  stage: { key: string; expectedIntents?: unknown }
): Intent[] =>
  Array.isArray(stage.expectedIntents)
    ? INTENTS.filter((i) => (stage.expectedIntents as unknown[]).filter(isIntent).includes(i))
    : defaultExpectedIntents(journey, stage.key);

export type ExpectedCells = Record<string, Record<Intent, boolean>>;

/** Per stage and intent, whether the journey expects content there: an empty expected cell is a gap. */
export const expectedCells = (journey: JourneyLike): ExpectedCells =>
  Object.fromEntries(
    journey.stages.map((stage) => {
      const expected = expectedIntentsOf(journey, stage);
      return [stage.key, Object.fromEntries(INTENTS.map((i) => [i, expected.includes(i)]))];
    })
  ) as ExpectedCells;
