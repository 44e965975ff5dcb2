import { KEY_MAX_LENGTH } from '../keys';

/**
 * Every size the plugin accepts, in one place: the yup schemas (journey-schemas.ts,
 * config-schema.ts) enforce them on every path that validates with them (config at boot, settings
 * routes, import, the content-manager guard), and docs/configuration.md and tests read these same numbers. Names fit the 255-character varchar column
 * on MySQL and PostgreSQL; the counts keep the largest import a matter of one short transaction.
 */
export const LIMITS = {
  journeys: 50,
  stagesPerJourney: 30,
  keyLength: KEY_MAX_LENGTH,
  nameLength: 255,
  textLength: 2000,
  listItems: 30,
  listItemLength: 255,
  /** Goal names a journey counts conversions of (its `goals`). */
  goalsPerJourney: 20,
  /** Terms per language and intent, brands and places in the config's `intent`. */
  intentTerms: 1000,
  /** Data rows of one search-demand file: two pages of the Search Analytics API (25,000 each). */
  demandRows: 50000,
} as const;

/**
 * Bounds on request values whose work grows with their size (see request-bounds.ts), checked
 * before anything else is done with them; docs/configuration.md's "Request bounds" reads these.
 *
 * `filters` are the content manager's list query. Its filter bar builds `{ $and: [one condition
 * per filter] }`, a condition at most `{ relation: { field: { $op: value } } }`: 5 levels deep,
 * about 5 values per filter. Its list reads them from its own URL through Strapi's query parser
 * (`strapi::query`: qs 6.15, depth 20, `arrayLimit` 100), so no list filter is deeper than 21
 * levels or has an array of more than 100 items: depth and array length sit above that. Values
 * are what costs: each is sanitized, built into SQL and evaluated on every row, and on SQLite
 * (a synchronous driver) the whole server waits meanwhile (measured on a busy 2-core machine:
 * 987 values 1.7 s, 5,400 values 7 s, a 20,000-wide `$or` 111 s). The bound is 500 values, some
 * 100 filters of the filter bar: 492 values took 0.6 s on SQLite, 0.7–1.3 s on MariaDB and
 * PostgreSQL without holding other requests. A URL edited by hand could hold more (up to about
 * 5,500 values in Node's 16 KB of headers); such a list is refused here, not built.
 */
export const QUERY_LIMITS = {
  filters: { depth: 24, items: 200, nodes: 500, size: 65_536 },
  /**
   * The list view's search box (`_q`): a LIKE pattern matched against every text column of
   * every row, so its cost grows with its length; a line of words is far shorter.
   */
  searchLength: 1000,
} as const;
