import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ParamError, stringParam } from '../domain/content-params';
import { getService } from '../utils/get-service';
import {
  answeringAdmin,
  permissionChecker,
  typeAccess,
  type AdminCtx,
  type TypeAccess,
} from '../utils/read-access';

type Ctx = AdminCtx & { query: Record<string, unknown> };

const EDIT_ACTIONS = [
  'plugin::content-manager.explorer.update',
  'plugin::content-manager.explorer.create',
];
const READ_ACTIONS = ['plugin::content-manager.explorer.read', ...EDIT_ACTIONS];

/** A page of the list view: its largest page size is 100. */
export const MAX_TAG_IDS = 100;

/**
 * Routes for the content manager's edit and list views. Any editor who may work with entries of
 * the content type may call them; the journey permissions are for people who manage journeys and
 * read coverage, not for everyone who writes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const journeyAwareParam = (ctx: Ctx) => {
    const uids = getService(strapi, 'content-types').journeyAwareUids();
    const uid = stringParam(ctx.query, 'contentType');
    if (!uid || !uids.includes(uid)) throw new ParamError('contentType', uid ?? '', uids);
    return uid;
  };

  /**
   * A type-level check, enough for routes that return no content: journeys, or an intent for a
   * title the editor typed. The checker also honours Strapi's action aliases.
   */
  const contentTypeParam = (ctx: Ctx, actions: string[]) => {
    const uid = journeyAwareParam(ctx);
    const ability = ctx.state.userAbility;
    const checker = ability && permissionChecker(strapi, ability, uid);
    if (!checker || !actions.some((action) => checker.can(action))) {
      throw new errors.ForbiddenError(`You may not work with ${uid}`);
    }
    return uid;
  };

  /** The rows of the type the caller may read, as the content manager's list view has them. */
  const readableTypeParam = async (ctx: Ctx): Promise<TypeAccess> => {
    const uid = journeyAwareParam(ctx);
    const access = await typeAccess(strapi, ctx, uid);
    if (!access) throw new errors.ForbiddenError(`You may not read ${uid} in the content manager`);
    return access;
  };

  return {
    /** GET /journey/editor/journeys: the journeys and stages an editor tags with. */
    async journeys(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        contentTypeParam(ctx, READ_ACTIONS);
        const journeys = await getService(strapi, 'journeys').list();
        return {
          data: journeys.map((j) => ({
            key: j.key,
            name: j.name,
            names: j.names ?? null,
            stages: j.stages.map((s) => ({
              id: s.id,
              documentId: s.documentId,
              key: s.key,
              name: s.name,
              names: s.names ?? null,
              colour: s.colour ?? null,
            })),
          })),
        };
      });
    },

    /**
     * GET /journey/editor/tags: the stages of a page of the list view, in one query. The content
     * manager's list returns only a count for relations, and a column of coloured stages needs them.
     * Only of rows the caller may read there: the list view needs read, and so does this.
     */
    async tags(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const access = await readableTypeParam(ctx);
        const raw = stringParam(ctx.query, 'documentIds') ?? '';
        const ids = [...new Set(raw.split(',').map((id) => id.trim()))].filter(Boolean);
        if (ids.length > MAX_TAG_IDS)
          throw new ParamError('documentIds', String(ids.length), `at most ${MAX_TAG_IDS}`);
        const locale = stringParam(ctx.query, 'locale');
        const rows = await getService(strapi, 'content-types').tagsOf(
          access.uid,
          ids,
          locale,
          access
        );
        const data: Record<string, number[]> = {};
        for (const row of rows) (data[row.documentId] ??= []).push(row.stageId);
        return { data };
      });
    },

    /** GET /journey/intent: the intent an entry's title suggests, for the edit view. */
    async intent(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        contentTypeParam(ctx, EDIT_ACTIONS);
        const service = getService(strapi, 'intent');
        const q = service.queryParam(ctx.query, true) as string;
        const locale = service.languageParam(ctx.query);
        const [journey] = await getService(strapi, 'journeys').list();
        return { data: { query: q, ...service.classify(q, journey, locale) } };
      });
    },
  };
};
