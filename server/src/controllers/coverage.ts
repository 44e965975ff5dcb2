import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { localeParam, singleParam } from '../utils/params';
import { answeringForbidden, readAccess, type AdminCtx } from '../utils/read-access';

type Ctx = AdminCtx & { query: Record<string, unknown> };

/**
 * Coverage answers with what the caller may read in the content manager: its types, locales,
 * conditions and, in cell lists, the title field. Checked here, on top of the route's
 * "read coverage" permission, since that one says nothing about content.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const callerAccess = (ctx: Ctx) =>
    readAccess(strapi, ctx, getService(strapi, 'content-types').journeyAwareUids());

  /** The journey, content type and locale a coverage read is narrowed to. */
  const scopeOf = async (ctx: Ctx) => ({
    journey: singleParam(ctx.query, 'journey'),
    contentType: singleParam(ctx.query, 'contentType'),
    locale: await localeParam(strapi, ctx.query),
  });

  return {
    async find(ctx: Ctx) {
      return answeringForbidden(ctx, async () =>
        getService(strapi, 'coverage').compute({
          ...(await scopeOf(ctx)),
          access: await callerAccess(ctx),
        })
      );
    },

    async pending(ctx: Ctx) {
      return answeringForbidden(ctx, async () =>
        getService(strapi, 'coverage').pending({
          ...(await scopeOf(ctx)),
          access: await callerAccess(ctx),
        })
      );
    },

    async entries(ctx: Ctx) {
      return answeringForbidden(ctx, async () =>
        getService(strapi, 'coverage').entries({
          ...(await scopeOf(ctx)),
          stage: singleParam(ctx.query, 'stage'),
          intent: singleParam(ctx.query, 'intent'),
          state: singleParam(ctx.query, 'state'),
          page: singleParam(ctx.query, 'page'),
          pageSize: singleParam(ctx.query, 'pageSize'),
          access: await callerAccess(ctx),
        })
      );
    },
  };
};
