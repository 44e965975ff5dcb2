import type { JourneyPluginConfig } from '../domain/config';
import { SNAPSHOT_UID } from '../services/snapshots';
import { JOURNEY_UID, PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';
import type { Migration } from './types';

/**
 * An app upgrading from a version without snapshots (0.1.0) has tagged content but no coverage
 * history: its trend would stay empty until the daily cron first fires (up to a day later), or
 * until someone presses "Snapshot now". A fresh install is left to the cron, as before.
 *
 * Idempotent and safe with two instances at once: only a table with no snapshot gets one, and the
 * unique (journey, day) index lets one of two concurrent inserts store the day; the other skips
 * it, as the cron's instances do. Runs after the cell recount, so the day's numbers are its.
 */
const firstCoverageSnapshot: Migration = {
  name: '0.2.0-first-coverage-snapshot',
  async up(strapi, { oldContentTypes }) {
    if (!oldContentTypes?.[JOURNEY_UID] || oldContentTypes[SNAPSHOT_UID]) return;
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    if (!config.snapshots?.enabled) return;
    const table = strapi.db.metadata.get(SNAPSHOT_UID as never).tableName;
    if (await strapi.db.connection(table).first('id')) return;
    const { taken } = await getService(strapi, 'snapshots').take();
    strapi.log.info(
      `[journey] upgrade: first coverage snapshot (${taken.map((t) => t.journey).join(', ') || 'taken by another instance'})`
    );
  },
};

export default firstCoverageSnapshot;
