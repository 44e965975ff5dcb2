import type { Core } from '@strapi/strapi';
import { collectEvents, header, type Ctx } from '../services/analytics-collect';
import { getService } from '../utils/get-service';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async collect(
    ctx: Ctx & { state: { auth?: { credentials?: unknown }; journeyEventsVersion?: unknown } }
  ) {
    await collectEvents(strapi, ctx);
    // Strapi's authentication let an anonymous caller through: the public role has the action.
    if (!header(ctx, 'authorization') && !ctx.state.auth?.credentials) {
      getService(strapi, 'analytics-ingest').rememberPublicAllowed(ctx.state);
    }
  },
});
