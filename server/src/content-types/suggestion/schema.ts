/**
 * The classifier's suggestion for one untagged entry (one document in one locale), kept so that
 * the review queue can filter and page by suggested intent in the database. Journey-independent:
 * the stage is derived from the intent for whichever journey the queue shows.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_suggestions',
  info: {
    singularName: 'suggestion',
    pluralName: 'suggestions',
    displayName: 'Journey tag suggestion',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  // One suggestion per entry: upserts from two instances (the job, a page being listed) land on
  // the same row instead of doubling it.
  indexes: [
    {
      name: 'journey_suggestions_entry_uq',
      type: 'unique',
      columns: ['entry_type', 'entry_document_id', 'entry_locale'],
    },
  ],
  attributes: {
    entryType: { type: 'string', required: true },
    entryDocumentId: { type: 'string', required: true },
    /** '' for types that are not localized, so that the unique index holds on every database. */
    entryLocale: { type: 'string', required: true, default: '' },
    /** The entry row's updated_at when this was computed: a different value means stale. */
    entryUpdatedAt: { type: 'datetime' },
    /** What the classifier was built from (config, site terms): a different one means stale. */
    classifierVersion: { type: 'string' },
    intent: { type: 'string' },
    confidence: { type: 'float', default: 0 },
    language: { type: 'string' },
    scores: { type: 'json' },
    matches: { type: 'json' },
    source: { type: 'string' },
    text: { type: 'text' },
    skipped: { type: 'boolean', default: false },
  },
} as const;
