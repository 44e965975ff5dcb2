export default {
  kind: 'collectionType',
  collectionName: 'journey_stages',
  info: {
    singularName: 'stage',
    pluralName: 'stages',
    displayName: 'Journey stage',
    description: 'A phase of a journey; content of opted-in types is tagged with stages.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    // Settings → Journey edits them with their rules; the guards in document-middlewares/
    // still hold when the content manager's routes are called directly.
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    key: { type: 'string', required: true, maxLength: 64 },
    name: { type: 'string', required: true },
    names: { type: 'json' },
    description: { type: 'text' },
    colour: { type: 'string', maxLength: 7 },
    position: { type: 'integer', default: 0 },
    journey: {
      type: 'relation',
      relation: 'manyToOne',
      target: 'plugin::journey.journey',
      inversedBy: 'stages',
    },
    // The journey map's notes are the team's internal working notes: private, so that no content
    // API route (REST populate or filters on `journeyStages`, GraphQL) serves or filters by them.
    // The admin reads them through the document service, which does not sanitize.
    customerGoal: { type: 'text', private: true },
    touchpoints: { type: 'json', private: true },
    feelings: { type: 'text', private: true },
    painPoints: { type: 'json', private: true },
    kpis: { type: 'json', private: true },
    opportunities: { type: 'json', private: true },
    // −2 frustrated … +2 delighted: the map's emotion curve.
    emotion: { type: 'integer', private: true },
    // Keys of stages of the same journey that customers often go back or skip to.
    nextStages: { type: 'json' },
    // The intents the coverage matrix expects content for here; null: the default (domain/expected.ts).
    expectedIntents: { type: 'json' },
  },
} as const;
