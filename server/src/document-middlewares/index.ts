import type { Core } from '@strapi/strapi';
import { registerCellCounts } from './cell-counts';
import { registerDraftReadGuard } from './draft-read-guard';
import { registerJourneyStageGuard } from './journey-stage-guard';
import { registerTagWriteLocks } from './tag-write-locks';

/**
 * The plugin's document-service middlewares, in the order they wrap a call. The cell counts come
 * after the tag locks: they run inside the transaction the locks open (and retry) for writes that
 * link stages.
 */
export const registerDocumentMiddlewares = (strapi: Core.Strapi) => {
  registerJourneyStageGuard(strapi);
  registerTagWriteLocks(strapi);
  registerDraftReadGuard(strapi);
  registerCellCounts(strapi);
};
