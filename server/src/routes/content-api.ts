import type { CachedRoute } from '../domain/http-cache';

type Ctx = Parameters<ReturnType<typeof import('../services/http-cache').default>['handle']>[1];

/**
 * Validators, cache headers and the in-process response cache, after Strapi's authentication
 * and permission check (route middlewares run after both), so a 304 is only ever given to a
 * caller the route would answer.
 */
const cached = (route: CachedRoute) => ({
  policies: [],
  middlewares: [
    (ctx: Ctx, next: () => Promise<unknown>) =>
      strapi.plugin('journey').service('http-cache').handle(route, ctx, next),
  ],
});

/** Nothing is public by default: an admin grants each action per role in Users & Permissions. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/journeys', handler: 'journey.find', config: cached('journeys') },
    { method: 'GET', path: '/stages', handler: 'stage.find', config: cached('stages') },
    { method: 'GET', path: '/content', handler: 'content.find', config: cached('content') },
    { method: 'GET', path: '/next', handler: 'next.find', config: cached('next') },
    { method: 'GET', path: '/intent', handler: 'intent.find', config: cached('intent') },
  ],
};
