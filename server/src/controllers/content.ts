import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

type Ctx = { query: Record<string, unknown>; state: { auth?: unknown } };

/**
 * Content-API controllers whose read actions are named `find`, so that read-only API tokens reach
 * them: `plugin::journey.content.find` (GET /api/journey/content) and
 * `plugin::journey.next.find` (GET /api/journey/next).
 */
export const content = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    return getService(strapi, 'content').find(ctx.query, ctx.state.auth);
  },
});

export const next = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    return getService(strapi, 'content').next(ctx.query, ctx.state.auth);
  },
});
