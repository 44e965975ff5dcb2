import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { DemandOverride } from '../../domain/api-types';
import { ParamError } from '../../domain/content-params';
import { normalizeQuery } from '../../domain/demand-parse';
import { INTENTS, isIntent } from '../../domain/intents';
import { type Knex } from '../../utils/db';
import type { StoredJourney } from '../../domain/stored';
import { QUERY_UID, OVERRIDE_UID, AdminUser, nameOf, isoOf } from './shared';
import type { DemandChecks } from './preview';

/** Editors' corrections of a query's intent or stage, kept across imports. */
export const demandOverrides = (strapi: Core.Strapi, demandChecks: DemandChecks) => {
  const { table, column, newDocumentId, knex, requireJourney, requireLocale } = demandChecks;

  // -------------------------------------------------------------------------------------------
  // Overrides

  const overrideQuery = (value: unknown) => {
    const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
    if (!text || text.length > 255) {
      throw new ParamError(
        'query',
        typeof value === 'string' ? value : '',
        'the search query, 1 to 255 characters'
      );
    }
    return text;
  };

  const overrideView = (
    row: Record<string, unknown>,
    journey: StoredJourney,
    texts: Map<string, string>
  ): DemandOverride => {
    const queryNorm = String(row.queryNorm);
    const stage = journey.stages.find((s) => s.documentId === row.stageDocumentId);
    return {
      journey: journey.key,
      locale: String(row.locale),
      query: texts.get(queryNorm) ?? queryNorm,
      queryNorm,
      intent: (row.intent as string | null) ?? null,
      stage: stage?.key ?? null,
      updatedByName: (row.updatedByName as string | null) ?? null,
      updatedAt: isoOf(row.updatedAt),
    };
  };

  const OVERRIDE_FIELDS = [
    'locale',
    'queryNorm',
    'intent',
    'stageDocumentId',
    'updatedByName',
    'updatedAt',
  ];
  const overrideSelect = () =>
    Object.fromEntries(OVERRIDE_FIELDS.map((f) => [f, column(OVERRIDE_UID, f)]));

  /** The query as a file wrote it, for overrides listed by their normalised key. */
  const queryTexts = async (journey: StoredJourney, norms: string[]) => {
    const texts = new Map<string, string>();
    const Q = (attribute: string) => column(QUERY_UID, attribute);
    for (let i = 0; i < norms.length; i += 500) {
      const rows = (await knex()(table(QUERY_UID))
        .select({ queryNorm: Q('queryNorm') })
        .min({ query: Q('query') })
        .where(Q('journeyDocumentId'), journey.documentId)
        .whereIn(Q('queryNorm'), norms.slice(i, i + 500))
        .groupBy(Q('queryNorm'))) as Array<{ queryNorm: string; query: string }>;
      for (const r of rows) texts.set(r.queryNorm, r.query);
    }
    return texts;
  };

  const listOverrides = async (input: { journey?: unknown; locale?: unknown }) => {
    const journey = await requireJourney(input.journey);
    const query = knex()(table(OVERRIDE_UID))
      .select(overrideSelect())
      .where(column(OVERRIDE_UID, 'journeyDocumentId'), journey.documentId)
      .orderBy([
        { column: column(OVERRIDE_UID, 'locale'), order: 'asc' },
        { column: column(OVERRIDE_UID, 'queryNorm'), order: 'asc' },
      ]);
    if (input.locale !== undefined) {
      query.where(column(OVERRIDE_UID, 'locale'), await requireLocale(input.locale));
    }
    const rows = (await query) as Array<Record<string, unknown>>;
    const texts = await queryTexts(
      journey,
      rows.map((r) => String(r.queryNorm))
    );
    return rows.map((r) => overrideView(r, journey, texts));
  };

  /** Points the stored rows of one query at the override (or back at the classifier). */
  const applyToQueries = (
    db: Knex,
    journey: StoredJourney,
    locale: string,
    queryNorm: string,
    override: { intent: string | null; stageDocumentId: string | null } | null
  ) => {
    const Q = (attribute: string) => column(QUERY_UID, attribute);
    return db(table(QUERY_UID))
      .where(Q('journeyDocumentId'), journey.documentId)
      .andWhere(Q('locale'), locale)
      .andWhere(Q('queryNorm'), queryNorm)
      .update({
        [Q('intent')]: override?.intent ?? db.ref(Q('classifiedIntent')),
        [Q('stageDocumentId')]: override?.stageDocumentId ?? null,
        [Q('overridden')]: !!override,
      });
  };

  const putOverride = async (input: {
    journey?: unknown;
    locale?: unknown;
    query?: unknown;
    intent?: unknown;
    stage?: unknown;
    user?: AdminUser | null;
  }) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const query = overrideQuery(input.query);
    const queryNorm = normalizeQuery(query);
    const intent = input.intent === undefined || input.intent === null ? null : input.intent;
    if (intent !== null && !isIntent(intent)) {
      throw new ParamError('intent', String(intent), [...INTENTS, "null (keep the classifier's)"]);
    }
    const stageKey = input.stage === undefined || input.stage === null ? null : input.stage;
    const stage = stageKey === null ? null : journey.stages.find((s) => s.key === stageKey);
    if (stageKey !== null && !stage) {
      throw new ParamError('stage', String(stageKey), [
        ...journey.stages.map((s) => s.key),
        'null (follow the intent → stage mapping)',
      ]);
    }
    if (intent === null && !stage) {
      throw new ParamError(
        'intent',
        'null',
        'an intent or a stage (or both); to remove an override, DELETE it'
      );
    }
    const O = (attribute: string) => column(OVERRIDE_UID, attribute);
    const now = new Date();
    const values = {
      [O('intent')]: intent,
      [O('stageDocumentId')]: stage?.documentId ?? null,
      [O('updatedByName')]: nameOf(input.user)?.slice(0, 255) ?? null,
      [O('updatedAt')]: now,
    };
    const queriesUpdated = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      await db(table(OVERRIDE_UID))
        .insert({
          ...values,
          [O('documentId')]: newDocumentId(OVERRIDE_UID),
          [O('journeyDocumentId')]: journey.documentId,
          [O('locale')]: locale,
          [O('queryNorm')]: queryNorm,
          [O('createdAt')]: now,
          [O('publishedAt')]: now,
        })
        .onConflict([O('journeyDocumentId'), O('locale'), O('queryNorm')])
        .merge(Object.keys(values));
      return applyToQueries(db, journey, locale, queryNorm, {
        intent,
        stageDocumentId: stage?.documentId ?? null,
      });
    });
    return {
      journey: journey.key,
      locale,
      query,
      queryNorm,
      intent: intent as string | null,
      stage: stage?.key ?? null,
      updatedByName: nameOf(input.user),
      updatedAt: now.toISOString(),
      queriesUpdated: Number(queriesUpdated),
    } satisfies DemandOverride & { queriesUpdated: number };
  };

  const deleteOverride = async (input: {
    journey?: unknown;
    locale?: unknown;
    query?: unknown;
  }) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const queryNorm = normalizeQuery(overrideQuery(input.query));
    const O = (attribute: string) => column(OVERRIDE_UID, attribute);
    const result = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      const deleted = await db(table(OVERRIDE_UID))
        .where(O('journeyDocumentId'), journey.documentId)
        .andWhere(O('locale'), locale)
        .andWhere(O('queryNorm'), queryNorm)
        .delete();
      if (!deleted) return null;
      return applyToQueries(db, journey, locale, queryNorm, null);
    });
    if (result === null) {
      throw new errors.NotFoundError(
        `No override for "${String(input.query)}" in journey ${journey.key}, locale ${locale}`
      );
    }
    return { queryNorm, queriesUpdated: Number(result) };
  };

  return {
    overrideQuery,
    overrideView,
    OVERRIDE_FIELDS,
    overrideSelect,
    queryTexts,
    listOverrides,
    applyToQueries,
    putOverride,
    deleteOverride,
  };
};

export type DemandOverrides = ReturnType<typeof demandOverrides>;
