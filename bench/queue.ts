/**
 * The review queue on a large backlog: 10,000 untagged draft articles. Prints the time of the
 * first page (computed on demand), a filtered page, the background job over the whole backlog
 * (entries per second), and accept-all over the filter through tags.apply.
 *
 *   npx tsx bench/queue.ts            # SQLite and PostgreSQL (when up)
 *   npx tsx bench/queue.ts sqlite     # one database
 *
 * Loads the plugin from dist/: run `npm run build` first.
 */
import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startApp } from '../tests/helpers/app';
import { adminToken } from '../tests/helpers/admin';
import { reachable, PG, type DbName } from '../tests/helpers/databases';

const ARTICLE = 'api::article.article';
const ENTRIES = Number(process.env.QUEUE_ENTRIES ?? 10_000);
const TITLES = [
  'Buy trail shoes',
  'How to waterproof a jacket',
  'Best running watches compared',
  'Zebra collection',
  'Store opening hours near me',
];

const seconds = (ms: number) => Math.round(ms / 10) / 100;

const insertArticles = async (strapi: Core.Strapi, count: number) => {
  const meta = strapi.db.metadata.get(ARTICLE);
  const newDocumentId = (meta.attributes.documentId as unknown as { default: () => string })
    .default;
  const now = new Date();
  const data = Array.from({ length: count }, (_, i) => ({
    documentId: newDocumentId(),
    title: `${TITLES[i % TITLES.length]} ${i}`,
    locale: 'en',
    publishedAt: null,
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < data.length; i += 500) {
    await strapi.db.query(ARTICLE as never).createMany({ data: data.slice(i, i + 500) } as never);
  }
};

const run = async (db: DbName) => {
  process.env.JOURNEY_TEST_DB = db;
  const app = await startApp();
  try {
    const { strapi } = app;
    const token = await adminToken(strapi);
    const http = () => request(strapi.server.httpServer);
    const get = (url: string) => http().get(url).set('Authorization', `Bearer ${token}`);
    const post = (url: string, body: object) =>
      http().post(url).set('Authorization', `Bearer ${token}`).send(body);
    await insertArticles(strapi, ENTRIES);
    // A site's tables have statistics; freshly filled ones not yet (autovacuum reads them later).
    if (db === 'postgres') await strapi.db.connection.raw('ANALYZE articles');
    const figures: Record<string, string> = {};

    let start = Date.now();
    let res = await get(`/journey/suggestions?contentType=${ARTICLE}&locale=en&pageSize=100`);
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    figures['first page of 100, computed on demand'] = `${Date.now() - start} ms`;
    start = Date.now();
    await get(`/journey/suggestions?contentType=${ARTICLE}&locale=en&pageSize=100`);
    figures['same page again, stored'] = `${Date.now() - start} ms`;
    start = Date.now();
    res = await get(`/journey/suggestions?contentType=${ARTICLE}&locale=en&pageSize=100&page=50`);
    figures['page 50 of 100, computed on demand'] = `${Date.now() - start} ms`;

    start = Date.now();
    await post('/journey/suggestions/run', { contentType: ARTICLE });
    for (;;) {
      const status = (await get('/journey/suggestions/status')).body.data;
      if (!status.running) {
        const ms = Date.now() - start;
        figures[`job over the backlog (${status.processed} computed)`] =
          `${seconds(ms)} s, ${Math.round(status.processed / (ms / 1000))} entries/s`;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    start = Date.now();
    res = await get(
      `/journey/suggestions?contentType=${ARTICLE}&locale=en&pageSize=100&intent=transactional&minConfidence=0.9`
    );
    figures[`filtered page (intent, confidence; ${res.body.meta.pagination.total} match)`] =
      `${Date.now() - start} ms`;

    start = Date.now();
    res = await post('/journey/suggestions/accept', {
      contentType: ARTICLE,
      locale: 'en',
      journey: 'customer',
      minConfidence: 0.9,
      filter: { intent: 'transactional' },
    });
    if (res.status !== 200) throw new Error(JSON.stringify(res.body));
    const ms = Date.now() - start;
    figures[`accept all in the filter (${res.body.data.changed} entries)`] =
      `${seconds(ms)} s, ${Math.round(res.body.data.changed / (ms / 1000))} entries/s`;

    console.log(`\n${db}, ${ENTRIES} untagged articles:`);
    for (const [what, value] of Object.entries(figures)) console.log(`  ${what}: ${value}`);
  } finally {
    await app.stop();
  }
};

const main = async () => {
  const asked = process.argv[2] as DbName | undefined;
  const dbs: DbName[] = asked
    ? [asked]
    : (await reachable(PG.host, PG.port))
      ? ['sqlite', 'postgres']
      : ['sqlite'];
  for (const db of dbs) await run(db);
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
