import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { QueryBuilder } from './db';

type Filters = Record<string, unknown>;

/** The subset of the content manager's permission checker this plugin uses. */
export interface PermissionChecker {
  can: ((action: string, entity?: object, field?: string) => boolean) & {
    read: (entity?: object, field?: string) => boolean;
  };
  cannot: { read: (entity?: object, field?: string) => boolean };
  requiresEntity: { read: () => boolean };
  sanitizedQuery: { read: (query: object) => Promise<{ filters?: Filters }> };
}

/** What one caller may read of one content type, as the content manager decides it. */
export interface TypeAccess {
  uid: string;
  checker: PermissionChecker;
  /** The rows the caller may read (locale, conditions); null when every row is readable. */
  filters: Filters | null;
}

/** Readable content types by uid; a type missing from the map may not be read at all. */
export type ReadAccess = Map<string, TypeAccess>;

export type UserAbility = object | undefined;

export const permissionChecker = (
  strapi: Core.Strapi,
  userAbility: UserAbility,
  uid: string
): PermissionChecker =>
  strapi
    .plugin('content-manager')
    .service('permission-checker')
    .create({ userAbility, model: uid }) as PermissionChecker;

const isUnrestricted = (filters: Filters | undefined) =>
  !filters || Object.keys(filters).length === 0;

/**
 * The content manager's own read check for one type: `cannot.read()` first, because a missing
 * permission filter means "no restriction" to Strapi, not "no access".
 */
export const typeAccess = async (
  strapi: Core.Strapi,
  userAbility: UserAbility,
  uid: string
): Promise<TypeAccess | null> => {
  if (!userAbility) return null;
  const checker = permissionChecker(strapi, userAbility, uid);
  if (checker.cannot.read()) return null;
  const { filters } = await checker.sanitizedQuery.read({});
  return { uid, checker, filters: isUnrestricted(filters) ? null : (filters as Filters) };
};

export const readAccess = async (
  strapi: Core.Strapi,
  userAbility: UserAbility,
  uids: string[]
): Promise<ReadAccess> => {
  const found = await Promise.all(uids.map((uid) => typeAccess(strapi, userAbility, uid)));
  return new Map(found.filter((a): a is TypeAccess => a !== null).map((a) => [a.uid, a]));
};

export const forbiddenType = (uid: string) =>
  new errors.ForbiddenError(`You may not read ${uid} in the content manager`, {
    contentType: uid,
  });

export const noReadableType = () =>
  new errors.ForbiddenError(
    'You may not read any journey-aware content type in the content manager'
  );

/**
 * Limits a raw query on the type's table (aliased) to the rows the caller may read. The filter is
 * Strapi's own (attribute names, relation paths such as createdBy.id), so Strapi's query builder
 * turns it into the id subquery; unrestricted callers get no subquery, and keep the fast plan.
 */
export const restrictToReadable =
  (strapi: Core.Strapi, access: TypeAccess | undefined, alias = 'e') =>
  (query: QueryBuilder) => {
    if (!access?.filters) return query;
    const readableIds = strapi.db
      .queryBuilder(access.uid as never)
      .select('id')
      .where(access.filters)
      .getKnexQuery();
    return query.whereIn(`${alias}.id`, readableIds);
  };
