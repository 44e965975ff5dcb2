import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { localeParam, singleParam } from '../utils/params';

type Ctx = {
  query: Record<string, unknown>;
  state: { userAbility?: { can: (action: string, subject?: string) => boolean } };
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    return getService(strapi, 'coverage').compute({
      journey: singleParam(ctx.query, 'journey'),
      contentType: singleParam(ctx.query, 'contentType'),
      locale: await localeParam(strapi, ctx.query),
    });
  },

  /** The entries behind one cell; titles only of types the caller may read in the content manager. */
  async entries(ctx: Ctx) {
    const ability = ctx.state.userAbility;
    return getService(strapi, 'coverage').entries({
      journey: singleParam(ctx.query, 'journey'),
      contentType: singleParam(ctx.query, 'contentType'),
      locale: await localeParam(strapi, ctx.query),
      stage: singleParam(ctx.query, 'stage'),
      intent: singleParam(ctx.query, 'intent'),
      state: singleParam(ctx.query, 'state'),
      page: singleParam(ctx.query, 'page'),
      pageSize: singleParam(ctx.query, 'pageSize'),
      readable: (uid) => !!ability?.can('plugin::content-manager.explorer.read', uid),
    });
  },
});
