export default {
  kind: 'collectionType',
  collectionName: 'journey_journeys',
  info: {
    singularName: 'journey',
    pluralName: 'journeys',
    displayName: 'Journey',
    description: 'A customer journey (one per audience) and its ordered stages.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    // Settings → Journey edits them with their rules; the guards in document-middlewares/
    // still hold when the content manager's routes are called directly.
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    key: { type: 'string', required: true, unique: true, maxLength: 64 },
    name: { type: 'string', required: true },
    names: { type: 'json' },
    description: { type: 'text' },
    position: { type: 'integer', default: 0 },
    intentStages: { type: 'json' },
    // Goal names the analytics collector accepts for this journey (signup, purchase…): a goal
    // event counts once per journey of the session that lists it.
    goals: { type: 'json' },
    stages: {
      type: 'relation',
      relation: 'oneToMany',
      target: 'plugin::journey.stage',
      mappedBy: 'journey',
    },
  },
} as const;
