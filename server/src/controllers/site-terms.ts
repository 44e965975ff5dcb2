import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ParamError } from '../domain/content-params';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';

type Ctx = { params: Record<string, string>; request: { body?: unknown } };

/** Site terms: what the site's editors taught the classifier, managed by journey admins. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'site-terms');
  const badRequest = async <T>(handle: () => Promise<T>) => {
    try {
      return await handle();
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  };

  return {
    /** GET /journey/site-terms/proposals */
    async proposals() {
      return { data: await service().proposals() };
    },

    /** GET /journey/site-terms */
    async find() {
      return { data: await service().list() };
    },

    /** POST /journey/site-terms { term, language, intent }: accepts a proposal. */
    async create(ctx: Ctx) {
      return badRequest(async () => ({ data: await service().create(ctx.request.body) }));
    },

    /** DELETE /journey/site-terms/:id */
    async delete(ctx: Ctx) {
      return badRequest(async () => {
        const id = ctx.params.id;
        if (!/^\d{1,12}$/.test(id)) throw new ParamError('id', id, 'a site term id');
        if (!(await service().remove(Number(id)))) {
          throw new errors.NotFoundError(`No site term ${id}`);
        }
        return { data: { id: Number(id), deleted: true } };
      });
    },
  };
};
