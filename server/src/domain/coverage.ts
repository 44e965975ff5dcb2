import { INTENTS, type Intent } from './intents';

export interface CoverageCell {
  stage: string;
  intent: Intent | null;
  contentType: string;
  locale: string | null;
  published: number;
  draftOnly: number;
}

export interface UntaggedCell {
  contentType: string;
  locale: string | null;
  published: number;
  draftOnly: number;
}

/** One aggregate row from the database: a count of documents in one group and one state. */
export interface CountRow {
  stage?: string;
  intent: string | null;
  locale: string | null;
  count: number | string;
}

type State = 'published' | 'draftOnly';

const cellKey = (
  stage: string,
  intent: string | null,
  contentType: string,
  locale: string | null
) => JSON.stringify([stage, intent, contentType, locale]);

type Groups = Array<{ contentType: string; state: State; rows: CountRow[] }>;

/** Sums each group's counts into the cell of its key, each cell starting at zero in both states. */
const foldCounts = <C extends Record<State, number>>(
  groups: Groups,
  keyOf: (contentType: string, row: CountRow) => string,
  start: (contentType: string, row: CountRow) => Omit<C, State>
): C[] => {
  const cells = new Map<string, C>();
  for (const group of groups) {
    for (const row of group.rows) {
      const key = keyOf(group.contentType, row);
      const cell =
        cells.get(key) ??
        ({ ...start(group.contentType, row), published: 0, draftOnly: 0 } as unknown as C);
      cell[group.state] += Number(row.count);
      cells.set(key, cell);
    }
  }
  return [...cells.values()];
};

/**
 * Folds the per-state aggregate rows of several content types into one list of cells. Drivers
 * return COUNT() as a string (pg) or a number (sqlite, mysql): both are accepted.
 */
export const mergeCells = (rows: Groups): CoverageCell[] =>
  sortCells(
    foldCounts<CoverageCell>(
      rows,
      (contentType, row) =>
        cellKey(row.stage as string, row.intent ?? null, contentType, row.locale ?? null),
      (contentType, row) => ({
        stage: row.stage as string,
        intent: (row.intent ?? null) as Intent | null,
        contentType,
        locale: row.locale ?? null,
      })
    )
  );

export const mergeUntagged = (rows: Groups): UntaggedCell[] =>
  foldCounts<UntaggedCell>(
    rows,
    (contentType, row) => JSON.stringify([contentType, row.locale ?? null]),
    (contentType, row) => ({ contentType, locale: row.locale ?? null })
  ).sort(
    (a, b) =>
      a.contentType.localeCompare(b.contentType) || String(a.locale).localeCompare(String(b.locale))
  );

const intentOrder = (intent: Intent | null) =>
  intent === null ? INTENTS.length : INTENTS.indexOf(intent);

const sortCells = (cells: CoverageCell[]): CoverageCell[] =>
  cells.sort(
    (a, b) =>
      a.stage.localeCompare(b.stage) ||
      intentOrder(a.intent) - intentOrder(b.intent) ||
      a.contentType.localeCompare(b.contentType) ||
      String(a.locale).localeCompare(String(b.locale))
  );

export interface MatrixCell {
  published: number;
  draftOnly: number;
  /** The journey expects content of this intent in this stage (domain/expected.ts). */
  expected: boolean;
  /**
   * An expected cell with no document (published, or drafts only in that view): the gap nobody
   * may miss. An empty cell the stage does not expect is only empty. Never in "no intent".
   */
  gap: boolean;
  /** Some documents, but fewer than the threshold. Never in "no intent". */
  thin: boolean;
}

export interface CoverageMatrix {
  /** rows[stageKey][intent | 'none'] */
  rows: Record<string, Record<Intent | 'none', MatrixCell>>;
  stageTotals: Record<string, { published: number; draftOnly: number }>;
  intentTotals: Record<Intent | 'none', { published: number; draftOnly: number }>;
  total: { published: number; draftOnly: number };
}

/**
 * Sums cells (already filtered by content type and locale) into a stage × intent matrix. A
 * document tagged with two stages counts once in each row, so row totals add up per stage,
 * and the grand total counts tag assignments, not documents.
 */
export const buildMatrix = (
  cells: CoverageCell[],
  stageKeys: string[],
  thinThreshold: number,
  /** Which count the gap and thin flags judge: the admin's published or drafts-only view. */
  state: 'published' | 'draftOnly' = 'published',
  /** Which cells the journey expects (expectedCells); without it every intent cell is. */
  expected?: Record<string, Partial<Record<Intent, boolean>>>
): CoverageMatrix => {
  const columns = [...INTENTS, 'none'] as const;
  const empty = () => ({ published: 0, draftOnly: 0 });
  const rows: CoverageMatrix['rows'] = {};
  const stageTotals: CoverageMatrix['stageTotals'] = {};
  const intentTotals = Object.fromEntries(
    columns.map((c) => [c, empty()])
  ) as CoverageMatrix['intentTotals'];
  const total = empty();
  for (const stage of stageKeys) {
    rows[stage] = Object.fromEntries(
      columns.map((c) => [c, { ...empty(), expected: true, gap: true, thin: false }])
    ) as Record<Intent | 'none', MatrixCell>;
    stageTotals[stage] = empty();
  }
  for (const cell of cells) {
    const row = rows[cell.stage];
    if (!row) continue;
    const column = cell.intent ?? 'none';
    for (const target of [row[column], stageTotals[cell.stage], intentTotals[column], total]) {
      target.published += cell.published;
      target.draftOnly += cell.draftOnly;
    }
  }
  for (const [stage, row] of Object.entries(rows)) {
    for (const intent of INTENTS) {
      const cell = row[intent];
      cell.expected = expected?.[stage]?.[intent] ?? !expected;
      cell.gap = cell.expected && cell[state] === 0;
      cell.thin = cell.expected && !cell.gap && cell[state] < thinThreshold;
    }
    // Entries without an intent are work left to do, not a goal: few or none of them is no gap.
    row.none.expected = false;
    row.none.gap = false;
    row.none.thin = false;
  }
  return { rows, stageTotals, intentTotals, total };
};

/** One entry of a coverage cell, as the admin's cell list shows it. */
export interface CellEntry {
  documentId: string;
  contentType: string;
  kind: string;
  title: string | null;
  locale: string | null;
  status: 'published' | 'draft';
  updatedAt: string;
}
