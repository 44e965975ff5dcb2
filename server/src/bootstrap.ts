import type { Core } from '@strapi/strapi';
import { registerDocumentMiddlewares } from './document-middlewares';
import { registerTagGuard } from './tag-guard';
import type { JourneyPluginConfig } from './domain/config';
import { PLUGIN_ID } from './utils/constants';
import { getService } from './utils/get-service';

/**
 * The daily coverage snapshot. Every instance runs the cron; the unique (journey, day) index lets
 * one of them store the day and the others skip it (services/snapshots.ts).
 */
const scheduleSnapshots = (strapi: Core.Strapi) => {
  const { enabled, cron } = (strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig)
    .snapshots;
  if (!enabled) return;
  strapi.cron.add({
    journeyCoverageSnapshot: {
      task: async () => {
        try {
          const { taken, pruned } = await getService(strapi, 'snapshots').take();
          if (taken.length || pruned) {
            strapi.log.info(
              `[journey] coverage snapshot: ${taken.map((t) => t.journey).join(', ') || 'none'} taken, ${pruned} pruned`
            );
          }
        } catch (error) {
          strapi.log.error(`[journey] coverage snapshot failed: ${error}`);
        }
      },
      // In UTC, like the day a snapshot is stored under, whatever the server's time zone.
      options: { rule: cron, tz: 'UTC' },
    },
  });
  // Strapi logs a schedule it cannot parse and carries on without the job: refuse to boot instead.
  if (
    !strapi.cron.jobs.some((j: { name?: string | null }) => j.name === 'journeyCoverageSnapshot')
  ) {
    throw new Error(
      `Error regarding ${PLUGIN_ID} config: Invalid config for plugin "journey":\n  - snapshots.cron: "${cron}" is not a schedule Strapi's cron accepts`
    );
  }
};

const actions = [
  { section: 'plugins', displayName: 'Read coverage', uid: 'coverage.read', pluginName: PLUGIN_ID },
  {
    section: 'plugins',
    displayName: 'Manage journeys',
    uid: 'journeys.manage',
    pluginName: PLUGIN_ID,
  },
];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
  registerDocumentMiddlewares(strapi);
  registerTagGuard(strapi);
  getService(strapi, 'site-terms').registerPanelChoices();
  strapi.cron.add({
    // Pruning also runs after every recorded change; the daily run bounds a quiet site's history.
    // Every instance runs it, which is harmless: deleting what another already deleted is a no-op.
    journeyPruneTagHistory: {
      task: async () => {
        const pruned = await getService(strapi, 'tag-history').prune();
        if (pruned) strapi.log.info(`[journey] pruned ${pruned} old tag changes`);
      },
      options: '0 30 3 * * *',
    },
    // A suggestion job whose instance stopped is resumed by whichever instance looks first.
    journeyResumeSuggestions: {
      task: () =>
        getService(strapi, 'suggestions')
          .resumeAbandoned()
          .catch((error: unknown) => strapi.log.debug(`[journey] suggestion job: ${error}`)),
      options: '*/15 * * * * *',
    },
  });
  scheduleSnapshots(strapi);
  const created = await getService(strapi, 'journeys').seedFromConfig();
  if (created.length)
    strapi.log.info(`[journey] created journeys from config: ${created.join(', ')}`);
};
