/**
 * One stored import of search demand: a file from one source for one journey, locale and period.
 * Re-importing the same source and period for the same journey and locale replaces it (and its
 * queries) in one transaction, so the unique index is the unit of replacement.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_demand_imports',
  info: {
    singularName: 'demand-import',
    pluralName: 'demand-imports',
    displayName: 'Journey search demand import',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    {
      name: 'journey_demand_imports_uq',
      type: 'unique',
      // One column: four varchar(255) would pass MariaDB's 3,072-byte limit for an index key.
      columns: ['replace_key'],
    },
  ],
  attributes: {
    /** sha1 of journeyDocumentId, locale, source and periodKey: what a re-import replaces. */
    replaceKey: { type: 'string', required: true },
    journeyDocumentId: { type: 'string', required: true },
    /** Language of the queries (a Strapi locale code). */
    locale: { type: 'string', required: true },
    /** The user's label for where the file came from ("Search Console", "Ahrefs"). */
    source: { type: 'string', required: true },
    /** 'search-console' | 'keyword-volume' | 'custom': which metric columns the rows carry. */
    format: { type: 'string', required: true },
    /** 'YYYY-MM-DD..YYYY-MM-DD' for a period, 'monthly' for monthly search volume. */
    periodKey: { type: 'string', required: true },
    periodStart: { type: 'date' },
    periodEnd: { type: 'date' },
    fileName: { type: 'string' },
    /** How the file's columns were read: { query, clicks?, impressions?, ctr?, position?, volume? }. */
    mapping: { type: 'json' },
    rowsRead: { type: 'integer', default: 0 },
    rowsStored: { type: 'integer', default: 0 },
    rowsSkipped: { type: 'integer', default: 0 },
    totalClicks: { type: 'biginteger' },
    totalImpressions: { type: 'biginteger' },
    totalVolume: { type: 'biginteger' },
    importedByName: { type: 'string' },
  },
} as const;
