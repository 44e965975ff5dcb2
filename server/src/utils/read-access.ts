import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { QueryBuilder } from './db';
import { invalidParam, rethrowAsBadRequest } from './params';

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
  /** Every row and every field: a super admin. */
  full: boolean;
}

/** Readable content types by uid; a type missing from the map may not be read at all. */
export type ReadAccess = Map<string, TypeAccess>;

export type UserAbility = object | undefined;

/** The parts of a Koa context these checks read and answer through. */
export interface AdminCtx {
  state: { userAbility?: UserAbility; user?: unknown };
  forbidden: (message?: string, details?: unknown) => void;
}

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
  ctx: AdminCtx,
  uid: string
): Promise<TypeAccess | null> => {
  const { userAbility, user } = ctx.state;
  if (!userAbility) return null;
  const checker = permissionChecker(strapi, userAbility, uid);
  if (checker.cannot.read()) return null;
  // i18n's hook misses the super admin in 5.54 (it reads `user` from a context that spreads the
  // user), so its ability carries a `locale IN (every locale)` filter that restricts nothing but
  // would take the counts off their fast plan.
  if (strapi.service('admin::role').hasSuperAdminRole(user)) {
    return { uid, checker, filters: null, full: true };
  }
  const { filters } = await checker.sanitizedQuery.read({});
  return {
    uid,
    checker,
    filters: isUnrestricted(filters) ? null : (filters as Filters),
    full: false,
  };
};

export const readAccess = async (
  strapi: Core.Strapi,
  ctx: AdminCtx,
  uids: string[]
): Promise<ReadAccess> => {
  const found = await Promise.all(uids.map((uid) => typeAccess(strapi, ctx, uid)));
  return new Map(found.filter((a): a is TypeAccess => a !== null).map((a) => [a.uid, a]));
};

/**
 * Strapi's router turns any ForbiddenError thrown by a handler into a bare "Forbidden"; a 403
 * that names the content type has to be answered, not thrown.
 */
export const answeringForbidden = async <T>(ctx: AdminCtx, handle: () => Promise<T>) => {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof errors.ForbiddenError && !(error instanceof errors.PolicyError)) {
      return ctx.forbidden(error.message, error.details);
    }
    throw error;
  }
};

/**
 * For admin routes that check the caller's content-manager rights themselves: a refusal answers
 * 403 naming what was refused, a bad parameter 400 naming the parameter.
 */
export const answeringAdmin = <T>(ctx: AdminCtx, handle: () => Promise<T>) =>
  answeringForbidden(ctx, async () => {
    try {
      return await handle();
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  });

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

/**
 * The journey-aware types (`all`) the caller may read, narrowed to `contentType` when given.
 * Naming a type the caller may not read, or having no readable type at all, is a 403: an empty
 * answer would read as "nothing tagged".
 */
export const readableTypes = (all: string[], contentType?: string, access?: ReadAccess) => {
  const readable = access ? all.filter((uid) => access.has(uid)) : all;
  if (contentType !== undefined) {
    if (!all.includes(contentType)) throw invalidParam('contentType', contentType, readable);
    if (!readable.includes(contentType)) throw forbiddenType(contentType);
    return [contentType];
  }
  if (!readable.length) throw noReadableType();
  return readable;
};

/**
 * The ids among `ids` whose `field` the caller may read, as the content manager's output
 * sanitizing decides it. Conditions (is creator, locale) are judged on the entry itself, loaded
 * with the fields they test, only when some read rule of the type has conditions.
 */
export const readableFieldIds = async <Id extends number | string>(
  strapi: Core.Strapi,
  uid: string,
  ids: Id[],
  typeAccess: TypeAccess | undefined,
  field: string | null | undefined
): Promise<Array<Id | number | string>> => {
  const checker = typeAccess?.checker;
  if (!checker || !field || !ids.length || checker.cannot.read(undefined, field)) return [];
  if (typeAccess.full || !checker.requiresEntity.read()) return ids;
  const entities = (await strapi.db.query(uid as never).findMany({
    where: { id: { $in: ids } },
    populate: { createdBy: { select: ['id'], populate: { roles: { select: ['id'] } } } },
  })) as Array<{ id: number | string }>;
  return entities.filter((entity) => checker.can.read(entity, field)).map((entity) => entity.id);
};
