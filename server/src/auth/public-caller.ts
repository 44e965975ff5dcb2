import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';

type Ctx = {
  request?: { header?: { authorization?: string } };
  state: { journeyPublicVersion?: string };
};
type Auth = { credentials?: unknown; ability?: { can: (action: string) => boolean } | null };
type RouteConfig = { auth?: false | { strategies?: unknown[]; scope?: string[] } };
type Route = { config?: RouteConfig };

/**
 * Whether Users & Permissions would answer the request as the public role: it does when there is
 * no `Authorization: Bearer <token>` header (plugin-users-permissions, services/jwt `getToken`), and
 * the API-token strategy then finds no token either.
 */
export const isAnonymous = (ctx: Ctx) => {
  const header = ctx.request?.header?.authorization;
  if (!header) return true;
  const parts = header.split(/\s+/);
  return parts[0].toLowerCase() !== 'bearer' || parts.length !== 2;
};

/**
 * Users & Permissions' own strategy for callers without credentials, with the public role's
 * ability kept per settings version (services/public-ability.ts). It carries that strategy's name,
 * so code that reads `ctx.state.auth.strategy.name` sees what it always saw for the public role.
 * A request with credentials is left to the strategies after it ('users-permissions' itself).
 */
const publicCallerStrategy = (strapi: Core.Strapi) => ({
  name: 'users-permissions',
  authenticate: async (ctx: Ctx) => {
    if (!isAnonymous(ctx)) return { authenticated: false };
    return getService(strapi, 'public-ability').authenticate(ctx.state.journeyPublicVersion);
  },
  // As Users & Permissions verifies: every scope of the route allowed by the ability.
  verify: async (auth: Auth, config: { scope?: string | string[] }) => {
    if (!config.scope) {
      if (!auth.credentials) throw new errors.UnauthorizedError();
      return;
    }
    if (!auth.ability) throw new errors.UnauthorizedError();
    const scopes = Array.isArray(config.scope) ? config.scope : [config.scope];
    if (!scopes.every((scope) => auth.ability?.can(scope))) throw new errors.ForbiddenError();
  },
});

/**
 * Puts the strategy before Users & Permissions on the plugin's content-API routes (not on any
 * other route of the app). Called in `register`: Strapi mounts the routes in `bootstrap`.
 */
export const registerPublicCaller = (strapi: Core.Strapi) => {
  if (!strapi.plugin('users-permissions')) return;
  if (
    (strapi.config.get(`plugin::${PLUGIN_ID}.publicAbilityCache`) as boolean | undefined) === false
  )
    return;
  const strategy = publicCallerStrategy(strapi);
  const routes = (
    strapi.plugin(PLUGIN_ID).routes as unknown as Record<string, { routes?: Route[] }>
  )['content-api']?.routes;
  for (const route of routes ?? []) {
    if (route.config?.auth === false) continue;
    // Strapi's order for content-API routes: API tokens first ('content-api-token' since 5.x
    // renamed 'api-token'; a name no strategy carries is skipped), then Users & Permissions, with
    // this strategy just before the one it stands in for. A strategy the app registers itself is
    // not in the list: such an app sets `publicAbilityCache: false` (docs/configuration.md).
    route.config = {
      ...route.config,
      auth: {
        ...(route.config?.auth || {}),
        strategies: ['content-api-token', 'api-token', strategy, 'users-permissions'],
      },
    };
  }
};
