import { ANALYTICS_COUNTER_ATTRIBUTES } from '../analytics-counters';

/**
 * Journey analytics, one day of one stage of one journey in one locale, from one source
 * ('events': the plugin's own collection, or an import's tool: 'ga4', 'matomo'…). Raw events are
 * never stored: every instance adds its buffered deltas with `count = count + delta` upserts on the
 * unique `row_key` (one column, as journey_cell_counts does, to stay under MariaDB's key limit),
 * so instances behind a load balancer add up exactly.
 *
 * - sessions: sessions whose furthest stage in the journey reached this stage or a later one
 *   (each session counts once per stage: the funnel reads it directly);
 * - entries: sessions whose first view in the journey was here;
 * - exits: views here that no other view followed in the session (+1 at the view, -1 when the
 *   session's next view arrives);
 * - progressions / returns: views here followed by a view of a later / an earlier stage.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_stages',
  info: {
    singularName: 'analytics-stage-day',
    pluralName: 'analytics-stage-days',
    displayName: 'Journey analytics: stage day',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_analytics_stages_key_uq', type: 'unique', columns: ['row_key'] },
    { name: 'journey_analytics_stages_day_idx', columns: ['journey_document_id', 'day'] },
  ],
  attributes: {
    rowKey: { type: 'string', required: true },
    /** 'YYYY-MM-DD', UTC. */
    day: { type: 'string', required: true },
    journeyDocumentId: { type: 'string', required: true },
    stageDocumentId: { type: 'string', required: true },
    /** '' when the content type is not localized. */
    entryLocale: { type: 'string' },
    /** 'events' (the plugin's own collection) or the tool of the import the row came from. */
    source: { type: 'string', required: true },
    /** The import the row came from (analytics-import id); 0 for the plugin's own events. */
    importId: { type: 'integer', default: 0 },
    sessions: { type: 'integer', default: 0 },
    ...ANALYTICS_COUNTER_ATTRIBUTES,
  },
} as const;
