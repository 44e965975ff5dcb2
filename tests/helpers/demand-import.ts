import path from 'path';
import { useApp } from './suite';

// The demand import's test files share one app set-up and the requests and queries below.

export const FIXTURES = path.join(__dirname, '../fixtures/demand');
export const QUERIES = 'journey_demand_queries';
export const IMPORTS = 'journey_demand_imports';

export type Fields = Record<string, string>;
export const FIELDS: Fields = { journey: 'customer', locale: 'en', source: 'Search Console' };

/** Boots the app (admin logged in, brand "Nordstig") and gives the requests and queries on it. */
export const useDemandImportApp = () => {
  const app = useApp({
    admin: true,
    pluginConfig: { contentTypes: ['api::page.page'], intent: { brands: ['Nordstig'] } },
  });

  const http = app.http;
  const service = () => app.strapi.plugin('journey').service('demand-import');
  const knex = () => app.strapi.db.connection;

  /** POSTs a multipart form as the admin's import dialog does. */
  const send = (
    route: 'preview' | 'imports',
    file: string | { data: Buffer | string; name: string } | null,
    fields: Fields,
    as = app.token
  ) => {
    let req = http().post(`/journey/demand/${route}`).set('Authorization', `Bearer ${as}`);
    for (const [key, value] of Object.entries({ ...FIELDS, ...fields }))
      req = req.field(key, value);
    if (typeof file === 'string') req = req.attach('file', path.join(FIXTURES, file));
    else if (file) req = req.attach('file', Buffer.from(file.data), file.name);
    return req;
  };

  /** The stored query rows of an import, by query. */
  const storedRows = async (importId: number) => {
    const rows = (await knex()(QUERIES)
      .select(
        'query',
        'query_norm',
        'clicks',
        'impressions',
        'ctr',
        'position',
        'volume',
        'intent',
        'classified_intent',
        'stage_document_id',
        'overridden',
        'locale',
        'language'
      )
      .where('import_id', importId)) as Array<Record<string, unknown>>;
    return new Map(rows.map((r) => [String(r.query), r]));
  };

  const count = async (query: Promise<unknown>) =>
    Number(((await query) as Array<{ n: number | string }>)[0].n);
  const countRows = (importId: number) =>
    count(knex()(QUERIES).count({ n: '*' }).where('import_id', importId));

  const stageDocumentId = async (key: string) =>
    String(
      (await knex()('journey_stages').select('document_id').where('key', key).first()).document_id
    );

  return { app, http, service, knex, send, storedRows, count, countRows, stageDocumentId };
};
