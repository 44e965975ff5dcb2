import type { Core } from '@strapi/strapi';
import type { CachedRoute } from '../domain/http-cache';
import { getService } from '../utils/get-service';

type Handle = ReturnType<typeof import('../services/http-cache').default>['handle'];

/**
 * Route middleware (`plugin::journey.http-cache`, config `{ route }`): validators, cache headers
 * and the in-process response cache. Route middlewares run after Strapi's authentication and
 * permission check, so a 304 is only ever given to a caller the route would answer.
 */
const httpCache =
  (config: { route: CachedRoute }, { strapi }: { strapi: Core.Strapi }) =>
  (ctx: Parameters<Handle>[1], next: Parameters<Handle>[2]) =>
    getService(strapi, 'http-cache').handle(config.route, ctx, next);

export default { 'http-cache': httpCache };
