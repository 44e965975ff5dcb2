import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** DELETE /journey/analytics (analytics.manage): every collected and imported row, at once. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async deleteAll() {
    // What is still buffered would otherwise land after the delete.
    await getService(strapi, 'analytics-ingest').flush();
    const deleted = await getService(strapi, 'analytics-store').deleteAll();
    return { data: { deleted } };
  },
});
