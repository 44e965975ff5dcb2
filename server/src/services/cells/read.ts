import type { Core } from '@strapi/strapi';
import { cellsFor, stampOf, type CellScope, type CellScopeQuery } from '../../domain/cell-counts';
import { STAGE_UID } from '../../utils/constants';
import { joinTableOf, withKnex, type Knex } from '../../utils/db';
import { Num } from './shared';
import type { CellWrites } from './track';

/** What the cells answer: a scope's stamp and total, coverage's rows. */
export const cellReads = (strapi: Core.Strapi, cellWrites: CellWrites) => {
  const { contentTypes, table, state, columns } = cellWrites;

  /** The stored cells that answer a scope (`scope` column, ids, types, intents, locale). */
  const scopeQuery = (
    knex: Knex,
    scope: CellScope,
    scopeIds: number[],
    q: Pick<CellScopeQuery, 'intents' | 'locale' | 'uids'>
  ) => {
    const c = columns();
    const query = knex(table())
      .where(c.scope, scope)
      .whereIn(c.scopeId, scopeIds.length ? scopeIds : [-1])
      .whereIn(c.uid, q.uids.length ? q.uids : ['']);
    if (q.intents)
      query.whereIn(
        c.intent,
        q.intents.map((i) => (i === 'none' ? '' : i))
      );
    if (q.locale !== null && q.locale !== undefined) {
      const localized = q.uids.filter((uid) => contentTypes().isLocalized(uid));
      const plain = q.uids.filter((uid) => !contentTypes().isLocalized(uid));
      const locale = q.locale;
      query.where((w) => {
        if (localized.length) w.where((x) => x.whereIn(c.uid, localized).where(c.locale, locale));
        if (plain.length) w.orWhereIn(c.uid, plain);
      });
    }
    return query;
  };

  /** The stage ids of a journey, when a scope names several and may name them all. */
  const journeyStageIds = async (knex: Knex, journeyId: number) => {
    const link = joinTableOf(strapi, STAGE_UID, 'journey');
    const rows = (await knex(link.name)
      .where(link.inverseJoinColumn.name, journeyId)
      .select({ stage: link.joinColumn.name })) as Array<{ stage: Num }>;
    return rows.map((r) => Number(r.stage));
  };

  /**
   * An opaque token that changes whenever a document whose rows are or were in the scope is
   * written: the number of the scope's cells and the sum of their versions (versions only grow,
   * and cells are never deleted while their type is journey-aware). One indexed query.
   */
  const stamp = (scope: CellScopeQuery): Promise<string> =>
    withKnex(strapi, async (knex) => {
      const c = columns();
      const which: CellScope = scope.stageIds === null ? 'journey' : 'stage';
      const ids = scope.stageIds === null ? [scope.journeyId] : scope.stageIds;
      const row = (await scopeQuery(knex, which, ids, scope)
        .count({ n: '*' })
        .sum({ v: c.version })
        .first()) as { n: Num; v: Num } | undefined;
      return stampOf(Number(row?.n ?? 0), row?.v === null ? 0 : Number(row?.v ?? 0));
    });

  /**
   * One token for every cell at once: it changes whenever any cell's version moves (a write
   * anywhere), so a cache of stamps can check, with one query, whether another instance wrote.
   */
  const stampOfAll = (): Promise<string> =>
    withKnex(strapi, async (knex) => {
      const c = columns();
      const row = (await knex(table())
        .whereNot(c.scope, 'lease')
        .count({ n: '*' })
        .sum({ v: c.version })
        .first()) as { n: Num; v: Num } | undefined;
      return stampOf(Number(row?.n ?? 0), row?.v === null ? 0 : Number(row?.v ?? 0));
    });

  /**
   * Published documents (one per locale) of the scope that link any of its stages: what the
   * public content route's total counts. Null when the scope is not made of cells (two or more
   * stages but not all of the journey's), or before the cells were checked on this boot.
   */
  const total = (scope: CellScopeQuery): Promise<number | null> =>
    withKnex(strapi, async (knex) => {
      if (!state.ready) return null;
      if (!scope.uids.length) return 0;
      const several = scope.stageIds !== null && new Set(scope.stageIds).size > 1;
      const all = several ? await journeyStageIds(knex, scope.journeyId) : [];
      const cells = cellsFor(scope, all);
      if (!cells) return null;
      if (!cells.scopeIds.length) return 0;
      const row = (await scopeQuery(knex, cells.scope, cells.scopeIds, scope)
        .sum({ n: columns().published })
        .first()) as { n: Num } | undefined;
      return Number(row?.n ?? 0);
    });

  /**
   * Coverage's rows, from the cells: per stage × intent × locale × type (the groups coverage's
   * GROUP BY returns: cells with rows) and untagged per locale × type. Null before the check.
   */
  const coverage = (stageIds: number[], uids: string[], locale?: string) =>
    withKnex(strapi, async (knex) => {
      if (!state.ready) return null;
      const c = columns();
      const q = { intents: null, locale: locale ?? null, uids };
      const tagged = (await scopeQuery(knex, 'stage', stageIds, q).where(c.rows, '>', 0).select({
        uid: c.uid,
        stage: c.scopeId,
        intent: c.intent,
        locale: c.locale,
        published: c.published,
        draft_only: c.draftOnly,
      })) as Array<{
        uid: string;
        stage: Num;
        intent: string;
        locale: string;
        published: Num;
        draft_only: Num;
      }>;
      const untagged = (await scopeQuery(knex, 'untagged', [0], q)
        .select({ uid: c.uid, locale: c.locale })
        .sum({ published: c.published, draft_only: c.draftOnly })
        .groupBy(c.uid, c.locale)) as Array<{
        uid: string;
        locale: string;
        published: Num;
        draft_only: Num;
      }>;
      const clean = <R extends { intent?: string; locale: string }>(r: R) => ({
        ...r,
        intent: r.intent === '' || r.intent === undefined ? null : r.intent,
        locale: r.locale === '' ? null : r.locale,
      });
      return { tagged: tagged.map(clean), untagged: untagged.map(clean) };
    });

  return { scopeQuery, journeyStageIds, stamp, stampOfAll, total, coverage };
};

export type CellReads = ReturnType<typeof cellReads>;
