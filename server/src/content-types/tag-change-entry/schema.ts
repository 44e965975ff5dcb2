/**
 * One entry a tag change touched, with its tags before and after: what undo restores, and the
 * state undo expects to find (an entry changed since is left alone).
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_tag_change_entries',
  info: {
    singularName: 'tag-change-entry',
    pluralName: 'tag-change-entries',
    displayName: 'Journey tag change entry',
    description: 'The tags of one entry before and after a recorded tag change.',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  // A plain column, not a relation: written 1,000 rows at a time and read by change.
  indexes: [{ name: 'journey_tag_change_entries_change_idx', columns: ['change_id'] }],
  attributes: {
    changeId: { type: 'integer', required: true },
    entryDocumentId: { type: 'string', required: true },
    entryLocale: { type: 'string' },
    before: { type: 'json' },
    after: { type: 'json' },
    // What an undo did to this entry: 'restored', or the reason it will not be (e.g. 'changed
    // since'). Null while it can still be restored, by someone who may edit it.
    undoOutcome: { type: 'string' },
  },
} as const;
