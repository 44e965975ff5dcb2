import { ANALYTICS_COUNTER_ATTRIBUTES } from '../analytics-counters';

/**
 * One calendar month of one document at one stage: the document days
 * (analytics-document-day/schema.ts) summed per 'YYYY-MM', so that the analytics tab's
 * per-document lists over 400 days read about 14 rows per document instead of 400. Kept by the
 * same `count = count + delta` upserts as the day rows (services/analytics-months.ts), in the
 * same transaction; the reader uses a month only when the whole month lies in its period.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_document_months',
  info: {
    singularName: 'analytics-document-month',
    pluralName: 'analytics-document-months',
    displayName: 'Journey analytics: document month',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_analytics_document_months_key_uq', type: 'unique', columns: ['row_key'] },
    {
      name: 'journey_analytics_document_months_month_idx',
      columns: ['journey_document_id', 'month'],
    },
  ],
  attributes: {
    rowKey: { type: 'string', required: true },
    /** 'YYYY-MM', UTC. */
    month: { type: 'string', required: true },
    contentType: { type: 'string', required: true },
    entryDocumentId: { type: 'string', required: true },
    entryLocale: { type: 'string' },
    journeyDocumentId: { type: 'string' },
    stageDocumentId: { type: 'string' },
    intent: { type: 'string' },
    source: { type: 'string', required: true },
    importId: { type: 'integer', default: 0 },
    ...ANALYTICS_COUNTER_ATTRIBUTES,
  },
} as const;
