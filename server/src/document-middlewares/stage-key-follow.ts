import type { Core } from '@strapi/strapi';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import { stagesOf } from './journey-rows';
import type { StageRow } from './types';

/**
 * Other stages name this one in nextStages by key: a re-key renames it there, a delete drops
 * it. Written through the query layer: only the key changes, the rest was valid already.
 */
const followInNextStages = async (
  strapi: Core.Strapi,
  journeyId: number,
  stage: StageRow,
  to: string | null,
  updatedBy: unknown
) => {
  for (const sibling of await stagesOf(strapi, journeyId)) {
    const next = Array.isArray(sibling.nextStages) ? (sibling.nextStages as string[]) : [];
    if (sibling.id === stage.id || !next.includes(stage.key)) continue;
    const renamed = next.flatMap((k) => (k !== stage.key ? [k] : to ? [to] : []));
    await strapi.db.query(STAGE_UID).update({
      where: { id: sibling.id },
      // The optimistic check names whoever changed a stage last: that is this write's author.
      data: { nextStages: [...new Set(renamed)], updatedBy: updatedBy ?? null },
    });
  }
};

/**
 * The journey's intent mapping names stages by key: it follows a stage re-keyed or deleted
 * here as it does in Settings → Journey, so no path leaves it naming a stage that is gone.
 */
export const followStageKey = async (
  strapi: Core.Strapi,
  stage: StageRow,
  to: string | null,
  updatedBy?: unknown
) => {
  const journey = stage.journey;
  if (!journey) return;
  await followInNextStages(strapi, journey.id, stage, to, updatedBy);
  const mapping = (journey.intentStages ?? {}) as Record<string, string | null>;
  if (!Object.values(mapping).includes(stage.key)) return;
  const intentStages = Object.fromEntries(
    Object.entries(mapping).map(([intent, key]) => [intent, key === stage.key ? to : key])
  );
  await strapi
    .documents(JOURNEY_UID as never)
    .update({ documentId: journey.documentId, data: { intentStages } } as never);
};
