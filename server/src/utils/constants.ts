export const PLUGIN_ID = 'journey';
export const JOURNEY_UID = 'plugin::journey.journey';
export const STAGE_UID = 'plugin::journey.stage';
export const STAGES_FIELD = 'journeyStages';
export const INTENT_FIELD = 'searchIntent';

/** Admin RBAC actions, registered in bootstrap and required by the admin routes. */
export const ACTIONS = {
  readCoverage: 'plugin::journey.coverage.read',
  manageJourneys: 'plugin::journey.journeys.manage',
  manageDemand: 'plugin::journey.demand.manage',
  readAnalytics: 'plugin::journey.analytics.read',
  manageAnalytics: 'plugin::journey.analytics.manage',
} as const;

/** The plugin's own tables, written with plain SQL by the services that keep them. */
export const SITE_TERM_UID = 'plugin::journey.site-term';
export const INTENT_CHOICE_UID = 'plugin::journey.intent-choice';
export const CHANGE_UID = 'plugin::journey.tag-change';
export const CHANGE_ENTRY_UID = 'plugin::journey.tag-change-entry';

/** Journey analytics rollups (content-types/analytics-*): written only by count = count + delta. */
export const ANALYTICS_UIDS = {
  stages: 'plugin::journey.analytics-stage-day',
  transitions: 'plugin::journey.analytics-transition-day',
  documents: 'plugin::journey.analytics-document-day',
  goals: 'plugin::journey.analytics-goal-day',
  drops: 'plugin::journey.analytics-drop-day',
  imports: 'plugin::journey.analytics-import',
} as const;
