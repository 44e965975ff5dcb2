/**
 * Which imports of search demand count, and how much: the one model the matrix, a cell's
 * queries, the export and the daily snapshot share. Pure: the services turn its weights into
 * SQL literals and sum in the database.
 *
 * Per journey × locale × source, the imports are periods of one series: their numbers are
 * averaged to a month, weighted by days (a 31-day and a 28-day export give Σ demand ÷ 59 days ×
 * 30.4375, not the two added). Days that a newer import of the same source also covers are read
 * from the newer one only: an older import loses the share of its days that newer ones cover
 * (assuming its numbers spread evenly over its period), and drops out when all are covered.
 * Across sources nothing is added: each query is read from one source, the one with the newest
 * import (in that locale); the same query in another source is reported as an overlap.
 */
import { DAYS_PER_MONTH } from './demand-rank';

const DAY_MS = 86_400_000;
const PERIOD = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** An import as stored: the fields the model reads. */
export interface ImportRecord {
  id: number;
  locale: string;
  source: string;
  /** 'YYYY-MM-DD..YYYY-MM-DD', or 'monthly' for monthly volumes. */
  periodKey: string;
  rows: number;
  /** ISO instant; imports without one are ordered by id. */
  createdAt?: string | null;
}

/**
 * - `averaged`: a dated import, all its days counted in its source's day-weighted average;
 * - `partly-superseded`: newer imports of the same source cover some of its days;
 * - `superseded`: newer imports of the same source cover all its days (or the source's newest
 *   import is of the other kind: monthly volumes against dated periods), not counted;
 * - `monthly`: monthly volumes, counted as they are.
 */
export type ImportReason = 'averaged' | 'partly-superseded' | 'superseded' | 'monthly';

export interface ImportUse {
  id: number;
  locale: string;
  source: string;
  periodKey: string;
  periodStart: string | null;
  periodEnd: string | null;
  rows: number;
  used: boolean;
  reason: ImportReason;
  /** The newer import of the same source that covers (some of) its days. */
  supersededBy: number | null;
  /** Days of the period (null for monthly volumes) and of those, the days counted. */
  days: number | null;
  daysUsed: number | null;
  /** Multiplies a row's number to give its share of the monthly figure (0 when unused). */
  weight: number;
  /**
   * Days counted over all the source's dated imports (null for monthly volumes): weight =
   * share × 30.4375 ÷ sourceDays, which SQL computes in that order to stay exact.
   */
  sourceDays: number | null;
  /** Share of its own numbers counted: daysUsed ÷ days (1 for monthly, 0 when unused). */
  share: number;
  /** 0 = the source read first in this locale (the one with the newest import). */
  sourceRank: number;
  /** Preference among all used imports: lower = read first (source rank, then newest). */
  order: number;
}

export interface DemandModel {
  /** Every import, newest first. */
  imports: ImportUse[];
  /** The used ones, in `order`. */
  used: ImportUse[];
}

const dayNumber = (day: string) => Date.parse(`${day}T00:00:00Z`) / DAY_MS;

/** First and last day of a dated period, null for 'monthly' and anything unreadable. */
export const periodRange = (periodKey: string): { start: string; end: string } | null => {
  const m = PERIOD.exec(periodKey);
  if (!m) return null;
  const [a, b] = [dayNumber(m[1]), dayNumber(m[2])];
  if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) return null;
  return { start: m[1], end: m[2] };
};

type Interval = [number, number];

/** Days of [a, b] (inclusive day numbers) inside the union of `covered`, which do not overlap. */
const overlapDays = ([a, b]: Interval, covered: Interval[]) =>
  covered.reduce((n, [c, d]) => n + Math.max(0, Math.min(b, d) - Math.max(a, c) + 1), 0);

/** Adds [a, b] to a union of disjoint intervals, merging what touches or overlaps it. */
const addInterval = (covered: Interval[], [a, b]: Interval): Interval[] => {
  let [lo, hi] = [a, b];
  const rest: Interval[] = [];
  for (const [c, d] of covered) {
    if (d < lo - 1 || c > hi + 1) rest.push([c, d]);
    else [lo, hi] = [Math.min(lo, c), Math.max(hi, d)];
  }
  return [...rest, [lo, hi]];
};

const newestFirst = (a: ImportRecord, b: ImportRecord) => {
  const at = (r: ImportRecord) => (r.createdAt ? Date.parse(r.createdAt) : NaN);
  const [ta, tb] = [at(a), at(b)];
  if (Number.isFinite(ta) && Number.isFinite(tb) && ta !== tb) return tb - ta;
  return b.id - a.id;
};

