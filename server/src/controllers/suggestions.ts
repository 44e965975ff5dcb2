import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  ParamError,
  checkKnownParams,
  paginationParams,
  stringParam,
} from '../domain/content-params';
import { INTENTS, isIntent, type Intent } from '../domain/intents';
import type { StoredJourney } from '../services/journeys';
import { jobProgress, MAX_ACCEPT, MAX_ITEMS } from '../services/suggestions';
import { getService } from '../utils/get-service';
import { typeLocale } from '../utils/locale';
import {
  answeringAdmin,
  permissionChecker,
  typeAccess,
  type AdminCtx,
  type TypeAccess,
} from '../utils/read-access';

type Ctx = AdminCtx & {
  query: Record<string, unknown>;
  request: { body?: unknown };
  status: number;
  state: AdminCtx['state'] & {
    user?: { id: number; firstname?: string; lastname?: string; email?: string };
  };
};

export { MAX_ACCEPT, MAX_ITEMS };

interface UpdateChecker {
  cannot: { update: () => boolean };
  sanitizedQuery: { update: (query: object) => Promise<{ filters?: Record<string, unknown> }> };
}

const booleanParam = (query: Record<string, unknown>, name: string) => {
  const raw = stringParam(query, name);
  if (raw === undefined) return false;
  if (!['true', 'false', '1', '0'].includes(raw))
    throw new ParamError(name, raw, ['true', 'false']);
  return raw === 'true' || raw === '1';
};

