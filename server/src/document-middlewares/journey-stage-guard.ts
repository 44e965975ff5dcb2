import type { Core } from '@strapi/strapi';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import { lockJourneys } from '../utils/db';
import { getService } from '../utils/get-service';
import { validateJourneyWrite } from './journey-checks';
import { lockJourneysOf, lockStage, lockStagesOf } from './journey-locks';
import { findJourney, findStage } from './journey-rows';
import { validateStageWrite } from './stage-checks';
import { followStageKey } from './stage-key-follow';
import { useDocumentMiddleware, type Context, type Next } from './types';
import { refuse } from './validation-problems';

/**
 * A stage that still tags entries is refused (the routes' moveTo moves its tags first); once it
 * is gone, the other stages' nextStages and the intent mapping stop naming it.
 */
const deleteStage = (strapi: Core.Strapi, context: Context, next: Next) =>
  strapi.db.transaction(async () => {
    await lockJourneys(strapi);
    await lockStage(strapi, context.params.documentId);
    const stage = await findStage(strapi, context.params.documentId);
    if (stage) {
      await getService(strapi, 'journeys').assertDeletable(
        [stage.id],
        `Stage "${stage.journey?.key ?? '?'}.${stage.key}"`
      );
    }
    const result = await next();
    if (stage) await followStageKey(strapi, stage, null);
    return result;
  });

/** A stage create or update, checked; a re-key is followed wherever its key is named. */
const writeStage = (strapi: Core.Strapi, context: Context, next: Next) =>
  strapi.db.transaction(async () => {
    await lockJourneys(strapi);
    await lockJourneysOf(strapi, context);
    const stage = await validateStageWrite(strapi, context);
    const result = await next();
    const key = context.params.data?.key;
    if (stage && key !== undefined && key !== stage.key) {
      await followStageKey(
        strapi,
        stage,
        typeof key === 'string' ? key : null,
        context.params.data?.updatedBy
      );
      // Answers name the stage by key: its cells' versions move, so caches of them drop.
      await getService(strapi, 'cells').touchStage(stage.id, stage.journey?.id ?? null);
    }
    return result;
  });

/** A journey takes its stages with it, once none of them tags an entry. */
const deleteJourney = (strapi: Core.Strapi, context: Context, next: Next) =>
  strapi.db.transaction(async () => {
    await lockJourneys(strapi);
    await lockStagesOf(strapi, context.params.documentId);
    const journey = await findJourney(strapi, context.params.documentId);
    if (!journey) return next();
    await getService(strapi, 'journeys').assertDeletable(
      journey.stages.map((s) => s.id),
      `Journey "${journey.key}"`
    );
    const result = await next();
    for (const stage of journey.stages) {
      await strapi.documents(STAGE_UID as never).delete({ documentId: stage.documentId } as never);
    }
    return result;
  });

/** A journey create or update, checked. */
const writeJourney = (strapi: Core.Strapi, context: Context, next: Next) =>
  strapi.db.transaction(async () => {
    await lockJourneys(strapi);
    await validateJourneyWrite(strapi, context);
    return next();
  });

/**
 * A clone copies the source's relations: a cloned stage would share its key within the
 * journey, a cloned journey would take the stages. Settings → Journey and import create them.
 */
const refuseClone = (what: string) =>
  refuse(what, [`${what}s are not cloned; create one in Settings → Journey or import it`]);

/**
 * Guards that hold wherever a journey or stage is written (Settings → Journey, import, the
 * content manager, app code): fields pass the same schemas as the plugin's routes, keys stay
 * unique, every stage keeps its journey, and no delete or move drops a tag.
 */
export const registerJourneyStageGuard = (strapi: Core.Strapi) => {
  useDocumentMiddleware(strapi, async (ctx, next) => {
    const context = ctx as Context;
    const { uid, action } = context;
    if (uid !== STAGE_UID && uid !== JOURNEY_UID) return next();
    if (action === 'clone') refuseClone(uid === STAGE_UID ? 'stage' : 'journey');
    if (action !== 'create' && action !== 'update' && action !== 'delete') return next();
    if (uid === STAGE_UID) {
      return action === 'delete'
        ? deleteStage(strapi, context, next)
        : writeStage(strapi, context, next);
    }
    return action === 'delete'
      ? deleteJourney(strapi, context, next)
      : writeJourney(strapi, context, next);
  });
};
