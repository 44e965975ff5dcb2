import type { Core } from '@strapi/strapi';
import { idsAfter, type Ref, type RelationChange } from '../domain/relation-change';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import type { JourneyRow, Row, StageRow } from './types';

export const findStage = async (strapi: Core.Strapi, documentId?: string) =>
  documentId
    ? ((await strapi.db.query(STAGE_UID).findOne({
        where: { documentId },
        populate: ['journey'],
      })) as StageRow | null)
    : null;

export const findJourney = async (strapi: Core.Strapi, documentId?: string) =>
  documentId
    ? ((await strapi.db.query(JOURNEY_UID).findOne({
        where: { documentId },
        populate: ['stages'],
      })) as JourneyRow | null)
    : null;

export const stagesOf = async (strapi: Core.Strapi, journeyId: number) =>
  (await strapi.db.query(STAGE_UID).findMany({
    where: { journey: { id: journeyId } },
    select: ['id', 'key', 'nextStages'],
  })) as Array<Row & { nextStages?: unknown }>;

/** Row ids of the refs that exist; a ref to nothing is the document service's to refuse. */
const resolveIds = async (strapi: Core.Strapi, uid: string, refs: Ref[]) => {
  if (!refs.length) return [];
  const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
  const ids = refs.flatMap((r) => (r.documentId || r.id === undefined ? [] : [r.id]));
  const rows = (await strapi.db.query(uid).findMany({
    where: { $or: [{ documentId: { $in: documentIds } }, { id: { $in: ids } }] },
    select: ['id', 'documentId'],
  })) as Row[];
  return refs.flatMap((r) => {
    const row = rows.find((x) => (r.documentId ? x.documentId === r.documentId : x.id === r.id));
    return row ? [row.id] : [];
  });
};

/** The related row ids after the write, from the ids before it. */
export const relatedAfter = async (
  strapi: Core.Strapi,
  uid: string,
  before: number[],
  change?: RelationChange
) =>
  change
    ? idsAfter(before, {
        set: change.set && (await resolveIds(strapi, uid, change.set)),
        connect: await resolveIds(strapi, uid, change.connect),
        disconnect: await resolveIds(strapi, uid, change.disconnect),
      })
    : before;
