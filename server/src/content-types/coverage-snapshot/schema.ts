/**
 * One journey's coverage on one day, kept for the trend. The unique (journey, day) index is what
 * makes the daily snapshot happen once when several instances run the cron: the second insert
 * fails and that instance moves on.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_coverage_snapshots',
  info: {
    singularName: 'coverage-snapshot',
    pluralName: 'coverage-snapshots',
    displayName: 'Journey coverage snapshot',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    {
      name: 'journey_coverage_snapshots_uq',
      type: 'unique',
      columns: ['journey_document_id', 'day'],
    },
  ],
  attributes: {
    journeyDocumentId: { type: 'string', required: true },
    /** 'YYYY-MM-DD' in UTC. */
    day: { type: 'string', required: true },
    takenAt: { type: 'datetime' },
    /** Stages as they were that day: [{ documentId, key, name, names, position }]. */
    stages: { type: 'json' },
    /** Per-cell counts, compact: [[stageIndex, intent, locale, published, draftOnly], ...]. */
    cells: { type: 'json' },
    /** { published, draftOnly, untagged, gapCells, publishedByStage: { key: n }, demand?: { impressions, clicks, volume } } */
    totals: { type: 'json' },
  },
} as const;
