import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import isEqual from 'lodash/isEqual';
import type { StoredJourney, StoredStage } from '../../domain/stored';
import { JOURNEY_UID, STAGE_UID } from '../../utils/constants';
import {
  ConflictError,
  lockJourneys,
  lockRows,
  retryOnConflict,
  StaleReadError,
  withKnex,
} from '../../utils/db';
import { getService } from '../../utils/get-service';
import { WriteOptions, updatedBy } from './shared';
import type { JourneyStore } from './store';

/** Reordering stages, and deleting stages and journeys with their tags moved or refused. */
export const journeyRemoval = (strapi: Core.Strapi, journeyStore: JourneyStore) => {
  const { journeys, stages, contentTypes, list, findByKey } = journeyStore;

  const requireJourney = async (key: string) => {
    const journey = await findByKey(key);
    if (!journey) {
      const keys = (await list()).map((j) => j.key);
      throw new errors.NotFoundError(
        `Unknown journey "${key}"; journeys: ${keys.join(', ') || '(none)'}`
      );
    }
    return journey;
  };

  /** Sets stage positions from a list of keys; tags reference stages by id, so none changes. */
  const reorderStages = async (
    journeyKey: string,
    stageKeys: unknown,
    options: WriteOptions = {}
  ) => {
    const journey = await requireJourney(journeyKey);
    const current = journey.stages.map((s) => s.key);
    const valid =
      Array.isArray(stageKeys) &&
      stageKeys.length === current.length &&
      current.every((k) => stageKeys.includes(k));
    if (!valid) {
      throw new errors.ValidationError(
        `"stages" must list each stage key of journey "${journeyKey}" exactly once: ${current.join(', ')}`
      );
    }
    await strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      // As for journeys: the positions and the stages as they are once the lock is held.
      const locked = await requireJourney(journeyKey);
      if (!isEqual(locked.stages.map((s) => s.key).sort(), [...current].sort())) {
        throw new ConflictError(
          `Stages of journey "${journeyKey}" were added, renamed or deleted while this order was being saved; nothing was reordered. Reload and try again.`
        );
      }
      for (const [position, key] of (stageKeys as string[]).entries()) {
        const stage = locked.stages.find((s) => s.key === key) as StoredStage;
        if (stage.position !== position) {
          await stages().update({
            documentId: stage.documentId,
            data: { position, ...updatedBy(options) },
          } as never);
        }
      }
    });
    return requireJourney(journeyKey);
  };

  /** Finds a stage by documentId, by "journey.stage" key, or by key within `journey`. */
  const resolveStage = async (ref: string, journey?: StoredJourney) => {
    const all = await list();
    const [journeyKey, stageKey] = ref.includes('.') ? ref.split('.', 2) : [journey?.key, ref];
    for (const j of all) {
      const byId = j.stages.find((s) => s.documentId === ref);
      if (byId) return { journey: j, stage: byId };
      if (j.key === journeyKey) {
        const byKey = j.stages.find((s) => s.key === stageKey);
        if (byKey) return { journey: j, stage: byKey };
      }
    }
    return null;
  };

  const usageMessage = (usage: Array<{ contentType: string; documents: number }>) => {
    const total = usage.reduce((sum, u) => sum + u.documents, 0);
    const parts = usage.map((u) => `${u.documents} in ${u.contentType}`).join(', ');
    return { total, text: `${total} ${total === 1 ? 'entry' : 'entries'} (${parts})` };
  };

  const stageUsage = (stageIds: number[]) =>
    withKnex(strapi, (knex) => contentTypes().usage(knex, stageIds));

  /**
   * Refuses, with the count per content type, to delete stages that tag entries, unless
   * `moveTo` names a stage to carry those tags. Used by the routes and by the guard on the
   * document service, so the content manager obeys the same rule.
   */
  const assertDeletable = async (stageIds: number[], what: string) => {
    const usage = await stageUsage(stageIds);
    if (usage.length) {
      const { text } = usageMessage(usage);
      throw new errors.ApplicationError(
        `${what} is used by ${text}. Name a stage to move them to (moveTo) before deleting it.`,
        { usage }
      );
    }
  };

  const moveTo = async (ref: string, excluded: number[], journey?: StoredJourney) => {
    const target = await resolveStage(ref, journey);
    if (!target || excluded.includes(target.stage.id)) {
      throw new errors.ValidationError(
        `moveTo "${ref}" is not a stage that remains; give a stage documentId or "journey.stage" key`
      );
    }
    return target;
  };

  const stageTable = () => strapi.db.metadata.get(STAGE_UID).tableName;
  const journeyTable = () => strapi.db.metadata.get(JOURNEY_UID).tableName;

  /**
   * Locks the journey row, then the stage rows being removed (editors lock the stages they link
   * for share, so they wait for the removal or it waits for them), then the target for share so
   * it cannot go away under the move. Returns the removed ids that still existed.
   */
  const lockForRemoval = async (journeyId: number, removed: number[], target?: number) => {
    await lockJourneys(strapi);
    await lockRows(strapi, journeyTable(), [journeyId], 'update');
    const stillThere = await lockRows(strapi, stageTable(), removed, 'update');
    if (target) await lockRows(strapi, stageTable(), [target], 'share');
    return stillThere;
  };

  /**
   * Moves the tags of `removed` onto the stage `ref` names, which must still be the stage locked
   * as `lockedTarget`; returns what the answer reports.
   */
  const moveTagsTo = async (
    ref: string,
    removed: number[],
    lockedTarget: number | undefined,
    journey?: StoredJourney
  ) => {
    const target = await moveTo(ref, removed, journey);
    if (target.stage.id !== lockedTarget) {
      throw new StaleReadError(
        `moveTo "${ref}" changed meanwhile; nothing was deleted, try again.`
      );
    }
    const { total } = usageMessage(await stageUsage(removed));
    // The moved documents' cells follow in this transaction (the stages are locked: no editor
    // links or unlinks them meanwhile, so the documents read here are all the move touches).
    const cells = getService(strapi, 'cells');
    await cells.track(await cells.linkedDocuments(removed), () =>
      withKnex(strapi, (knex) => contentTypes().moveTags(knex, removed, target.stage.id))
    );
    return { to: `${target.journey.key}.${target.stage.key}`, entries: total };
  };

  /** The moveTo target of a removal, resolved before the locks so that it can be locked too. */
  const targetId = async (ref: string | undefined, journey?: StoredJourney) =>
    ref ? (await resolveStage(ref, journey))?.stage.id : undefined;

  /**
   * Moves the stage's tags (with `moveTo`) and deletes it in one transaction, with the stage
   * locked: a tag an editor commits meanwhile is either moved or refused, never dropped by the
   * link table's cascade.
   */
  const deleteStage = (documentId: string, options: { moveTo?: string } = {}) =>
    retryOnConflict(strapi, `Deleting stage "${documentId}"`, async () => {
      const before = await resolveStage(documentId);
      if (!before) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
      const target = await targetId(options.moveTo, before.journey);
      return strapi.db.transaction(async () => {
        // Locks first: on MySQL the first plain read fixes the transaction's snapshot.
        const stillThere = await lockForRemoval(before.journey.id, [before.stage.id], target);
        // Read again under the locks: the journey's intent mapping may have changed meanwhile.
        const found = stillThere.length ? await resolveStage(documentId) : null;
        if (!found) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
        const { stage, journey } = found;
        const moved = options.moveTo
          ? await moveTagsTo(options.moveTo, [stage.id], target, journey)
          : null;
        // An intent mapped onto the stage follows its tags to a target in the same journey; the
        // guard on the document service clears any mapping still naming the stage once it is gone.
        const to = moved && moved.to.startsWith(`${journey.key}.`) ? moved.to.split('.')[1] : null;
        if (to) await remapIntentStages(journey, stage.key, to);
        await stages().delete({ documentId: stage.documentId } as never);
        return { deleted: `${journey.key}.${stage.key}`, moved };
      });
    });

  const deleteJourney = (key: string, options: { moveTo?: string } = {}) =>
    retryOnConflict(strapi, `Deleting journey "${key}"`, async () => {
      const before = await requireJourney(key);
      const target = await targetId(options.moveTo);
      return strapi.db.transaction(async () => {
        const ids = before.stages.map((s) => s.id);
        await lockForRemoval(before.id, ids, target);
        // Stages added before the journey row was locked are read here and locked too.
        const journey = await requireJourney(key);
        const all = journey.stages.map((s) => s.id);
        await lockRows(strapi, stageTable(), all, 'update');
        const moved = options.moveTo ? await moveTagsTo(options.moveTo, all, target) : null;
        await journeys().delete({ documentId: journey.documentId } as never);
        return { deleted: journey.key, moved };
      });
    });

  const remapIntentStages = async (journey: StoredJourney, from: string, to: string) => {
    const mapping = journey.intentStages ?? {};
    if (!Object.values(mapping).includes(from)) return;
    const intentStages = Object.fromEntries(
      Object.entries(mapping).map(([intent, key]) => [intent, key === from ? to : key])
    );
    await journeys().update({ documentId: journey.documentId, data: { intentStages } } as never);
  };

  return {
    requireJourney,
    reorderStages,
    resolveStage,
    usageMessage,
    stageUsage,
    assertDeletable,
    moveTo,
    stageTable,
    journeyTable,
    lockForRemoval,
    moveTagsTo,
    targetId,
    deleteStage,
    deleteJourney,
  };
};

export type JourneyRemoval = ReturnType<typeof journeyRemoval>;
