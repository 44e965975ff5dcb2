/**
 * One bulk change of tags (a bulk action, an accepted batch of the review queue, or an undo):
 * who, when, on which type and locale. Its entries' previous tags are tag-change-entry rows.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_tag_changes',
  info: {
    singularName: 'tag-change',
    pluralName: 'tag-changes',
    displayName: 'Journey tag change',
    description: 'A recorded bulk change of journey tags, for "Recent tag changes" and undo.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  attributes: {
    kind: { type: 'enumeration', enum: ['bulk', 'queue', 'undo'], required: true },
    contentType: { type: 'string', required: true },
    // `locale` is i18n's own attribute on every type; this is the locale of the tagged entries.
    contentLocale: { type: 'string' },
    label: { type: 'text' },
    entries: { type: 'integer', default: 0 },
    // A copy, not a relation: the record outlives the admin user.
    user: { type: 'json' },
    // Set once no entry is left to restore (before per-entry outcomes: on the first undo).
    undoneAt: { type: 'datetime' },
    undoneBy: { type: 'json' },
    undoOf: { type: 'integer' },
    // Entries restored by undos so far, and entries no undo will restore (changed since...).
    restored: { type: 'integer' },
    undoSkipped: { type: 'integer' },
    // While an undo runs: a second undo of the same change waits its turn (409) meanwhile.
    undoStartedAt: { type: 'datetime' },
  },
} as const;
