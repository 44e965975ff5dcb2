/**
 * Per-cell document counts, kept in the database beside the entries (services/cells.ts). A cell is
 * one scope × intent × locale × content type:
 * - `stage` (scopeId = stage id): rows linked to that stage; the coverage matrix's cells and the
 *   content route's total for one stage;
 * - `journey` (scopeId = journey id): rows linked to any stage of that journey, each row once;
 *   the content route's total for all stages of a journey;
 * - `untagged` (scopeId 0): rows linked to no stage at all; the coverage page's untagged counts.
 * Counts follow coverage's definitions: a published row counts as published; a draft row counts
 * as draft-only when its document has no published row in the same locale; `rows` counts every
 * row in the cell (the groups coverage's GROUP BY returns, even when both counts are 0).
 */

export type CellScope = 'stage' | 'journey' | 'untagged';

export interface CellId {
  scope: CellScope;
  scopeId: number;
  /** '' for no intent. */
  intent: string;
  /** '' when the type is not localized. */
  locale: string;
  uid: string;
}

export interface CellValue {
  published: number;
  draftOnly: number;
  rows: number;
}

export interface Cell extends CellId, CellValue {}

/** One row (a locale's draft or published version) of a document, with its links. */
export interface DocumentRow {
  documentId: string;
  /** '' when the type is not localized. */
  locale: string;
  published: boolean;
  intent: string | null;
  stageIds: number[];
}

export const cellKey = (c: CellId): string =>
  `${c.scope}:${c.scopeId}|${c.intent}|${c.locale}|${c.uid}`;

const ZERO = (): CellValue => ({ published: 0, draftOnly: 0, rows: 0 });

const add = (cells: Map<string, Cell>, id: CellId, value: CellValue) => {
  const key = cellKey(id);
  const cell = cells.get(key) ?? { ...id, ...ZERO() };
  cell.published += value.published;
  cell.draftOnly += value.draftOnly;
  cell.rows += value.rows;
  cells.set(key, cell);
};

/**
 * The cells a set of rows (of one content type) falls into, with what they contribute. Stages
 * whose journey is unknown still count in their stage cell, as coverage's GROUP BY does.
 */
export const contributions = (
  uid: string,
  rows: DocumentRow[],
  journeyOf: ReadonlyMap<number, number>
): Map<string, Cell> => {
  const cells = new Map<string, Cell>();
  const publishedIn = new Set(
    rows.filter((r) => r.published).map((r) => JSON.stringify([r.documentId, r.locale]))
  );
  for (const row of rows) {
    const value: CellValue = {
      published: row.published ? 1 : 0,
      draftOnly:
        !row.published && !publishedIn.has(JSON.stringify([row.documentId, row.locale])) ? 1 : 0,
      rows: 1,
    };
    const base = { intent: row.intent ?? '', locale: row.locale, uid };
    const stages = [...new Set(row.stageIds)];
    if (!stages.length) add(cells, { scope: 'untagged', scopeId: 0, ...base }, value);
    for (const stageId of stages) add(cells, { scope: 'stage', scopeId: stageId, ...base }, value);
    const journeys = new Set(
      stages.flatMap((s) => (journeyOf.has(s) ? [journeyOf.get(s) as number] : []))
    );
    for (const journeyId of journeys) {
      add(cells, { scope: 'journey', scopeId: journeyId, ...base }, value);
    }
  }
  return cells;
};

/**
 * What to add to each cell a write touched: after − before, for every cell either side names
 * (a cell the write leaves unchanged in number is still touched: its version moves, so caches of
 * it see the document's new fields). Sorted by key, the order every writer updates cells in, so
 * two transactions never wait on each other's cells crosswise.
 */
