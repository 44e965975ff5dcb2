import type { JourneyDefinition } from '../journeys';
import { journeySchema } from './journey-schemas';
import { LIMITS } from './limits';
import { duplicates, isRecord, keyOf, schemaProblems, withKey } from './schema-problems';

const stageKeysOf = (journey: unknown): string[] =>
  isRecord(journey) && Array.isArray(journey.stages)
    ? journey.stages.map(keyOf).filter((k): k is string => k !== undefined)
    : [];

/**
 * Each stage's nextStages must name stages of its journey (`valid`: their keys). Shape,
 * uniqueness and "not itself" are the stage schema's.
 */
export const nextStageProblems = (
  stages: unknown[],
  valid: string[],
  path: string,
  journeyKey?: string
): string[] =>
  stages.flatMap((stage, index) => {
    const next = isRecord(stage) && Array.isArray(stage.nextStages) ? stage.nextStages : [];
    return next
      .filter((k): k is string => typeof k === 'string' && !!k && !valid.includes(k))
      .map(
        (k) =>
          `${withKey(`${path}[${index}]`, stage)}.nextStages: unknown stage key "${k}"; stages of "${journeyKey ?? '?'}": ${valid.join(', ')}`
      );
  });

/**
 * Checks that need the whole journey: unique stage keys, intent mappings onto its stages, and
 * the stage limit. `kept` are the stages the journey already has and the file leaves out: an
 * import keeps them, so mappings may point at them and they count towards the limit.
 */
export const journeyProblems = (journey: unknown, path: string, kept: string[] = []): string[] => {
  if (!isRecord(journey)) return [];
  const label = withKey(path, journey);
  const problems: string[] = [];
  const stageKeys = stageKeysOf(journey);
  const stages = Array.isArray(journey.stages) ? journey.stages : [];
  for (const dup of new Set(duplicates(stageKeys))) {
    const index = stages.map(keyOf).lastIndexOf(dup);
    problems.push(
      `${label}.stages[${index}] (${JSON.stringify(dup)}).key: duplicate stage key "${dup}" in journey "${keyOf(journey)}"`
    );
  }
  const keptOnly = kept.filter((k) => !stageKeys.includes(k));
  const total = new Set(stageKeys).size + keptOnly.length;
  if (keptOnly.length && total > LIMITS.stagesPerJourney) {
    problems.push(
      `${label}.stages: a journey has at most ${LIMITS.stagesPerJourney} stages; with the ${keptOnly.length} it keeps (${keptOnly.join(', ')}) it would have ${total}`
    );
  }
  const valid = [...stageKeys, ...keptOnly];
  problems.push(...nextStageProblems(stages, valid, `${label}.stages`, keyOf(journey)));
  const intentStages = isRecord(journey.intentStages) ? journey.intentStages : {};
  for (const [intent, stage] of Object.entries(intentStages)) {
    if (typeof stage === 'string' && stage && !valid.includes(stage)) {
      problems.push(
        `${label}.intentStages.${intent}: unknown stage key "${stage}"; stages of "${keyOf(journey)}": ${valid.join(', ')}`
      );
    }
  }
  return problems;
};

/**
 * Checks across journeys: unique keys, and each journey's own checks. `current` are the journeys
 * already stored, for an import: it keeps them all, with their stages.
 */
export const journeysProblems = (
  journeys: unknown,
  path: string,
  current: JourneyDefinition[] = []
): string[] => {
  if (!Array.isArray(journeys)) return [];
  const problems: string[] = [];
  const keys = journeys.map(keyOf);
  for (const dup of new Set(duplicates(keys.filter((k): k is string => k !== undefined)))) {
    problems.push(
      `${path}[${keys.lastIndexOf(dup)}] (${JSON.stringify(dup)}).key: duplicate journey key "${dup}"`
    );
  }
  const total = new Set([...current.map((j) => j.key), ...keys.filter(Boolean)]).size;
  if (current.length && total > LIMITS.journeys) {
    problems.push(
      `${path}: at most ${LIMITS.journeys} journeys; with the ${current.length} that exist this import would make ${total}`
    );
  }
  journeys.forEach((j, i) => {
    const kept = current.find((c) => c.key === keyOf(j))?.stages.map((s) => s.key) ?? [];
    problems.push(...journeyProblems(j, `${path}[${i}]`, kept));
  });
  return problems;
};

/** Uids listed in the config must exist, or the app would run without the tags it expects. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every problem of an import file, with what is stored (`current`). Journeys are validated one
 * at a time with a turn of the event loop between them, so requests are served meanwhile.
 */
export const importProblems = async (
  journeys: unknown[],
  current: JourneyDefinition[] = []
): Promise<string[]> => {
  if (journeys.length > LIMITS.journeys) {
    // Not worth validating each of them: the file is refused anyway.
    return [
      `journeys: must have at most ${LIMITS.journeys} journeys; the file has ${journeys.length}`,
    ];
  }
  const problems: string[] = [];
  for (const [index, journey] of journeys.entries()) {
    problems.push(
      ...schemaProblems(journeySchema, journey, withKey(`journeys[${index}]`, journey))
    );
    await nextTurn();
  }
  problems.push(...journeysProblems(journeys, 'journeys', current));
  return problems;
};
