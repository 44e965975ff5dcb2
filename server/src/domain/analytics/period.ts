import { ParamError, integerParam, stringParam } from '../content-params';
import { parseDay, utcDay } from '../snapshots';
import type { AnalyticsPeriod } from '../analytics-types';

/** The rollups keep 400 days (analytics.retentionDays): no period can ask for more. */
export const MAX_DAYS = 400;
export const DEFAULT_DAYS = 30;

export const SOURCES = ['all', 'events', 'imports'] as const;
export type AnalyticsSource = (typeof SOURCES)[number];

type Query = Record<string, unknown>;

const DAY_MS = 86_400_000;

/** `day` moved by `n` days (negative: back), as 'YYYY-MM-DD'. */
export const addDays = (day: string, n: number): string =>
  utcDay(new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS));

/** Days from `from` to `to`, both included. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00.000Z`) - Date.parse(`${from}T00:00:00.000Z`)) / DAY_MS) +
  1;

/**
 * The period of a read: `from`/`to` (inclusive; either may be left out, `to` then being today and
 * `from` 30 days before `to`) or `days` back from today, never both ways at once: which one would
 * win is a guess worth a 400.
 */
export const parsePeriod = (query: Query, today: string): AnalyticsPeriod => {
  const days = integerParam(query, 'days', { min: 1, max: MAX_DAYS });
  const rawFrom = stringParam(query, 'from');
  const rawTo = stringParam(query, 'to');
  if (days !== undefined && (rawFrom !== undefined || rawTo !== undefined)) {
    const name = rawFrom !== undefined ? 'from' : 'to';
    throw new ParamError(name, String(rawFrom ?? rawTo), 'either days or from/to, not both');
  }
  if (rawFrom === undefined && rawTo === undefined) {
    const n = days ?? DEFAULT_DAYS;
    return { from: addDays(today, -(n - 1)), to: today, days: n };
  }
  const to = parseDay('to', rawTo) ?? today;
  const from = parseDay('from', rawFrom) ?? addDays(to, -(DEFAULT_DAYS - 1));
  if (from > to) throw new ParamError('to', to, `a day on or after from (${from})`);
  const span = daysBetween(from, to);
  if (span > MAX_DAYS) {
    throw new ParamError('from', from, `a day at most ${MAX_DAYS} days before to (${to})`);
  }
  return { from, to, days: span };
};

export const parseSource = (query: Query, fallback: AnalyticsSource = 'all'): AnalyticsSource => {
  const raw = stringParam(query, 'source');
  if (raw === undefined) return fallback;
  if (!(SOURCES as readonly string[]).includes(raw)) throw new ParamError('source', raw, SOURCES);
  return raw as AnalyticsSource;
};

/** The effect window: `days` before `date` against `days` from `date` on. */
export interface EffectWindow {
  date: string;
  days: number;
  before: { from: string; to: string };
  after: { from: string; to: string };
}

export const parseEffectWindow = (query: Query): EffectWindow => {
  const date = parseDay('date', stringParam(query, 'date'));
  if (date === undefined) throw new ParamError('date', '', 'a day as YYYY-MM-DD, e.g. 2026-01-31');
  const days = integerParam(query, 'days', { min: 1, max: MAX_DAYS }) ?? DEFAULT_DAYS;
  return {
    date,
    days,
    before: { from: addDays(date, -days), to: addDays(date, -1) },
    after: { from: date, to: addDays(date, days - 1) },
  };
};

/** A required string parameter (the effect's stage). */
export const requiredParam = (query: Query, name: string, valid: readonly string[]): string => {
  const raw = stringParam(query, name);
  if (raw === undefined) throw new ParamError(name, '', valid);
  return raw;
};

/**
 * The journey asked for, by documentId or key; the first journey when none is named. Journeys
 * are listed by key in the 400, the name editors know them by.
 */
export const pickJourney = <J extends { documentId: string; key: string }>(
  journeys: readonly J[],
  raw: string | undefined
): J => {
  const found =
    raw === undefined ? journeys[0] : journeys.find((j) => j.documentId === raw || j.key === raw);
  if (!found)
    throw new ParamError(
      'journey',
      raw ?? '',
      journeys.map((j) => j.key)
    );
  return found;
};

/** A stage of the journey by documentId or key. */
export const pickStage = <S extends { documentId: string; key: string }>(
  stages: readonly S[],
  raw: string | undefined
): S => {
  const found =
    raw === undefined ? undefined : stages.find((s) => s.documentId === raw || s.key === raw);
  if (!found)
    throw new ParamError(
      'stage',
      raw ?? '',
      stages.map((s) => s.key)
    );
  return found;
};

/** The locale, checked against the app's locales (none without i18n). */
export const checkLocale = (raw: string | undefined, codes: readonly string[]): string | null => {
  if (raw === undefined) return null;
  if (!codes.includes(raw)) throw new ParamError('locale', raw, codes);
  return raw;
};

export interface ReadParams {
  journey: string | undefined;
  locale: string | undefined;
  source: AnalyticsSource;
  period: AnalyticsPeriod;
}

/** Every parameter of GET /journey/analytics and /traffic that needs no database to check. */
export const parseReadParams = (query: Query, today: string): ReadParams => ({
  journey: stringParam(query, 'journey'),
  locale: stringParam(query, 'locale'),
  source: parseSource(query),
  period: parsePeriod(query, today),
});

/** 'YYYY-MM-DD' ranges, inclusive. */
export interface DayRange {
  from: string;
  to: string;
}

/**
 * How to read a period's per-document sums from month rows and day rows with the fewest rows:
 * a month whose days in the period outnumber its days outside (up to today: later days have no
 * rows yet) is read as its month row minus the days outside; other months as their days.
 * sum = Σ months + Σ plus − Σ minus.
 */
export interface MonthPlan {
  months: string[];
  plus: DayRange[];
  minus: DayRange[];
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return utcDay(new Date(Date.UTC(y, m, 0)));
};

export const monthPlan = (from: string, to: string, today: string): MonthPlan => {
  const plan: MonthPlan = { months: [], plus: [], minus: [] };
  for (
    let start = `${from.slice(0, 7)}-01`;
    start <= to;
    start = addDays(lastDayOf(start.slice(0, 7)), 1)
  ) {
    const month = start.slice(0, 7);
    const end = lastDayOf(month);
    const inFrom = from > start ? from : start;
    const inTo = to < end ? to : end;
    // Days with rows: none after today.
    const lastWithRows = today < end ? today : end;
    const outside: DayRange[] = [];
    if (inFrom > start) outside.push({ from: start, to: addDays(inFrom, -1) });
    if (inTo < lastWithRows) outside.push({ from: addDays(inTo, 1), to: lastWithRows });
    const outsideDays = outside.reduce((n, r) => n + daysBetween(r.from, r.to), 0);
    if (1 + outsideDays < daysBetween(inFrom, inTo)) {
      plan.months.push(month);
      plan.minus.push(...outside);
    } else {
      const last = plan.plus[plan.plus.length - 1];
      // Adjacent day ranges merge into one BETWEEN.
      if (last && addDays(last.to, 1) === inFrom) last.to = inTo;
      else plan.plus.push({ from: inFrom, to: inTo });
    }
  }
  return plan;
};
