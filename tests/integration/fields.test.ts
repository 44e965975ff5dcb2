import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { adminToken, createRole } from '../helpers/admin';
import { useApp } from '../helpers/suite';

const app = useApp();
let stages: Record<string, string>;

beforeAll(async () => {
  stages = await stageIds(app.strapi);
  await grantPublic(app.strapi, [
    'api::article.article.find',
    'api::page.page.find',
    'plugin::journey.stage.find',
  ]);
});

const api = app.http;
const titles = (body: { data: Array<{ title: string }> }) => body.data.map((d) => d.title).sort();

describe('default journey', () => {
  test('is created on first boot with five ordered stages named in en, sv and nb', async () => {
    const journeys = await app.strapi.plugin('journey').service('journeys').list();
    expect(journeys.map((j: { key: string }) => j.key)).toEqual(['customer']);
    const [customer] = journeys;
    expect(customer.names).toEqual({ en: 'Customer journey', sv: 'Kundresa', nb: 'Kundereise' });
    expect(customer.stages.map((s: { key: string }) => s.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    expect(customer.stages[0].names).toEqual({
      en: 'Awareness',
      sv: 'Medvetenhet',
      nb: 'Bevissthet',
    });
    expect(customer.stages[4].names.nb).toBe('Lojalitet / ambassadørskap');
    expect(customer.stages[1].touchpoints).toContain('reviews');
  });

  test('is never overwritten or recreated once an admin has changed it', async () => {
    const journeys = app.strapi.plugin('journey').service('journeys');
    const [customer] = await journeys.list();
    const awareness = customer.stages[0];
    await app.strapi
      .documents('plugin::journey.stage' as never)
      .update({ documentId: awareness.documentId, data: { name: 'Discover' } } as never);
    expect(await journeys.seedFromConfig()).toEqual([]);
    const [after] = await journeys.list();
    expect(after.stages[0].name).toBe('Discover');
    expect(after.stages).toHaveLength(5);
  });
});

describe('fields on opted-in content types', () => {
  test('adds a searchIntent column and a stage join table to opted-in types only', async () => {
    const knex = app.strapi.db.connection;
    for (const table of ['articles', 'pages']) {
      expect(await knex.schema.hasColumn(table, 'search_intent')).toBe(true);
    }
    expect(await knex.schema.hasColumn('notes', 'search_intent')).toBe(false);
    const meta = app.strapi.db.metadata.get(ARTICLE) as unknown as {
      attributes: Record<string, { joinTable: { name: string } }>;
    };
    expect(await knex.schema.hasTable(meta.attributes.journeyStages.joinTable.name)).toBe(true);
    const attributes = app.strapi.contentTypes[ARTICLE as never]['attributes'] as Record<
      string,
      Record<string, unknown>
    >;
    expect(attributes.journeyStages).toMatchObject({
      relation: 'manyToMany',
      target: 'plugin::journey.stage',
      configurable: false,
    });
    expect(attributes.searchIntent).toMatchObject({
      type: 'enumeration',
      enum: ['informational', 'commercial', 'transactional', 'navigational', 'local'],
    });
    expect(app.strapi.contentTypes['api::note.note' as never]['attributes']).not.toHaveProperty(
      'journeyStages'
    );
    expect(app.strapi.plugin('journey').service('content-types').journeyAwareUids()).toEqual([
      ARTICLE,
      PAGE,
    ]);
  });

  test("are filterable through Strapi's own REST API", async () => {
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'A1 aware commercial',
      stages: ['awareness'],
      intent: 'commercial',
      status: 'published',
    });
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'A2 aware informational',
      stages: ['awareness', 'consideration'],
      intent: 'informational',
      status: 'published',
    });
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'A3 decision commercial',
      stages: ['decision'],
      intent: 'commercial',
      status: 'published',
    });
    await createTagged(app.strapi, PAGE, stages, {
      title: 'P1 aware commercial',
      stages: ['awareness'],
      intent: 'commercial',
    });

    const res = await api().get(
      '/api/articles?filters[journeyStages][key][$eq]=awareness&filters[searchIntent][$eq]=commercial'
    );
    expect(res.status).toBe(200);
    expect(titles(res.body)).toEqual(['A1 aware commercial']);

    const both = await api().get(
      '/api/articles?filters[journeyStages][key][$eq]=consideration&populate=journeyStages'
    );
    expect(titles(both.body)).toEqual(['A2 aware informational']);
    expect(both.body.data[0].journeyStages.map((s: { key: string }) => s.key).sort()).toEqual([
      'awareness',
      'consideration',
    ]);

    const pages = await api().get('/api/pages?filters[journeyStages][key][$eq]=awareness');
    expect(titles(pages.body)).toEqual(['P1 aware commercial']);
  });

  test('reject a value outside the five intents', async () => {
    await expect(
      app.strapi
        .documents(ARTICLE as never)
        .create({ data: { title: 'bad', searchIntent: 'impulsive' } } as never)
    ).rejects.toThrow();
  });
});

