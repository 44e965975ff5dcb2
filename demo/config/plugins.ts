import type { Core } from '@strapi/strapi';
import { DEMO_INTENT_CONFIG } from '../src/intent-terms';
import { pluginRoot } from '../src/utils/paths';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({
  // The plugin from this repository's working tree (its package.json, strapi-server.js and the
  // built dist/). An absolute path on purpose: Strapi first tries `require.resolve(resolve)`
  // from inside @strapi/core, so a relative '..' would resolve to a folder of @strapi/core.
  journey: {
    enabled: true,
    resolve: pluginRoot(),
    // The shop's brand is the demo's own word, not the plugin's: its searches are navigational.
    config: { intent: DEMO_INTENT_CONFIG },
  },
  i18n: {
    enabled: true,
  },
  // GraphQL at /graphql, with the operation limits a public endpoint should have: the item
  // limit matches the journey routes' pageSize limit.
  graphql: {
    enabled: true,
    config: {
      endpoint: '/graphql',
      shadowCRUD: true,
      depthLimit: 10,
      defaultLimit: 25,
      maxLimit: 100,
      landingPage: env('NODE_ENV') !== 'production',
    },
  },
  'users-permissions': {
    enabled: true,
    config: {
      jwtSecret: env('JWT_SECRET', 'journey-demo-users-permissions-jwt-secret'),
    },
  },
});
