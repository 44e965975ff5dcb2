/**
 * One day of one goal (a name the journey lists in `goals`: signup, purchase…) reached by
 * sessions, attributed to a stage of the journey twice over: the session's furthest stage and
 * its first stage when the goal was reached (`attribution` 'furthest' | 'first').
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_goals',
  info: {
    singularName: 'analytics-goal-day',
    pluralName: 'analytics-goal-days',
    displayName: 'Journey analytics: goal day',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_analytics_goals_key_uq', type: 'unique', columns: ['row_key'] },
    { name: 'journey_analytics_goals_day_idx', columns: ['journey_document_id', 'day'] },
  ],
  attributes: {
    rowKey: { type: 'string', required: true },
    day: { type: 'string', required: true },
    journeyDocumentId: { type: 'string', required: true },
    goal: { type: 'string', required: true },
    stageDocumentId: { type: 'string', required: true },
    attribution: { type: 'string', required: true },
    entryLocale: { type: 'string' },
    source: { type: 'string', required: true },
    /** The import the row came from (analytics-import id); 0 for the plugin's own events. */
    importId: { type: 'integer', default: 0 },
    conversions: { type: 'integer', default: 0 },
  },
} as const;