export const cellDeltas = (before: Map<string, Cell>, after: Map<string, Cell>): Cell[] => {
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort();
  return keys.map((key) => {
    const b = before.get(key);
    const a = after.get(key);
    const id = (a ?? b) as Cell;
    return {
      scope: id.scope,
      scopeId: id.scopeId,
      intent: id.intent,
      locale: id.locale,
      uid: id.uid,
      published: (a?.published ?? 0) - (b?.published ?? 0),
      draftOnly: (a?.draftOnly ?? 0) - (b?.draftOnly ?? 0),
      rows: (a?.rows ?? 0) - (b?.rows ?? 0),
    };
  });
};

/** Adds deltas of several writes (bulk tagging in chunks) into one list, still sorted by key. */
export const sumDeltas = (lists: Cell[][]): Cell[] => {
  const cells = new Map<string, Cell>();
  for (const list of lists) for (const cell of list) add(cells, cell, cell);
  return [...cells.keys()].sort().map((key) => cells.get(key) as Cell);
};

/**
 * What a recount must add to the stored cells to reach the counted ones: only cells that differ,
 * sorted by key. Cells stored but no longer counted go to zero. Applied as additions, not as
 * absolute values, so a write committed by another instance meanwhile is not overwritten.
 */
export const recountDeltas = (stored: Cell[], counted: Cell[]): Cell[] => {
  const byKey = (cells: Cell[]) => new Map(cells.map((c) => [cellKey(c), c]));
  const s = byKey(stored);
  const c = byKey(counted);
  return cellDeltas(s, c).filter((d) => d.published || d.draftOnly || d.rows);
};

/** The stamp of a set of cells: it changes whenever one of them is written (versions only grow). */
export const stampOf = (cells: number, versionSum: number | string | null): string =>
  `${cells}.${versionSum ?? 0}`;

export interface CellChange {
  uids: string[];
  /** null: too many to name, or a recount. */
  documentIds: string[] | null;
  locales: string[];
  stageIds: number[];
  journeyIds: number[];
  intents: string[];
}

/** Beyond this many documents a change names none (caches then drop the whole scope). */
export const MAX_NAMED_DOCUMENTS = 100;

/** The change listeners hear about: what the touched cells and documents name. */
export const changeOf = (cells: CellId[], documentIds: string[] | null): CellChange => {
  const uniq = <T>(values: T[]) => [...new Set(values)].sort() as T[];
  const documents = documentIds ? uniq(documentIds) : null;
  return {
    uids: uniq(cells.map((c) => c.uid)),
    documentIds: documents && documents.length <= MAX_NAMED_DOCUMENTS ? documents : null,
    locales: uniq(cells.map((c) => c.locale).filter(Boolean)),
    stageIds: uniq(cells.filter((c) => c.scope === 'stage').map((c) => c.scopeId)).sort(
      (a, b) => a - b
    ),
    journeyIds: uniq(cells.filter((c) => c.scope === 'journey').map((c) => c.scopeId)).sort(
      (a, b) => a - b
    ),
    intents: uniq(cells.map((c) => c.intent).filter(Boolean)),
  };
};

export interface CellScopeQuery {
  journeyId: number;
  /** null: every stage of the journey. */
  stageIds: number[] | null;
  intents: string[] | null;
  locale: string | null;
  uids: string[];
}

/**
 * Which stored cells answer a scope, or null when none do: one stage, or every stage of the
 * journey (counted once per row); an arbitrary subset of two or more stages would count a row
 * linked to two of them twice, so it keeps counting in SQL.
 */
export const cellsFor = (
  scope: Pick<CellScopeQuery, 'journeyId' | 'stageIds'>,
  journeyStageIds: number[]
): { scope: CellScope; scopeIds: number[] } | null => {
  if (scope.stageIds === null) return { scope: 'journey', scopeIds: [scope.journeyId] };
  const wanted = [...new Set(scope.stageIds)];
  if (!wanted.length) return { scope: 'stage', scopeIds: [] };
  const all = new Set(journeyStageIds);
  if (wanted.length === all.size && wanted.every((id) => all.has(id))) {
    return { scope: 'journey', scopeIds: [scope.journeyId] };
  }
  if (wanted.length === 1) return { scope: 'stage', scopeIds: wanted };
  return null;
};
