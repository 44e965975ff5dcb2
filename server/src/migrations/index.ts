import type { Core } from '@strapi/strapi';
import { createIndexesConcurrently } from './concurrent-indexes';
import firstCoverageSnapshot from './first-coverage-snapshot';
import type { Migration, SyncedSchemas } from './types';

/**
 * The plugin's data migrations, oldest first. Schema changes need none: every change since 0.1.0
 * only added types, attributes and indexes, which Strapi's schema sync creates (on PostgreSQL the
 * new indexes of existing tables are built just before it, concurrently: concurrent-indexes.ts).
 * What the sync cannot do is
 * fill new tables with derived data:
 * - per-cell counts: the cells service counts on boot whenever the table holds no cell or the
 *   journey-aware types changed (services/cells.ts `bootstrap`), which an upgrade is;
 * - coverage snapshots: `first-coverage-snapshot`.
 * Strapi's internal migrations (`strapi.db.migrations.providers.internal`) run before the sync,
 * while the new tables do not exist yet; review-workflows runs its data migrations after the sync
 * from the schemas before and after it, as these do.
 */
export const MIGRATIONS: Migration[] = [firstCoverageSnapshot];

const synced = new WeakMap<Core.Strapi, SyncedSchemas>();

/** In register: keeps what the schema sync saw, for the migrations that run in bootstrap. */
export const registerMigrations = (strapi: Core.Strapi) => {
  strapi.hook('strapi::content-types.beforeSync').register(() => createIndexesConcurrently(strapi));
  strapi.hook('strapi::content-types.afterSync').register((schemas: SyncedSchemas) => {
    synced.set(strapi, schemas);
  });
};

/** In bootstrap, last: the journeys are seeded and the cells counted. */
export const runMigrations = async (strapi: Core.Strapi, migrations = MIGRATIONS) => {
  const schemas = synced.get(strapi);
  if (!schemas) return;
  for (const migration of migrations) await migration.up(strapi, schemas);
};
