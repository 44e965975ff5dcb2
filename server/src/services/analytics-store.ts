import type { Core } from '@strapi/strapi';
import {
  addDelta,
  emptyDeltaSet,
  ANALYTICS_TABLES,
  COUNTER_COLUMNS,
  ROW_KEY_COLUMNS,
  type AnalyticsTable,
  type DeltaSet,
} from '../domain/analytics/keys';
import { ANALYTICS_UIDS } from '../utils/constants';
import { dbClient, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { rowDefaults } from '../utils/rows';

/** Rows per upsert statement: a few hundred bound values, far below every driver's limit. */
const CHUNK = 100;

/**
 * The rollups' only write path: counters are added with `count = count + delta` upserts on the
 * unique row key, never set from a value read earlier, so instances flushing at once (and an
 * import beside them) add up exactly on SQLite, PostgreSQL and MariaDB. Rows go in key order, so
 * two writers' statements take row locks in the same order and cannot deadlock.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const meta = (table: AnalyticsTable) => strapi.db.metadata.get(ANALYTICS_UIDS[table]);
  const column = (table: AnalyticsTable, attribute: string): string => {
    const attr = meta(table).attributes[attribute] as unknown as { columnName?: string };
    return attr?.columnName ?? attribute;
  };
  const tableName = (table: AnalyticsTable): string => meta(table).tableName;

  const upsert = async (knex: Knex, table: AnalyticsTable, set: DeltaSet) => {
    const deltas = [...set[table].entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!deltas.length) return;
    const name = tableName(table);
    const mysql = dbClient(strapi) === 'mysql';
    const counters = COUNTER_COLUMNS[table] as readonly string[];
    const keyColumns = ROW_KEY_COLUMNS[table] as readonly string[];
    const rowKeyColumn = column(table, 'rowKey');
    const plus = (c: string) =>
      mysql ? knex.raw('?? + VALUES(??)', [c, c]) : knex.raw('??.?? + excluded.??', [name, c, c]);
    const merge: Record<string, unknown> = {};
    for (const counter of counters) merge[column(table, counter)] = plus(column(table, counter));
    merge[column(table, 'updatedAt')] = new Date();
    for (let i = 0; i < deltas.length; i += CHUNK) {
      const rows = deltas.slice(i, i + CHUNK).map(([key, delta]) => {
        const row: Record<string, unknown> = {
          ...rowDefaults(strapi, ANALYTICS_UIDS[table]),
          [rowKeyColumn]: key,
        };
        const values = delta.values as Record<string, string | number>;
        for (const attribute of keyColumns) row[column(table, attribute)] = values[attribute] ?? '';
        const counts = delta.counts as Record<string, number>;
        for (const counter of counters) row[column(table, counter)] = counts[counter] ?? 0;
        return row;
      });
      await knex(name).insert(rows).onConflict(rowKeyColumn).merge(merge);
    }
  };

  const months = () => getService(strapi, 'analytics-months');

  /**
   * Retention cuts a month in two: the days of the cutoff's month before it leave that month's
   * row too, summed in SQL and added back negated, so the month path keeps answering what the
   * day rows hold.
   */
  const subtractFromCutoffMonth = async (knex: Knex, day: string) => {
    const monthStart = `${day.slice(0, 7)}-01`;
    if (monthStart >= day) return;
    const keys = (ROW_KEY_COLUMNS.documents as readonly string[]).filter((k) => k !== 'day');
    const counters = COUNTER_COLUMNS.documents as readonly string[];
    const dayColumn = column('documents', 'day');
    const rows = (await knex(tableName('documents'))
      .select(keys.map((k) => knex.raw('?? as ??', [column('documents', k), k])))
      .select(counters.map((c) => knex.raw('SUM(??) as ??', [column('documents', c), c])))
      .where(dayColumn, '>=', monthStart)
      .where(dayColumn, '<', day)
      .groupBy(keys.map((k) => column('documents', k)))) as Array<Record<string, string | number>>;
    if (!rows.length) return;
    const set = emptyDeltaSet();
    for (const row of rows) {
      const values = { ...Object.fromEntries(keys.map((k) => [k, row[k] ?? ''])), day: monthStart };
      const counts = Object.fromEntries(counters.map((c) => [c, -Number(row[c] ?? 0)]));
      addDelta(set, 'documents', values as never, counts as never);
    }
    await months().addDeltas(set, knex);
  };

  return {
    tableName,
    column,
    /** The month rollup is kept in the same transactions: the reader may use it. */
    maintainsMonths: true as const,

    /** Adds every delta of the set, in one transaction (an import lands whole or not at all). */
    async addDeltas(set: DeltaSet, knex?: Knex): Promise<void> {
      const run = async (trx: Knex) => {
        for (const table of ANALYTICS_TABLES) await upsert(trx, table, set);
        await months().addDeltas(set, trx);
      };
      if (knex) return run(knex);
      await strapi.db.transaction(({ trx }) => run(trx as unknown as Knex));
    },

    /** Deletes the rows of one import (or, with no id, every import's rows). */
    async deleteImportRows(knex: Knex, importId?: number): Promise<number> {
      let deleted = 0;
      for (const table of ['stages', 'documents', 'goals'] as const) {
        const query = knex(tableName(table));
        if (importId === undefined) query.whereNot(column(table, 'importId'), 0);
        else query.where(column(table, 'importId'), importId);
        deleted += Number(await query.delete());
      }
      await months().deleteImportRows(knex, importId);
      return deleted;
    },

    /** Deletes every rollup row and import record: the privacy "delete all collected data". */
    async deleteAll(): Promise<number> {
      return strapi.db.transaction(async ({ trx }) => {
        const knex = trx as unknown as Knex;
        let deleted = 0;
        for (const table of ANALYTICS_TABLES) {
          deleted += Number(await knex(tableName(table)).delete());
        }
        await months().deleteAll(knex);
        await knex(strapi.db.metadata.get(ANALYTICS_UIDS.imports).tableName).delete();
        return deleted;
      });
    },

    /** Deletes rows of days before `day` ('YYYY-MM-DD'): the retention job. */
    async deleteBefore(day: string): Promise<number> {
      return strapi.db.transaction(async ({ trx }) => {
        const knex = trx as unknown as Knex;
        await subtractFromCutoffMonth(knex, day);
        let deleted = 0;
        for (const table of ANALYTICS_TABLES) {
          deleted += Number(
            await knex(tableName(table)).where(column(table, 'day'), '<', day).delete()
          );
        }
        await knex(months().tableName())
          .where(months().column('month'), '<', day.slice(0, 7))
          .delete();
        return deleted;
      });
    },
  };
};
