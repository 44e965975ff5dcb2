/**
 * One query of a demand import, classified at import. Written and replaced in bulk with the
 * import; `importId` is the import row's id (a plain column, not a relation, so that 50,000 rows
 * go in with batched inserts and leave with one delete).
 *
 * The stage is not stored unless an admin chose one: it follows the journey's intent → stage
 * mapping at read time, so a changed mapping moves demand with it.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_demand_queries',
  info: {
    singularName: 'demand-query',
    pluralName: 'demand-queries',
    displayName: 'Journey search demand query',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_demand_queries_import', columns: ['import_id'] },
    {
      name: 'journey_demand_queries_cell',
      columns: ['journey_document_id', 'locale', 'intent'],
    },
    {
      name: 'journey_demand_queries_norm',
      columns: ['journey_document_id', 'locale', 'query_norm'],
    },
  ],
  attributes: {
    importId: { type: 'integer', required: true },
    journeyDocumentId: { type: 'string', required: true },
    locale: { type: 'string', required: true },
    /** As the file wrote it. */
    query: { type: 'string', required: true },
    /** Lower-cased, diacritics folded, whitespace collapsed: the key overrides match on. */
    queryNorm: { type: 'string', required: true },
    clicks: { type: 'integer' },
    impressions: { type: 'integer' },
    /** 0..1 (Search Console's "4.5%" is stored as 0.045). */
    ctr: { type: 'float' },
    position: { type: 'float' },
    /** Monthly search volume from keyword tools. */
    volume: { type: 'integer' },
    /** Effective intent: the override's when there is one, else the classifier's ('none' if it placed none). */
    intent: { type: 'string', required: true },
    classifiedIntent: { type: 'string', required: true },
    confidence: { type: 'float' },
    /** Language the classifier judged the query to be in. */
    language: { type: 'string' },
    /** Terms that fired, for "why this intent". */
    matches: { type: 'json' },
    /** Set only by an override: the stage this query is counted in, instead of the mapping's. */
    stageDocumentId: { type: 'string' },
    overridden: { type: 'boolean', default: false },
  },
} as const;
