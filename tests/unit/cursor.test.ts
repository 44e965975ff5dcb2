import {
  boundValue,
  cursorValue,
  decodeCursor,
  encodeCursor,
  queryFingerprint,
  type PageCursor,
} from '../../server/src/domain/cursor';
import { ParamError, paginationParams } from '../../server/src/domain/content-params';

const AT: PageCursor = {
  value: '2026-03-01T10:00:00.000Z',
  date: true,
  uid: 'api::article.article',
  documentId: 'abc123',
  before: 20,
  query: queryFingerprint(['customer', [1, 2], null, 'en']),
};

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    if (error instanceof ParamError) return { parameter: error.parameter, message: error.message };
    throw error;
  }
  throw new Error('expected a ParamError');
};

describe('page cursor', () => {
  test('round-trips every kind of sort value', () => {
    for (const value of [
      '2026-03-01T10:00:00.000Z',
      1767225600000,
      'Å title, with "quotes"',
      null,
    ]) {
      const at = { ...AT, value, date: typeof value === 'string' && value.startsWith('2026') };
      expect(decodeCursor(encodeCursor(at))).toEqual(at);
    }
  });

  test('is URL-safe without escaping', () => {
    expect(encodeCursor(AT)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  test('refuses anything this server did not issue', () => {
    const valid = encodeCursor(AT);
    const forged = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');
    for (const raw of [
      'not a cursor',
      valid.slice(0, -3),
      `${valid}%`,
      'x'.repeat(3000),
      forged({ a: 1 } as never),
      forged([1, 0, 'u', 'd', -1, 'q']),
      forged([1, 0, 'u', 'd', 1.5, 'q']),
      forged([{}, 0, 'u', 'd', 1, 'q']),
      forged(['not a date', 1, 'u', 'd', 1, 'q']),
      forged([1, 2, 'u', 'd', 1, 'q']),
      forged([1, 0, 7, 'd', 1, 'q']),
    ]) {
      expect([raw.slice(0, 20), decodeCursor(raw)]).toEqual([raw.slice(0, 20), null]);
    }
  });

  test('the fingerprint changes with any filter and holds for the same ones', () => {
    const base = ['customer', [1, 2], null, 'en', ['api::article.article'], 'publishedAt', 'desc'];
    expect(queryFingerprint(base)).toBe(queryFingerprint([...base]));
    for (let i = 0; i < base.length; i++) {
      const other = [...base];
      other[i] = 'other';
      expect(queryFingerprint(other)).not.toBe(queryFingerprint(base));
    }
  });

  test('keeps driver values as the keyset binds them', () => {
    const date = new Date('2026-01-02T03:04:05.678Z');
    expect(cursorValue(date)).toEqual({ value: date.toISOString(), date: true });
    expect(boundValue(cursorValue(date))).toEqual(date);
    expect(cursorValue(1767225600000)).toEqual({ value: 1767225600000, date: false });
    expect(cursorValue(BigInt(5))).toEqual({ value: 5, date: false });
    expect(cursorValue(null)).toEqual({ value: null, date: false });
    expect(boundValue({ value: 'title', date: false })).toBe('title');
  });
});

describe('cursor parameter', () => {
  test('with pageSize: the page the cursor was issued at', () => {
    const raw = encodeCursor(AT);
    expect(paginationParams({ cursor: raw, pageSize: '10' })).toEqual({
      offset: 0,
      limit: 10,
      style: 'page',
      page: 3,
      cursor: { raw, at: AT },
    });
  });

  test('a 400 naming cursor when mixed with page, start or limit, or not a cursor', () => {
    const raw = encodeCursor(AT);
    for (const extra of [{ page: '2' }, { start: '0' }, { limit: '5' }]) {
      expect(problem(() => paginationParams({ cursor: raw, ...extra })).parameter).toBe('cursor');
    }
    const bad = problem(() => paginationParams({ cursor: 'garbage' }));
    expect(bad.parameter).toBe('cursor');
    expect(bad.message).toContain('nextCursor');
    expect(problem(() => paginationParams({ cursor: [raw] })).parameter).toBe('cursor');
  });
});
