import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { STAGE_UID, STAGES_FIELD } from './utils/constants';
import {
  asConflict,
  dbClient,
  locking,
  retryOnConflict,
  StaleReadError,
  withKnex,
  type Knex,
} from './utils/db';
import { getService } from './utils/get-service';
import { relationChange, type Ref } from './domain/relation-change';

type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
};
type Next = () => Promise<unknown>;

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

// Set while a write is run again after a deadlock, so that the inner run does not retry too.
const rerun = new AsyncLocalStorage<boolean>();

/**
 * Makes a tag write and a stage delete exclusive: before an editor's write of a journey-aware
 * type links stages, it locks them for share, in the transaction the document service then
 * reuses. A stage delete locks the stage for update, so it waits for writes in flight (and then
 * moves their tags), and writes that come later find the stage gone and are refused with a 400
 * naming it, instead of failing on a foreign key or being cascaded away.
 */
export const registerTagGuard = (strapi: Core.Strapi) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const stageTable = () => strapi.db.metadata.get(STAGE_UID).tableName;

  /** The stages the document's rows link now. */
  const currentStages = async (knex: Knex, context: Context) => {
    if (!context.params.documentId) return [];
    const t = contentTypes().tagTable(context.uid);
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
  const lockStages = (context: Context, refs: Ref[]) =>
    withKnex(strapi, async (knex) => {
      const current = await currentStages(knex, context);
      const ids = [
        ...current,
        ...refs.filter((r) => r.id !== undefined).map((r) => r.id as number),
      ];
      const documentIds = refs.filter((r) => r.documentId).map((r) => r.documentId as string);
      const query = knex(stageTable())
        .select('id', 'document_id as documentId')
        .where((where) => {
          where.whereIn('id', ids.length ? ids : [-1]);
          if (documentIds.length) where.orWhereIn('document_id', documentIds);
        })
        .orderBy('id');
      const locked = (await locking(strapi, query, 'share')) as Array<{
        id: number | string;
        documentId: string;
      }>;
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

  const assertStagesExist = (
    refs: Ref[],
    found: Array<{ id: number | string; documentId: string }>
  ) => {
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

  const lockThenWrite = (context: Context, next: Next) =>
    strapi.db.transaction(async () => {
      const refs = linkedStageRefs(context.params.data?.[STAGES_FIELD]);
      assertStagesExist(refs, await lockStages(context, refs));
      return next();
    });

  const middleware = async (ctx: unknown, next: Next) => {
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
    if (strapi.db.inTransaction() || rerun.getStore()) {
      return rerun.run(false, () =>
        lockThenWrite(context, next).catch((error) => {
          throw asConflict(error, `Saving ${context.uid} "${context.params.documentId ?? 'new'}"`);
        })
      );
    }
    let first = true;
    const params = context.params;
    return retryOnConflict(strapi, `Saving ${context.uid} "${params.documentId ?? 'new'}"`, () => {
      if (first) {
        first = false;
        return lockThenWrite(context, next);
      }
      // The middleware chain cannot be walked twice: run the whole call again.
      const service = strapi.documents(context.uid as never) as unknown as Record<
        string,
        (p: unknown) => Promise<unknown>
      >;
      return rerun.run(true, () => service[context.action](params));
    });
  };
  strapi.documents.use(middleware as unknown as Parameters<typeof strapi.documents.use>[0]);
};
