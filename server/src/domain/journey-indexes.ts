/**
 * The indexes the plugin declares on every journey-aware type, on the model, so that Strapi's
 * schema sync creates them on every database, keeps them across restarts and recreates them when
 * their columns change. (Strapi 5.54's sync leaves an index it was never told about alone but
 * never restores it; one it created and no longer finds in the model it drops.)
 * - `journey_intent_idx` (SQLite, PostgreSQL): one intent, in one locale, published, in the page
 *   order with its tie-break and the row id, so an intent's page is read from the index alone (at
 *   100,000 documents on SQLite, the page at offset 4,975 of an intent cell went from 24 to 9 ms:
 *   no row read per entry for its document id, no sort of ties). It replaces `journey_idx`
 *   (intent, locale, published) there under a new name: Strapi's sync drops the old one, which it
 *   declared before, and on PostgreSQL the new one is built CONCURRENTLY before the sync
 *   (migrations/concurrent-indexes.ts); an index changed under its old name would be rebuilt by
 *   the sync, blocking writes while it builds.
 * - `journey_idx` (MySQL, MariaDB): the same without the document id and the row id (the key
 *   limit below); coverage's recount filters by intent with either.
 * - `journey_page_idx`: one locale in publishing order with the document id as the tie-break,
 *   the order of every page (services/content.ts `pageRows`): the first page and the page after
 *   a cursor read their rows from it instead of sorting the cell. It also holds the row id (for
 *   the stage link lookup) and the intent (filtered without reading the row), so the page query
 *   reads the index alone. MySQL and MariaDB get it without the intent (with the locale and the
 *   document id, three 255-character utf8mb4 columns reach InnoDB's 3,072-byte key limit) and
 *   without the id, which InnoDB adds to every secondary index itself (and which Strapi's
 *   inspector then does not report, so the schema sync would rebuild the index on every
 *   change).
 * The stage link tables need nothing more: Strapi's own unique (entry, stage) index answers the
 * route's EXISTS lookup.
 */
export interface DeclaredIndex {
  name: string;
  columns: string[];
  type?: string;
}

export const JOURNEY_INDEX_SUFFIXES = [
  'journey_idx',
  'journey_intent_idx',
  'journey_page_idx',
] as const;

/** MySQL limits identifiers to 64 characters. */
const indexName = (collectionName: string | undefined, suffix: string) => {
  const base = `${collectionName ?? 'entries'}_${suffix}`;
  return base.length > 60 ? `j${base.slice(-50)}` : base;
};

export const isMysqlClient = (client: string) => /mysql|mariadb/i.test(client);

export const journeyIndexes = (
  collectionName: string | undefined,
  localized: boolean,
  client: string
): DeclaredIndex[] => {
  const locale = localized ? ['locale'] : [];
  const mysql = isMysqlClient(client);
  return [
    mysql
      ? {
          name: indexName(collectionName, 'journey_idx'),
          columns: ['search_intent', ...locale, 'published_at'],
        }
      : {
          name: indexName(collectionName, 'journey_intent_idx'),
          columns: ['search_intent', ...locale, 'published_at', 'document_id', 'id'],
        },
    {
      name: indexName(collectionName, 'journey_page_idx'),
      columns: [
        ...locale,
        'published_at',
        'document_id',
        ...(mysql ? [] : ['id', 'search_intent']),
      ],
    },
  ];
};

/** Whether an index of a model is one of the plugin's. */
export const isJourneyIndex = (name: string) =>
  JOURNEY_INDEX_SUFFIXES.some((suffix) => name.endsWith(suffix));
