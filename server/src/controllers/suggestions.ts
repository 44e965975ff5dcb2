import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ParamError, stringParam } from '../domain/content-params';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';

type Ctx = {
  query: Record<string, unknown>;
  state: { userAbility?: { can: (action: string, subject?: string) => boolean } };
};

const EDIT_ACTIONS = [
  'plugin::content-manager.explorer.update',
  'plugin::content-manager.explorer.create',
];

/**
 * GET /journey/intent (admin): the intent an entry's title suggests, for the edit view. Any editor
 * who may create or update entries of the content type may ask; the journey permissions are for
 * people who manage journeys and read coverage, not for everyone who writes.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async intent(ctx: Ctx) {
    try {
      const uids = getService(strapi, 'content-types').journeyAwareUids();
      const uid = stringParam(ctx.query, 'contentType');
      if (!uid || !uids.includes(uid)) throw new ParamError('contentType', uid ?? '', uids);
      const ability = ctx.state.userAbility;
      if (!ability || !EDIT_ACTIONS.some((action) => ability.can(action, uid))) {
        throw new errors.ForbiddenError(`You may not edit ${uid}`);
      }
      const service = getService(strapi, 'intent');
      const q = service.queryParam(ctx.query, true) as string;
      const locale = service.languageParam(ctx.query);
      const [journey] = await getService(strapi, 'journeys').list();
      return { data: { query: q, ...service.classify(q, journey, locale) } };
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  },
});
