/**
 * An intent an editor chose for an entry: kept from the queue's suggestion (accept), changed in
 * the queue (correct) or picked in the edit view's panel (panel). Site-term proposals are read
 * from these.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_intent_choices',
  info: {
    singularName: 'intent-choice',
    pluralName: 'intent-choices',
    displayName: 'Journey intent choice',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    text: { type: 'text', required: true },
    language: { type: 'string', required: true },
    suggested: { type: 'string' },
    chosen: { type: 'string', required: true },
    kind: { type: 'enumeration', enum: ['accept', 'correct', 'panel'], required: true },
    entryType: { type: 'string' },
    entryDocumentId: { type: 'string' },
    entryLocale: { type: 'string' },
    userId: { type: 'integer' },
  },
} as const;
