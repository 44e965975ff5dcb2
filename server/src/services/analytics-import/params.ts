import type { AnalyticsTool } from '../../domain/analytics-types';
import { ANALYTICS_TOOLS } from '../../domain/analytics/imports';
import { ParamError } from '../../domain/content-params';
import { isDay } from '../demand-import/shared';

/** The longest period one import may cover: the analytics retention's default. */
export const MAX_PERIOD_DAYS = 400;
/** What the preview lists: enough to judge a file and fix the patterns, small enough to send. */
export const PREVIEW_SAMPLE = 20;
export const PREVIEW_UNMATCHED = 100;
/** Unmatched paths kept with the import, for the list's "what did not match". */
export const STORED_UNMATCHED = 20;
export const DEFAULT_GOAL = 'conversion';

export const parseTool = (value: unknown): AnalyticsTool | null => {
  if (value === undefined || value === null || value === '' || value === 'auto') return null;
  if (typeof value === 'string' && (ANALYTICS_TOOLS as readonly string[]).includes(value)) {
    return value as AnalyticsTool;
  }
  throw new ParamError('tool', String(value), ['auto', ...ANALYTICS_TOOLS]);
};

const dayParam = (name: 'from' | 'to', value: unknown): string | null => {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string' && isDay(value)) return value;
  throw new ParamError(name, String(value), 'a day as YYYY-MM-DD (UTC, inclusive)');
};

export interface PeriodInput {
  from: string | null;
  to: string | null;
}

export const parsePeriodParams = (from: unknown, to: unknown): PeriodInput => {
  const period = { from: dayParam('from', from), to: dayParam('to', to) };
  if (!!period.from !== !!period.to) {
    const missing = period.from ? 'to' : 'from';
    throw new ParamError(missing, '', 'a day as YYYY-MM-DD: give both from and to, or neither');
  }
  return period;
};

/**
 * The period of the import: the one given, else the one the file states (GA4's comment header),
 * else the days of an event export's rows. A report without dates needs it from the caller.
 */
export const resolvePeriod = (
  given: PeriodInput,
  hint: { from: string; to: string } | null,
  rowDays: string[]
): { from: string; to: string } => {
  let period: { from: string; to: string } | null =
    given.from && given.to ? { from: given.from, to: given.to } : hint;
  if (!period && rowDays.length) {
    const sorted = [...rowDays].sort();
    period = { from: sorted[0], to: sorted[sorted.length - 1] };
  }
  if (!period) {
    throw new ParamError(
      'from',
      '',
      'a day as YYYY-MM-DD: the export does not say its period; give from and to (the report’s date range)'
    );
  }
  if (period.from > period.to) {
    throw new ParamError('to', period.to, `a day on or after from (${period.from})`);
  }
  const days = (Date.parse(period.to) - Date.parse(period.from)) / 86_400_000 + 1;
  if (days > MAX_PERIOD_DAYS) {
    throw new ParamError(
      'to',
      period.to,
      `at most ${MAX_PERIOD_DAYS} days after from (${period.from}): import a longer period in parts`
    );
  }
  return period;
};

export const parseGoal = (value: unknown): string => {
  if (value === undefined || value === null || value === '') return DEFAULT_GOAL;
  if (typeof value === 'string' && value.trim() && value.trim().length <= 100) return value.trim();
  throw new ParamError('goal', String(value), 'a goal name of 1 to 100 characters, e.g. signup');
};
