import { isLockTimeout, isRetryableConflict, isUniqueViolation } from '../../server/src/utils/db';

/** The errors each driver throws, as they arrive (knex passes the driver's error on). */
const SQLITE_UNIQUE = Object.assign(
  new Error('insert into `t` - UNIQUE constraint failed: t.replace_key'),
  { code: 'SQLITE_CONSTRAINT_UNIQUE' }
);
const PG_UNIQUE = Object.assign(new Error('duplicate key value violates unique constraint'), {
  code: '23505',
});
const MARIADB_UNIQUE = Object.assign(new Error("Duplicate entry 'x' for key 'uq'"), {
  code: 'ER_DUP_ENTRY',
  errno: 1062,
});

describe('isUniqueViolation', () => {
  test.each([
    ['SQLite', SQLITE_UNIQUE],
    ['PostgreSQL', PG_UNIQUE],
    ['MariaDB', MARIADB_UNIQUE],
    ['MariaDB by errno only', { errno: 1062 }],
    ['SQLite by message only', new Error('UNIQUE constraint failed: t.key')],
    ['wrapped by Strapi', { message: 'Database error', cause: PG_UNIQUE }],
  ])('%s', (_, error) => {
    expect(isUniqueViolation(error)).toBe(true);
  });

  test.each([
    ['a NOT NULL violation', { code: 'SQLITE_CONSTRAINT_NOTNULL', message: 'NOT NULL failed' }],
    ['a foreign key violation', { code: '23503' }],
    ['a deadlock', { code: '40P01' }],
    ['nothing', undefined],
  ])('not %s', (_, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});

describe('isLockTimeout', () => {
  test.each([
    ['PostgreSQL lock_timeout', { code: '55P03' }],
    ['MariaDB innodb_lock_wait_timeout', { code: 'ER_LOCK_WAIT_TIMEOUT', errno: 1205 }],
    ['wrapped', { cause: { errno: 1205 } }],
  ])('%s', (_, error) => {
    expect(isLockTimeout(error)).toBe(true);
    // A deadlock is run again; a lock wait past its bound is answered at once.
    expect(isUniqueViolation(error)).toBe(false);
  });

  test('a deadlock is not a timeout, but retryable', () => {
    expect(isLockTimeout({ code: '40P01' })).toBe(false);
    expect(isRetryableConflict({ code: '40P01' })).toBe(true);
  });
});
