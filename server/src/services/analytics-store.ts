import type { Core } from '@strapi/strapi';
import {
  ANALYTICS_TABLES,
  COUNTER_COLUMNS,
  ROW_KEY_COLUMNS,
  type AnalyticsTable,
  type DeltaSet,
} from '../domain/analytics/keys';
import { ANALYTICS_UIDS } from '../utils/constants';
import { dbClient, type Knex } from '../utils/db';
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

  return {
    tableName,
    column,

    /** Adds every delta of the set, in one transaction (an import lands whole or not at all). */
    async addDeltas(set: DeltaSet, knex?: Knex): Promise<void> {
      const run = async (trx: Knex) => {
        for (const table of ANALYTICS_TABLES) await upsert(trx, table, set);
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
        await knex(strapi.db.metadata.get(ANALYTICS_UIDS.imports).tableName).delete();
        return deleted;
      });
    },

    /** Deletes rows of days before `day` ('YYYY-MM-DD'): the retention job. */
    async deleteBefore(day: string): Promise<number> {
      let deleted = 0;
      for (const table of ANALYTICS_TABLES) {
        deleted += Number(
          await strapi.db
            .connection(tableName(table))
            .where(column(table, 'day'), '<', day)
            .delete()
        );
      }
      return deleted;
    },
  };
};
