/**
 * An admin's correction of one query's intent or stage, per journey and locale. Kept apart from
 * the imported rows so that it survives re-imports: every import re-applies the overrides.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_demand_overrides',
  info: {
    singularName: 'demand-override',
    pluralName: 'demand-overrides',
    displayName: 'Journey search demand override',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    {
      name: 'journey_demand_overrides_uq',
      type: 'unique',
      columns: ['journey_document_id', 'locale', 'query_norm'],
    },
  ],
  attributes: {
    journeyDocumentId: { type: 'string', required: true },
    locale: { type: 'string', required: true },
    queryNorm: { type: 'string', required: true },
    /** null: keep the classifier's intent. */
    intent: { type: 'string' },
    /** null: the stage follows the (possibly overridden) intent through the journey's mapping. */
    stageDocumentId: { type: 'string' },
    updatedByName: { type: 'string' },
  },
} as const;
