import request from 'supertest';
import { FIXTURE_TYPES, startApp, type TestApp } from '../helpers/app';
import { adminToken, adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, stageIds } from '../helpers/content';
import { cell } from '../helpers/cells';

/**
 * Issue 12: every admin route of the plugin answers with what the caller may read in the content
 * manager (types, locales, conditions, fields), never more. Roles are made through Strapi's own
 * role service and users log in over HTTP, so the abilities are the ones a real admin gets.
 */

let app: TestApp;
let superToken: string;
let creator: { id: number; token: string };
let titleOfOwn: { id: number; token: string };
const users: Record<string, string> = {};
const docs: Record<string, string> = {};

const COVERAGE_READ = { action: 'plugin::journey.coverage.read' };

type Row = {
  contentType: string;
  locale: string | null;
  published: number;
  draftOnly: number;
  stage?: string;
  intent?: string | null;
};

const admin = () => request(app.strapi.server.httpServer);
const get = (path: string, token: string) =>
  admin().get(path).set('Authorization', `Bearer ${token}`);

const setCreator = async (uid: string, documentId: string, userId: number) => {
  const meta = app.strapi.db.metadata.get(uid);
  const column = (meta.attributes.createdBy as unknown as { joinColumn: { name: string } })
    .joinColumn.name;
  await app.strapi.db
    .connection(meta.tableName)
    .where('document_id', documentId)
    .update({ [column]: userId });
};

/**
 * Each document has at most one stage, so per locale the documents counted by the coverage
 * (cells plus untagged) are exactly the documents of the content manager's list.
 */
const seed = async (superId: number) => {
  const stages = await stageIds(app.strapi);
  const make = async (
    uid: string,
    name: string,
    stage: string | null,
    intent: string | null,
    options: { locale?: string; status?: 'published'; by?: number } = {}
  ) => {
    const doc = (await app.strapi.documents(uid as never).create({
      data: {
        title: name,
        ...(uid === ARTICLE ? { slug: `${name}-slug` } : {}),
        journeyStages: stage ? [stages[stage]] : [],
        searchIntent: intent,
      },
      ...(options.locale ? { locale: options.locale } : {}),
      ...(options.status ? { status: options.status } : {}),
    } as never)) as unknown as { documentId: string };
    await setCreator(uid, doc.documentId, options.by ?? superId);
    docs[name] = doc.documentId;
  };
  await make(ARTICLE, 'e1', 'awareness', 'informational', { status: 'published' });
  await make(ARTICLE, 'e2', 'awareness', 'informational', { by: titleOfOwn.id });
  await make(ARTICLE, 'e3', 'consideration', 'commercial', {
    status: 'published',
    by: creator.id,
  });
  await make(ARTICLE, 'e4', null, null, { status: 'published', by: creator.id });
  await make(ARTICLE, 's1', 'awareness', 'informational', { locale: 'sv', status: 'published' });
  await make(ARTICLE, 's2', 'consideration', null, { locale: 'sv', by: creator.id });
  await make(ARTICLE, 'n1', 'awareness', 'informational', { locale: 'nb', status: 'published' });
  await make(PAGE, 'p1', 'awareness', 'informational');
  await make(PAGE, 'p2', null, null);
};

beforeAll(async () => {
  const article = FIXTURE_TYPES.article as { attributes: Record<string, unknown> };
  app = await startApp({
    contentTypes: {
      article: {
        ...article,
        attributes: {
          ...article.attributes,
          slug: { type: 'string', pluginOptions: { i18n: { localized: true } } },
        },
      },
    },
  });
  superToken = await adminToken(app.strapi);
  const superUser = await app.strapi.db.query('admin::user').findOne({ where: {} });
  const role = (name: string, permissions: Parameters<typeof createRoleWith>[2]) =>
    createRoleWith(app.strapi, name, [COVERAGE_READ, ...permissions]);
  creator = await adminWithRole(
    app.strapi,
    await role('Slug only, is creator', [
      cmRead(ARTICLE, { fields: ['slug'], conditions: ['admin::is-creator'] }),
    ])
  );
  // Two roles: the slug of every article, and the title of its own only.
  titleOfOwn = await adminWithRole(app.strapi, [
    await role('Slugs of all', [cmRead(ARTICLE, { fields: ['slug'] })]),
    await createRoleWith(app.strapi, 'Titles of own', [
      cmRead(ARTICLE, { fields: ['title', 'slug'], conditions: ['admin::is-creator'] }),
    ]),
  ]);
  users.englishOnly = (
    await adminWithRole(
      app.strapi,
      await role('English articles', [cmRead(ARTICLE, { locales: ['en'] })])
    )
  ).token;
  users.articlesOnly = (
    await adminWithRole(app.strapi, await role('Articles only', [cmRead(ARTICLE)]))
  ).token;
  users.noContent = (await adminWithRole(app.strapi, await role('No content', []))).token;
  await seed(superUser.id);
});
afterAll(async () => {
  await app?.stop();
});

