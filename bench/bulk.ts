/**
 * Bulk tagging: 10,000 draft articles tagged through `POST /journey/tags/bulk` (add a stage and
 * set the intent), then the same change undone, beside the same edit through Strapi's document
 * service one document at a time (measured on a subset and extrapolated, as printed).
 *
 *   npm run bench:bulk                 # SQLite and PostgreSQL (when 127.0.0.1:5432 answers)
 *   npm run bench:bulk -- sqlite       # one database
 *
 * Loads the plugin from dist/: run `npm run build` first.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startApp } from '../tests/helpers/app';
import { adminToken } from '../tests/helpers/admin';
import { reachable, PG, type DbName } from '../tests/helpers/databases';

const ARTICLE = 'api::article.article';
const ENTRIES = Number(process.env.BULK_ENTRIES ?? 10_000);
const ONE_BY_ONE = Number(process.env.BULK_ONE_BY_ONE ?? 500);

const seconds = (ms: number) => Math.round(ms / 10) / 100;

/** Draft articles through the query layer and the link table: the generator, not the subject. */
const insertArticles = async (strapi: Core.Strapi, prefix: string, count: number) => {
  const meta = strapi.db.metadata.get(ARTICLE);
  const newDocumentId = (meta.attributes.documentId as unknown as { default: () => string })
    .default;
  const now = new Date();
  const data = Array.from({ length: count }, (_, i) => ({
    documentId: newDocumentId(),
    title: `${prefix} ${i}`,
    locale: 'en',
    publishedAt: null,
    searchIntent: i % 2 ? 'informational' : null,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < data.length; i += 500) {
    await strapi.db.query(ARTICLE as never).createMany({ data: data.slice(i, i + 500) } as never);
  }
  return data.map((d) => d.documentId);
};

const run = async (db: DbName) => {
  process.env.JOURNEY_TEST_DB = db;
  const app = await startApp();
  try {
    const { strapi } = app;
    const token = await adminToken(strapi);
    const http = () => request(strapi.server.httpServer);
    const stage = (await strapi.db
      .query('plugin::journey.stage' as never)
      .findOne({ where: { key: 'consideration' } } as never)) as { documentId: string };

    const ids = await insertArticles(strapi, 'Bulk', ENTRIES);
    let started = Date.now();
    const bulk = await http()
      .post('/journey/tags/bulk')
      .set('Authorization', `Bearer ${token}`)
      .send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: ids,
        stages: { add: [stage.documentId] },
        intent: 'commercial',
      });
    const bulkMs = Date.now() - started;
    if (bulk.status !== 200 || bulk.body.data.changed !== ENTRIES) {
      throw new Error(`bulk failed: ${bulk.status} ${JSON.stringify(bulk.body).slice(0, 500)}`);
    }

    started = Date.now();
    const undo = await http()
      .post(`/journey/tags/changes/${bulk.body.data.changeId}/undo`)
      .set('Authorization', `Bearer ${token}`);
    const undoMs = Date.now() - started;
    if (undo.status !== 200 || undo.body.data.restored !== ENTRIES) {
      throw new Error(`undo failed: ${undo.status} ${JSON.stringify(undo.body).slice(0, 500)}`);
    }

    // The list view's "select all": the same entries by their query, resolved server-side.
    started = Date.now();
    const byFilter = await http()
      .post('/journey/tags/bulk')
      .set('Authorization', `Bearer ${token}`)
      .send({
        contentType: ARTICLE,
        locale: 'en',
        filters: { title: { $startsWith: 'Bulk ' } },
        stages: { add: [stage.documentId] },
        intent: 'commercial',
      });
    const filterMs = Date.now() - started;
    if (byFilter.status !== 200 || byFilter.body.data.changed !== ENTRIES) {
      throw new Error(`filter bulk failed: ${byFilter.status}`);
    }

    const subset = await insertArticles(strapi, 'One', ONE_BY_ONE);
    started = Date.now();
    for (const documentId of subset) {
      await strapi.documents(ARTICLE as never).update({
        documentId,
        locale: 'en',
        data: { journeyStages: { connect: [stage.documentId] }, searchIntent: 'commercial' },
      } as never);
    }
    const oneMs = Date.now() - started;
    const oneExtrapolated = (oneMs / ONE_BY_ONE) * ENTRIES;

    return [
      { db, what: `POST /journey/tags/bulk, ${ENTRIES} documentIds`, ms: bulkMs, n: ENTRIES },
      { db, what: `POST /journey/tags/changes/:id/undo`, ms: undoMs, n: ENTRIES },
      {
        db,
        what: `POST /journey/tags/bulk, filters (${ENTRIES} matches)`,
        ms: filterMs,
        n: ENTRIES,
      },
      {
        db,
        what: `documents().update one by one (${ONE_BY_ONE} measured, ×${ENTRIES / ONE_BY_ONE})`,
        ms: oneExtrapolated,
        n: ENTRIES,
      },
    ];
  } finally {
    await app.stop();
  }
};

const main = async () => {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-')) as DbName[];
  const dbs: DbName[] = asked.length
    ? asked
    : ['sqlite', ...((await reachable(PG.host, PG.port)) ? (['postgres'] as DbName[]) : [])];
  const rows = [];
  for (const db of dbs) rows.push(...(await run(db)));
  console.log('\n| database | operation | seconds | entries/s |');
  console.log('| --- | --- | ---: | ---: |');
  for (const r of rows) {
    console.log(`| ${r.db} | ${r.what} | ${seconds(r.ms)} | ${Math.round((r.n / r.ms) * 1000)} |`);
  }
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
