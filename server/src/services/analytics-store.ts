import type { Core } from '@strapi/strapi';
import {
  addDelta,
  emptyDeltaSet,
  ANALYTICS_TABLES,
  COUNTER_COLUMNS,
  ROW_KEY_COLUMNS,
  rowDocumentId,
  rowKey,
  type AnalyticsTable,
  type DeltaSet,
} from '../domain/analytics/keys';
import { ANALYTICS_UIDS } from '../utils/constants';
import { dbClient, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { rowTimestamps } from '../utils/rows';
import { addCounters, COUNTER_CHUNK } from '../utils/add-counters';

/**
 * The rollups' only write path: counters are added with `count = count + delta` upserts on the
 * unique row key, never set from a value read earlier, so instances flushing at once (and an
 * import beside them) add up exactly on SQLite, PostgreSQL and MariaDB. Rows go in key order, so
 * two writers' statements take row locks in the same order and cannot deadlock.
 */
/** The longest pause between two chunks of a flush. */
const MAX_PAUSE_MS = 100;
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const meta = (table: AnalyticsTable) => strapi.db.metadata.get(ANALYTICS_UIDS[table]);
  const column = (table: AnalyticsTable, attribute: string): string => {
    const attr = meta(table).attributes[attribute] as unknown as { columnName?: string };
    return attr?.columnName ?? attribute;
  };
  const tableName = (table: AnalyticsTable): string => meta(table).tableName;

  const upsert = async (knex: Knex, table: AnalyticsTable, set: DeltaSet) => {
    const deltas = [...set[table].values()]
      .map((delta) => [rowKey(table, delta.values as never), delta] as const)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!deltas.length) return;
    const counters = COUNTER_COLUMNS[table] as readonly string[];
    const keyColumns = ROW_KEY_COLUMNS[table] as readonly string[];
    const now = new Date();
    const rows = deltas.map(([key, delta]) => {
      const row: Record<string, unknown> = {
        ...rowTimestamps(now),
        document_id: rowDocumentId(key),
        [column(table, 'rowKey')]: key,
      };
      const values = delta.values as Record<string, string | number>;
      for (const attribute of keyColumns) row[column(table, attribute)] = values[attribute] ?? '';
      const counts = delta.counts as Record<string, number>;
      for (const counter of counters) row[column(table, counter)] = counts[counter] ?? 0;
      return row;
    });
    await addCounters(knex, dbClient(strapi), {
      table: tableName(table),
      keyColumn: column(table, 'rowKey'),
      counters: counters.map((counter) => column(table, counter)),
      updatedAtColumn: column(table, 'updatedAt'),
      now,
      rows,
    });
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

    /**
     * The collector's flush: the same upserts, in one short transaction per chunk of rows (a
     * chunk of document days with their months), so that other queries run between them (on
     * SQLite, whose single connection a transaction holds, every request would wait for a long
     * one), each followed by a pause twice as long as it took. Chunks leave `set` as they commit: after an error it holds exactly the rows not
     * written. Each transaction takes its rows' locks in key order (days before months), so
     * instances flushing at once cannot deadlock.
     */
    async addDeltasInSteps(set: DeltaSet): Promise<void> {
      for (const table of ANALYTICS_TABLES) {
        const entries = [...set[table].entries()];
        for (let i = 0; i < entries.length; i += COUNTER_CHUNK) {
          const part = entries.slice(i, i + COUNTER_CHUNK);
          const step = emptyDeltaSet();
          for (const [identity, delta] of part) step[table].set(identity, delta as never);
          const started = performance.now();
          await strapi.db.transaction(async ({ trx }) => {
            await upsert(trx as unknown as Knex, table, step);
            if (table === 'documents') await months().addDeltas(step, trx as unknown as Knex);
          });
          for (const [identity] of part) set[table].delete(identity);
          // Twice as long before the next chunk: a flush takes at most a third of the process's
          // time, and requests arriving meanwhile do not queue behind it.
          await pause(Math.min(2 * (performance.now() - started), MAX_PAUSE_MS));
        }
      }
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
