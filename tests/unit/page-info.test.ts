import { pageInfoOf } from '../../server/src/domain/page-info';

describe('pageInfoOf: REST meta.pagination as Strapi’s GraphQL Pagination', () => {
  test('page style passes through with the exact total', () => {
    expect(pageInfoOf({ page: 2, pageSize: 3, pageCount: 4, total: 11 })).toEqual({
      total: 11,
      page: 2,
      pageSize: 3,
      pageCount: 4,
    });
  });

  test('offset style: the page the offset falls in, the limit as page size', () => {
    expect(pageInfoOf({ start: 0, limit: 10, total: 0 })).toEqual({
      total: 0,
      page: 1,
      pageSize: 10,
      pageCount: 0,
    });
    expect(pageInfoOf({ start: 1, limit: 2, total: 7 })).toEqual({
      total: 7,
      page: 1,
      pageSize: 2,
      pageCount: 4,
    });
    expect(pageInfoOf({ start: 20, limit: 10, total: 21 })).toEqual({
      total: 21,
      page: 3,
      pageSize: 10,
      pageCount: 3,
    });
  });
});
