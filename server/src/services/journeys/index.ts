import type { Core } from '@strapi/strapi';
import { journeyEdits } from './edits';
import { journeyRemoval } from './removal';
import { journeyStore } from './store';

export { EditConflictError, type WriteOptions } from './shared';
export type { StoredJourney, StoredStage } from '../../domain/stored';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = journeyStore(strapi);
  const removal = journeyRemoval(strapi, store);
  const edits = journeyEdits(strapi, removal, store);
  return {
    list: store.list,
    createJourney: edits.createJourney,
    updateJourney: edits.updateJourney,
    reorderJourneys: edits.reorderJourneys,
    addStage: edits.addStage,
    updateStage: edits.updateStage,
    findByKey: store.findByKey,
    requireJourney: removal.requireJourney,
    toDefinition: store.toDefinition,
    create: store.create,
    seedFromConfig: store.seedFromConfig,
    exportJourneys: store.exportJourneys,
    importJourneys: store.importJourneys,
    reorderStages: removal.reorderStages,
    resolveStage: removal.resolveStage,
    assertDeletable: removal.assertDeletable,
    deleteStage: removal.deleteStage,
    deleteJourney: removal.deleteJourney,
  };
};
