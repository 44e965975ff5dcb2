import { isEqual } from 'lodash';
import type { JourneyDefinition, StageDefinition } from './journeys';

export interface FieldChange {
  from: unknown;
  to: unknown;
}

export interface ImportChange {
  /** `kept`: exists here but not in the file; an import never deletes, so no tag is lost. */
  action: 'create' | 'update' | 'unchanged' | 'kept';
  kind: 'journey' | 'stage';
  journey: string;
  stage?: string;
  fields?: Record<string, FieldChange>;
  /** For stages: the position the import gives them within their journey. */
  position?: number;
}

/** A journey's fields besides its key, as an import compares and writes them. */
export const JOURNEY_FIELDS = ['name', 'names', 'description', 'intentStages', 'goals'] as const;
/** A stage's fields besides its key (its journey and position are set apart). */
export const STAGE_FIELDS = [
  'name',
  'names',
  'description',
  'colour',
  'customerGoal',
  'touchpoints',
  'feelings',
  'painPoints',
  'kpis',
  'opportunities',
  'emotion',
  'nextStages',
  'expectedIntents',
] as const;

const blank = (value: unknown) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && value !== null && Object.keys(value).length === 0);

/** Fields the file names and that differ; a field the file leaves out is left as it is. */
const changedFields = <T extends object>(
  current: T,
  incoming: T,
  fields: readonly (keyof T)[]
): Record<string, FieldChange> => {
  const changes: Record<string, FieldChange> = {};
  for (const field of fields) {
    const to = incoming[field];
    if (to === undefined) continue;
    const from = current[field];
    if (isEqual(from, to) || (blank(from) && blank(to))) continue;
    changes[field as string] = { from: from ?? null, to };
  }
  return changes;
};

/**
 * The file's stages take positions 0..k-1 in the file's order; the stages the journey keeps
 * follow in their current order, so positions stay unique (0..n-1) and nothing is dropped.
 */
const stageChanges = (
  journeyKey: string,
  current: StageDefinition[],
  incoming: StageDefinition[]
): ImportChange[] => {
  const changes: ImportChange[] = [];
  const currentOrder = current.map((s) => s.key);
  const moved = (key: string, position: number): Record<string, FieldChange> =>
    currentOrder.indexOf(key) === position
      ? {}
      : { position: { from: currentOrder.indexOf(key), to: position } };
  incoming.forEach((stage, position) => {
    const existing = current.find((s) => s.key === stage.key);
    if (!existing) {
      changes.push({
        action: 'create',
        kind: 'stage',
        journey: journeyKey,
        stage: stage.key,
        position,
      });
      return;
    }
    const fields = {
      ...changedFields(existing, stage, STAGE_FIELDS),
      ...moved(stage.key, position),
    };
    changes.push({
      action: Object.keys(fields).length ? 'update' : 'unchanged',
      kind: 'stage',
      journey: journeyKey,
      stage: stage.key,
      position,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
  });
  const kept = current.filter((stage) => !incoming.some((s) => s.key === stage.key));
  kept.forEach((stage, index) => {
    const position = incoming.length + index;
    const fields = moved(stage.key, position);
    changes.push({
      action: 'kept',
      kind: 'stage',
      journey: journeyKey,
      stage: stage.key,
      position,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
  });
  return changes;
};

/** What importing `incoming` over `current` would change, journey by journey, stage by stage. */
export const planImport = (
  current: JourneyDefinition[],
  incoming: JourneyDefinition[]
): ImportChange[] => {
  const changes: ImportChange[] = [];
  for (const journey of incoming) {
    const existing = current.find((j) => j.key === journey.key);
    if (!existing) {
      changes.push({ action: 'create', kind: 'journey', journey: journey.key });
      journey.stages.forEach((stage, position) =>
        changes.push({
          action: 'create',
          kind: 'stage',
          journey: journey.key,
          stage: stage.key,
          position,
        })
      );
      continue;
    }
    const fields = changedFields(existing, journey, JOURNEY_FIELDS);
    changes.push({
      action: Object.keys(fields).length ? 'update' : 'unchanged',
      kind: 'journey',
      journey: journey.key,
      ...(Object.keys(fields).length ? { fields } : {}),
    });
    changes.push(...stageChanges(journey.key, existing.stages, journey.stages));
  }
  for (const journey of current) {
    if (!incoming.some((j) => j.key === journey.key)) {
      changes.push({ action: 'kept', kind: 'journey', journey: journey.key });
    }
  }
  return changes;
};

export const summariseImport = (changes: ImportChange[]) => {
  const count = (action: ImportChange['action']) =>
    changes.filter((c) => c.action === action).length;
  return {
    create: count('create'),
    update: count('update'),
    unchanged: count('unchanged'),
    kept: count('kept'),
  };
};
