import type { Core } from '@strapi/strapi';
import {
  cellDeltas,
  cellKey,
  changeOf,
  contributions,
  sumDeltas,
  type Cell,
  type CellChange,
  type CellScope,
  type DocumentRow,
} from '../../domain/cell-counts';
import { STAGE_UID } from '../../utils/constants';
import { dbClient, joinTableOf, locking, withKnex, type Knex } from '../../utils/db';
import { getService } from '../../utils/get-service';
import type { TagTable } from '../../domain/stored';
import { CELL_UID, CHUNK, Listener, Target, Captured, Num, chunks } from './shared';

/** Keeping the cells in step with writes: each tracked write adds its documents' difference. */
export const cellWrites = (strapi: Core.Strapi) => {
  const listeners = new Set<Listener>();
  const contentTypes = () => getService(strapi, 'content-types');
  const table = () => strapi.db.metadata.get(CELL_UID).tableName;
  const client = () => dbClient(strapi);
  /** Whether the stored cells have been checked against the entries since this boot. */
  const state = { ready: false };

  const columns = () => {
    const attributes = strapi.db.metadata.get(CELL_UID).attributes as Record<
      string,
      { columnName?: string }
    >;
    const c = (name: string) => attributes[name]?.columnName ?? name;
    return {
      key: c('cellKey'),
      scope: c('scope'),
      scopeId: c('scopeId'),
      intent: c('intent'),
      locale: c('cellLocale'),
      uid: c('contentType'),
      published: c('published'),
      draftOnly: c('draftOnly'),
      rows: c('rows'),
      version: c('version'),
    };
  };

  /** Stage id → journey id, from the stages' link to their journey. */
  const journeyMap = async (knex: Knex) => {
    const link = joinTableOf(strapi, STAGE_UID, 'journey');
    const rows = (await knex(link.name).select({
      stage: link.joinColumn.name,
      journey: link.inverseJoinColumn.name,
    })) as Array<{ stage: Num; journey: Num }>;
    return new Map(rows.map((r) => [Number(r.stage), Number(r.journey)]));
  };

  const cellLocaleOf = (t: TagTable, locale: unknown) =>
    t.localized && typeof locale === 'string' ? locale : '';

  /**
   * The rows of these documents with their links, read with row locks: before a write, for
   * update, so that a concurrent write of the same document waits and then reads what this one
   * committed (PostgreSQL and MySQL alike; MySQL's plain reads would keep an older snapshot).
   */
  const documentRows = async (
    knex: Knex,
    uid: string,
    documentIds: string[],
    mode: 'update' | 'share'
  ): Promise<DocumentRow[]> => {
    const t = contentTypes().tagTable(uid);
    const result: DocumentRow[] = [];
    for (const part of chunks([...new Set(documentIds)], CHUNK)) {
      const query = knex(t.table)
        .select({
          id: 'id',
          documentId: t.documentId,
          publishedAt: t.publishedAt,
          intent: t.intent,
        })
        .whereIn(t.documentId, part)
        .orderBy('id');
      if (t.localized) query.select({ locale: t.locale });
      // A write of the document that committed while this one waited for the locks may have
      // added rows (a publish inserts its published row, a new locale its rows): the statement
      // that waited returns only the rows it started with, so the rows are read again.
      if (mode === 'update') await locking(strapi, query.clone(), mode);
      const entries = (await locking(strapi, query, mode)) as Array<{
        id: Num;
        documentId: string;
        publishedAt: unknown;
        intent: string | null;
        locale?: string | null;
      }>;
      const stages = new Map<number, number[]>();
      for (const ids of chunks(
        entries.map((e) => Number(e.id)),
        CHUNK
      )) {
        const links = (await locking(
          strapi,
          knex(t.joinTable)
            .select({ entry: t.entryColumn, stage: t.stageColumn })
            .whereIn(t.entryColumn, ids),
          'share'
        )) as Array<{ entry: Num; stage: Num }>;
        for (const l of links) {
          const list = stages.get(Number(l.entry)) ?? [];
          list.push(Number(l.stage));
          stages.set(Number(l.entry), list);
        }
      }
      for (const e of entries) {
        result.push({
          documentId: e.documentId,
          locale: cellLocaleOf(t, e.locale),
          published: e.publishedAt !== null && e.publishedAt !== undefined,
          intent: e.intent ?? null,
          stageIds: stages.get(Number(e.id)) ?? [],
        });
      }
    }
    return result;
  };

  const contributionsOf = async (
    knex: Knex,
    target: Target,
    journeyOf: Map<number, number>,
    mode: 'update' | 'share'
  ) =>
    target.documentIds.length
      ? contributions(
          target.uid,
          await documentRows(knex, target.uid, target.documentIds, mode),
          journeyOf
        )
      : new Map<string, Cell>();

  /**
   * Adds deltas with one upsert per 100 cells, in key order: `count = count + delta`, never a
   * value read earlier, so concurrent writers on several instances add up instead of overwriting.
   */
  const applyDeltas = async (knex: Knex, deltas: Cell[]) => {
    if (!deltas.length) return;
    const c = columns();
    const name = table();
    const mysql = client() === 'mysql';
    const plus = (column: string) =>
      mysql
        ? knex.raw('?? + VALUES(??)', [column, column])
        : knex.raw('??.?? + excluded.??', [name, column, column]);
    for (const part of chunks(deltas, 100)) {
      await knex(name)
        .insert(
          part.map((d) => ({
            [c.key]: cellKey(d),
            [c.scope]: d.scope,
            [c.scopeId]: d.scopeId,
            [c.intent]: d.intent,
            [c.locale]: d.locale,
            [c.uid]: d.uid,
            [c.published]: d.published,
            [c.draftOnly]: d.draftOnly,
            [c.rows]: d.rows,
            [c.version]: 1,
          }))
        )
        .onConflict(c.key)
        .merge({
          [c.published]: plus(c.published),
          [c.draftOnly]: plus(c.draftOnly),
          [c.rows]: plus(c.rows),
          [c.version]: mysql
            ? knex.raw('?? + 1', [c.version])
            : knex.raw('??.?? + 1', [name, c.version]),
        });
    }
  };

  const emit = (change: CellChange) => {
    for (const listener of listeners) {
      try {
        listener(change);
      } catch (error) {
        strapi.log.error(`[journey] a counts listener failed: ${error}`);
      }
    }
  };

  /**
   * Runs a write that may change documents' cells, in one transaction with their update: reads
   * the documents' rows (locked) before, runs the write, reads them after, and adds the
   * difference. `created` names documents the write made (a create, a clone). Listeners hear of
   * the change after the outermost transaction commits.
   */
  const track = <T>(
    targets: Target[],
    write: () => Promise<T>,
    created?: (result: T) => Target[]
  ): Promise<T> =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      const knex = trx as unknown as Knex;
      const live = targets.filter((t) => t.documentIds.length);
      // Read once: a stage only changes journey while it tags nothing (document-middlewares.ts).
      const journeyOf = await journeyMap(knex);
      const captured: Captured[] = [];
      for (const target of live) {
        captured.push({
          ...target,
          before: await contributionsOf(knex, target, journeyOf, 'update'),
        });
      }
      const result = await write();
      const more = created ? created(result).filter((t) => t.documentIds.length) : [];
      const lists: Cell[][] = [];
      for (const target of [...captured, ...more.map((t) => ({ ...t, before: new Map() }))]) {
        const after = await contributionsOf(knex, target, journeyOf, 'share');
        lists.push(cellDeltas(target.before, after));
      }
      const deltas = sumDeltas(lists);
      await applyDeltas(knex, deltas);
      if (deltas.length) {
        const documentIds = [...live, ...more].flatMap((t) => t.documentIds);
        const change = changeOf(deltas, documentIds);
        onCommit(() => emit(change));
      }
      return result;
    }) as Promise<T>;

  /** The documents of every journey-aware type that link any of these stages. */
  const linkedDocuments = (stageIds: number[]) =>
    withKnex(strapi, async (knex) => {
      if (!stageIds.length) return [];
      const targets: Target[] = [];
      for (const uid of contentTypes().journeyAwareUids()) {
        const t = contentTypes().tagTable(uid);
        const rows = (await knex(`${t.table} as e`)
          .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
          .whereIn(`l.${t.stageColumn}`, stageIds)
          .distinct({ documentId: `e.${t.documentId}` })) as Array<{ documentId: string }>;
        if (rows.length) targets.push({ uid, documentIds: rows.map((r) => r.documentId) });
      }
      return targets;
    });

  /**
   * A stage's key changed: its documents' answers name it, so every cell of the stage and of its
   * journey moves its version (counts stay).
   */
  const touchStage = (stageId: number, journeyId: number | null) =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      const knex = trx as unknown as Knex;
      const c = columns();
      const cells = (await knex(table())
        .select({ scope: c.scope, scopeId: c.scopeId, uid: c.uid })
        .where((q) => {
          q.where({ [c.scope]: 'stage', [c.scopeId]: stageId });
          if (journeyId !== null) q.orWhere({ [c.scope]: 'journey', [c.scopeId]: journeyId });
        })
        .orderBy(c.key)) as Array<{ scope: CellScope; scopeId: Num; uid: string }>;
      if (!cells.length) return;
      // Locked in key order first, as every writer does, then bumped.
      await locking(
        strapi,
        knex(table())
          .select('id')
          .where((q) => {
            q.where({ [c.scope]: 'stage', [c.scopeId]: stageId });
            if (journeyId !== null) q.orWhere({ [c.scope]: 'journey', [c.scopeId]: journeyId });
          })
          .orderBy(c.key),
        'update'
      );
      await knex(table())
        .where((q) => {
          q.where({ [c.scope]: 'stage', [c.scopeId]: stageId });
          if (journeyId !== null) q.orWhere({ [c.scope]: 'journey', [c.scopeId]: journeyId });
        })
        .increment(c.version, 1);
      const change = changeOf(
        cells.map((x) => ({
          scope: x.scope,
          scopeId: Number(x.scopeId),
          intent: '',
          locale: '',
          uid: x.uid,
        })),
        null
      );
      onCommit(() => emit(change));
    });

  return {
    listeners,
    contentTypes,
    table,
    client,
    state,
    columns,
    journeyMap,
    cellLocaleOf,
    documentRows,
    contributionsOf,
    applyDeltas,
    emit,
    track,
    linkedDocuments,
    touchStage,
  };
};

export type CellWrites = ReturnType<typeof cellWrites>;
