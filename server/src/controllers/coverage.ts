import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';

type Ctx = { query: Record<string, unknown>; body: unknown };

/** A query parameter given once, as a string: `?locale=sv&locale=en` is a mistake worth a 400. */
export const singleParam = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new errors.ValidationError(`Query parameter "${name}" must be given once, as a string`);
  }
  return value;
};

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx) {
    const locale = singleParam(ctx.query, 'locale');
    if (locale) {
      const locales = (await strapi.plugin('i18n').service('locales').find()) as Array<{ code: string }>;
      if (!locales.some((l) => l.code === locale)) {
        throw new errors.ValidationError(
          `locale "${locale}" is unknown; valid values: ${locales.map((l) => l.code).join(', ')}`
        );
      }
    }
    return getService(strapi, 'coverage').compute({
      journey: singleParam(ctx.query, 'journey'),
      contentType: singleParam(ctx.query, 'contentType'),
      locale,
    });
  },
});
