import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  ParamError,
  checkKnownParams,
  paginationParams,
  stringParam,
} from '../domain/content-params';
import { INTENTS, isIntent, type Intent } from '../domain/intents';
import type { IntentChoice } from '../services/site-terms';
import type { StoredJourney, StoredStage } from '../services/journeys';
import type { ApplyResult } from '../services/tags';
import { stageOf, type StoredSuggestion } from '../services/suggestions';
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

/** "Accept all" in one request: as many as the bulk route takes by id. */
export const MAX_ACCEPT = 10_000;
export const MAX_ITEMS = 1_000;

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

  /** A stage of any journey, by documentId or `journeyKey/stageKey`. */
  const stageRef = async (ref: unknown, journey: StoredJourney, name: string) => {
    const journeys = await getService(strapi, 'journeys').list();
    const all: Array<[string, StoredStage]> = journeys.flatMap((j) =>
      j.stages.map((s) => [`${j.key}/${s.key}`, s] as [string, StoredStage])
    );
    const found = all.find(([key, s]) => s.documentId === ref || key === ref);
    if (!found) {
      throw new ParamError(
        name,
        typeof ref === 'string' ? ref : JSON.stringify(ref ?? null),
        journey.stages.map((s) => `${s.documentId} (${journey.key}/${s.key})`)
      );
    }
    return found[1];
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

        type Chosen = { documentId: string; intent: Intent | null; stage: StoredStage };
        const chosen: Chosen[] = [];
        const ownSkips: Array<{ documentId: string; reason: string }> = [];
        let stored = new Map<string, StoredSuggestion>();

        if (body.items !== undefined) {
          if (!Array.isArray(body.items) || !body.items.length || body.items.length > MAX_ITEMS) {
            throw new ParamError(
              'items',
              Array.isArray(body.items) ? `${body.items.length} items` : JSON.stringify(body.items),
              `an array of 1 to ${MAX_ITEMS} { documentId, intent, stage? }`
            );
          }
          const items = body.items as Array<Record<string, unknown>>;
          const ids = items.map((item, i) => {
            if (typeof item?.documentId !== 'string' || !item.documentId) {
              throw new ParamError(
                `items[${i}].documentId`,
                String(item?.documentId ?? ''),
                'a documentId'
              );
            }
            return item.documentId;
          });
          stored = await suggestions().suggestionsOf(uid, locale, ids);
          for (const [i, item] of items.entries()) {
            const intent = item.intent ?? null;
            if (intent !== null && !isIntent(intent)) {
              throw new ParamError(`items[${i}].intent`, String(intent), [...INTENTS, 'null']);
            }
            const suggestion = stored.get(item.documentId as string);
            const stage =
              item.stage !== undefined && item.stage !== null
                ? await stageRef(item.stage, journey, `items[${i}].stage`)
                : stageOf(journey, intent, intent === suggestion?.intent ? suggestion?.scores : {});
            if (!stage) {
              throw new ParamError(
                `items[${i}].stage`,
                '',
                `a stage: intent "${intent}" points to no stage of journey "${journey.key}"`
              );
            }
            if (minConfidence !== undefined) {
              const above =
                !!suggestion &&
                suggestion.intent !== null &&
                suggestion.intent === intent &&
                suggestion.confidence >= minConfidence;
              if (!above) {
                ownSkips.push({
                  documentId: item.documentId as string,
                  reason: 'below confidence',
                });
                continue;
              }
            }
            chosen.push({ documentId: item.documentId as string, intent, stage });
          }
        } else {
          if (minConfidence === undefined) {
            throw new ParamError(
              'items',
              '',
              'items to accept, or minConfidence to accept every suggestion of the filter above it'
            );
          }
          const found = await suggestions().storedFor(
            { uid, locale: locale || undefined, access },
            {
              intent: filter.intent as Intent | undefined,
              minConfidence,
              limit: MAX_ACCEPT + 1,
            }
          );
          if (found.length > MAX_ACCEPT) {
            throw new ParamError(
              'minConfidence',
              String(minConfidence),
              `a filter matching at most ${MAX_ACCEPT} suggestions (${found.length - 1}+ match); narrow it`
            );
          }
          for (const f of found) {
            stored.set(f.documentId, f.suggestion);
            const stage = stageOf(journey, f.suggestion.intent, f.suggestion.scores);
            if (!stage) {
              ownSkips.push({
                documentId: f.documentId,
                reason: `no stage for ${f.suggestion.intent} in journey ${journey.key}`,
              });
              continue;
            }
            chosen.push({ documentId: f.documentId, intent: f.suggestion.intent, stage });
          }
        }

        const updatable = await requireUpdate(
          ctx,
          uid,
          locale,
          chosen.map((c) => c.documentId)
        );
        if (!chosen.length) {
          return {
            data: {
              changeId: null,
              matched: 0,
              changed: 0,
              unchanged: 0,
              skipped: ownSkips,
              perStage: {},
            } satisfies ApplyResult,
          };
        }
        const groups = new Map<
          string,
          { documentIds: string[]; stage: StoredStage; intent: Intent | null }
        >();
        for (const c of chosen) {
          const key = `${c.stage.documentId}|${c.intent}`;
          const group = groups.get(key) ?? { documentIds: [], stage: c.stage, intent: c.intent };
          group.documentIds.push(c.documentId);
          groups.set(key, group);
        }
        const user = ctx.state.user ?? null;
        const result = await getService(strapi, 'tags').apply({
          uid,
          locale: locale || undefined,
          groups: [...groups.values()].map((g) => ({
            documentIds: g.documentIds,
            stages: { add: [g.stage.documentId] },
            intent: g.intent,
          })),
          user: user
            ? { id: user.id, firstname: user.firstname, lastname: user.lastname, email: user.email }
            : null,
          kind: 'queue',
          onlyIfUntagged: true,
          // Judged above for every entry; passed on so that a row changed meanwhile is held to it.
          access: { uid, filters: updatable },
          label: `Accepted ${chosen.length} suggestion${chosen.length === 1 ? '' : 's'} (${journey.key})`,
        });

        const skippedIds = new Set(result.skipped.map((s) => s.documentId));
        const accepted = chosen.filter((c) => !skippedIds.has(c.documentId));
        // What the editors chose teaches the classifier (site-term proposals).
        const choices: IntentChoice[] = accepted
          .filter((c): c is Chosen & { intent: Intent } => c.intent !== null)
          .map((c) => {
            const suggestion = stored.get(c.documentId);
            return {
              text: suggestion?.text ?? '',
              language: suggestion?.language ?? 'en',
              suggested: suggestion?.intent ?? null,
              chosen: c.intent,
              kind: suggestion?.intent === c.intent ? 'accept' : 'correct',
              entryType: uid,
              entryDocumentId: c.documentId,
              entryLocale: locale,
              userId: user?.id ?? null,
            };
          });
        await getService(strapi, 'site-terms').recordChoices(choices);
        await suggestions().forget(
          uid,
          locale,
          accepted.map((c) => c.documentId)
        );
        return { data: { ...result, skipped: [...ownSkips, ...result.skipped] } };
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
          data: {
            started,
            running: state.running,
            processed: state.processed,
            total: state.total,
            startedAt: state.startedAt,
            finishedAt: state.finishedAt,
            instance: state.instance,
          },
        };
      });
    },

    /** GET /journey/suggestions/status: the job's progress, as any instance sees it. */
    async status(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
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
        return { data: await suggestions().status() };
      });
    },
  };
};
