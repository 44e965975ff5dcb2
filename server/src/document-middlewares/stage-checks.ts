import type { Core } from '@strapi/strapi';
import { schemaProblems, stageSchema } from '../domain/config';
import { relationChange } from '../domain/relation-change';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import { withKnex } from '../utils/db';
import { getService } from '../utils/get-service';
import { findStage, relatedAfter, stagesOf } from './journey-rows';
import type { Context, StageRow } from './types';
import { fieldsAfter, newProblems, refuse, schemaFields, unknownKeys } from './validation-problems';

/**
 * Tags point at a stage by id, the old journey's intent mapping by key: a stage that carries
 * either stays in its journey, or entries would change journey without anyone choosing it.
 */
export const moveProblems = async (strapi: Core.Strapi, stage: StageRow, field: string) => {
  const from = stage.journey;
  if (!from) return [];
  const problems: string[] = [];
  const usage = await withKnex(strapi, (knex) =>
    getService(strapi, 'content-types').usage(knex, [stage.id])
  );
  const entries = usage.reduce((sum, u) => sum + u.documents, 0);
  if (entries) {
    problems.push(
      `${field}: stage "${from.key}.${stage.key}" tags ${entries} ${entries === 1 ? 'entry' : 'entries'} and cannot move to another journey; create the stage there and delete this one with moveTo`
    );
  }
  const mapped = Object.entries((from.intentStages ?? {}) as Record<string, unknown>)
    .filter(([, key]) => key === stage.key)
    .map(([intent]) => intent);
  if (mapped.length) {
    problems.push(
      `${field}: stage "${from.key}.${stage.key}" is the intent stage of ${mapped.join(', ')} in journey "${from.key}" and cannot move to another journey`
    );
  }
  return problems;
};

/** Tags and filters name a stage by journey and key, so a key is unique in its journey. */
const twinProblems = async (
  strapi: Core.Strapi,
  key: unknown,
  journeyId: number,
  self?: StageRow | null
) => {
  if (typeof key !== 'string') return [];
  const twins = (await strapi.db.query(STAGE_UID).findMany({
    where: { key, journey: { id: journeyId } },
    populate: ['journey'],
  })) as StageRow[];
  const twin = twins.find((t) => t.id !== self?.id);
  return twin ? [`key "${key}" is already used in journey "${twin.journey?.key}"`] : [];
};

/** nextStages name stages of the journey the stage has after the write. */
const nextStagesProblems = async (
  strapi: Core.Strapi,
  current: StageRow | null,
  journeyId: number,
  nextStages: unknown
) => {
  if (!Array.isArray(nextStages) || !nextStages.length) return [];
  const keys = (await stagesOf(strapi, journeyId))
    .filter((s) => s.id !== current?.id)
    .map((s) => s.key);
  return nextStages
    .filter((k) => typeof k === 'string' && !keys.includes(k))
    .map(
      (k) =>
        `nextStages: unknown stage key "${k}"; other stages of the journey: ${keys.join(', ') || '(none)'}`
    );
};

/** The problems of the stage's journey after the write: it has one, and may move to it. */
const stageJourneyProblems = async (
  strapi: Core.Strapi,
  current: StageRow | null,
  data: Record<string, unknown>,
  fields: { key: unknown; nextStages: unknown }
) => {
  const before = current?.journey ? [current.journey.id] : [];
  // A stage belongs to one journey: of several, the document service keeps the last.
  const [after] = (
    await relatedAfter(strapi, JOURNEY_UID, before, relationChange(data.journey))
  ).slice(-1);
  if (after === undefined) {
    return [
      current
        ? `journey: stage "${current.journey?.key ?? '?'}.${current.key}" cannot be left without a journey; delete it in Settings → Journey instead`
        : 'journey: a stage needs a journey',
    ];
  }
  const moves = current && before.length && after !== before[0];
  const keyChanges = fields.key !== current?.key || after !== before[0];
  const nextChanges = data.nextStages !== undefined || after !== before[0];
  return [
    ...(moves ? await moveProblems(strapi, current, 'journey') : []),
    ...(keyChanges ? await twinProblems(strapi, fields.key, after, current) : []),
    ...(nextChanges ? await nextStagesProblems(strapi, current, after, fields.nextStages) : []),
  ];
};

/** Refuses a stage create or update that breaks a rule; answers the stage as it was. */
export const validateStageWrite = async (strapi: Core.Strapi, context: Context) => {
  const current =
    context.action === 'update' ? await findStage(strapi, context.params.documentId) : null;
  if (context.action === 'update' && !current) return null;
  const data = context.params.data ?? {};
  const before = current ? schemaFields(stageSchema, current) : {};
  const after = fieldsAfter(before, stageSchema, data);
  const problems = [
    ...unknownKeys(strapi, STAGE_UID, data),
    ...newProblems(
      current ? schemaProblems(stageSchema, before) : [],
      schemaProblems(stageSchema, after),
      data
    ),
    ...(await stageJourneyProblems(strapi, current, data, {
      key: after.key,
      nextStages: after.nextStages,
    })),
  ];
  if (problems.length) refuse('stage', problems);
  return current;
};
