import type { Core } from '@strapi/strapi';
import { relationChange } from '../domain/relation-change';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import { joinTableOf, locking, withKnex, type Knex } from '../utils/db';
import type { Context } from './types';

/**
 * Locks, as the first statement of the delete's transaction, the stage rows it removes: an
 * editor's write holds them for share (tag-write-locks.ts) until it commits, so the usage check
 * that follows sees every committed tag, and no tag slips in between the check and the link
 * table's cascade. First, because MySQL's later plain reads keep the snapshot of the first one.
 */
const lockForDelete = (strapi: Core.Strapi, where: (stages: ReturnType<Knex>) => void) =>
  withKnex(strapi, async (knex) => {
    const query = knex(`${strapi.db.metadata.get(STAGE_UID).tableName} as s`).select('s.id');
    where(query);
    await locking(strapi, query, 'update');
  });

export const lockStage = (strapi: Core.Strapi, documentId?: string) =>
  lockForDelete(strapi, (q) => {
    q.where('s.document_id', documentId ?? '');
  });

export const lockStagesOf = (strapi: Core.Strapi, journeyDocumentId?: string) => {
  const joinTable = joinTableOf(strapi, STAGE_UID, 'journey');
  return lockForDelete(strapi, (q) => {
    q.join(`${joinTable.name} as l`, `l.${joinTable.joinColumn.name}`, 's.id')
      .join(
        `${strapi.db.metadata.get(JOURNEY_UID).tableName} as j`,
        'j.id',
        `l.${joinTable.inverseJoinColumn.name}`
      )
      .where('j.document_id', journeyDocumentId ?? '');
  });
};

/**
 * Locks the journeys a stage write touches (the one it has, the one it joins), first in the
 * transaction: key uniqueness and the intent mapping are judged per journey, so two writes
 * to one journey's stages take turns instead of both passing the check.
 */
export const lockJourneysOf = (strapi: Core.Strapi, context: Context) =>
  withKnex(strapi, async (knex) => {
    const joinTable = joinTableOf(strapi, STAGE_UID, 'journey');
    const change = relationChange(context.params.data?.journey);
    const refs = change ? [...(change.set ?? []), ...change.connect] : [];
    const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
    const ids = refs.flatMap((r) => (r.documentId || r.id === undefined ? [] : [r.id]));
    const current = context.params.documentId
      ? knex(`${joinTable.name} as l`)
          .join(
            `${strapi.db.metadata.get(STAGE_UID).tableName} as s`,
            's.id',
            `l.${joinTable.joinColumn.name}`
          )
          .where('s.document_id', context.params.documentId)
          .select(`l.${joinTable.inverseJoinColumn.name}`)
      : null;
    if (!documentIds.length && !ids.length && !current) return;
    const query = knex(strapi.db.metadata.get(JOURNEY_UID).tableName)
      .select('id')
      .where((q) => {
        q.whereIn('document_id', documentIds).orWhereIn('id', ids);
        if (current) q.orWhereIn('id', current);
      })
      .orderBy('id');
    await locking(strapi, query, 'update');
  });
