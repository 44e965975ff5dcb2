import type { StrapiApp } from '@strapi/strapi/admin';

/**
 * Offer the admin UI in every language the journey plugin is translated into, so they can be
 * tried out: pick the language under your profile (top-left menu). Strapi's admin calls
 * Norwegian "no"; content locales (en, sv, nb) are a separate thing.
 */
export default {
  config: {
    locales: ['sv', 'no', 'da', 'fi'],
  },
  bootstrap(_app: StrapiApp) {},
};
