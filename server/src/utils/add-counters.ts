import type { Knex } from './db';

/**
 * Rows per statement: a few hundred bound values, below every driver's limit, and few enough
 * that one statement holds SQLite's synchronous driver (and so Node's event loop) for a few
 * milliseconds only.
 */
export const COUNTER_CHUNK = 100;

export interface CounterRows {
  table: string;
  /** The unique column a row is found by. */
  keyColumn: string;
  /** Columns added to (`count = count + delta`); every other column is set on insert only. */
  counters: readonly string[];
  updatedAtColumn: string;
  now: Date;
  /** Rows with the same columns, in the order their locks should be taken. */
  rows: Array<Record<string, unknown>>;
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * SQLite's upsert as one multi-row VALUES statement. knex writes a multi-row insert on SQLite
 * as `SELECT … UNION ALL SELECT …`, which SQLite plans as a compound query: several times slower
 * to prepare, and better-sqlite3 prepares every statement again.
 */
const sqliteUpsert = (knex: Knex, c: CounterRows, chunk: Array<Record<string, unknown>>) => {
  const columns = Object.keys(chunk[0]);
  const row = `(${columns.map(() => '?').join(', ')})`;
  const sql =
    `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => row).join(', ')}` +
    ` on conflict (??) do update set ${c.counters.map(() => '?? = ??.?? + excluded.??').join(', ')}, ?? = ?`;
  return knex.raw(sql, [
    c.table,
    ...columns,
    ...chunk.flatMap((r) => columns.map((column) => r[column] as never)),
    c.keyColumn,
    ...c.counters.flatMap((counter) => [counter, c.table, counter, counter]),
    c.updatedAtColumn,
    c.now,
  ]);
};

/**
 * Adds rows' counters to the stored ones, inserting rows that are not there: the rollups' only
 * write, never a value read first, so writers on several instances add up exactly. Each chunk
 * waits for the next event-loop turn, so requests keep being answered while a large flush runs.
 */
export const addCounters = async (knex: Knex, client: string, c: CounterRows): Promise<void> => {
  const mysql = client === 'mysql';
  const merge: Record<string, unknown> = { [c.updatedAtColumn]: c.now };
  for (const counter of c.counters) {
    merge[counter] = mysql
      ? knex.raw('?? + VALUES(??)', [counter, counter])
      : knex.raw('??.?? + excluded.??', [c.table, counter, counter]);
  }
  for (let i = 0; i < c.rows.length; i += COUNTER_CHUNK) {
    await nextTurn();
    const chunk = c.rows.slice(i, i + COUNTER_CHUNK);
    if (client === 'sqlite') await sqliteUpsert(knex, c, chunk);
    else await knex(c.table).insert(chunk).onConflict(c.keyColumn).merge(merge);
  }
};
