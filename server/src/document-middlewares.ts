import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { keyProblem } from './domain/keys';
import { JOURNEY_UID, STAGE_UID } from './utils/constants';
import { getService } from './utils/get-service';

type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
};
type Next = () => Promise<unknown>;
type Row = { id: number; documentId: string; key: string };

/** Accepts the shapes the document service takes for a relation: documentId, {connect}, {set}. */
const relatedDocumentId = (value: unknown): string | undefined => {
  if (typeof value === 'string') return value;
  if (!value || typeof value !== 'object') return undefined;
  const v = value as { documentId?: string; connect?: unknown; set?: unknown };
  if (v.documentId) return v.documentId;
  const list = (v.connect ?? v.set) as unknown;
  const first = Array.isArray(list) ? list[0] : list;
  return typeof first === 'string'
    ? first
    : (first as { documentId?: string } | undefined)?.documentId;
};

/**
 * Guards that hold wherever a journey or stage is written, the content manager included:
 * keys stay slugs, stage keys stay unique in their journey, and no delete drops a tag.
 */
export const registerDocumentMiddlewares = (strapi: Core.Strapi) => {
  const journeys = () => getService(strapi, 'journeys');

  const checkStageKey = async (context: Context) => {
    const data = context.params.data ?? {};
    if (data.key === undefined && data.journey === undefined) return;
    const current = context.params.documentId
      ? ((await strapi.db.query(STAGE_UID).findOne({
          where: { documentId: context.params.documentId },
          populate: ['journey'],
        })) as (Row & { journey?: Row | null }) | null)
      : null;
    const key = (data.key ?? current?.key) as string | undefined;
    const problem = keyProblem(key);
    if (problem) throw new errors.ValidationError(`Stage key ${problem}`);
    const journeyDocumentId = relatedDocumentId(data.journey) ?? current?.journey?.documentId;
    if (!journeyDocumentId) return;
    const twins = (await strapi.db.query(STAGE_UID).findMany({
      where: { key, journey: { documentId: journeyDocumentId } },
    })) as Row[];
    if (twins.some((t) => t.documentId !== context.params.documentId)) {
      throw new errors.ValidationError(`Stage key "${key}" is already used in this journey`);
    }
  };

  const checkJourneyKey = (context: Context) => {
    const key = context.params.data?.key;
    if (key === undefined) return;
    const problem = keyProblem(key);
    if (problem) throw new errors.ValidationError(`Journey key ${problem}`);
  };

  const guardStageDelete = async (context: Context) => {
    const stage = (await strapi.db.query(STAGE_UID).findOne({
      where: { documentId: context.params.documentId },
      populate: ['journey'],
    })) as (Row & { journey?: Row | null }) | null;
    if (stage) {
      await journeys().assertDeletable(
        [stage.id],
        `Stage "${stage.journey?.key ?? '?'}.${stage.key}"`
      );
    }
  };

  /** A journey takes its stages with it, once none of them tags an entry. */
  const deleteJourney = async (context: Context, next: Next) => {
    const journey = (await strapi.db.query(JOURNEY_UID).findOne({
      where: { documentId: context.params.documentId },
      populate: ['stages'],
    })) as (Row & { stages: Row[] }) | null;
    if (!journey) return next();
    await journeys().assertDeletable(
      journey.stages.map((s) => s.id),
      `Journey "${journey.key}"`
    );
    const result = await next();
    for (const stage of journey.stages) {
      await strapi.documents(STAGE_UID as never).delete({ documentId: stage.documentId } as never);
    }
    return result;
  };

  type Middleware = Parameters<typeof strapi.documents.use>[0];
  const middleware = async (ctx: unknown, next: Next) => {
    const context = ctx as unknown as Context;
    if (context.uid === STAGE_UID) {
      if (context.action === 'create' || context.action === 'update') await checkStageKey(context);
      if (context.action === 'delete') await guardStageDelete(context);
    }
    if (context.uid === JOURNEY_UID) {
      if (context.action === 'create' || context.action === 'update') checkJourneyKey(context);
      if (context.action === 'delete') return deleteJourney(context, next);
    }
    return next();
  };
  strapi.documents.use(middleware as unknown as Middleware);
};