/** The imports of one journey: which count, and with what weight (see the file's comment). */
export const demandModel = (records: ImportRecord[]): DemandModel => {
  const sorted = [...records].sort(newestFirst);
  const uses = new Map<number, ImportUse>();
  const groups = new Map<string, ImportRecord[]>();
  for (const r of sorted) {
    const key = `${r.locale}\u0000${r.source}`;
    const list = groups.get(key);
    if (list) list.push(r);
    else groups.set(key, [r]);
  }

  for (const list of groups.values()) {
    const newest = list[0];
    const monthlyKind = periodRange(newest.periodKey) === null;
    let covered: Interval[] = [];
    let coveredBy: Array<{ id: number; range: Interval }> = [];
    const dated: ImportUse[] = [];
    for (const r of list) {
      const range = periodRange(r.periodKey);
      const base = {
        id: r.id,
        locale: r.locale,
        source: r.source,
        periodKey: r.periodKey,
        periodStart: range?.start ?? null,
        periodEnd: range?.end ?? null,
        rows: r.rows,
        sourceRank: 0,
        order: -1,
      };
      if (monthlyKind || range === null) {
        // A source is read as monthly volumes or as dated periods, as its newest import is.
        const used = r === newest;
        uses.set(r.id, {
          ...base,
          used,
          reason: used ? 'monthly' : 'superseded',
          supersededBy: used ? null : newest.id,
          days: null,
          daysUsed: null,
          weight: used ? 1 : 0,
          share: used ? 1 : 0,
          sourceDays: null,
        });
        continue;
      }
      const interval: Interval = [dayNumber(range.start), dayNumber(range.end)];
      const days = interval[1] - interval[0] + 1;
      const daysUsed = days - overlapDays(interval, covered);
      const by =
        coveredBy.find(
          (c) => Math.min(interval[1], c.range[1]) >= Math.max(interval[0], c.range[0])
        )?.id ?? null;
      const use: ImportUse = {
        ...base,
        used: daysUsed > 0,
        reason: daysUsed === days ? 'averaged' : daysUsed > 0 ? 'partly-superseded' : 'superseded',
        supersededBy: daysUsed === days ? null : by,
        days,
        daysUsed,
        weight: 0,
        share: daysUsed / days,
        sourceDays: null,
      };
      covered = addInterval(covered, interval);
      coveredBy = [...coveredBy, { id: r.id, range: interval }];
      uses.set(r.id, use);
      if (use.used) dated.push(use);
    }
    const total = dated.reduce((n, u) => n + (u.daysUsed ?? 0), 0);
    for (const u of dated) {
      u.weight = (u.share * DAYS_PER_MONTH) / total;
      u.sourceDays = total;
    }
  }

  // Sources per locale, the one with the newest import first; groups are in that order already.
  const rankIn = new Map<string, number>();
  for (const list of groups.values()) {
    const locale = list[0].locale;
    const rank = rankIn.get(locale) ?? 0;
    rankIn.set(locale, rank + 1);
    for (const r of list) (uses.get(r.id) as ImportUse).sourceRank = rank;
  }
  const imports = sorted.map((r) => uses.get(r.id) as ImportUse);
  const used = imports
    .filter((u) => u.used)
    .sort(
      (a, b) =>
        a.locale.localeCompare(b.locale) ||
        a.sourceRank - b.sourceRank ||
        imports.indexOf(a) - imports.indexOf(b)
    );
  used.forEach((u, i) => {
    u.order = i;
  });
  return { imports, used };
};

/** One source's queries that another source of the same locale also has, and are read from it. */
export interface DemandOverlap {
  locale: string;
  metric: string;
  /** The source the shared queries are read from. */
  used: string;
  /** The source whose copies of them are left out. */
  skipped: string;
  queries: number;
}

/** The source a (locale, rank) pair stands for in a model. */
export const sourceAt = (model: DemandModel, locale: string, rank: number): string | null =>
  model.used.find((u) => u.locale === locale && u.sourceRank === rank)?.source ?? null;

/**
 * How a metric's rows are read, for speed only (the figures are the same either way). A query
 * is read from one row and summed over imports only where a locale has several used imports
 * with rows in the metric; an import alone in its locale (the common case: one export per
 * locale) is read row by row, its numbers × its weight, with no window over the queries.
 * The query key is unique within an import (the parser merges duplicates), which is what makes
 * a lone import's rows the model's rows.
 */
export interface ReadSplit {
  /** Used imports alone in their locale among those with rows in the metric. */
  alone: number[];
  /** Used imports sharing their locale with another that has rows in the metric. */
  shared: number[];
  /** Whether some locale has rows from two sources: only then can queries overlap. */
  sourcesMeet: boolean;
}

export const readSplit = (model: DemandModel, hasRows: (id: number) => boolean): ReadSplit => {
  const byLocale = new Map<string, ImportUse[]>();
  for (const u of model.used) {
    if (!hasRows(u.id)) continue;
    const list = byLocale.get(u.locale);
    if (list) list.push(u);
    else byLocale.set(u.locale, [u]);
  }
  const split: ReadSplit = { alone: [], shared: [], sourcesMeet: false };
  for (const list of byLocale.values()) {
    if (list.length === 1) split.alone.push(list[0].id);
    else split.shared.push(...list.map((u) => u.id));
    if (new Set(list.map((u) => u.source)).size > 1) split.sourcesMeet = true;
  }
  return split;
};