const coverage = async (token: string, query = '') => {
  const res = await get(`/journey/coverage?journey=customer${query}`, token);
  expect(res.status).toBe(200);
  return res.body as { contentTypes: string[]; cells: Row[]; untagged: Row[] };
};

/** Documents the coverage counts in one locale of one type: cells plus untagged. */
const documentsCounted = (
  body: { cells: Row[]; untagged: Row[] },
  uid: string,
  locale: string | null
) =>
  [...body.cells, ...body.untagged]
    .filter((r) => r.contentType === uid && r.locale === locale)
    .reduce((sum, r) => sum + r.published + r.draftOnly, 0);

/** The content manager's own list total for the same user and locale. */
const contentManagerTotal = async (token: string, uid: string, locale: string) => {
  const res = await get(`/content-manager/collection-types/${uid}?locale=${locale}`, token);
  expect(res.status).toBe(200);
  return res.body.pagination.total as number;
};

const cellTitles = async (token: string, query: string) => {
  const res = await get(`/journey/coverage/entries?journey=customer&${query}`, token);
  expect(res.status).toBe(200);
  return (res.body.data as Array<{ title: string | null; documentId: string; locale: string }>)
    .map((e) => [e.documentId, e.locale, e.title])
    .sort();
};

const byKey = (rows: Row[]) =>
  [...rows].sort((a, b) =>
    JSON.stringify([a.contentType, a.stage, a.intent, a.locale]).localeCompare(
      JSON.stringify([b.contentType, b.stage, b.intent, b.locale])
    )
  );

describe('a role that may read articles in English only', () => {
  test('counts only English articles, and nothing of types it may not read', async () => {
    const body = await coverage(users.englishOnly);
    expect(body.contentTypes).toEqual([ARTICLE]);
    expect(byKey(body.cells)).toEqual(
      byKey([
        cell('awareness', 'informational', ARTICLE, 'en', 1, 1),
        cell('consideration', 'commercial', ARTICLE, 'en', 1, 0),
      ])
    );
    expect(body.untagged).toEqual([
      { contentType: ARTICLE, locale: 'en', published: 1, draftOnly: 0 },
    ]);
    const sv = await coverage(users.englishOnly, '&locale=sv');
    expect([sv.cells, sv.untagged]).toEqual([[], []]);
  });

  test("agrees with the content manager's own list, locale by locale", async () => {
    const body = await coverage(users.englishOnly);
    for (const locale of ['en', 'sv', 'nb']) {
      expect([locale, documentsCounted(body, ARTICLE, locale)]).toEqual([
        locale,
        await contentManagerTotal(users.englishOnly, ARTICLE, locale),
      ]);
    }
    expect(documentsCounted(body, ARTICLE, 'en')).toBe(4);
  });

  test('lists no Swedish or Norwegian entries in a cell', async () => {
    expect(await cellTitles(users.englishOnly, 'stage=awareness&intent=informational')).toEqual([
      [docs.e1, 'en', 'e1'],
    ]);
    const sv = await get(
      '/journey/coverage/entries?stage=awareness&intent=informational&locale=sv',
      users.englishOnly
    );
    expect(sv.body).toEqual({
      data: [],
      pagination: { page: 1, pageSize: 10, pageCount: 0, total: 0 },
    });
  });

  test('gets the tags of English rows only from /journey/editor/tags', async () => {
    const ids = [docs.e1, docs.s1, docs.n1].join(',');
    const res = await get(
      `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${ids}`,
      users.englishOnly
    );
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual([docs.e1]);
    const sv = await get(
      `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${ids}&locale=sv`,
      users.englishOnly
    );
    expect(sv.body).toEqual({ data: {} });
    const all = await get(
      `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${ids}`,
      superToken
    );
    expect(Object.keys(all.body.data).sort()).toEqual([docs.e1, docs.n1, docs.s1].sort());
  });
});

describe('a role limited to the slug field, on entries it created', () => {
  test('counts only its own entries, as its content-manager list does', async () => {
    const body = await coverage(creator.token);
    expect(byKey(body.cells)).toEqual(
      byKey([
        cell('consideration', 'commercial', ARTICLE, 'en', 1, 0),
        cell('consideration', null, ARTICLE, 'sv', 0, 1),
      ])
    );
    for (const locale of ['en', 'sv', 'nb']) {
      expect([locale, documentsCounted(body, ARTICLE, locale)]).toEqual([
        locale,
        await contentManagerTotal(creator.token, ARTICLE, locale),
      ]);
    }
  });

  test("lists its own entries without titles, and none of other users' entries", async () => {
    expect(await cellTitles(creator.token, 'stage=consideration&intent=commercial')).toEqual([
      [docs.e3, 'en', null],
    ]);
    expect(await cellTitles(superToken, 'stage=consideration&intent=commercial')).toEqual([
      [docs.e3, 'en', 'e3'],
    ]);
    expect(await cellTitles(creator.token, 'stage=awareness&intent=informational')).toEqual([]);
    const tags = await get(
      `/journey/editor/tags?contentType=${ARTICLE}&documentIds=${docs.e1},${docs.e3}`,
      creator.token
    );
    expect(Object.keys(tags.body.data)).toEqual([docs.e3]);
  });
});

