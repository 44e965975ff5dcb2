import type { Core } from '@strapi/strapi';
import type { TagTable } from '../domain/stored';
import type { Knex, QueryBuilder } from './db';

/**
 * The SQL shared by coverage's GROUP BY and the per-cell counts' recount (services/cells.ts),
 * which must count the same way for the two to agree.
 */

export const localeColumn = (knex: Knex, t: TagTable) =>
  t.localized ? knex.ref(`e.${t.locale}`).as('locale') : knex.raw('NULL as ??', ['locale']);

/**
 * PostgreSQL runs the published-twin test fastest as a hash LEFT JOIN; SQLite and MySQL as a
 * correlated NOT EXISTS on Strapi's (document_id, locale, published_at) index. Measured in
 * bench/ (BENCHMARKS.md): twice as fast on PostgreSQL, no faster elsewhere.
 */
const twinAsJoin = (strapi: Core.Strapi) => (strapi.db.dialect.client as string) === 'postgres';

export const withTwin = (strapi: Core.Strapi, query: QueryBuilder, t: TagTable) =>
  twinAsJoin(strapi)
    ? query.leftJoin(`${t.table} as p`, function twin() {
        this.on(`p.${t.documentId}`, '=', `e.${t.documentId}`)
          .andOnNotNull(`p.${t.publishedAt}`)
          .andOnNull(`e.${t.publishedAt}`);
        if (t.localized) this.andOn(`p.${t.locale}`, '=', `e.${t.locale}`);
      })
    : query;

/**
 * Both states in one pass: a published row counts as published, a draft row without a published
 * twin in its locale as draft only. A document has at most one row of each kind per locale and
 * one link per stage, so with the locale in the group, counting rows counts documents. The
 * per-cell counts' recount (services/cells.ts) groups with these same sums.
 */
export const stateSums = (strapi: Core.Strapi, knex: Knex, t: TagTable) => {
  const publishedTwin = knex(`${t.table} as p`)
    .select(knex.raw('1'))
    .whereRaw(`p.${t.documentId} = e.${t.documentId}`)
    .whereNotNull(`p.${t.publishedAt}`)
    .modify((q) => {
      if (t.localized) q.whereRaw(`p.${t.locale} = e.${t.locale}`);
    });
  return [
    knex.raw(`SUM(CASE WHEN e.?? IS NOT NULL THEN 1 ELSE 0 END) as ??`, [
      t.publishedAt,
      'published',
    ]),
    twinAsJoin(strapi)
      ? knex.raw(`SUM(CASE WHEN e.?? IS NULL AND p.id IS NULL THEN 1 ELSE 0 END) as ??`, [
          t.publishedAt,
          'draft_only',
        ])
      : knex.raw(`SUM(CASE WHEN e.?? IS NULL AND NOT EXISTS ? THEN 1 ELSE 0 END) as ??`, [
          t.publishedAt,
          publishedTwin,
          'draft_only',
        ]),
  ];
};
