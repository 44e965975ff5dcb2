import request from 'supertest';
import { grantPublic, stageIds } from '../helpers/content';
import { statementsDuring } from '../helpers/statements';
import { useApp } from '../helpers/suite';

/**
 * Issue 25: `/content` reads a page's rows as one projection and works out Strapi's output
 * sanitizing once per type and field list. What it answers must be what Strapi's own path
 * answers: the document service and `sanitize.output` per item (the plugin's path with
 * `projectionReads: false`), and Strapi's REST route for the same documents. Over every scalar
 * field type Strapi has (the demo's string, text, richtext, uid and integer, the bench's string
 * and text among them), a private field and a password.
 */
const SHOWCASE = 'api::showcase.showcase';
const localized = { i18n: { localized: true } };

const app = useApp({
  // Every request reaches the read: a cached answer would compare a path with itself.
  pluginConfig: { http: { responseCache: { enabled: false } } },
  contentTypes: {
    showcase: {
      kind: 'collectionType',
      collectionName: 'showcases',
      info: { singularName: 'showcase', pluralName: 'showcases', displayName: 'Showcase' },
      options: { draftAndPublish: true },
      pluginOptions: { i18n: { localized: true }, journey: { enabled: true } },
      attributes: {
        title: { type: 'string', pluginOptions: localized },
        slug: { type: 'uid', targetField: 'title' },
        summary: { type: 'text', pluginOptions: localized },
        body: { type: 'richtext', pluginOptions: localized },
        blocks: { type: 'blocks', pluginOptions: localized },
        contact: { type: 'email' },
        secret: { type: 'password' },
        note: { type: 'string', private: true },
        kind: { type: 'enumeration', enum: ['guide', 'story'] },
        count: { type: 'integer' },
        big: { type: 'biginteger' },
        price: { type: 'decimal' },
        ratio: { type: 'float' },
        featured: { type: 'boolean' },
        day: { type: 'date' },
        at: { type: 'datetime' },
        time: { type: 'time' },
        data: { type: 'json' },
      },
    },
  },
});

const api = () => request(app.strapi.server.httpServer);

const VALUES = [
  {
    title: 'Full',
    slug: 'full',
    summary: 'A summary',
    body: '# Heading\n\nText with **bold**.',
    blocks: [{ type: 'paragraph', children: [{ type: 'text', text: 'Hello' }] }],
    contact: 'editor@example.com',
    secret: 'hunter22',
    note: 'for editors only',
    kind: 'guide',
    count: 42,
    big: '9007199254740993',
    price: 12.5,
    ratio: 0.25,
    featured: true,
    day: '2026-03-01',
    at: '2026-03-01T10:11:12.345Z',
    time: '10:11:12.000',
    data: { nested: [1, 'two', { three: null }] },
  },
  { title: 'Sparse', slug: 'sparse', featured: false, count: 0 },
  { title: 'Nulls' },
];

/** The plugin's own keys off an item, and the order of keys out: what is left is Strapi's part. */
const strapiPart = (item: Record<string, unknown>) => {
  const { contentType: _t, journeyStages: _s, searchIntent: _i, locale: _l, ...rest } = item;
  return JSON.parse(JSON.stringify(rest, Object.keys(rest).sort()));
};

const byDocument = (items: Array<Record<string, unknown>>) =>
  Object.fromEntries(items.map((item) => [item.documentId as string, strapiPart(item)]));

let documentIds: string[] = [];

beforeAll(async () => {
  const stages = await stageIds(app.strapi);
  for (const data of VALUES) {
    const doc = (await app.strapi.documents(SHOWCASE as never).create({
      data: { ...data, journeyStages: [stages.consideration], searchIntent: 'commercial' },
      status: 'published',
    } as never)) as unknown as { documentId: string };
    documentIds.push(doc.documentId);
  }
  // A newer draft of the first: what is served stays the published version.
  await app.strapi.documents(SHOWCASE as never).update({
    documentId: documentIds[0],
    data: { title: 'Draft title', count: 7 },
  } as never);
  documentIds = documentIds.sort();
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    'plugin::journey.stage.find',
    `${SHOWCASE}.find`,
  ]);
});

afterEach(() => {
  app.strapi.config.set('plugin::journey.projectionReads', true);
});

const journeyItems = async (query: string) => {
  const res = await api().get(`/api/journey/content?type=showcase&pageSize=100${query}`);
  expect(res.status).toBe(200);
  expect(res.body.data).toHaveLength(VALUES.length);
  return res.body.data as Array<Record<string, unknown>>;
};

describe('the projection read answers what Strapi’s own path answers', () => {
  test.each([
    { name: 'every field', query: '' },
    { name: 'fields as a comma list', query: '&fields=title,count,at,data,featured' },
    { name: 'fields in Strapi syntax', query: '&fields[0]=body&fields[1]=big&fields[2]=day' },
  ])('$name', async ({ query }) => {
    const projected = await journeyItems(query);
    app.strapi.config.set('plugin::journey.projectionReads', false);
    const strapiPath = await journeyItems(query);
    expect(byDocument(projected)).toEqual(byDocument(strapiPath));
    // And Strapi's own REST route for the same documents and fields.
    const rest = await api().get(
      `/api/showcases?pagination[pageSize]=100${query}${documentIds
        .map((id, i) => `&filters[documentId][$in][${i}]=${id}`)
        .join('')}`
    );
    expect(rest.status).toBe(200);
    expect(byDocument(projected)).toEqual(byDocument(rest.body.data));
  });

  test('never a private field or a password, and the published version', async () => {
    const items = await journeyItems('');
    for (const item of items) {
      expect(item).not.toHaveProperty('secret');
      expect(item).not.toHaveProperty('note');
    }
    const full = items.find((i) => i.title === 'Full');
    expect(full).toMatchObject({ title: 'Full', count: 42, featured: true, data: VALUES[0].data });
    expect(items.map((i) => i.title)).not.toContain('Draft title');
  });

  test('the projection reads no private column, in one statement outside a transaction', async () => {
    const { statements } = await statementsDuring(app.strapi, () => journeyItems(''));
    const seen = statements.map((q) => q.sql);
    const read = seen.filter(
      (sql) =>
        /from [`"]?showcases[`"]?(\s|$)/i.test(sql) && /\bin\b/i.test(sql) && !/order by/i.test(sql)
    );
    expect(read).toHaveLength(1);
    expect(read[0]).not.toMatch(/\bnote\b|\bsecret\b/);
    // Not inside a transaction (the settings cache may reload journeys in one of its own).
    let open = 0;
    for (const sql of seen.slice(0, seen.indexOf(read[0]))) {
      if (/^(begin|start transaction)/i.test(sql.trim())) open += 1;
      if (/^(commit|rollback)/i.test(sql.trim())) open -= 1;
    }
    expect(open).toBe(0);
  });

  test('populate takes Strapi’s path, and gives the same scalars', async () => {
    const withPopulate = await journeyItems('&populate=journeyStages');
    const projected = await journeyItems('');
    expect(byDocument(projected)).toEqual(
      Object.fromEntries(
        Object.entries(byDocument(withPopulate)).map(([id, item]) => {
          const { journeyStages: _s, ...rest } = item as Record<string, unknown>;
          return [id, rest];
        })
      )
    );
  });
});
