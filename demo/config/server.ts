import type { Core } from '@strapi/strapi';

// Fixed demo keys so that the demo runs without a .env file. Never reuse them in production.
const DEMO_APP_KEYS = [
  'journeyDemoKeyA==',
  'journeyDemoKeyB==',
  'journeyDemoKeyC==',
  'journeyDemoKeyD==',
];

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Server => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: {
    keys: env.array('APP_KEYS', DEMO_APP_KEYS),
  },
  webhooks: {
    populateRelations: env.bool('WEBHOOKS_POPULATE_RELATIONS', false),
  },
  // A demo pinned to the repository's Strapi version: a "new version available" box is noise.
  logger: {
    updates: { enabled: false },
  },
});
