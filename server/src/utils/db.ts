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
