import qs from 'qs';
import { QUERY_LIMITS } from '../../server/src/domain/config';
import { parseBulkBody } from '../../server/src/domain/bulk-tags';
import { ParamError } from '../../server/src/domain/content-params';
import {
  LimitError,
  adminUserFilterPath,
  boundShape,
  measureShape,
} from '../../server/src/domain/request-bounds';

/** `{"$and":[{"$and":[ … {"id":{"$gt":0}} … ]}]}` as a body parser hands it over. */
const deep = (levels: number) =>
  JSON.parse(`${'{"$and":['.repeat(levels)}{"id":{"$gt":0}}${']}'.repeat(levels)}`) as object;

const wide = (items: number) => ({
  $or: Array.from({ length: items }, () => ({ id: { $gt: 0 } })),
});

const refusal = (value: unknown): LimitError => {
  try {
    boundShape(value, 'filters', QUERY_LIMITS.filters);
  } catch (error) {
    if (error instanceof LimitError) return error;
    throw error;
  }
  throw new Error('not refused');
};

/** Strapi's own query parser settings (`strapi::query`), which the list view's URL goes through. */
const STRAPI_QS = { strictNullHandling: true, arrayLimit: 100, depth: 20 };

describe('boundShape', () => {
  const { depth, items, nodes, size } = QUERY_LIMITS.filters;

  test.each([2_000, 3_000])('%i levels of $and: refused by depth, without overflowing', (n) => {
    const error = refusal(deep(n));
    // Each $and is an object and an array; then { id: { $gt } }.
    expect(error.message).toBe(`filters: nested ${2 * n + 2} levels deep; at most ${depth}`);
    expect(error.parameter).toBe('filters');
    expect(error.valid).toBe(`at most ${depth}`);
  });

  test('100,000 levels: the check itself does not overflow', () => {
    expect(refusal(deep(100_000)).message).toMatch(
      /^filters: nested at least \d+ levels deep; at most/
    );
  });

  test('a flat $or of 20,000: refused by the array length', () => {
    expect(refusal(wide(20_000)).message).toBe(
      `filters: an array of 20000 items; at most ${items}`
    );
  });

  test('an object of many keys', () => {
    const many = Object.fromEntries(Array.from({ length: items + 1 }, (_, i) => [`f${i}`, 1]));
    expect(refusal(many).message).toBe(`filters: an object of ${items + 1} keys; at most ${items}`);
  });

  test('too many values, each array short', () => {
    const value = {
      $and: Array.from({ length: 10 }, () => ({
        $or: Array.from({ length: Math.ceil(nodes / 20) }, () => ({ id: { $gt: 0 } })),
      })),
    };
    expect(refusal(value).message).toMatch(new RegExp(`^filters: \\d+ values; at most ${nodes}$`));
  });

  test('too large, in few values', () => {
    const error = refusal({ title: { $contains: 'x'.repeat(size) } });
    expect(error.message).toMatch(
      new RegExp(`^filters: \\d+ characters as JSON; at most ${size}$`)
    );
  });

  test('the size is that of the JSON text', () => {
    const value = { $and: [{ title: { $contains: 'ab"c' } }, { id: { $in: [1, 22, null] } }] };
    expect(measureShape(value).size).toBe(JSON.stringify(value).length - 1);
  });

  test('a filter as the list view builds it passes', () => {
    const url =
      'filters[$and][0][title][$contains]=guide&filters[$and][1][createdBy][id][$eq]=3' +
      '&filters[$and][2][$or][0][searchIntent][$null]=true' +
      '&filters[$and][2][$or][1][journeyStages][key][$in][0]=awareness' +
      '&filters[$and][2][$or][1][journeyStages][key][$in][1]=consideration' +
      '&filters[$and][3][updatedAt][$gte]=2026-01-01T00:00:00.000Z';
    const { filters } = qs.parse(url, STRAPI_QS);
    expect(() => boundShape(filters, 'filters')).not.toThrow();
  });

  test("the deepest and the widest list filters Strapi's query parser gives pass", () => {
    const deepest = qs.parse(`filters${'[$and][0]'.repeat(40)}[id]=1`, STRAPI_QS).filters;
    expect(measureShape(deepest).depth).toBe(21);
    expect(() => boundShape(deepest, 'filters')).not.toThrow();

    const widest = qs.parse(
      Array.from({ length: 100 }, (_, i) => `filters[$or][${i}][id][$eq]=${i}`).join('&'),
      STRAPI_QS
    ).filters as { $or: unknown };
    expect(Array.isArray(widest.$or) && widest.$or.length).toBe(100);
    expect(() => boundShape(widest, 'filters')).not.toThrow();
  });

  test('100 filters of the filter bar pass, on relations too', () => {
    const url = Array.from(
      { length: 100 },
      (_, i) => `filters[$and][${i}][createdBy][id][$eq]=${i}`
    ).join('&');
    const filters = qs.parse(url, { ...STRAPI_QS, arrayLimit: 200 }).filters;
    expect(measureShape(filters).nodes).toBeGreaterThan(400);
    expect(() => boundShape(filters, 'filters')).not.toThrow();
  });

  test('more values than a list view needs, in a URL edited by hand: refused', () => {
    // Chains of 20 one-letter keys, each one a value, as many as fit in 16 KB of headers.
    const chain = (i: number) => `filters[g${i % 50}][${i}]${'[a]'.repeat(18)}=`;
    const chains: string[] = [];
    for (let i = 0; [...chains, chain(i)].join('&').length <= 16_384; i += 1) chains.push(chain(i));
    const most = qs.parse(chains.join('&'), STRAPI_QS).filters;
    expect(refusal(most).message).toMatch(new RegExp(`^filters: \\d+ values; at most ${nodes}$`));
  });
});

