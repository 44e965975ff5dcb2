import type { AnalyticsEffect, AnalyticsRate } from '../analytics-types';

/** Each side needs this many progressions and this many non-progressions for the interval. */
export const MIN_OUTCOMES = 5;
/** The normal quantile of a two-sided 95% interval. */
export const Z95 = 1.96;

export interface RateCounts {
  from: string;
  to: string;
  views: number;
  progressions: number;
}

const rateOf = (c: RateCounts): AnalyticsRate => ({
  from: c.from,
  to: c.to,
  views: c.views,
  progressions: c.progressions,
  rate: c.views > 0 ? c.progressions / c.views : null,
});

/** Enough for the normal approximation: ≥ 5 successes and ≥ 5 failures on the side. */
const enoughOn = (c: RateCounts) =>
  c.progressions >= MIN_OUTCOMES && c.views - c.progressions >= MIN_OUTCOMES;

/**
 * Whether the progression rate of a stage changed from before a date to after it: the difference
 * of two proportions with the unpooled Wald 95% interval,
 * diff ± 1.96·√(p₁(1−p₁)/n₁ + p₂(1−p₂)/n₂). Views are treated as independent trials, which they
 * are not quite (a session can view twice): the interval is a guide, not a proof.
 */
export const progressionEffect = (
  stageDocumentId: string,
  date: string,
  days: number,
  before: RateCounts,
  after: RateCounts
): AnalyticsEffect => {
  const base = {
    stageDocumentId,
    date,
    days,
    before: rateOf(before),
    after: rateOf(after),
  };
  const reason =
    before.views <= 0
      ? 'no-views-before'
      : after.views <= 0
        ? 'no-views-after'
        : !enoughOn(before) || !enoughOn(after)
          ? 'too-few'
          : null;
  if (reason) {
    return { ...base, difference: null, interval: null, significant: false, enough: false, reason };
  }
  const p1 = before.progressions / before.views;
  const p2 = after.progressions / after.views;
  const difference = p2 - p1;
  const se = Math.sqrt((p1 * (1 - p1)) / before.views + (p2 * (1 - p2)) / after.views);
  const interval: [number, number] = [difference - Z95 * se, difference + Z95 * se];
  return {
    ...base,
    difference,
    interval,
    significant: interval[0] > 0 || interval[1] < 0,
    enough: true,
    reason: null,
  };
};
