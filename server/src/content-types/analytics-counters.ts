/**
 * The counters a stage day, a document day and a document month share (their meaning is in
 * analytics-stage-day/schema.ts); only ever written as count = count + delta.
 */
export const ANALYTICS_COUNTER_ATTRIBUTES = {
  views: { type: 'integer', default: 0 },
  entries: { type: 'integer', default: 0 },
  exits: { type: 'integer', default: 0 },
  progressions: { type: 'integer', default: 0 },
  returns: { type: 'integer', default: 0 },
  nextClicks: { type: 'integer', default: 0 },
  helpfulYes: { type: 'integer', default: 0 },
  helpfulNo: { type: 'integer', default: 0 },
} as const;
