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
} as const;

/** The plugin's own tables, written with plain SQL by the services that keep them. */
export const SITE_TERM_UID = 'plugin::journey.site-term';
export const INTENT_CHOICE_UID = 'plugin::journey.intent-choice';
export const CHANGE_UID = 'plugin::journey.tag-change';
export const CHANGE_ENTRY_UID = 'plugin::journey.tag-change-entry';
