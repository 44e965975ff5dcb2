import type { Core } from '@strapi/strapi';

export type Knex = Core.Strapi['db']['connection'];
export type QueryBuilder = ReturnType<Knex>;

/**
 * Runs raw SQL inside the caller's transaction when there is one: on SQLite the pool has a
 * single connection, so a query outside an open transaction would wait for it forever.
 */
export const withKnex = <T>(strapi: Core.Strapi, fn: (knex: Knex) => Promise<T>): Promise<T> =>
  strapi.db.inTransaction()
    ? (strapi.db.transaction(({ trx }) => fn(trx as unknown as Knex)) as Promise<T>)
    : fn(strapi.db.connection);

export const dbClient = (strapi: Core.Strapi): string =>
  (strapi.db as unknown as { dialect: { client: string } }).dialect.client;

/**
 * Makes a SELECT take row locks. SQLite runs one writer at a time, so it needs (and knows) no
 * row locks.
 */
export const locking = <Q extends QueryBuilder>(
  strapi: Core.Strapi,
  query: Q,
  mode: 'update' | 'share'
): Q => {
  if (dbClient(strapi) !== 'sqlite') {
    if (mode === 'update') query.forUpdate();
    else query.forShare();
  }
  return query;
};

export interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}

/** The join table Strapi keeps for a relation attribute, as its metadata describes it. */
export const joinTableOf = (strapi: Core.Strapi, uid: string, attribute: string): JoinTable =>
  (strapi.db.metadata.get(uid).attributes as Record<string, { joinTable?: JoinTable }>)[attribute]
    .joinTable as JoinTable;

/**
 * Locks rows by id, in id order so that two transactions locking overlapping sets cannot
 * deadlock on each other, and returns the ids that still exist.
 */
export const lockRows = async (
  strapi: Core.Strapi,
  table: string,
  ids: number[],
  mode: 'update' | 'share'
): Promise<number[]> => {
  if (!ids.length) return [];
  return withKnex(strapi, async (knex) => {
    const query = knex(table)
      .select('id')
      .whereIn('id', [...new Set(ids)])
      .orderBy('id');
    const rows = (await locking(strapi, query, mode)) as Array<{ id: number | string }>;
    return rows.map((r) => Number(r.id));
  });
};

/**
 * Serialises changes to the journeys and stages themselves (not editors' tags) across every
 * Strapi instance on the database: the plugin's row in Strapi's core store, which bootstrap
 * writes, stands for "the set of journeys". Each structural write takes it first, before any
 * journey or stage row, so two of them can neither both pass a uniqueness check nor deadlock.
 */
export const lockJourneys = (strapi: Core.Strapi) =>
  withKnex(strapi, async (knex) => {
    const query = knex(strapi.db.metadata.get('strapi::core-store').tableName)
      .select('id')
      .where('key', 'plugin_journey_seededJourneys');
    await locking(strapi, query, 'update');
  });

/** PostgreSQL deadlock / serialization failure, MySQL and MariaDB deadlock / lock wait timeout. */
const RETRYABLE = new Set([
  '40P01',
  '40001',
  'ER_LOCK_DEADLOCK',
  'ER_LOCK_WAIT_TIMEOUT',
  'JOURNEY_STALE_READ',
]);
const RETRYABLE_ERRNO = new Set([1213, 1205]);

export const isRetryableConflict = (error: unknown): boolean => {
  for (
    let e = error as Record<string, unknown> | undefined, depth = 0;
    e && depth < 3;
    depth += 1
  ) {
    if (RETRYABLE.has(String(e.code)) || RETRYABLE_ERRNO.has(Number(e.errno))) return true;
    e = (e.cause ?? e.details) as Record<string, unknown> | undefined;
  }
  return false;
};

/** The driver's error, or one wrapped in it (Strapi's database layer keeps it as cause). */
const driverErrors = (error: unknown): Array<Record<string, unknown>> => {
  const found: Array<Record<string, unknown>> = [];
  for (
    let e = error as Record<string, unknown> | undefined, depth = 0;
    e && typeof e === 'object' && depth < 3;
    depth += 1
  ) {
    found.push(e);
    e = (e.cause ?? e.details) as Record<string, unknown> | undefined;
  }
  return found;
};

/**
 * A unique index refused a row: SQLite (better-sqlite3's code, or SQLite's own message where a
 * layer kept only that), PostgreSQL (23505), MySQL and MariaDB (ER_DUP_ENTRY, 1062).
 */
export const isUniqueViolation = (error: unknown): boolean =>
  driverErrors(error).some(
    (e) =>
      e.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
      e.code === '23505' ||
      e.code === 'ER_DUP_ENTRY' ||
      Number(e.errno) === 1062 ||
      /UNIQUE constraint failed/.test(String(e.message))
  );

/**
 * A lock wait ran past its bound: PostgreSQL's lock_timeout (55P03), MySQL and MariaDB's
 * innodb_lock_wait_timeout (ER_LOCK_WAIT_TIMEOUT, 1205).
 */
export const isLockTimeout = (error: unknown): boolean =>
  driverErrors(error).some(
    (e) => e.code === '55P03' || e.code === 'ER_LOCK_WAIT_TIMEOUT' || Number(e.errno) === 1205
  );

/**
 * An HTTP 409 with its message shown to the client; Strapi's error middleware passes on the
 * status and message of an exposed error.
 */
export class ConflictError extends Error {
  status = 409;
  expose = true;
}

/**
 * Thrown when a transaction finds that what it read is already out of date (MySQL keeps the
 * snapshot of a transaction's first read); run again, it reads afresh. Not run again, a 409.
 */
export class StaleReadError extends ConflictError {
  code = 'JOURNEY_STALE_READ';
}

/**
 * A deadlock inside a transaction someone else opened (the content manager's publish, say): it
 * cannot be retried here, so it reaches the client as a 409 with a message instead of a 500,
 * and stays retryable for a caller of ours that can run the whole transaction again.
 */
export const asConflict = (error: unknown, what: string): unknown =>
  isRetryableConflict(error) && !(error instanceof ConflictError)
    ? Object.assign(
        new ConflictError(
          `${what} met a concurrent change and was rolled back; nothing was changed, try again.`
        ),
        { code: 'JOURNEY_STALE_READ', cause: error }
      )
    : error;

/**
 * On MySQL and MariaDB, editors saving neighbouring entries deadlock on the link table's gap
 * locks (Strapi's own relation writes); under eight busy editors five attempts were not always
 * enough.
 */
const ATTEMPTS = 8;

/**
 * Runs `fn`, which opens its own transaction, again when the database aborted that transaction
 * to break a deadlock. Inside a caller's transaction it cannot retry (the caller's work is lost
 * with it), so it runs once and lets the caller see the error.
 */
export const retryOnConflict = async <T>(
  strapi: Core.Strapi,
  what: string,
  fn: () => Promise<T>
): Promise<T> => {
  if (strapi.db.inTransaction()) return fn();
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await fn();
    } catch (error) {
      if (!isRetryableConflict(error)) throw error;
      strapi.log.debug(`[journey] ${what}: attempt ${attempt} met a concurrent change, ${error}`);
      if (attempt >= ATTEMPTS) {
        throw new ConflictError(
          `${what} conflicted with concurrent changes ${ATTEMPTS} times in a row; nothing was changed, try again.`
        );
      }
      // A random pause that grows, so that the transactions that collided do not collide again.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 25 * attempt));
    }
  }
};
