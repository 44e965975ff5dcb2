/** A term the site taught the classifier (an accepted proposal), stored as data. */
export default {
  kind: 'collectionType',
  collectionName: 'journey_site_terms',
  info: { singularName: 'site-term', pluralName: 'site-terms', displayName: 'Journey site term' },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [{ name: 'journey_site_terms_term_uq', type: 'unique', columns: ['term', 'language'] }],
  attributes: {
    term: { type: 'string', required: true, maxLength: 100 },
    language: { type: 'string', required: true },
    intent: { type: 'string', required: true },
  },
} as const;
