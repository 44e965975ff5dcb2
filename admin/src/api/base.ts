import { adminApi } from '@strapi/strapi/admin';

/**
 * The plugin's one slice of the admin's RTK Query API. Every resource module injects its
 * endpoints here, so a mutation anywhere can invalidate what any view shows: a bulk tag, an undo
 * or a queue accept refreshes coverage, the queue, the tag changes and the content manager's own
 * lists (`Document`, the tag the content manager's list queries provide) without a reload.
 *
 * What each tag stands for:
 * - JourneyConfig: journeys, stages, settings and site terms (anything the settings page edits).
 * - JourneyCoverage: coverage matrices, cell counts and cell entry lists.
 * - JourneyQueue: the review queue and its suggestions.
 * - JourneyTagChange: the tag-change history and undo state.
 * - JourneyDemand: search-demand imports, the demand matrix and its drill-downs.
 * - JourneySnapshot: coverage snapshots and the trend.
 * - JourneyEntry: one document's tags and suggestions in the edit view's panel.
 * - JourneyAnalytics: the analytics tab, the map's measured figures, the coverage traffic layer.
 */
export const JOURNEY_TAGS = [
  'JourneyConfig',
  'JourneyCoverage',
  'JourneyQueue',
  'JourneyTagChange',
  'JourneyDemand',
  'JourneySnapshot',
  'JourneyEntry',
  'JourneyAnalytics',
  'Document',
] as const;

export type JourneyTag = (typeof JOURNEY_TAGS)[number];

export const journeyApi = adminApi.enhanceEndpoints({ addTagTypes: [...JOURNEY_TAGS] });

/** What a tag write changes: every view that counts or lists tags. */
export const TAG_WRITE_INVALIDATES: JourneyTag[] = [
  'JourneyCoverage',
  'JourneyQueue',
  'JourneyTagChange',
  'JourneyDemand',
  'JourneyEntry',
];
