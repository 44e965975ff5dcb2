import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { localeParam, singleParam } from '../utils/params';

type Ctx = { query: Record<string, unknown> };

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    return getService(strapi, 'coverage').compute({
      journey: singleParam(ctx.query, 'journey'),
      contentType: singleParam(ctx.query, 'contentType'),
      locale: await localeParam(strapi, ctx.query),
    });
  },
});
