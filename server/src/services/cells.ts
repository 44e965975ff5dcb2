import type { Core } from '@strapi/strapi';
import {
  cellDeltas,
  cellKey,
  cellsFor,
  changeOf,
  contributions,
  recountDeltas,
  stampOf,
  sumDeltas,
  type Cell,
  type CellChange,
  type CellScope,
  type CellScopeQuery,
  type DocumentRow,
} from '../domain/cell-counts';
import type { JourneyPluginConfig } from '../domain/config';
import { PLUGIN_ID, STAGE_UID } from '../utils/constants';
import { dbClient, joinTableOf, locking, retryOnConflict, withKnex, type Knex } from '../utils/db';
import { addClusterJob } from '../utils/cron';
import { getService } from '../utils/get-service';
import { localeColumn, stateSums, withTwin } from '../utils/tag-sql';
import type { TagTable } from '../domain/stored';

export const CELL_UID = 'plugin::journey.cell-count';
const LEASE_KEY = 'lease:self-check';
const FULL_LEASE_KEY = 'lease:full-check';
/** How long one check may hold its lease, and the pause it leaves after it ran. */
const LEASE_SECONDS = 30 * 60;
const COOLDOWN_SECONDS = 60;
/** Documents read per statement when a write touched many (bulk tagging, a stage move). */
const CHUNK = 500;

export type { CellChange, CellScopeQuery };
export type Listener = (change: CellChange) => void;

/** The documents of one type a write may change. */
export interface Target {
  uid: string;
  documentIds: string[];
}

interface Captured extends Target {
  before: Map<string, Cell>;
}

type Num = number | string | null;

interface SumRow {
  scope_id?: Num;
  intent: string | null;
  locale: string | null;
  published: Num;
  draft_only: Num;
  rows: Num;
}

