import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** Rebuilds the per-cell counts from the entries now (as the self-check does), answering the drift. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async recount(ctx: { body: unknown }) {
    const { drift } = await getService(strapi, 'cells').recount();
    ctx.body = { data: { drift } };
  },
});
