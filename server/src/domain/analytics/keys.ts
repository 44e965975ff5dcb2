import { createHash } from 'crypto';

/**
 * The rollup tables' identities: which attributes name a row (its `row_key` is derived from
 * them) and which are counters (only ever added to). Shared by the collector, the importer and
 * the demo seed, so that the same day, stage and source always land on the same row whichever
 * instance or tool writes it.
 */
export type AnalyticsTable = 'stages' | 'transitions' | 'documents' | 'goals' | 'drops';

export const ANALYTICS_TABLES: readonly AnalyticsTable[] = [
  'stages',
  'transitions',
  'documents',
  'goals',
  'drops',
];

export const ROW_KEY_COLUMNS = {
  stages: ['day', 'journeyDocumentId', 'stageDocumentId', 'entryLocale', 'source', 'importId'],
  transitions: [
    'day',
    'journeyDocumentId',
    'fromStageDocumentId',
    'toStageDocumentId',
    'entryLocale',
  ],
  documents: [
    'day',
    'contentType',
    'entryDocumentId',
    'entryLocale',
    'journeyDocumentId',
    'stageDocumentId',
    'intent',
    'source',
    'importId',
  ],
  goals: [
    'day',
    'journeyDocumentId',
    'goal',
    'stageDocumentId',
    'attribution',
    'entryLocale',
    'source',
    'importId',
  ],
  drops: ['day', 'reason'],
} as const satisfies Record<AnalyticsTable, readonly string[]>;

export const COUNTER_COLUMNS = {
  stages: [
    'sessions',
    'views',
    'entries',
    'exits',
    'progressions',
    'returns',
    'nextClicks',
    'helpfulYes',
    'helpfulNo',
  ],
  transitions: ['moves'],
  documents: [
    'views',
    'entries',
    'exits',
    'progressions',
    'returns',
    'nextClicks',
    'helpfulYes',
    'helpfulNo',
  ],
  goals: ['conversions'],
  drops: ['dropped'],
} as const satisfies Record<AnalyticsTable, readonly string[]>;

export type KeyValues<T extends AnalyticsTable> = Record<
  (typeof ROW_KEY_COLUMNS)[T][number],
  string | number
>;
export type Counters<T extends AnalyticsTable> = Partial<
  Record<(typeof COUNTER_COLUMNS)[T][number], number>
>;

/**
 * `day:sha1(table and identity)`: deterministic on every instance, and short enough for the
 * single unique varchar(255) column whatever the lengths of type uids and locales.
 */
export const rowKey = <T extends AnalyticsTable>(table: T, values: KeyValues<T>): string => {
  const digest = createHash('sha1')
    .update(JSON.stringify([table, ...identityOf(table, values)]))
    .digest('hex');
  return `${(values as Record<string, string | number>).day}:${digest}`;
};

const identityOf = <T extends AnalyticsTable>(table: T, values: KeyValues<T>): string[] =>
  ROW_KEY_COLUMNS[table].map((column) =>
    String((values as Record<string, string | number>)[column] ?? '')
  );

/**
 * A stored row's documentId, from its row key's digest: unique per row like Strapi's own
 * (24 lowercase characters), the same on every instance, and far cheaper than a new cuid per
 * row of every flush.
 */
export const rowDocumentId = (key: string): string => key.slice(key.indexOf(':') + 1).slice(0, 24);

export interface Delta<T extends AnalyticsTable = AnalyticsTable> {
  values: KeyValues<T>;
  counts: Counters<T>;
}

/**
 * Deltas by table and identity (the key columns' values, not yet hashed: the collector adds
 * several deltas per event, and only each distinct row's `rowKey` is needed, at flush).
 */
export type DeltaSet = { [T in AnalyticsTable]: Map<string, Delta<T>> };

export const emptyDeltaSet = (): DeltaSet => ({
  stages: new Map(),
  transitions: new Map(),
  documents: new Map(),
  goals: new Map(),
  drops: new Map(),
});

export const addDelta = <T extends AnalyticsTable>(
  set: DeltaSet,
  table: T,
  values: KeyValues<T>,
  counts: Counters<T>
): void => {
  const key = JSON.stringify(identityOf(table, values));
  const rows = set[table] as Map<string, Delta<T>>;
  const row = rows.get(key);
  if (!row) {
    rows.set(key, { values, counts: { ...counts } });
    return;
  }
  const sum = row.counts as Record<string, number>;
  for (const [column, n] of Object.entries(counts as Record<string, number>)) {
    sum[column] = (sum[column] ?? 0) + n;
  }
};

/** Moves every delta of `from` into `into` (adding), leaving `from` empty. */
export const mergeDeltaSets = (into: DeltaSet, from: DeltaSet): void => {
  for (const table of ANALYTICS_TABLES) {
    for (const delta of from[table].values()) {
      addDelta(into, table, delta.values as never, delta.counts as never);
    }
    from[table].clear();
  }
};

export const deltaRowCount = (set: DeltaSet): number =>
  ANALYTICS_TABLES.reduce((n, table) => n + set[table].size, 0);
