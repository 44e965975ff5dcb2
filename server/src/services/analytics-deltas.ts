import { addDelta, emptyDeltaSet } from '../domain/analytics/keys';

/**
 * The delta-set helpers of domain/analytics/keys.ts, reachable through the plugin for code that
 * runs outside its bundle and cannot import its sources (the demo app's seed compiles with its
 * own rootDir): rows built with them get the same row keys the collector gives the same day,
 * stage and source, and are added through analytics-store's `addDeltas`.
 */
export default () => ({ emptyDeltaSet, addDelta });