const confidenceValue = (value: unknown, name: string) => {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > 1) {
    throw new ParamError(name, String(value), 'a number from 0 to 1');
  }
  return number;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const suggestions = () => getService(strapi, 'suggestions');

  /** The caller's read access to each journey-aware type; forbidden when it reads none. */
  const journeyTypesAccess = async (ctx: Ctx) => {
    const readable = await Promise.all(
      contentTypes()
        .journeyAwareUids()
        .map((uid) => typeAccess(strapi, ctx, uid))
    );
    if (!readable.some(Boolean)) {
      throw new errors.ForbiddenError(
        'You may not read any journey-aware content type in the content manager'
      );
    }
    return readable;
  };

  const contentTypeOf = (value: unknown) => {
    const uids = contentTypes().journeyAwareUids();
    if (typeof value !== 'string' || !uids.includes(value)) {
      throw new ParamError('contentType', typeof value === 'string' ? value : '', uids);
    }
    return value;
  };

  /** The locale of a localized type (its default when none is given); '' for other types. */
  const localeOf = async (uid: string, value: unknown) =>
    (await typeLocale(strapi, uid, value)) ?? '';

  const journeyOf = async (value: unknown): Promise<StoredJourney> => {
    const journeys = await getService(strapi, 'journeys').list();
    const journey =
      value === undefined || value === null || value === ''
        ? journeys[0]
        : journeys.find((j) => j.key === value);
    if (!journey) {
      throw new ParamError(
        'journey',
        String(value ?? ''),
        journeys.map((j) => j.key)
      );
    }
    return journey;
  };

  const readAccessOf = async (ctx: Ctx, uid: string): Promise<TypeAccess> => {
    const access = await typeAccess(strapi, ctx, uid);
    if (!access) {
      throw new errors.ForbiddenError(`You may not read ${uid} in the content manager`, {
        contentType: uid,
      });
    }
    return access;
  };

  /**
   * The content manager's update right on the type and on every entry about to change (its
   * locale, is-creator and other conditions), judged before anything is written: one refused
   * entry refuses the request, so nothing changes.
   */
  const requireUpdate = async (ctx: Ctx, uid: string, locale: string, documentIds: string[]) => {
    const checker = permissionChecker(
      strapi,
      ctx.state.userAbility,
      uid
    ) as unknown as UpdateChecker;
    const refused = () =>
      new errors.ForbiddenError(
        `You may not update ${uid}${locale ? ` in locale ${locale}` : ''} in the content manager`,
        { contentType: uid, locale: locale || null }
      );
    if (!ctx.state.userAbility || checker.cannot.update()) throw refused();
    if (strapi.service('admin::role').hasSuperAdminRole(ctx.state.user)) return null;
    const { filters } = await checker.sanitizedQuery.update({});
    if (!filters || !Object.keys(filters).length) return null;
    const where = (ids: string[], extra: object[]) => ({
      $and: [
        { documentId: { $in: ids } },
        ...(locale ? [{ locale }] : []),
        ...(contentTypes().hasDraftAndPublish(uid) ? [{ publishedAt: null }] : []),
        ...extra,
      ],
    });
    for (let i = 0; i < documentIds.length; i += 1000) {
      const ids = documentIds.slice(i, i + 1000);
      const [all, allowed] = await Promise.all([
        strapi.db.query(uid as never).count({ where: where(ids, []) }),
        strapi.db.query(uid as never).count({ where: where(ids, [filters]) }),
      ]);
      if (Number(all) !== Number(allowed)) throw refused();
    }
    return filters;
  };

  return {
    /** GET /journey/suggestions: untagged entries of a type, a page at a time, with suggestions. */
    async find(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        checkKnownParams(ctx.query, [
          'contentType',
          'locale',
          'journey',
          'intent',
          'minConfidence',
          'page',
          'pageSize',
          'showSkipped',
        ]);
        const uid = contentTypeOf(stringParam(ctx.query, 'contentType'));
        const locale = await localeOf(uid, stringParam(ctx.query, 'locale'));
        const journey = await journeyOf(stringParam(ctx.query, 'journey'));
        const rawIntent = stringParam(ctx.query, 'intent');
        if (rawIntent !== undefined && rawIntent !== 'none' && !isIntent(rawIntent)) {
          throw new ParamError('intent', rawIntent, [...INTENTS, 'none']);
        }
        const rawConfidence = stringParam(ctx.query, 'minConfidence');
        const minConfidence =
          rawConfidence === undefined ? undefined : confidenceValue(rawConfidence, 'minConfidence');
        const showSkipped = booleanParam(ctx.query, 'showSkipped');
        const pagination = paginationParams({
          page: ctx.query.page,
          pageSize: ctx.query.pageSize,
        });
        const access = await readAccessOf(ctx, uid);
        const titleField = await contentTypes().titleAttribute(uid);
        const showText =
          access.full || !titleField || !access.checker.cannot.read(undefined, titleField);
        const result = await suggestions().list({
          uid,
          locale: locale || undefined,
          access,
          journey,
          intent: rawIntent as Intent | 'none' | undefined,
          minConfidence,
          showSkipped,
          offset: pagination.offset,
          limit: pagination.limit,
          showText,
        });
        return {
          data: result.data,
          meta: {
            pagination: {
              page: pagination.page,
              pageSize: pagination.limit,
              pageCount: Math.ceil(result.total / pagination.limit),
              total: result.total,
            },
            untagged: result.untagged,
            computed: result.computed,
            journey: journey.key,
            locale: locale || null,
          },
        };
      });
    },

    /**
     * POST /journey/suggestions/accept: tags entries with their suggestion (or the editor's edit),
     * only those still untagged, as one recorded change that can be undone.
     */
    async accept(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>;
        const uid = contentTypeOf(body.contentType);
        const locale = await localeOf(uid, body.locale);
        const journey = await journeyOf(body.journey);
        const minConfidence =
          body.minConfidence === undefined || body.minConfidence === null
            ? undefined
            : confidenceValue(body.minConfidence, 'minConfidence');
        const filter = (body.filter ?? {}) as Record<string, unknown>;
        if (typeof filter !== 'object' || Array.isArray(filter)) {
          throw new ParamError('filter', JSON.stringify(body.filter), 'an object: { intent? }');
        }
        if (filter.intent !== undefined && !isIntent(filter.intent)) {
          throw new ParamError('filter.intent', String(filter.intent), INTENTS);
        }
        const access = await readAccessOf(ctx, uid);

        const user = ctx.state.user ?? null;
        const data = await getService(strapi, 'suggestions').accept({
          uid,
          locale,
          journey,
          minConfidence,
          intent: filter.intent as Intent | undefined,
          items: body.items,
          access,
          user: user
            ? { id: user.id, firstname: user.firstname, lastname: user.lastname, email: user.email }
            : null,
          authorize: (documentIds) => requireUpdate(ctx, uid, locale, documentIds),
        });
        return { data };
      });
    },

    /** POST /journey/suggestions/skip: hides entries from the queue (showSkipped shows them). */
    async skip(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>;
        const uid = contentTypeOf(body.contentType);
        const locale = await localeOf(uid, body.locale);
        const ids = body.documentIds;
        if (
          !Array.isArray(ids) ||
          !ids.length ||
          ids.length > MAX_ACCEPT ||
          ids.some((id) => typeof id !== 'string' || !id)
        ) {
          throw new ParamError(
            'documentIds',
            JSON.stringify(ids ?? null).slice(0, 100),
            `an array of 1 to ${MAX_ACCEPT} documentIds`
          );
        }
        if (body.skipped !== undefined && typeof body.skipped !== 'boolean') {
          throw new ParamError('skipped', String(body.skipped), ['true', 'false']);
        }
        await readAccessOf(ctx, uid);
        const unique = [...new Set(ids as string[])];
        await requireUpdate(ctx, uid, locale, unique);
        const skipped = await suggestions().skip(uid, locale, unique, body.skipped !== false);
        return { data: { skipped } };
      });
    },

    /** POST /journey/suggestions/run: suggestions for the whole backlog, in the background. */
    async run(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const body = (ctx.request.body ?? {}) as Record<string, unknown>;
        const scope: { contentType?: string; locale?: string } = {};
        if (body.contentType !== undefined) {
          scope.contentType = contentTypeOf(body.contentType);
          await readAccessOf(ctx, scope.contentType);
          const locale = await localeOf(scope.contentType, body.locale);
          if (locale && body.locale !== undefined) scope.locale = locale;
        } else {
          if (body.locale !== undefined) {
            throw new ParamError(
              'locale',
              String(body.locale),
              'a locale together with contentType'
            );
          }
          const readable = await journeyTypesAccess(ctx);
          // The job writes suggestions only, no entry; for every type, as one backlog.
          if (readable.some((a) => !a)) {
            throw new errors.ForbiddenError(
              'Name a contentType: you may not read every journey-aware type in the content manager'
            );
          }
        }
        const { started, state } = await suggestions().run(scope);
        ctx.status = 202;
        return {
          data: { started, ...jobProgress(state) },
        };
      });
    },

    /** GET /journey/suggestions/status: the job's progress, as any instance sees it. */
    async status(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        await journeyTypesAccess(ctx);
        return { data: await suggestions().status() };
      });
    },
  };
};