describe('parseBulkBody', () => {
  const body = (extra: object) => ({
    contentType: 'api::article.article',
    intent: 'local',
    ...extra,
  });

  test('bounds filters before anything else reads them', () => {
    expect(() => parseBulkBody(body({ filters: deep(3_000) }))).toThrow(
      /^filters: nested 6002 levels deep; at most \d+$/
    );
  });

  test('bounds _q', () => {
    const long = 'q'.repeat(QUERY_LIMITS.searchLength + 1);
    expect(() => parseBulkBody(body({ _q: long }))).toThrow(
      `_q: ${QUERY_LIMITS.searchLength + 1} characters; at most ${QUERY_LIMITS.searchLength} characters`
    );
    const ok = 'q'.repeat(QUERY_LIMITS.searchLength);
    expect(parseBulkBody(body({ _q: ok }))._q).toBe(ok);
  });

  test('a refusal is a ParamError, answered as a 400 naming the parameter', () => {
    try {
      parseBulkBody(body({ filters: wide(20_000) }));
      throw new Error('not refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ParamError);
      expect((error as ParamError).parameter).toBe('filters');
    }
  });
});

describe('adminUserFilterPath', () => {
  test.each([
    [{ createdBy: { email: { $eq: 'a@b.c' } } }, 'filters.createdBy.email'],
    [
      { $and: [{ title: 'x' }, { updatedBy: { isActive: true } }] },
      'filters.$and[1].updatedBy.isActive',
    ],
    [{ createdBy: { $eq: { email: 'a' } } }, 'filters.createdBy.$eq.email'],
    [{ author: { createdBy: { roles: { code: 'x' } } } }, 'filters.author.createdBy.roles'],
    [
      { $or: [{ createdBy: { id: 1 } }, { createdBy: { firstname: 'A' } }] },
      'filters.$or[1].createdBy.firstname',
    ],
  ])('%j reads %s', (filters, path) => {
    expect(adminUserFilterPath(filters)).toBe(path);
  });

  test.each([
    { createdBy: { id: { $eq: 1 } } },
    { $and: [{ updatedBy: { id: { $in: [1, 2] } } }, { title: { $contains: 'email' } }] },
    { createdBy: { $null: true } },
    { email: 'a', isActive: true },
  ])('%j reads no admin-user attribute but id', (filters) => {
    expect(adminUserFilterPath(filters)).toBeNull();
  });

  test('other relations to admin users, as the content type names them', () => {
    expect(adminUserFilterPath({ reviewer: { email: 'a' } }, ['reviewer'])).toBe(
      'filters.reviewer.email'
    );
  });
});
