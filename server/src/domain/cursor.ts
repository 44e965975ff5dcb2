import { createHash } from 'crypto';

/**
 * The opaque cursor of `/content`: where the last page ended, so that the next page starts there
 * by a keyset condition on the sort (an index range) instead of an OFFSET that walks and drops
 * every row before it. It carries the last row's sort value, type and document, how many rows
 * came before the next page (so responses still say which page they are), and a fingerprint of
 * the query it belongs to: a cursor sent with other filters or another sort is a 400, never a
 * page of something else.
 */
export interface PageCursor {
  /** The last row's sort value: a number, a string, an ISO date, or null. */
  value: number | string | null;
  /** Whether `value` is a date (sent back to the driver as a Date, as Strapi writes them). */
  date: boolean;
  uid: string;
  documentId: string;
  /** Rows before the next page. */
  before: number;
  query: string;
}

/** What a 400 for `cursor` names as valid. */
export const CURSOR_VALID =
  'the meta.pagination.nextCursor of an earlier response to the same query';
/** Far below any URL limit, and a bound on what a hostile cursor makes the server parse. */
const MAX_LENGTH = 2048;

/** What a cursor is bound to: the same filters and sort give the same fingerprint. */
export const queryFingerprint = (parts: unknown[]) =>
  createHash('sha1').update(JSON.stringify(parts)).digest('base64url').slice(0, 16);

export const encodeCursor = (c: PageCursor): string =>
  Buffer.from(
    JSON.stringify([c.value, c.date ? 1 : 0, c.uid, c.documentId, c.before, c.query])
  ).toString('base64url');

const isScalar = (v: unknown) =>
  v === null || typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

/** The cursor, or null when `raw` is not one this server issued (or was altered). */
export const decodeCursor = (raw: string): PageCursor | null => {
  if (raw.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(raw)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 6) return null;
  const [value, date, uid, documentId, before, query] = parsed as unknown[];
  if (
    !isScalar(value) ||
    (date !== 0 && date !== 1) ||
    (date === 1 && (typeof value !== 'string' || Number.isNaN(Date.parse(value)))) ||
    typeof uid !== 'string' ||
    typeof documentId !== 'string' ||
    !Number.isSafeInteger(before) ||
    (before as number) < 0 ||
    typeof query !== 'string'
  ) {
    return null;
  }
  return {
    value: value as PageCursor['value'],
    date: date === 1,
    uid,
    documentId,
    before: before as number,
    query,
  };
};

/** A row's sort value as the cursor keeps it: drivers give dates as Date objects or numbers. */
export const cursorValue = (value: unknown): Pick<PageCursor, 'value' | 'date'> => {
  if (value instanceof Date) return { value: value.toISOString(), date: true };
  if (typeof value === 'bigint') return { value: Number(value), date: false };
  if (value === undefined) return { value: null, date: false };
  return { value: value as PageCursor['value'], date: false };
};

/** The value to bind in the keyset condition. */
export const boundValue = (c: Pick<PageCursor, 'value' | 'date'>): unknown =>
  c.date && typeof c.value === 'string' ? new Date(c.value) : c.value;
