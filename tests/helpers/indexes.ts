import type { Core } from '@strapi/strapi';

/**
 * The plugin's indexes of a table (names with `journey`), each with its columns in index order,
 * read from the database's own catalogue: Strapi's schema inspector does not keep the order on
 * PostgreSQL.
 */
export const journeyIndexesOf = async (
  strapi: Core.Strapi,
  table: string
): Promise<Array<[string, string[]]>> => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  let rows: Array<{ name: string; column: string }>;
  if (client === 'sqlite') {
    const list = (await knex.raw(`PRAGMA index_list(${table})`)) as Array<{ name: string }>;
    rows = [];
    for (const { name } of list) {
      const info = (await knex.raw(`PRAGMA index_info(${name})`)) as Array<{ name: string }>;
      rows.push(...info.map((i) => ({ name, column: i.name })));
    }
  } else if (client === 'postgres') {
    const result = (await knex.raw(
      `select i.relname as name, a.attname as column
         from pg_index x
         join pg_class t on t.oid = x.indrelid
         join pg_class i on i.oid = x.indexrelid
         cross join lateral unnest(x.indkey) with ordinality as k(attnum, position)
         join pg_attribute a on a.attrelid = t.oid and a.attnum = k.attnum
        where t.relname = ? and pg_table_is_visible(t.oid)
        order by i.relname, k.position`,
      [table]
    )) as { rows: Array<{ name: string; column: string }> };
    rows = result.rows;
  } else {
    const [result] = (await knex.raw('SHOW INDEX FROM ??', [table])) as [
      Array<{ Key_name: string; Column_name: string; Seq_in_index: number }>,
    ];
    rows = result
      .sort((a, b) => a.Key_name.localeCompare(b.Key_name) || a.Seq_in_index - b.Seq_in_index)
      .map((r) => ({ name: r.Key_name, column: r.Column_name }));
  }
  const byName = new Map<string, string[]>();
  for (const r of rows.filter((row) => row.name.includes('journey'))) {
    byName.set(r.name, [...(byName.get(r.name) ?? []), r.column]);
  }
  return [...byName].sort(([a], [b]) => a.localeCompare(b));
};

/** What the plugin declares for a journey-aware table (domain/journey-indexes.ts). */
export const expectedJourneyIndexes = (
  strapi: Core.Strapi,
  table: string,
  localized: boolean
): Array<[string, string[]]> => {
  const mysql = /mysql/.test(strapi.db.dialect.client as string);
  const locale = localized ? ['locale'] : [];
  return [
    mysql
      ? [`${table}_journey_idx`, ['search_intent', ...locale, 'published_at']]
      : [
          `${table}_journey_intent_idx`,
          ['search_intent', ...locale, 'published_at', 'document_id', 'id'],
        ],
    [
      `${table}_journey_page_idx`,
      [...locale, 'published_at', 'document_id', ...(mysql ? [] : ['id', 'search_intent'])],
    ],
  ];
};
