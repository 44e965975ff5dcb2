import { type Cell, type CellChange, type CellScopeQuery } from '../../domain/cell-counts';

export const CELL_UID = 'plugin::journey.cell-count';
export const LEASE_KEY = 'lease:self-check';
export const FULL_LEASE_KEY = 'lease:full-check';
/** How long one check may hold its lease, and the pause it leaves after it ran. */
export const LEASE_SECONDS = 30 * 60;
export const COOLDOWN_SECONDS = 60;
/** Documents read per statement when a write touched many (bulk tagging, a stage move). */
export const CHUNK = 500;

export type { CellChange, CellScopeQuery };
export type Listener = (change: CellChange) => void;

/** The documents of one type a write may change. */
export interface Target {
  uid: string;
  documentIds: string[];
}

export interface Captured extends Target {
  before: Map<string, Cell>;
}

export type Num = number | string | null;

export interface SumRow {
  scope_id?: Num;
  intent: string | null;
  locale: string | null;
  published: Num;
  draft_only: Num;
  rows: Num;
}

export const chunks = <T>(list: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
};
