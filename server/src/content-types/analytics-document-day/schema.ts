import { ANALYTICS_COUNTER_ATTRIBUTES } from '../analytics-counters';

/**
 * One day of one document (one locale) at the stage it served in a journey: what the per-stage
 * lists (content that moves readers on, drop-off points, helpfulness) and the coverage traffic
 * layer read. `stageDocumentId` and `intent` are the document's published tags when the event
 * arrived (or when the import ran); '' for a journey-aware document without a stage in any
 * journey (then `journeyDocumentId` is '' too). Counters as in analytics-stage-day/schema.ts.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_documents',
  info: {
    singularName: 'analytics-document-day',
    pluralName: 'analytics-document-days',
    displayName: 'Journey analytics: document day',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_analytics_documents_key_uq', type: 'unique', columns: ['row_key'] },
    { name: 'journey_analytics_documents_day_idx', columns: ['journey_document_id', 'day'] },
    {
      name: 'journey_analytics_documents_entry_idx',
      columns: ['content_type', 'entry_document_id'],
    },
  ],
  attributes: {
    rowKey: { type: 'string', required: true },
    day: { type: 'string', required: true },
    contentType: { type: 'string', required: true },
    entryDocumentId: { type: 'string', required: true },
    entryLocale: { type: 'string' },
    journeyDocumentId: { type: 'string' },
    stageDocumentId: { type: 'string' },
    intent: { type: 'string' },
    source: { type: 'string', required: true },
    /** The import the row came from (analytics-import id); 0 for the plugin's own events. */
    importId: { type: 'integer', default: 0 },
    ...ANALYTICS_COUNTER_ATTRIBUTES,
  },
} as const;