const chunks = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const listeners = new Set<Listener>();
  const contentTypes = () => getService(strapi, 'content-types');
  const table = () => strapi.db.metadata.get(CELL_UID).tableName;
  const client = () => dbClient(strapi);
  /** Whether the stored cells have been checked against the entries since this boot. */
  let ready = false;

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
      if (!ready) return null;
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
      if (!ready) return null;
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

  const n = (v: Num | undefined) => Number(v ?? 0);

  /** Every cell of one type, counted from its entries with coverage's GROUP BY sums. */
  const countedCells = async (knex: Knex, uid: string): Promise<Cell[]> => {
    const t = contentTypes().tagTable(uid);
    const group = (q: ReturnType<Knex>, ...cols: string[]) => {
      q.groupBy(...cols, `e.${t.intent}`);
      if (t.localized) q.groupBy(`e.${t.locale}`);
      withTwin(strapi, q, t);
      return q as unknown as Promise<SumRow[]>;
    };
    const base = () =>
      knex(`${t.table} as e`)
        .select({ intent: `e.${t.intent}` })
        .select(localeColumn(knex, t))
        .select(stateSums(strapi, knex, t))
        .select(knex.raw('COUNT(*) as ??', ['rows']));
    const link = joinTableOf(strapi, STAGE_UID, 'journey');
    const entryJourneys = knex(`${t.joinTable} as l`)
      .join(`${link.name} as sj`, `sj.${link.joinColumn.name}`, `l.${t.stageColumn}`)
      .distinct({ entry: `l.${t.entryColumn}`, journey: `sj.${link.inverseJoinColumn.name}` })
      .as('x');
    const [stages, journeys, untagged] = [
      await group(
        base()
          .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
          .select({ scope_id: `l.${t.stageColumn}` }),
        `l.${t.stageColumn}`
      ),
      await group(
        base().join(entryJourneys, 'x.entry', 'e.id').select({ scope_id: 'x.journey' }),
        'x.journey'
      ),
      await group(
        base().whereNotExists(
          knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
        )
      ),
    ];
    const cells = (scope: CellScope, rows: SumRow[]): Cell[] =>
      rows.map((r) => ({
        scope,
        scopeId: scope === 'untagged' ? 0 : Number(r.scope_id),
        intent: r.intent ?? '',
        locale: cellLocaleOf(t, r.locale),
        uid,
        published: n(r.published),
        draftOnly: n(r.draft_only),
        rows: n(r.rows),
      }));
    return [
      ...cells('stage', stages),
      ...cells('journey', journeys),
      ...cells('untagged', untagged),
    ];
  };

  const storedCells = async (knex: Knex, uid: string, lock: boolean): Promise<Cell[]> => {
    const c = columns();
    const query = knex(table())
      .where(c.uid, uid)
      .whereNot(c.scope, 'lease')
      .select({
        scope: c.scope,
        scopeId: c.scopeId,
        intent: c.intent,
        locale: c.locale,
        published: c.published,
        draftOnly: c.draftOnly,
        rows: c.rows,
      })
      .orderBy(c.key);
    const rows = (await (lock ? locking(strapi, query, 'update') : query)) as Array<
      Record<string, Num>
    >;
    return rows.map((r) => ({
      scope: r.scope as CellScope,
      scopeId: n(r.scopeId),
      intent: String(r.intent ?? ''),
      locale: String(r.locale ?? ''),
      uid,
      published: n(r.published),
      draftOnly: n(r.draftOnly),
      rows: n(r.rows),
    }));
  };

  /**
   * Repairs of one type run one after the other: locking the type's cells is not enough when
   * cells are missing (nothing to lock), and two repairs would then both add the same missing
   * counts. An upsert of the type's repair row waits for a concurrent one on PostgreSQL and
   * MySQL; SQLite runs one writer at a time.
   */
  const claimRepair = (knex: Knex, uid: string) => {
    const c = columns();
    return knex(table())
      .insert({
        [c.key]: `lease:repair:${uid}`,
        [c.scope]: 'lease',
        [c.scopeId]: 0,
        [c.uid]: '',
        [c.version]: 0,
      })
      .onConflict(c.key)
      .merge([c.version]);
  };

  /**
   * One type's cells against its entries. A check reads both in one snapshot without locks
   * (writers commit entries and cells together); a repair locks the type's cells first, so
   * writers wait, then adds the difference: a write that committed meanwhile is counted once.
   */
  const recountType = (uid: string, repair: boolean): Promise<Cell[]> =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      const knex = trx as unknown as Knex;
      if (!repair && client() === 'postgres') {
        await knex.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      }
      if (repair) {
        await claimRepair(knex, uid);
        await storedCells(knex, uid, true);
      }
      const counted = await countedCells(knex, uid);
      const stored = await storedCells(knex, uid, repair);
      const deltas = recountDeltas(stored, counted);
      if (repair && deltas.length) {
        await applyDeltas(knex, deltas);
        const change = changeOf(deltas, null);
        onCommit(() => emit(change));
      }
      return deltas;
    }) as unknown as Promise<Cell[]>;

  /** Checks one type against its entries and, when it drifted, repairs and logs it. */
  const repairType = async (uid: string): Promise<number> => {
    // MySQL and MariaDB break deadlocks between concurrent repairs (gap locks on missing cells).
    const found = await retryOnConflict(strapi, `Recounting ${uid}`, () => recountType(uid, false));
    if (!found.length) return 0;
    const repaired = await retryOnConflict(strapi, `Recounting ${uid}`, () =>
      recountType(uid, true)
    );
    if (repaired.length) {
      const sample = repaired
        .slice(0, 5)
        .map(
          (d) =>
            `${cellKey(d)} ${d.published >= 0 ? '+' : ''}${d.published} published, ${d.draftOnly >= 0 ? '+' : ''}${d.draftOnly} draft-only`
        )
        .join('; ');
      strapi.log.warn(
        `[journey] counts of ${uid} had drifted in ${repaired.length} cell(s), repaired: ${sample}${repaired.length > 5 ? '; …' : ''}`
      );
    }
    return repaired.length;
  };

  /**
   * Cells of types that are no longer journey-aware count nothing any more. Found by a plain
   * read and deleted by id: a DELETE scanning the table would lock every row it passed on MySQL,
   * and deadlock with concurrent recounts' repairs.
   */
  const dropStaleTypes = (uids: string[]) => {
    const c = columns();
    return retryOnConflict(strapi, 'Dropping counts of former journey-aware types', () =>
      withKnex(strapi, async (knex) => {
        const stale = (await knex(table())
          .select('id')
          .whereNot(c.scope, 'lease')
          .whereNotIn(c.uid, uids.length ? uids : [''])) as Array<{ id: number | string }>;
        for (const part of chunks(stale, 500)) {
          await knex(table())
            .whereIn(
              'id',
              part.map((r) => r.id)
            )
            .delete();
        }
      })
    );
  };

  /**
   * Rebuilds every cell from the entries: checks each type, repairs the ones that drifted
   * (writes that bypassed Strapi: SQL imports, `strapi transfer`), and drops cells of types
   * that are no longer journey-aware. Returns the number of cells that were wrong.
   */
  const recount = async (): Promise<{ drift: number }> => {
    const uids = contentTypes().journeyAwareUids();
    let drift = 0;
    for (const uid of uids) drift += await repairType(uid);
    await dropStaleTypes(uids);
    ready = true;
    return { drift };
  };

  /**
   * What one type's cells say against what its entries say, each side from aggregates without a
   * GROUP BY over the entries: COUNT(*) of the entry rows and of the link rows and
   * COUNT(DISTINCT entry) of the links (index scans), against the cells' sums of `rows` (a stage
   * cell counts each link row once, an untagged cell each row without a link). An entry row or a
   * link row added or deleted behind Strapi's back changes one of the two; a changed intent,
   * locale, publication or stage of an existing link does not (the full check finds those).
   */
  const signatures = (uid: string) =>
    strapi.db.transaction(async ({ trx }) => {
      const knex = trx as unknown as Knex;
      // One snapshot for both sides: writers commit entries and cells together.
      if (client() === 'postgres')
        await knex.raw('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ');
      const t = contentTypes().tagTable(uid);
      const c = columns();
      const [entries] = (await knex(t.table).count({ n: '*' })) as Array<{ n: Num }>;
      // Two statements: SQLite answers COUNT(DISTINCT) alone from the ordered index, but beside
      // COUNT(*) it builds a temporary B-tree.
      const [links] = (await knex(t.joinTable).count({ n: '*' })) as Array<{ n: Num }>;
      const [linked] = (await knex(t.joinTable).countDistinct({
        n: t.entryColumn,
      })) as Array<{ n: Num }>;
      const sums = (await knex(table())
        .where(c.uid, uid)
        .whereIn(c.scope, ['stage', 'untagged'])
        .groupBy(c.scope)
        .select({ scope: c.scope })
        .sum({ rows: c.rows })) as Array<{ scope: string; rows: Num }>;
      const cellsSay = (scope: string) => n(sums.find((r) => r.scope === scope)?.rows);
      return {
        entries: { links: n(links?.n), untagged: n(entries?.n) - n(linked?.n) },
        cells: { links: cellsSay('stage'), untagged: cellsSay('untagged') },
      };
    }) as unknown as Promise<{
      entries: { links: number; untagged: number };
      cells: { links: number; untagged: number };
    }>;

  /**
   * The cheap check: compares each type's signatures and recounts (and repairs) only a type
   * whose signatures differ. Returns the cells repaired and the types recounted.
   */
  const quickCheck = async (): Promise<{ drift: number; recounted: string[] }> => {
    const uids = contentTypes().journeyAwareUids();
    let drift = 0;
    const recounted: string[] = [];
    for (const uid of uids) {
      const { entries, cells } = await signatures(uid);
      if (entries.links === cells.links && entries.untagged === cells.untagged) continue;
      strapi.log.warn(
        `[journey] counts self-check: ${uid} has ${entries.links} link row(s) and ${entries.untagged} untagged row(s), its cells say ${cells.links} and ${cells.untagged}; recounting it`
      );
      recounted.push(uid);
      drift += await repairType(uid);
    }
    await dropStaleTypes(uids);
    return { drift, recounted };
  };

  /**
   * Takes a check's lease with a conditional update: of several instances whose crons fire
   * together, one sees an expired lease and moves it on; the others update no row.
   */
  const takeLease = (key: string, seconds: number) =>
    withKnex(strapi, async (knex) => {
      const c = columns();
      const now = Math.floor(Date.now() / 1000);
      await knex(table())
        .insert({
          [c.key]: key,
          [c.scope]: 'lease',
          [c.scopeId]: 0,
          [c.uid]: '',
          [c.version]: 0,
        })
        .onConflict(c.key)
        .ignore();
      const updated = await knex(table())
        .where(c.key, key)
        .where(c.version, '<', now)
        .update({ [c.version]: now + seconds });
      return Number(updated) === 1;
    });

  const releaseLease = (key: string) =>
    withKnex(strapi, (knex) =>
      knex(table())
        .where(columns().key, key)
        .update({ [columns().version]: Math.floor(Date.now() / 1000) + COOLDOWN_SECONDS })
    );

  const underLease = async <T>(key: string, run: () => Promise<T>): Promise<T | null> => {
    if (!(await takeLease(key, LEASE_SECONDS))) return null;
    try {
      return await run();
    } finally {
      await releaseLease(key);
    }
  };

  /** The periodic cheap check: on one instance at a time, logs and repairs drift it can see. */
  const selfCheck = () => underLease(LEASE_KEY, quickCheck);

  /** The rare full check (a recount of every type): on one instance at a time. */
  const fullCheck = async (): Promise<{ drift: number } | null> => {
    const result = await underLease(FULL_LEASE_KEY, recount);
    if (result) strapi.log.info(`[journey] counts full check: ${result.drift} cell(s) repaired`);
    return result;
  };

  const typesSignature = () =>
    JSON.stringify(
      contentTypes()
        .journeyAwareUids()
        .map((uid) => [
          uid,
          contentTypes().isLocalized(uid),
          contentTypes().hasDraftAndPublish(uid),
        ])
    );

  /**
   * On boot: counts everything when the table has no cell yet or the journey-aware types
   * changed since the cells were counted; then schedules the self-check.
   */
  const bootstrap = async () => {
    const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'cellTypes' });
    const signature = typesSignature();
    const c = columns();
    const any = await strapi.db.connection(table()).whereNot(c.scope, 'lease').first('id');
    if (!any || (await store.get({})) !== signature) {
      const { drift } = await recount();
      strapi.log.info(`[journey] counted the cells (${drift} changed)`);
      await store.set({ value: signature });
    }
    ready = true;
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    const schedules = {
      journeyCountsSelfCheck: {
        cron: config.counts?.selfCheck,
        run: selfCheck,
        name: 'self-check',
      },
      journeyCountsFullCheck: {
        cron: config.counts?.fullCheck,
        run: fullCheck,
        name: 'full check',
      },
    };
    for (const [job, { cron, run, name }] of Object.entries(schedules)) {
      if (cron) addClusterJob(strapi, job, cron, `counts ${name}`, run);
    }
  };

  /** Listens to changes, after commit; returns the function that stops listening. */
  const onChange = (listener: Listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  /** Every stored cell of a type (tests, the recount route's answer). */
  const cellsOf = (uid: string) => withKnex(strapi, (knex) => storedCells(knex, uid, false));

  return {
    track,
    linkedDocuments,
    touchStage,
    stamp,
    stampOfAll,
    total,
    coverage,
    recount,
    selfCheck,
    fullCheck,
    signatures,
    bootstrap,
    onChange,
    cellsOf,
    countedCells: (uid: string) => withKnex(strapi, (knex) => countedCells(knex, uid)),
  };
};
