import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { STAGE_UID, STAGES_FIELD } from '../utils/constants';
import { dbClient, locking, StaleReadError, withKnex, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { relationChange, type Ref } from '../domain/relation-change';
import { writeRetryingOnConflict } from './retry-write';
import { useDocumentMiddleware, type Context, type Next } from './types';

type LockedStage = { id: number | string; documentId: string };

/** Writes that link stages: from their data, or by copying a document's links (publish, discard, clone). */
const LINKING_ACTIONS = ['create', 'update', 'publish', 'discardDraft', 'clone'];

/**
 * The stages a relation value links, in every shape the document service takes (the same reading
 * as the journey guards'): what `set` or `connect` names; `disconnect` links nothing.
 */
export const linkedStageRefs = (value: unknown): Ref[] => {
  const change = relationChange(value);
  return change ? [...(change.set ?? []), ...change.connect] : [];
};

/** The stages the document's rows link now. */
const currentStages = async (strapi: Core.Strapi, knex: Knex, context: Context) => {
  if (!context.params.documentId) return [];
  const t = getService(strapi, 'content-types').tagTable(context.uid);
  const rows = (await knex(`${t.joinTable} as l`)
    .join(`${t.table} as e`, 'e.id', `l.${t.entryColumn}`)
    .where(`e.${t.documentId}`, context.params.documentId)
    .distinct({ id: `l.${t.stageColumn}` })) as Array<{ id: number | string }>;
  return rows.map((r) => Number(r.id));
};

/**
 * Locks, in one query sorted by id, the stages the data names and those the document's rows
 * link now (publish and discard copy them; an update replaces them, and a move must not
 * rewrite them meanwhile).
 */
const lockStages = (strapi: Core.Strapi, context: Context, refs: Ref[]) =>
  withKnex(strapi, async (knex) => {
    const current = await currentStages(strapi, knex, context);
    const ids = [...current, ...refs.filter((r) => r.id !== undefined).map((r) => r.id as number)];
    const documentIds = refs.filter((r) => r.documentId).map((r) => r.documentId as string);
    const query = knex(strapi.db.metadata.get(STAGE_UID).tableName)
      .select('id', 'document_id as documentId')
      .where((where) => {
        where.whereIn('id', ids.length ? ids : [-1]);
        if (documentIds.length) where.orWhereIn('document_id', documentIds);
      })
      .orderBy('id');
    const locked = (await locking(strapi, query, 'share')) as LockedStage[];
    // A linked stage deleted while we waited for its lock had its links moved. PostgreSQL's
    // next statements see that; MySQL's keep the snapshot of the first read, before the move.
    if (
      dbClient(strapi) === 'mysql' &&
      current.some((id) => !locked.some((l) => Number(l.id) === id))
    ) {
      throw new StaleReadError(
        `The stages of this entry changed while it was being saved (a stage was deleted); nothing was saved, try again.`
      );
    }
    return locked;
  });

const assertStagesExist = (refs: Ref[], found: LockedStage[]) => {
  const missing = refs.filter(
    (r) =>
      !found.some((f) => (r.documentId ? f.documentId === r.documentId : Number(f.id) === r.id))
  );
  if (missing.length) {
    const names = missing.map((r) => `"${r.documentId ?? r.id}"`).join(', ');
    throw new errors.ValidationError(
      `${STAGES_FIELD} names ${missing.length === 1 ? 'a stage that no longer exists' : 'stages that no longer exist'}: ${names} (deleted meanwhile?). Reload the entry and choose from the current stages.`,
      { key: STAGES_FIELD, missing: missing.map((r) => r.documentId ?? r.id) }
    );
  }
};

const lockThenWrite = (strapi: Core.Strapi, context: Context, next: Next) =>
  strapi.db.transaction(async () => {
    const refs = linkedStageRefs(context.params.data?.[STAGES_FIELD]);
    assertStagesExist(refs, await lockStages(strapi, context, refs));
    return next();
  });

/**
 * Makes a tag write and a stage delete exclusive: before an editor's write of a journey-aware
 * type links stages, it locks them for share, in the transaction the document service then
 * reuses. A stage delete locks the stage for update, so it waits for writes in flight (and then
 * moves their tags), and writes that come later find the stage gone and are refused with a 400
 * naming it, instead of failing on a foreign key or being cascaded away.
 */
export const registerTagWriteLocks = (strapi: Core.Strapi) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const retrying = writeRetryingOnConflict(strapi);

  useDocumentMiddleware(strapi, async (ctx, next) => {
    const context = ctx as Context;
    if (!LINKING_ACTIONS.includes(context.action) || !contentTypes().isJourneyAware(context.uid)) {
      return next();
    }
    // A new entry without tags links nothing: no lock, no transaction of ours.
    if (
      !context.params.documentId &&
      !linkedStageRefs(context.params.data?.[STAGES_FIELD]).length
    ) {
      return next();
    }
    return retrying(context, () => lockThenWrite(strapi, context, next));
  });
};
