import { buildMatrix, type CoverageCell, type UntaggedCell } from './coverage';
import { ParamError } from './content-params';
import type { ExpectedCells } from './expected';
import { INTENTS, type Intent } from './intents';

/** A stage as it was on the day of a snapshot; matched to today's stages by documentId. */
export interface SnapshotStage {
  documentId: string;
  key: string;
  name: string;
  names: Record<string, string> | null;
  position: number;
}

/**
 * [stageIndex, intent (null: no intent), locale (null: type without i18n), published, draftOnly,
 * typeIndex into the totals' `types`]. The type is kept so that a caller who may not read a type
 * in the content manager gets a trend without it, as the coverage page leaves it out.
 */
export type CompactCell = [number, string | null, string | null, number, number, number];

export interface DemandTotals {
  impressions: number;
  clicks: number;
  volume: number;
}

export interface SnapshotTotals {
  published: number;
  draftOnly: number;
  untagged: number;
  gapCells: number;
  publishedByStage: Record<string, number>;
  demand?: DemandTotals;
  /** The content types counted, in the order the cells' typeIndex refers to. */
  types?: string[];
  /** Untagged documents (published and draft only) per type, in the order of `types`. */
  untaggedByType?: number[];
  /**
   * Per stage key, the intents the stage expected that day: only their empty cells were counted
   * as gaps. Rows stored before stages had expected intents lack it; their `gapCells` counted
   * every empty intent cell and stays as stored (history is not rewritten).
   */
  expected?: Record<string, Intent[]>;
}

/** One stored row, as the series reads it back. */
export interface StoredSnapshot {
  day: string;
  stages: SnapshotStage[];
  cells: CompactCell[];
  totals: SnapshotTotals;
}

export interface SeriesStage {
  key: string;
  name: string;
  /** Names per admin language, when the stage has them. */
  names?: Record<string, string> | null;
  colour: string | null;
}

export interface SeriesPoint {
  day: string;
  publishedByStage: Record<string, number>;
  published: number;
  draftOnly: number;
  untagged: number;
  gapCells: number;
  demand?: DemandTotals;
}

export interface SnapshotSeries {
  stages: SeriesStage[];
  points: SeriesPoint[];
}

/** The UTC calendar day of an instant: the unit a snapshot is taken once per. */
export const utcDay = (at: Date): string => at.toISOString().slice(0, 10);

/** The first day still kept when `retentionDays` days are kept, today included. */
export const retentionCutoff = (today: string, retentionDays: number): string => {
  const start = new Date(`${today}T00:00:00.000Z`);
  start.setUTCDate(start.getUTCDate() - (retentionDays - 1));
  return utcDay(start);
};

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A 'YYYY-MM-DD' day that exists in the calendar ('2026-02-30' does not), or a ParamError. */
export const parseDay = (name: string, value: string | undefined): string | undefined => {
  if (value === undefined) return undefined;
  const match = DAY.exec(value);
  const date = match ? new Date(`${value}T00:00:00.000Z`) : null;
  if (!date || Number.isNaN(date.getTime()) || utcDay(date) !== value) {
    throw new ParamError(name, value, 'a day as YYYY-MM-DD, e.g. 2026-01-31');
  }
  return value;
};

/** Both bounds checked, and in order: an empty range from swapped dates would read as "no data". */
export const parseRange = (from?: string, to?: string) => {
  const range = { from: parseDay('from', from), to: parseDay('to', to) };
  if (range.from && range.to && range.from > range.to) {
    throw new ParamError('to', range.to, `a day on or after from (${range.from})`);
  }
  return range;
};

/**
 * The coverage cells without the content-type dimension, one per stage × intent × locale: what
 * the trend needs, in a fraction of the space. Cells of stages no longer in the journey drop out.
 */
export const compactCells = (
  cells: CoverageCell[],
  stageKeys: string[],
  types: string[]
): CompactCell[] => {
  const merged = new Map<string, CompactCell>();
  for (const cell of cells) {
    const stageIndex = stageKeys.indexOf(cell.stage);
    const typeIndex = types.indexOf(cell.contentType);
    if (stageIndex < 0 || typeIndex < 0) continue;
    const key = JSON.stringify([stageIndex, cell.intent, cell.locale, typeIndex]);
    const row = merged.get(key) ?? [stageIndex, cell.intent, cell.locale, 0, 0, typeIndex];
    row[3] += cell.published;
    row[4] += cell.draftOnly;
    merged.set(key, row);
  }
  return [...merged.values()]
    .filter((c) => c[3] + c[4] > 0)
    .sort(
      (a, b) =>
        a[0] - b[0] ||
        intentRank(a[1]) - intentRank(b[1]) ||
        String(a[2]).localeCompare(String(b[2])) ||
        a[5] - b[5]
    );
};

/** The content types of a day's coverage, in a fixed order: the cells' typeIndex points here. */
export const snapshotTypes = (cells: CoverageCell[], untagged: UntaggedCell[]) =>
  [...new Set([...cells, ...untagged].map((c) => c.contentType))].sort();

const intentRank = (intent: string | null) =>
  intent === null ? INTENTS.length : INTENTS.indexOf(intent as (typeof INTENTS)[number]);

/**
 * The day's totals. Gap cells are counted as the coverage page flags them with every content type
 * and locale shown, published view: a stage × intent cell the stage expects with no published
 * document ("no intent" is never a gap). Without `expected` every intent cell counts, as every
 * snapshot did before stages had expected intents. Published counts tag assignments, as the
 * matrix total does.
 */
