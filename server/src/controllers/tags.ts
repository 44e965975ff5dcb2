import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ParamError, integerParam } from '../domain/content-params';
import { MAX_FILTER_MATCHES, parseBulkBody, summary } from '../domain/bulk-tags';
import { ADMIN_USER_FIELDS, adminUserFilterPath } from '../domain/request-bounds';
import { INTENT_FIELD, STAGES_FIELD } from '../utils/constants';
import { getService } from '../utils/get-service';
import { typeLocale } from '../utils/locale';
import {
  answeringAdmin,
  permissionChecker,
  readAccess,
  type AdminCtx,
  type PermissionChecker,
  type TypeAccess,
} from '../utils/read-access';
import type { TagUser } from '../services/tags';

type Ctx = AdminCtx & {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
};

type UpdateChecker = PermissionChecker & {
  can: PermissionChecker['can'] & { update: (entity?: object, field?: string) => boolean };
  cannot: PermissionChecker['cannot'] & { update: (entity?: object, field?: string) => boolean };
  sanitizedQuery: PermissionChecker['sanitizedQuery'] & {
    update: (query: object) => Promise<{ filters?: Record<string, unknown>; _q?: string }>;
  };
};

type AdminUser = TagUser & { roles?: Array<{ id: number }> };

const ADMIN_USERS_READ = 'admin::users.read';

/** Whether the caller may read admin users, as Strapi's own `hasPermissions` policy checks it. */
const mayReadAdminUsers = (ctx: Ctx) =>
  !!(ctx.state.userAbility as { can?: (action: string) => boolean } | undefined)?.can?.(
    ADMIN_USERS_READ
  );

/** Pages of documentIds read while resolving a list-view query. */
const RESOLVE_PAGE = 5_000;

