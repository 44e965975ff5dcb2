import type { Core } from '@strapi/strapi';

type Schemas = Record<string, { attributes?: Record<string, unknown> }>;

/** What Strapi's schema sync saw: the schemas stored by the previous boot, and this boot's. */
export interface SyncedSchemas {
  /** Undefined on a fresh database. */
  oldContentTypes?: Schemas;
  contentTypes: Schemas;
}

/**
 * A data migration of the plugin, run at the end of bootstrap (after the schema sync, the seeding
 * of journeys and the cell recount). Like review-workflows' migrations, it decides from the
 * schemas before and after the sync whether it applies, so it acts on the one boot that upgrades
 * a database, and it must be idempotent: two instances starting together can both see the old
 * schemas and both run it.
 */
export interface Migration {
  /** `<version>-<what>`, for the log. */
  name: string;
  up: (strapi: Core.Strapi, schemas: SyncedSchemas) => Promise<void>;
}