describe('draft & publish and locales', () => {
  test('tags belong to the draft and are published with it', async () => {
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'D1 draft tags',
      stages: ['usage'],
      intent: 'informational',
      status: 'published',
    });
    const articles = app.strapi.documents(ARTICLE as never);
    await articles.update({
      documentId: doc.documentId,
      data: { journeyStages: [stages.loyalty], searchIntent: 'transactional' },
    } as never);

    const find = (status: 'draft' | 'published') =>
      articles.findOne({
        documentId: doc.documentId,
        status,
        populate: ['journeyStages'],
      } as never) as unknown as Promise<{
        searchIntent: string;
        journeyStages: Array<{ key: string }>;
      }>;
    expect((await find('published')).journeyStages.map((s) => s.key)).toEqual(['usage']);
    expect((await find('published')).searchIntent).toBe('informational');
    expect((await find('draft')).journeyStages.map((s) => s.key)).toEqual(['loyalty']);

    const publicBefore = await api().get('/api/articles?filters[journeyStages][key][$eq]=loyalty');
    expect(titles(publicBefore.body)).toEqual([]);

    await articles.publish({ documentId: doc.documentId } as never);
    expect((await find('published')).journeyStages.map((s) => s.key)).toEqual(['loyalty']);
    expect((await find('published')).searchIntent).toBe('transactional');
    const publicAfter = await api().get('/api/articles?filters[journeyStages][key][$eq]=loyalty');
    expect(titles(publicAfter.body)).toEqual(['D1 draft tags']);
  });

  test('tags are per locale', async () => {
    const articles = app.strapi.documents(ARTICLE as never);
    const en = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'L1 english',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });
    await articles.update({
      documentId: en.documentId,
      locale: 'sv',
      data: {
        title: 'L1 svenska',
        journeyStages: [stages.decision],
        searchIntent: 'transactional',
      },
      status: 'published',
    } as never);
    const get = (locale: string) =>
      articles.findOne({
        documentId: en.documentId,
        locale,
        status: 'published',
        populate: ['journeyStages'],
      } as never) as unknown as Promise<{
        searchIntent: string;
        journeyStages: Array<{ key: string }>;
      }>;
    expect((await get('en')).journeyStages.map((s) => s.key)).toEqual(['awareness']);
    expect((await get('en')).searchIntent).toBe('informational');
    expect((await get('sv')).journeyStages.map((s) => s.key)).toEqual(['decision']);
    expect((await get('sv')).searchIntent).toBe('transactional');

    const sv = await api().get('/api/articles?locale=sv&filters[journeyStages][key][$eq]=decision');
    expect(titles(sv.body)).toEqual(['L1 svenska']);
  });
});

