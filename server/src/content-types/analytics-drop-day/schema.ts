/**
 * Events the collector refused, counted per day and reason ('unknown-document', 'unpublished',
 * 'not-journey-aware', 'unknown-goal', 'bot', 'do-not-track', 'rate-limited', 'disabled'), so
 * that the analytics tab can say how much it did not count and why.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_drops',
  info: {
    singularName: 'analytics-drop-day',
    pluralName: 'analytics-drop-days',
    displayName: 'Journey analytics: dropped events day',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [{ name: 'journey_analytics_drops_key_uq', type: 'unique', columns: ['row_key'] }],
  attributes: {
    rowKey: { type: 'string', required: true },
    day: { type: 'string', required: true },
    reason: { type: 'string', required: true },
    dropped: { type: 'integer', default: 0 },
  },
} as const;
