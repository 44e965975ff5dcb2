import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { STARTER_KEYS, starterFile, starterSummaries } from '../starters';

type Ctx = { params: Record<string, string> };

/**
 * Starter journeys, one per audience, in the journeys export format: the admin sends the one
 * chosen to the import route for its preview and apply, so a starter passes the same checks.
 */
export default (_: { strapi: Core.Strapi }) => ({
  async find() {
    return { data: starterSummaries() };
  },

  async findOne(ctx: Ctx) {
    const file = starterFile(ctx.params.key);
    if (!file) {
      throw new errors.NotFoundError(
        `Unknown starter "${ctx.params.key}"; starters: ${STARTER_KEYS.join(', ')}`
      );
    }
    return { data: file };
  },
});
