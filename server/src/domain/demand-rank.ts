/**
 * The rules of the demand layer that need no database: monthly normalisation, which cells are
 * priorities, "almost there" queries, labels and the CSV of opportunities. Pure functions.
 */
import { INTENTS } from './intents';

export const METRICS = ['impressions', 'clicks', 'volume'] as const;
export type Metric = (typeof METRICS)[number];

/** The average month of the Gregorian calendar: 365.25 / 12 days. */
export const DAYS_PER_MONTH = 30.4375;

const DAY_MS = 86_400_000;
const PERIOD = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;

/** Days covered by an import's period, both ends included; null for 'monthly' or unreadable. */
export const periodDays = (periodKey: string): number | null => {
  const m = PERIOD.exec(periodKey);
  if (!m) return null;
  const days = (Date.parse(`${m[2]}T00:00:00Z`) - Date.parse(`${m[1]}T00:00:00Z`)) / DAY_MS + 1;
  return Number.isFinite(days) && days >= 1 ? days : null;
};

/**
 * What one import's numbers are multiplied by to read "a month": 30.4375 ÷ the days of its
 * period (a 28-day Search Console export × 1.087; 3 months × 0.33); 1 for monthly volumes.
 */
export const monthlyFactor = (periodKey: string): number => {
  const days = periodDays(periodKey);
  return days === null ? 1 : DAYS_PER_MONTH / days;
};

/**
 * Expected organic click-through rate by position on Google's first two pages, rounded from the
 * published CTR-by-position studies (Advanced Web Ranking's CTR study, Backlinko's 2023
 * analysis of 4 million results): position 1 about 28 %, 10 about 2 %, page two about 1 %.
 * A query below the curve gets fewer clicks than its position should bring.
 */
export const EXPECTED_CTR = [0.28, 0.15, 0.11, 0.08, 0.07, 0.05, 0.04, 0.03, 0.025, 0.02];
const PAGE_TWO_CTR = 0.01;
const BEYOND_CTR = 0.005;

const ctrAt = (position: number) =>
  position <= 10 ? EXPECTED_CTR[position - 1] : position <= 20 ? PAGE_TWO_CTR : BEYOND_CTR;

/** The expected CTR at an average position (Search Console's are fractional): interpolated. */
export const expectedCtr = (position: number): number => {
  if (!Number.isFinite(position) || position <= 1) return EXPECTED_CTR[0];
  const low = Math.floor(position);
  const high = Math.ceil(position);
  if (low === high) return ctrAt(low);
  return ctrAt(low) + (ctrAt(high) - ctrAt(low)) * (position - low);
};

/**
 * "Almost there": Google already shows the site for the query, on the bottom of page one or on
 * page two, often, and people rarely click. Improving the page that ranks (or writing the one
 * that should) is the cheapest traffic there is.
 *
 * - position between 8 and 20 (both included);
 * - impressions among the top 20 % of the cell's queries (at or above the cell's cutoff, the
 *   impressions of the query at rank ⌈0.2 · n⌉), and at least 10;
 * - CTR below the expected CTR for the position.
 */
export const ALMOST_THERE = {
  minPosition: 8,
  maxPosition: 20,
  topShare: 0.2,
  minImpressions: 10,
} as const;

/** Zero-based rank (by impressions, descending) of the query that sets the cell's cutoff. */
export const cutoffOffset = (queries: number) =>
  Math.max(0, Math.ceil(queries * ALMOST_THERE.topShare) - 1);

export const isAlmostThere = (
  row: { impressions: number | null; ctr: number | null; position: number | null },
  cutoff: number
): boolean => {
  const { impressions, ctr, position } = row;
  if (impressions === null || ctr === null || position === null) return false;
  if (position < ALMOST_THERE.minPosition || position > ALMOST_THERE.maxPosition) return false;
  if (impressions < Math.max(cutoff, ALMOST_THERE.minImpressions)) return false;
  return ctr < expectedCtr(position);
};

export interface RankInput {
  stage: string;
  stageName: string;
  stagePosition: number;
  intent: string;
  locale: string;
  monthly: number;
  supply: number;
  queries: number;
  unserved: number;
  unservedMonthly: number;
  /** Whether the stage expects this intent (expectedCells); absent: it does. */
  expected?: boolean;
}

/**
 * gap and thin as the coverage page flags them, in a cell the stage expects; unexpected: few or
 * no documents in a cell the stage does not expect, which the coverage page leaves unflagged but
 * people search for.
 */
export type OpportunityKind = 'gap' | 'thin' | 'unexpected';

const kindOf = (c: RankInput): OpportunityKind => {
  if (c.expected === false) return 'unexpected';
  return c.supply === 0 ? 'gap' : 'thin';
};

export interface Opportunity extends RankInput {
  kind: OpportunityKind;
  label: string;
}

const formatNumber = (n: number) => Math.round(n).toLocaleString('en-US');

/** "Consideration × commercial (sv): 18,400 impressions a month, 1 document" (English; the admin translates from the fields). */
export const opportunityLabel = (o: Omit<RankInput, 'stagePosition'>, metric: Metric) =>
  `${o.stageName} × ${o.intent} (${o.locale}): ${formatNumber(o.monthly)} ${
    metric === 'volume' ? 'searches' : metric
  } a month, ${o.supply} document${o.supply === 1 ? '' : 's'}`;

/**
 * The cells worth writing for, most demand first: a gap has demand and no published document, a
 * thin cell fewer than `thinThreshold` (the coverage page's own setting). A cell the stage does
 * not expect is ranked too, as demand is a reason to care, but never called a gap or thin: those
 * words mean what the coverage page flags. "No intent" is never a priority: no document can be
 * written for it, as the coverage page never flags it.
 */
export const rankOpportunities = (
  cells: RankInput[],
  thinThreshold: number,
  metric: Metric
): Opportunity[] =>
  cells
    .filter(
      (c) => c.intent !== 'none' && c.monthly > 0 && (c.supply === 0 || c.supply < thinThreshold)
    )
    .sort(
      (a, b) =>
        b.monthly - a.monthly ||
        a.stagePosition - b.stagePosition ||
        INTENTS.indexOf(a.intent as never) - INTENTS.indexOf(b.intent as never) ||
        a.locale.localeCompare(b.locale)
    )
    .map((c) => ({
      ...c,
      kind: kindOf(c),
      label: opportunityLabel(c, metric),
    }));

/**
 * One CSV field (RFC 4180): quoted when it holds a quote, comma, semicolon or line break, quotes
 * doubled. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading
 * apostrophe: queries come from outside, and "=HYPERLINK(...)" is a query like any other.
 */
export const csvField = (value: unknown): string => {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'number' ? String(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",;\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Rows as CSV text: CRLF line ends, UTF-8 byte order mark first, so Excel reads å, ä, ö, æ, ø. */
export const toCsv = (header: string[], rows: unknown[][]): string =>
  '\ufeff' + [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
