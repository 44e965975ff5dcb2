import type { Core } from '@strapi/strapi';
import { seedDemo } from './seed';

export default {
  register() {},

  /** Runs after the plugins' bootstrap, so the journey plugin has seeded its customer journey. */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedDemo(strapi);
  },
};