export const snapshotTotals = (
  cells: CoverageCell[],
  untagged: UntaggedCell[],
  stageKeys: string[],
  demand?: DemandTotals,
  expected?: ExpectedCells
): SnapshotTotals => {
  const matrix = buildMatrix(cells, stageKeys, 0, 'published', expected);
  const types = snapshotTypes(cells, untagged);
  const gapCells = stageKeys.reduce(
    (sum, stage) => sum + INTENTS.filter((intent) => matrix.rows[stage][intent].gap).length,
    0
  );
  return {
    published: matrix.total.published,
    draftOnly: matrix.total.draftOnly,
    untagged: untagged.reduce((sum, u) => sum + u.published + u.draftOnly, 0),
    gapCells,
    publishedByStage: Object.fromEntries(
      stageKeys.map((stage) => [stage, matrix.stageTotals[stage].published])
    ),
    ...(demand ? { demand } : {}),
    types,
    untaggedByType: types.map((type) =>
      untagged
        .filter((u) => u.contentType === type)
        .reduce((sum, u) => sum + u.published + u.draftOnly, 0)
    ),
    ...(expected
      ? {
          expected: Object.fromEntries(
            stageKeys.map((stage) => [stage, INTENTS.filter((i) => expected[stage]?.[i])])
          ),
        }
      : {}),
  };
};

/** The stored per-stage lists back as the matrix's cells; undefined for rows stored before them. */
const expectedOf = (stored?: Record<string, Intent[]>): ExpectedCells | undefined =>
  stored
    ? (Object.fromEntries(
        Object.entries(stored).map(([stage, intents]) => [
          stage,
          Object.fromEntries(INTENTS.map((i) => [i, intents.includes(i)])),
        ])
      ) as ExpectedCells)
    : undefined;

/**
 * A stored day as a caller who may read only some types sees it: cells and totals of those types
 * only, gap cells judged again over them. Search demand is not content and stays.
 */
export const restrictSnapshot = (row: StoredSnapshot, readable: Set<string>): StoredSnapshot => {
  const types = row.totals.types ?? [];
  if (types.every((t) => readable.has(t))) return row;
  const keep = (typeIndex: number) => readable.has(types[typeIndex]);
  const cells = row.cells.filter((c) => keep(c[5]));
  const stageKeys = row.stages.map((s) => s.key);
  const coverageCells: CoverageCell[] = cells.map(([stage, intent, locale, p, d, t]) => ({
    stage: stageKeys[stage],
    intent: intent as CoverageCell['intent'],
    contentType: types[t],
    locale,
    published: p,
    draftOnly: d,
  }));
  const untagged: UntaggedCell[] = types.flatMap((type, i) =>
    keep(i)
      ? [
          {
            contentType: type,
            locale: null,
            published: row.totals.untaggedByType?.[i] ?? 0,
            draftOnly: 0,
          },
        ]
      : []
  );
  return {
    ...row,
    cells,
    // Judged by what the stages expected that day; a row from before expected intents by its rule.
    totals: snapshotTotals(
      coverageCells,
      untagged,
      stageKeys,
      row.totals.demand,
      expectedOf(row.totals.expected)
    ),
  };
};

/**
 * The stored rows as a chart series. A stage is followed by its documentId, so a stage whose key
 * was changed keeps one line; a stage since deleted keeps its old key and name, without colour.
 */
export const snapshotSeries = (
  current: Array<SeriesStage & { documentId: string }>,
  rows: StoredSnapshot[]
): SnapshotSeries => {
  const byId = new Map(current.map((s) => [s.documentId, s]));
  const stages: SeriesStage[] = current.map(({ key, name, names, colour }) => ({
    key,
    name,
    names: names ?? null,
    colour,
  }));
  const known = new Set(stages.map((s) => s.key));
  const points = [...rows]
    .sort((a, b) => a.day.localeCompare(b.day))
    .map((row) => {
      const keyOf = row.stages.map((s) => byId.get(s.documentId)?.key ?? s.key);
      row.stages.forEach((s, i) => {
        if (known.has(keyOf[i])) return;
        known.add(keyOf[i]);
        stages.push({ key: keyOf[i], name: s.name, names: s.names, colour: null });
      });
      const publishedByStage: Record<string, number> = Object.fromEntries(
        keyOf.map((key) => [key, 0])
      );
      // Documents in a stage, whatever their intent, as the matrix's row total counts them.
      for (const [stageIndex, , , published] of row.cells) {
        const key = keyOf[stageIndex];
        if (key !== undefined) publishedByStage[key] += published;
      }
      return {
        day: row.day,
        publishedByStage,
        published: row.totals.published,
        draftOnly: row.totals.draftOnly,
        untagged: row.totals.untagged,
        gapCells: row.totals.gapCells,
        ...(row.totals.demand ? { demand: row.totals.demand } : {}),
      };
    });
  return { stages, points };
};

/**
 * No field starts with text an admin typed (stage names follow "published: "), so no spreadsheet
 * can read one as a formula.
 */
const csvField = (value: string | number | null | undefined) => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The series for a spreadsheet: RFC 4180 (CRLF, quoted fields, doubled quotes) with a UTF-8 byte
 * order mark, without which Excel reads "Övervägande" as mojibake.
 */
export const seriesCsv = (series: SnapshotSeries): string => {
  const withDemand = series.points.some((p) => p.demand);
  const header = [
    'day',
    ...series.stages.map((s) => `published: ${s.name}`),
    'published',
    'drafts only',
    'untagged',
    'gap cells',
    ...(withDemand ? ['impressions', 'clicks', 'volume'] : []),
  ];
  const rows = series.points.map((p) => [
    p.day,
    ...series.stages.map((s) => p.publishedByStage[s.key] ?? null),
    p.published,
    p.draftOnly,
    p.untagged,
    p.gapCells,
    ...(withDemand ? [p.demand?.impressions, p.demand?.clicks, p.demand?.volume] : []),
  ]);
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
};
