import type { Core } from '@strapi/strapi';
import { registerDocumentMiddlewares } from './document-middlewares';
import { PLUGIN_ID } from './utils/constants';
import { getService } from './utils/get-service';
import { runMigrations } from './migrations';

const actions = [
  { section: 'plugins', displayName: 'Read coverage', uid: 'coverage.read', pluginName: PLUGIN_ID },
  {
    section: 'plugins',
    displayName: 'Manage journeys',
    uid: 'journeys.manage',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Manage search demand',
    uid: 'demand.manage',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Read journey analytics',
    uid: 'analytics.read',
    pluginName: PLUGIN_ID,
  },
  {
    section: 'plugins',
    displayName: 'Import and delete journey analytics',
    uid: 'analytics.manage',
    pluginName: PLUGIN_ID,
  },
];

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await strapi.service('admin::permission').actionProvider.registerMany(actions);
  registerDocumentMiddlewares(strapi);
  // httpcache: the settings version row and its lifecycles, the purge event, data versions.
  await getService(strapi, 'http-cache').bootstrap();
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
  getService(strapi, 'snapshots').schedule();
  getService(strapi, 'analytics-ingest').start();
  const created = await getService(strapi, 'journeys').seedFromConfig();
  if (created.length)
    strapi.log.info(`[journey] created journeys from config: ${created.join(', ')}`);
  // Counts the cells when missing or when the journey-aware types changed; schedules the check.
  await getService(strapi, 'cells').bootstrap();
  await runMigrations(strapi);
};
