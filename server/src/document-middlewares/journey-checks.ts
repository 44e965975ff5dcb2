import type { Core } from '@strapi/strapi';
import { journeyFieldsSchema, journeyProblems, schemaProblems } from '../domain/config';
import type { JourneyDefinition } from '../domain/journeys';
import { relationChange } from '../domain/relation-change';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import { findJourney, relatedAfter } from './journey-rows';
import { moveProblems } from './stage-checks';
import type { Context, JourneyRow, Row, StageRow } from './types';
import { fieldsAfter, newProblems, refuse, schemaFields, unknownKeys } from './validation-problems';

/** The stages a journey will have: none may be dropped, and only a free stage may join. */
const journeyStageProblems = async (
  strapi: Core.Strapi,
  current: JourneyRow | null,
  data: Record<string, unknown>
) => {
  const before = (current?.stages ?? []).map((s) => s.id);
  const after = await relatedAfter(strapi, STAGE_UID, before, relationChange(data.stages));
  const problems = (current?.stages ?? [])
    .filter((s) => !after.includes(s.id))
    .map(
      (s) =>
        `stages: stage "${current?.key}.${s.key}" cannot be left without a journey; delete it in Settings → Journey instead`
    );
  const joining = after.filter((id) => !before.includes(id));
  for (const id of joining) {
    const stage = (await strapi.db.query(STAGE_UID).findOne({
      where: { id },
      populate: ['journey'],
    })) as StageRow;
    problems.push(...(await moveProblems(strapi, stage, 'stages')));
  }
  const stages = joining.length
    ? ((await strapi.db.query(STAGE_UID).findMany({ where: { id: { $in: after } } })) as Row[])
    : (current?.stages ?? []);
  return { problems, stages };
};

/** The journey's field problems, and once the fields have the right shape, its cross-checks. */
const wholeJourneyProblems = (fields: Record<string, unknown>, stages: Row[]) => {
  const fieldProblems = schemaProblems(journeyFieldsSchema, fields);
  // Cross-checks read the fields, so they only run on fields of the right shape.
  return fieldProblems.length
    ? fieldProblems
    : journeyProblems({ ...fields, stages } as unknown as JourneyDefinition, '').map((p) =>
        p.replace(/^\./, '')
      );
};

/** Refuses a journey create or update that breaks a rule. */
export const validateJourneyWrite = async (strapi: Core.Strapi, context: Context) => {
  const current =
    context.action === 'update' ? await findJourney(strapi, context.params.documentId) : null;
  if (context.action === 'update' && !current) return;
  const data = context.params.data ?? {};
  const before = current ? schemaFields(journeyFieldsSchema, current) : {};
  const after = fieldsAfter(before, journeyFieldsSchema, data);
  const { problems, stages } = await journeyStageProblems(strapi, current, data);
  problems.unshift(
    ...unknownKeys(strapi, JOURNEY_UID, data),
    ...newProblems(
      current ? wholeJourneyProblems(before, current.stages) : [],
      wholeJourneyProblems(after, stages),
      data
    )
  );
  if (problems.length) refuse('journey', problems);
};
