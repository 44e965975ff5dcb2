import type { Core } from '@strapi/strapi';
import {
  cellKey,
  changeOf,
  recountDeltas,
  type Cell,
  type CellScope,
} from '../../domain/cell-counts';
import { STAGE_UID } from '../../utils/constants';
import { joinTableOf, locking, retryOnConflict, withKnex, type Knex } from '../../utils/db';
import { localeColumn, stateSums, withTwin } from '../../utils/tag-sql';
import { Num, SumRow, chunks } from './shared';
import type { CellWrites } from './track';

/** The cells against the entries: counted afresh, compared, repaired where they drifted. */
export const cellRecount = (strapi: Core.Strapi, cellWrites: CellWrites) => {
  const { contentTypes, table, client, state, columns, cellLocaleOf, applyDeltas, emit } =
    cellWrites;

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
    state.ready = true;
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

  return {
    n,
    countedCells,
    storedCells,
    claimRepair,
    recountType,
    repairType,
    dropStaleTypes,
    recount,
    signatures,
    quickCheck,
  };
};

export type CellRecount = ReturnType<typeof cellRecount>;
