import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import {
  COUNTER_COLUMNS,
  ROW_KEY_COLUMNS,
  rowDocumentId,
  type DeltaSet,
} from '../domain/analytics/keys';
import { dbClient, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { rowTimestamps } from '../utils/rows';
import { addCounters } from '../utils/add-counters';

export const MONTH_UID = 'plugin::journey.analytics-document-month';

const KEYS = ROW_KEY_COLUMNS.documents.filter((c) => c !== 'day');
const COUNTERS = COUNTER_COLUMNS.documents as readonly string[];

/** `month:sha1(identity)`, as keys.ts's rowKey does for days. */
export const monthKey = (month: string, values: Record<string, string | number>) =>
  `${month}:${createHash('sha1')
    .update(JSON.stringify(['document-months', month, ...KEYS.map((k) => String(values[k] ?? ''))]))
    .digest('hex')}`;

/**
 * The per-document month rollup (content-types/analytics-document-month): the document days
 * summed per month, so that a 400-day read groups ~14 rows per document, not 400.
 *
 * It is only right while every write to the document days also reaches it, in the same
 * transaction: `addDeltas` below, called from analytics-store's addDeltas (and the deletes
 * beside theirs). Until the store says so (`maintainsMonths`), the reader does not use it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const meta = () => strapi.db.metadata.get(MONTH_UID as never);
  const column = (attribute: string): string =>
    (meta().attributes[attribute] as unknown as { columnName?: string })?.columnName ?? attribute;
  const tableName = () => meta().tableName;
  /** Set by the bench and tests: true after a bulk load and rebuild, false to read the days. */
  let forced: boolean | null = null;

  /** The month deltas of a set's document deltas, by month row key. */
  const monthDeltas = (set: DeltaSet) => {
    const months = new Map<
      string,
      { month: string; values: Record<string, string | number>; counts: Record<string, number> }
    >();
    for (const delta of set.documents.values()) {
      const values = delta.values as Record<string, string | number>;
      const month = String(values.day).slice(0, 7);
      const key = monthKey(month, values);
      const row = months.get(key) ?? { month, values, counts: {} };
      for (const [c, n] of Object.entries(delta.counts as Record<string, number>)) {
        row.counts[c] = (row.counts[c] ?? 0) + n;
      }
      months.set(key, row);
    }
    return months;
  };

  /** Adds the set's document deltas to their months: count = count + delta, in key order. */
  const addDeltas = async (set: DeltaSet, knex: Knex) => {
    const months = [...monthDeltas(set).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    if (!months.length) return;
    const now = new Date();
    const rows = months.map(([key, m]) => {
      const row: Record<string, unknown> = {
        ...rowTimestamps(now),
        document_id: rowDocumentId(key),
        [column('rowKey')]: key,
        [column('month')]: m.month,
      };
      for (const k of KEYS) row[column(k)] = m.values[k] ?? '';
      for (const c of COUNTERS) row[column(c)] = m.counts[c] ?? 0;
      return row;
    });
    await addCounters(knex, dbClient(strapi), {
      table: tableName(),
      keyColumn: column('rowKey'),
      counters: COUNTERS.map((c) => column(c)),
      updatedAtColumn: column('updatedAt'),
      now,
      rows,
    });
  };

  /**
   * Rebuilds every month from the document days: summed in SQL, written back in chunks. For
   * data written before the months were kept (and the bench's bulk load).
   */
  const rebuild = async () => {
    const store = getService(strapi, 'analytics-store');
    const day = store.column('documents', 'day');
    const knex = strapi.db.connection;
    await knex(tableName()).delete();
    const keyColumns = KEYS.map((k) => store.column('documents', k));
    const month = knex.raw('SUBSTR(??, 1, 7)', [day]);
    const grouped = knex(store.tableName('documents'))
      .select({ month })
      .select(keyColumns.map((c, i) => knex.raw('?? as ??', [c, KEYS[i]])))
      .select(COUNTERS.map((c) => knex.raw('SUM(??) as ??', [store.column('documents', c), c])))
      // Two calls: knex reads groupBy(raw, ...columns) as the raw alone.
      .groupBy(month)
      .groupBy(keyColumns)
      .orderBy(keyColumns);
    const rows = (await grouped) as Array<Record<string, string | number>>;
    const set = { documents: new Map() } as unknown as DeltaSet;
    let written = 0;
    const flush = async () => {
      await strapi.db.transaction(({ trx }) => addDeltas(set, trx as unknown as Knex));
      written += set.documents.size;
      set.documents.clear();
    };
    for (const r of rows) {
      const values = Object.fromEntries(KEYS.map((k) => [k, r[k] ?? '']));
      const counts = Object.fromEntries(COUNTERS.map((c) => [c, Number(r[c] ?? 0)]));
      // One delta per grouped row; its day only names the month.
      set.documents.set(String(set.documents.size), {
        values: { ...values, day: `${r.month}-01` },
        counts,
      } as never);
      if (set.documents.size >= 2000) await flush();
    }
    if (set.documents.size) await flush();
    return written;
  };

  return {
    tableName,
    column,
    addDeltas,
    rebuild,
    /** Whether the reader may use the months: the store keeps them, or a rebuild was forced on. */
    inUse: () =>
      forced ??
      (getService(strapi, 'analytics-store') as { maintainsMonths?: boolean }).maintainsMonths ===
        true,
    force: (on: boolean | null) => {
      forced = on;
    },
    /** The store's deletes, for the months: one import's rows, everything, before a day. */
    async deleteImportRows(knex: Knex, importId?: number) {
      const query = knex(tableName());
      if (importId === undefined) query.whereNot(column('importId'), 0);
      else query.where(column('importId'), importId);
      return Number(await query.delete());
    },
    async deleteAll(knex: Knex) {
      return Number(await knex(tableName()).delete());
    },
    /** Months wholly before `day`'s month; the month of `day` keeps its earlier days' counts. */
    async deleteBefore(day: string) {
      return Number(
        await strapi.db
          .connection(tableName())
          .where(column('month'), '<', day.slice(0, 7))
          .delete()
      );
    },
  };
};
