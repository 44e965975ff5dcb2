import type { PaginationMeta } from './api-types';

/** Strapi's GraphQL `Pagination` type (`pageInfo` of every `*_connection` query). */
export interface PageInfo {
  total: number;
  page: number;
  pageSize: number;
  pageCount: number;
}

/**
 * The REST route's `meta.pagination` as Strapi's GraphQL `pageInfo`. `Pagination` has no
 * start/limit, so an offset page is described the way Strapi's own connections describe one
 * (plugin-graphql, builders/resolvers/pagination): the page the offset falls in, the limit as the
 * page size. The total is the route's exact count either way.
 */
export const pageInfoOf = (pagination: PaginationMeta): PageInfo => {
  if ('page' in pagination) {
    const { total, page, pageSize, pageCount } = pagination;
    return { total, page, pageSize, pageCount };
  }
  const { start, limit, total } = pagination;
  const size = Math.max(limit, 1);
  return {
    total,
    page: Math.floor(start / size) + 1,
    pageSize: size,
    pageCount: Math.ceil(total / size),
  };
};
