import type { Core } from '@strapi/strapi';
import { isJourneyIndex, type DeclaredIndex } from '../domain/journey-indexes';
import { dbClient } from '../utils/db';
import { getService } from '../utils/get-service';

type Inspector = { getIndexes: (table: string) => Promise<DeclaredIndex[]> };

/**
 * On PostgreSQL a plain CREATE INDEX, which Strapi's schema sync issues, blocks writes to the
 * table until the index is built: minutes on a large table, on the boot that upgrades the
 * plugin. Before the sync, the plugin's indexes that an existing table lacks are built with
 * CREATE INDEX CONCURRENTLY (writes go on meanwhile); the sync then finds them, with the
 * columns it expects, and leaves them. A new table gets them from the sync, empty and at once.
 * MySQL and MariaDB build a secondary index online (InnoDB's default for ADD INDEX); SQLite has
 * one writer and no such choice. Should a concurrent build fail, its invalid index is dropped
 * and the sync builds it the plain way: slower for writers, never missing.
 */
export const createIndexesConcurrently = async (strapi: Core.Strapi) => {
  if (dbClient(strapi) !== 'postgres') return;
  const knex = strapi.db.connection;
  const inspector = (strapi.db as unknown as { dialect: { schemaInspector: Inspector } }).dialect
    .schemaInspector;
  for (const uid of getService(strapi, 'content-types').journeyAwareUids()) {
    const meta = strapi.db.metadata.get(uid) as unknown as {
      tableName: string;
      indexes?: DeclaredIndex[];
    };
    const wanted = (meta.indexes ?? []).filter((index) => isJourneyIndex(index.name));
    if (!wanted.length || !(await knex.schema.hasTable(meta.tableName))) continue;
    const existing = await inspector.getIndexes(meta.tableName);
    for (const index of wanted) {
      // Present (or present with other columns, which the sync drops and rebuilds).
      if (existing.some((e) => e.name === index.name)) continue;
      const started = Date.now();
      try {
        await knex.raw(
          `CREATE INDEX CONCURRENTLY IF NOT EXISTS ?? ON ?? (${index.columns.map(() => '??').join(', ')})`,
          [index.name, meta.tableName, ...index.columns]
        );
        strapi.log.info(
          `[journey] built index ${index.name} on ${meta.tableName} without blocking writes (${Date.now() - started} ms)`
        );
      } catch (error) {
        strapi.log.warn(
          `[journey] could not build ${index.name} concurrently (${(error as Error).message}); the schema sync builds it`
        );
        await knex.raw('DROP INDEX CONCURRENTLY IF EXISTS ??', [index.name]).catch(() => {});
      }
    }
  }
};
