import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { answeringAdmin, readAccess, type AdminCtx } from '../utils/read-access';

type Ctx = AdminCtx & { query: Record<string, unknown> };

/**
 * Journey analytics for the admin. The route needs "read analytics"; the figures are counts
 * about stages, not content, but the titles and edit paths of listed documents (and the coverage
 * the change dates come from) follow the caller's content-manager read rights.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const read = () => getService(strapi, 'analytics-read');
  const callerAccess = (ctx: Ctx) =>
    readAccess(strapi, ctx, getService(strapi, 'content-types').journeyAwareUids());

  return {
    async find(ctx: Ctx) {
      return answeringAdmin(ctx, async () => ({
        data: await read().find(ctx.query, await callerAccess(ctx)),
      }));
    },

    async effect(ctx: Ctx) {
      return answeringAdmin(ctx, async () => ({ data: await read().effect(ctx.query) }));
    },

    async changes(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        // As the coverage trend: only types the caller reads in full (no condition, no locale
        // limit), since a day's stored counts cannot be narrowed to some rows.
        const access = await callerAccess(ctx);
        const readable = new Set(
          [...access.values()].filter((a) => a.full || a.filters === null).map((a) => a.uid)
        );
        return { data: await read().changes(ctx.query, readable) };
      });
    },

    async traffic(ctx: Ctx) {
      return answeringAdmin(ctx, async () => ({ data: await read().traffic(ctx.query) }));
    },
  };
};
