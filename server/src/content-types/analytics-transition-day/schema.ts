/**
 * One day of moves between two stages of a journey: a view at `to` whose session's previous
 * view in the journey was at `from` (the same stage on both sides is a move within the stage).
 * Upserted as `count = count + delta` like the stage days (analytics-stage-day/schema.ts).
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_transitions',
  info: {
    singularName: 'analytics-transition-day',
    pluralName: 'analytics-transition-days',
    displayName: 'Journey analytics: transition day',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_analytics_transitions_key_uq', type: 'unique', columns: ['row_key'] },
    { name: 'journey_analytics_transitions_day_idx', columns: ['journey_document_id', 'day'] },
  ],
  attributes: {
    rowKey: { type: 'string', required: true },
    day: { type: 'string', required: true },
    journeyDocumentId: { type: 'string', required: true },
    fromStageDocumentId: { type: 'string', required: true },
    toStageDocumentId: { type: 'string', required: true },
    entryLocale: { type: 'string' },
    moves: { type: 'integer', default: 0 },
  },
} as const;
