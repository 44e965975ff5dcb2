import { ARTICLE, BENCH_TYPES } from '../../bench/app';
import {
  customerStageIds,
  insertDocuments,
  planDocuments,
  type PlannedDocument,
} from '../../bench/generate';
import { useApp } from '../helpers/suite';

const app = useApp({ onlyTypes: true, contentTypes: BENCH_TYPES, pluginConfig: {} });

type Row = Record<string, unknown>;

/** A document's rows with what differs between two documents blanked: ids, documentId, times. */
const rowsOf = async (documentId: string) => {
  const knex = app.strapi.db.connection;
  const entries = (await knex('articles')
    .where('document_id', documentId)
    .orderBy(['locale', 'id'])) as Row[];
  const links = (await knex('articles_journey_stages_lnk')
    .whereIn(
      'article_id',
      entries.map((e) => e.id as number)
    )
    .orderBy(['article_id', 'stage_ord'])) as Row[];
  const position = new Map(entries.map((e, i) => [e.id, i]));
  return {
    entries: entries.map((e) => ({
      ...e,
      id: undefined,
      document_id: undefined,
      created_at: undefined,
      updated_at: undefined,
      published_at: e.published_at === null ? null : 'set',
    })),
    links: links.map((l) => ({
      entry: position.get(l.article_id),
      stage_id: Number(l.stage_id),
      stage_ord: Number(l.stage_ord),
    })),
  };
};

test('a generated document has exactly the rows the document service writes', async () => {
  const stageId = await customerStageIds(app.strapi);
  const stageDocs = (await app.strapi.documents('plugin::journey.stage' as never).findMany({
    filters: { journey: { key: 'customer' } },
  } as never)) as unknown as Array<{ key: string; documentId: string }>;
  const stageDoc = (key: string) => stageDocs.find((s) => s.key === key)?.documentId;

  // Through the document service, as the content manager would: en and sv, published.
  const articles = app.strapi.documents(ARTICLE as never);
  const created = (await articles.create({
    locale: 'en',
    status: 'published',
    data: {
      title: 'Document 1',
      summary: 'About Document 1',
      searchIntent: 'commercial',
      journeyStages: [stageDoc('consideration'), stageDoc('decision')],
    },
  } as never)) as unknown as { documentId: string };
  await articles.update({
    documentId: created.documentId,
    locale: 'sv',
    status: 'published',
    data: {
      title: 'Document 1 (sv)',
      summary: 'About Document 1',
      searchIntent: 'commercial',
      journeyStages: [stageDoc('consideration'), stageDoc('decision')],
    },
  } as never);

  // The same document through the generator.
  const planned: PlannedDocument = {
    uid: ARTICLE,
    documentId: 'generatedgeneratedgenera',
    locales: ['en', 'sv'],
    published: true,
    stages: ['consideration', 'decision'],
    intent: 'commercial',
    title: 'Document 1',
    at: new Date(),
  };
  await insertDocuments(app.strapi, [planned], stageId);

  const expected = await rowsOf(created.documentId);
  const generated = await rowsOf(planned.documentId);
  expect(expected.entries).toHaveLength(4);
  expect(expected.links).toHaveLength(8);
  expect(generated).toEqual(expected);

  // And the document service reads it back like its own.
  const read = (await articles.findOne({
    documentId: planned.documentId,
    locale: 'sv',
    status: 'published',
    populate: ['journeyStages'],
  } as never)) as unknown as { title: string; journeyStages: Array<{ key: string }> };
  expect(read.title).toBe('Document 1 (sv)');
  expect(read.journeyStages.map((s) => s.key)).toEqual(['consideration', 'decision']);
});

test('the planned data set is skewed, has empty cells, and is the same for the same seed', () => {
  const docs = [...planDocuments(5000, 7)];
  expect([...planDocuments(50, 7)].map((d) => d.stages)).toEqual(
    docs.slice(0, 50).map((d) => d.stages)
  );
  const first = (key: string) => docs.filter((d) => d.stages[0] === key).length;
  expect(first('awareness')).toBeGreaterThan(first('loyalty') * 3);
  expect(docs.some((d) => d.stages[0] === 'awareness' && d.intent === 'transactional')).toBe(false);
  expect(docs.filter((d) => !d.published).length / docs.length).toBeGreaterThan(0.15);
  expect(docs.filter((d) => d.locales.includes('nb')).length).toBeGreaterThan(0);
});
