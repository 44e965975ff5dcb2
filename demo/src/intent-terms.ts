/**
 * The demo shop's own words for the intent classifier. The plugin's lexicons hold only words every
 * site shares; a site's brand is its own configuration (README, "Extend the lexicons"), so the
 * demo names Nordstig here and config/plugins.ts passes it to the plugin. `npm run intent:eval`
 * reads the same object: its labelled sets include queries for the demo's brand.
 */
export const DEMO_INTENT_CONFIG = {
  // Navigational: "nordstig kundtjänst", "mina sidor nordstig", "nordstig" alone.
  brands: ['nordstig'],
};
