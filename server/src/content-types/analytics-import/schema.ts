/**
 * One analytics export imported (GA4, Matomo, Plausible, Umami): its rows are the analytics
 * rows whose `source` is its tool. A new import from the same tool
 * replaces the previous one in one transaction, as search-demand imports do.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_analytics_imports',
  info: {
    singularName: 'analytics-import',
    pluralName: 'analytics-imports',
    displayName: 'Journey analytics import',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    /** 'ga4' | 'ga4-bigquery' | 'matomo' | 'plausible' | 'umami' */
    tool: { type: 'string', required: true },
    fileName: { type: 'string' },
    /** 'YYYY-MM-DD', the period the export covers. */
    periodFrom: { type: 'string' },
    periodTo: { type: 'string' },
    rowCount: { type: 'integer' },
    matched: { type: 'integer' },
    unmatched: { type: 'integer' },
    importedAt: { type: 'datetime' },
    /** The URL patterns used, { [uid]: '/blog/{slug}' }, and the unmatched rows' first paths. */
    mapping: { type: 'json' },
  },
} as const;