describe('the content manager (fields hidden from its forms, still written through them)', () => {
  const cm = '/content-manager';
  let token: string;
  beforeAll(async () => {
    token = await adminToken(app.strapi);
  });
  const admin = (method: 'get' | 'put' | 'post', url: string) =>
    api()[method](url).set('Authorization', `Bearer ${token}`);

  test('the schema and edit layout it builds its form from leave both fields out', async () => {
    const init = await admin('get', `${cm}/init`);
    expect(init.status).toBe(200);
    const article = init.body.data.contentTypes.find((ct: { uid: string }) => ct.uid === ARTICLE);
    expect(article.pluginOptions.journey.enabled).toBe(true);
    expect(Object.keys(article.attributes)).toContain('title');
    expect(article.attributes).not.toHaveProperty('journeyStages');
    expect(article.attributes).not.toHaveProperty('searchIntent');
    const config = await admin('get', `${cm}/content-types/${ARTICLE}/configuration`);
    expect(config.status).toBe(200);
    const editFields = (
      config.body.data.contentType.layouts.edit as Array<Array<{ name: string }>>
    ).flatMap((row) => row.map((f) => f.name));
    expect(editFields).toContain('title');
    expect(editFields).not.toContain('journeyStages');
    expect(editFields).not.toContain('searchIntent');
  });

  test('a save with the body the edit view sends (panel values passed through) stores both', async () => {
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'CM1',
      stages: ['usage'],
    });
    const stageRows = (await app.strapi.db
      .query('plugin::journey.stage')
      .findMany({ where: { key: { $in: ['usage', 'decision'] } } })) as Array<{
      id: number;
      key: string;
      documentId: string;
    }>;
    const byKey = Object.fromEntries(stageRows.map((s) => [s.key, s]));
    const url = `${cm}/collection-types/${ARTICLE}/${doc.documentId}?locale=en`;
    const put = await admin('put', url).send({
      title: 'CM1 saved',
      journeyStages: {
        connect: [{ id: byKey.decision.id, documentId: byKey.decision.documentId, locale: null }],
        disconnect: [{ id: byKey.usage.id, documentId: byKey.usage.documentId, locale: null }],
      },
      searchIntent: 'local',
    });
    expect(put.status).toBe(200);
    const read = await admin('get', url);
    expect(read.body.data.searchIntent).toBe('local');
    expect(read.body.data.journeyStages.map((s: { key: string }) => s.key)).toEqual(['decision']);

    const list = await admin(
      'get',
      `${cm}/collection-types/${ARTICLE}?locale=en&filters[$and][0][journeyStages][key][$eq]=decision&filters[$and][1][searchIntent][$eq]=local`
    );
    expect(list.status).toBe(200);
    expect(list.body.results.map((r: { title: string }) => r.title)).toEqual(['CM1 saved']);
  });

  test('an editor granted only some fields still saves the hidden ones (the role editor no longer lists them)', async () => {
    const role = await createRole(app.strapi, 'Title editor', []);
    await app.strapi.service('admin::role').addPermissions(
      role,
      ['read', 'update'].map((action) => ({
        action: `plugin::content-manager.explorer.${action}`,
        subject: ARTICLE,
        properties: { fields: ['title'], locales: ['en'] },
        conditions: [],
      }))
    );
    const editor = await adminToken(app.strapi, { roleId: role });
    const doc = await createTagged(app.strapi, ARTICLE, stages, { title: 'CM2', stages: [] });
    const loyalty = (await app.strapi.db
      .query('plugin::journey.stage')
      .findOne({ where: { key: 'loyalty' } })) as { id: number; documentId: string };
    const url = `${cm}/collection-types/${ARTICLE}/${doc.documentId}?locale=en`;
    const put = await api()
      .put(url)
      .set('Authorization', `Bearer ${editor}`)
      .send({
        title: 'CM2 saved',
        journeyStages: {
          connect: [{ id: loyalty.id, documentId: loyalty.documentId, locale: null }],
        },
        searchIntent: 'navigational',
      });
    expect(put.status).toBe(200);
    const read = await api().get(url).set('Authorization', `Bearer ${editor}`);
    expect(read.status).toBe(200);
    expect(read.body.data.searchIntent).toBe('navigational');
    expect(read.body.data.journeyStages.map((s: { key: string }) => s.key)).toEqual(['loyalty']);
  });
});
