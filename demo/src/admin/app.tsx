import type { StrapiApp } from '@strapi/strapi/admin';

/**
 * Offer the admin UI in Swedish and Norwegian as well as English, so the journey plugin's
 * translations can be tried out: pick the language under your profile (top-left menu).
 * Strapi's admin calls Norwegian "no"; content locales (en, sv, nb) are a separate thing.
 */
export default {
  config: {
    locales: ['sv', 'no'],
  },
  bootstrap(_app: StrapiApp) {},
};