/**
 * Bulk tagging and its history. The routes need only an authenticated admin: what a caller may
 * change is what the content manager lets them update (type, locale, conditions), checked here.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');

  const localeOf = (uid: string, locale?: string) => typeLocale(strapi, uid, locale);

  /**
   * The content manager's update permission on the type, the locale and the tag fields, and
   * the rows its conditions let the caller update (null: every row). The locale and fields are
   * checked on an entry the caller created, so that conditions such as is-creator do not
   * refuse the whole type; the rows they exclude are left out of the change instead.
   */
  const updateAccess = async (
    ctx: Ctx,
    uid: string,
    locale: string | null
  ): Promise<{ checker: UpdateChecker; access: Pick<TypeAccess, 'uid' | 'filters'> }> => {
    const ability = ctx.state.userAbility;
    const user = ctx.state.user as AdminUser | undefined;
    const checker = ability && (permissionChecker(strapi, ability, uid) as UpdateChecker);
    if (!checker || checker.cannot.update()) {
      throw new errors.ForbiddenError(`You may not update ${uid} in the content manager`, {
        contentType: uid,
      });
    }
    if (strapi.service('admin::role').hasSuperAdminRole(user)) {
      return { checker, access: { uid, filters: null } };
    }
    const own = {
      ...(locale ? { locale } : {}),
      createdBy: { id: user?.id, roles: user?.roles ?? [] },
    };
    if (!checker.can.update(own)) {
      throw new errors.ForbiddenError(
        locale
          ? `You may not update ${uid} in locale ${locale} in the content manager`
          : `You may not update ${uid} in the content manager`,
        { contentType: uid, locale }
      );
    }
    const attributes = strapi.contentType(uid as never).attributes as Record<
      string,
      { visible?: boolean }
    >;
    for (const field of [STAGES_FIELD, INTENT_FIELD]) {
      // Hidden fields pass the content manager's field permissions (its sanitizer lets them
      // through); a visible one is checked as the role editor sets it.
      if (attributes[field]?.visible !== false && !checker.can.update(own, field)) {
        throw new errors.ForbiddenError(`You may not update ${field} of ${uid}`, {
          contentType: uid,
          field,
        });
      }
    }
    const { filters } = await checker.sanitizedQuery.update({});
    return {
      checker,
      access: { uid, filters: filters && Object.keys(filters).length ? filters : null },
    };
  };

  /** The list view's query, resolved to draft documentIds in pages, as the caller may update. */
  const resolveQuery = async (
    checker: UpdateChecker,
    uid: string,
    locale: string | null,
    query: { filters?: Record<string, unknown>; _q?: string }
  ) => {
    const sanitized = await checker.sanitizedQuery.update({
      ...(query.filters ? { filters: query.filters } : {}),
      ...(query._q ? { _q: query._q } : {}),
    });
    const params = {
      ...(sanitized.filters ? { filters: sanitized.filters } : {}),
      ...(sanitized._q ? { _q: sanitized._q } : {}),
      ...(locale ? { locale } : {}),
      ...(contentTypes().hasDraftAndPublish(uid) ? { status: 'draft' } : {}),
    };
    const documents = strapi.documents(uid as never);
    const total = Number(await documents.count(params as never));
    if (!total) {
      throw new ParamError(
        'filters',
        JSON.stringify({ filters: query.filters, _q: query._q }),
        `a query that matches at least one entry${locale ? ` in locale ${locale}` : ''}; this one matches none`
      );
    }
    if (total > MAX_FILTER_MATCHES) {
      throw new ParamError(
        'filters',
        `${total} matching entries`,
        `a query matching at most ${MAX_FILTER_MATCHES} entries`
      );
    }
    const ids: string[] = [];
    for (let start = 0; start < total; start += RESOLVE_PAGE) {
      const page = (await documents.findMany({
        ...params,
        fields: ['documentId'],
        sort: 'id:asc',
        start,
        limit: RESOLVE_PAGE,
      } as never)) as unknown as Array<{ documentId: string }>;
      ids.push(...page.map((d) => d.documentId));
      if (page.length < RESOLVE_PAGE) break;
    }
    return [...new Set(ids)];
  };

  /**
   * Filters that read admin users beyond their id need the right to read admin users: a dry run
   * answers how many entries match, so `createdBy.email` filters would spell out an admin's
   * e-mail, one count at a time, to an editor who may not see it. A 403 as Strapi's own
   * permission policies answer: the same body is fine from a caller with that permission.
   */
  const checkAdminUserFilters = (ctx: Ctx, uid: string, filters: unknown) => {
    const attributes = strapi.contentType(uid as never).attributes as Record<
      string,
      { type?: string; target?: string }
    >;
    const userRelations = Object.keys(attributes).filter(
      (name) => attributes[name].type === 'relation' && attributes[name].target === 'admin::user'
    );
    const path = adminUserFilterPath(filters, [
      ...new Set([...ADMIN_USER_FIELDS, ...userRelations]),
    ]);
    if (path && !mayReadAdminUsers(ctx)) {
      throw new errors.ForbiddenError(
        `${path}: filters on admin users other than their id need the permission ${ADMIN_USERS_READ} (Settings → Administration panel → Users → Read)`,
        { parameter: 'filters', path, permission: ADMIN_USERS_READ }
      );
    }
  };

  const stageNames = async () => {
    const stages = await getService(strapi, 'tags').stageRows();
    const names = new Map<string, string>();
    for (const s of stages) {
      names.set(s.documentId, `${s.journeyKey}/${s.key}`);
      names.set(`${s.journeyKey}/${s.key}`, `${s.journeyKey}/${s.key}`);
    }
    return (ref: string) => names.get(ref) ?? ref;
  };

  const userOf = (ctx: Ctx): TagUser | null => {
    const user = ctx.state.user as AdminUser | undefined;
    return user
      ? { id: user.id, firstname: user.firstname, lastname: user.lastname, email: user.email }
      : null;
  };

  return {
    /** POST /journey/tags/bulk */
    async bulk(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const body = parseBulkBody(ctx.request.body);
        const uids = contentTypes().journeyAwareUids();
        if (!uids.includes(body.contentType)) {
          throw new ParamError('contentType', body.contentType, uids);
        }
        const uid = body.contentType;
        const locale = await localeOf(uid, body.locale);
        const { checker, access } = await updateAccess(ctx, uid, locale);
        if (body.filters) checkAdminUserFilters(ctx, uid, body.filters);
        const documentIds = body.documentIds ?? (await resolveQuery(checker, uid, locale, body));
        const data = await getService(strapi, 'tags').apply({
          uid,
          ...(locale ? { locale } : {}),
          groups: [{ documentIds, stages: body.stages, intent: body.intent }],
          user: userOf(ctx),
          kind: 'bulk',
          dryRun: body.dryRun,
          label: summary(documentIds.length, body.stages, body.intent, await stageNames()),
          access,
        });
        return { data };
      });
    },

    /** GET /journey/tags/changes: the recent changes on entries the caller may read. */
    async changes(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const page = integerParam(ctx.query, 'page', { min: 1, max: 100_000 }) ?? 1;
        const pageSize = integerParam(ctx.query, 'pageSize', { min: 1, max: 100 }) ?? 10;
        const access = await readAccess(strapi, ctx, contentTypes().journeyAwareUids());
        return getService(strapi, 'tag-history').list({
          page,
          pageSize,
          access,
          // Strapi's admin shows other admins' e-mail addresses to those who may read users.
          mayReadUsers: mayReadAdminUsers(ctx),
          updatable: async (uid, locale) => {
            try {
              return (await updateAccess(ctx, uid, locale)).access;
            } catch (error) {
              if (error instanceof errors.ForbiddenError) return null;
              throw error;
            }
          },
        });
      });
    },

    /** POST /journey/tags/changes/:id/undo */
    async undo(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const raw = ctx.params.id;
        if (!/^\d{1,12}$/.test(raw ?? '')) throw new ParamError('id', raw ?? '', 'a change id');
        const id = Number(raw);
        const history = getService(strapi, 'tag-history');
        const change = await history.find(id);
        if (!change) throw new errors.NotFoundError(`No tag change with id ${id}`);
        if (!contentTypes().journeyAwareUids().includes(change.contentType)) {
          throw new errors.ValidationError(
            `Tag change ${id} is on ${change.contentType}, which is no longer journey-aware`
          );
        }
        const { access } = await updateAccess(ctx, change.contentType, change.contentLocale);
        const data = await history.undo(id, userOf(ctx), access);
        return { data };
      });
    },
  };
};
