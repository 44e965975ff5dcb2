/**
 * Document counts per cell (domain/cell-counts.ts), written in the transaction of every write
 * that changes them, so totals and the coverage matrix read a few rows instead of counting the
 * entries. One unique key column: five varchar(255) columns would pass MariaDB's index key limit.
 * `version` grows on every write that touches the cell; a scope's stamp is its cells' count and
 * version sum. The rows keyed `lease:self-check` and `lease:full-check` (scope `lease`) are the
 * checks' leases (version = expiry, epoch seconds), not cells.
 */
export default {
  kind: 'collectionType',
  collectionName: 'journey_cell_counts',
  info: {
    singularName: 'cell-count',
    pluralName: 'cell-counts',
    displayName: 'Journey cell count',
  },
  options: { draftAndPublish: false },
  pluginOptions: {
    'content-manager': { visible: false },
    'content-type-builder': { visible: false },
  },
  indexes: [
    { name: 'journey_cell_counts_key_uq', type: 'unique', columns: ['cell_key'] },
    { name: 'journey_cell_counts_scope_idx', columns: ['scope', 'scope_id', 'content_type'] },
  ],
  attributes: {
    cellKey: { type: 'string', required: true },
    /** 'stage' | 'journey' | 'untagged' (| 'lease'). */
    scope: { type: 'string', required: true },
    /** Stage id, journey id, or 0 for untagged. */
    scopeId: { type: 'integer', required: true },
    /** '' for no intent. */
    intent: { type: 'string' },
    /** '' when the type is not localized (i18n adds its own `locale` field to every type). */
    cellLocale: { type: 'string' },
    contentType: { type: 'string', required: true },
    published: { type: 'integer' },
    draftOnly: { type: 'integer' },
    rows: { type: 'integer' },
    version: { type: 'integer' },
  },
} as const;