describe('a user whose roles give the title of its own entries and the slug of all', () => {
  test('lists every entry, with titles of its own entries only', async () => {
    expect(
      await cellTitles(titleOfOwn.token, 'stage=awareness&intent=informational&state=draftOnly')
    ).toEqual([[docs.e2, 'en', 'e2']]);
    expect(await cellTitles(titleOfOwn.token, 'stage=awareness&intent=informational')).toEqual(
      [
        [docs.e1, 'en', null],
        [docs.s1, 'sv', null],
        [docs.n1, 'nb', null],
      ].sort()
    );
    const body = await coverage(titleOfOwn.token);
    expect(['en', 'sv', 'nb'].map((l) => documentsCounted(body, ARTICLE, l))).toEqual([4, 2, 1]);
  });
});

describe('a role that may read articles but not pages', () => {
  test('gets no page counts, and 403 naming the type it asks for', async () => {
    const body = await coverage(users.articlesOnly);
    expect(body.contentTypes).toEqual([ARTICLE]);
    expect(body.cells.filter((c) => c.contentType !== ARTICLE)).toEqual([]);
    expect(body.untagged.filter((c) => c.contentType !== ARTICLE)).toEqual([]);
    expect(documentsCounted(body, ARTICLE, 'sv')).toBe(2);

    for (const path of [
      `/journey/coverage?contentType=${PAGE}`,
      `/journey/coverage/entries?stage=awareness&intent=informational&contentType=${PAGE}`,
      `/journey/editor/tags?contentType=${PAGE}&documentIds=${docs.p1}`,
      `/journey/editor/journeys?contentType=${PAGE}`,
    ]) {
      const res = await get(path, users.articlesOnly);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.error.message).toContain(PAGE);
    }
    expect(
      (await get(`/journey/editor/journeys?contentType=${ARTICLE}`, users.articlesOnly)).status
    ).toBe(200);
    // Suggesting an intent is for editors who write: reading is not enough.
    expect(
      (await get(`/journey/intent?contentType=${ARTICLE}&q=buy+shoes`, users.articlesOnly)).status
    ).toBe(403);
  });

  test('a role that may read no journey-aware type gets 403, not an empty matrix', async () => {
    for (const path of [
      '/journey/coverage',
      '/journey/coverage/entries?stage=awareness&intent=informational',
    ]) {
      const res = await get(path, users.noContent);
      expect([path, res.status]).toEqual([path, 403]);
      expect(res.body.error.message).toContain('content manager');
    }
  });
});

describe('a super admin', () => {
  test('sees every type, locale and title, through the unrestricted fast path', async () => {
    const queries: string[] = [];
    const listener = (q: { sql: string }) => queries.push(q.sql);
    app.strapi.db.connection.on('query', listener);
    const body = await coverage(superToken);
    app.strapi.db.connection.removeListener('query', listener);
    expect(body.contentTypes).toEqual([ARTICLE, PAGE]);
    expect(['en', 'sv', 'nb'].map((locale) => documentsCounted(body, ARTICLE, locale))).toEqual([
      4, 2, 1,
    ]);
    expect(documentsCounted(body, PAGE, null)).toBe(2);
    for (const locale of ['en', 'sv', 'nb']) {
      expect(documentsCounted(body, ARTICLE, locale)).toBe(
        await contentManagerTotal(superToken, ARTICLE, locale)
      );
    }
    // A caller who may read everything reads the per-cell counts: nothing counts over the
    // entries, and no id subquery narrows them.
    expect(queries.filter((sql) => /sum\(case/i.test(sql))).toEqual([]);
    expect(queries.some((sql) => /journey_cell_counts/.test(sql))).toBe(true);
    expect(queries.filter((sql) => /\bid\W*\s+in\s*\(\s*select/i.test(sql))).toEqual([]);

    expect(await cellTitles(superToken, 'stage=awareness&intent=informational')).toEqual(
      [
        [docs.e1, 'en', 'e1'],
        [docs.s1, 'sv', 's1'],
        [docs.n1, 'nb', 'n1'],
        [docs.p1, null, 'p1'],
      ].sort()
    );
  });
});
