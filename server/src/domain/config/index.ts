/**
 * The plugin's config and the journeys it defines: their types, defaults and limits, the yup
 * schemas every write path validates with, and the checks that need more than one field.
 */
export type { AnalyticsConfig, IntentConfig, JourneyPluginConfig, SnapshotsConfig } from './types';
export {
  COUNTS_FULL_CHECK_DEFAULT,
  COUNTS_SELF_CHECK_DEFAULT,
  DEFAULT_CONFIG,
  configuredJourneys,
} from './defaults';
export { LIMITS, QUERY_LIMITS } from './limits';
export { journeyFieldsSchema, journeySchema, stageSchema } from './journey-schemas';
export { cronProblem } from './cron';
export { labelPath, schemaProblems, withKey } from './schema-problems';
export {
  importProblems,
  journeyProblems,
  journeysProblems,
  nextStageProblems,
} from './journey-problems';
export { ConfigError, configProblems, validateConfig } from './validate';
