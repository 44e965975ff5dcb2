import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { apiTokenBearer, postGraphql, type GqlBody } from '../helpers/suite';

/**
 * GraphQL through @strapi/plugin-graphql, over HTTP as a frontend calls it: the journey fields in
 * the generated schema, and the plugin's queries giving what the REST routes give, under the
 * same Users & Permissions actions.
 */
let app: TestApp;
let stages: Record<string, string>;

const api = () => request(app.strapi.server.httpServer);

const gql = (query: string, variables: Record<string, unknown> = {}, auth?: string) =>
  postGraphql(app.strapi, query, variables, auth);

const rest = async (path: string, auth?: string) => {
  const req = api().get(path);
  if (auth) req.set('Authorization', auth);
  return req;
};

const article = (
  title: string,
  tags: string[],
  intent: string | null,
  extra: Record<string, unknown> = {}
) =>
  app.strapi.documents(ARTICLE as never).create({
    data: { title, journeyStages: tags.map((k) => stages[k]), searchIntent: intent },
    status: 'published',
    ...extra,
  } as never) as unknown as Promise<{ documentId: string }>;

const tokenFor = (permissions: string[]) => apiTokenBearer(app.strapi, 'custom', permissions);

const ITEM_FIELDS = `__typename
  ... on Article { documentId title locale searchIntent journeyStages { key } }
  ... on Page { documentId title searchIntent journeyStages { key } }`;

const CONTENT_VARS = `($journey: String, $stage: [String!], $intent: [JourneyIntentKey!], $type: [String!],
    $locale: String, $q: String, $pagination: PaginationArg, $cursor: String, $sort: String)`;
const CONTENT_ARGS = `(journey: $journey, stage: $stage, intent: $intent, type: $type, locale: $locale,
    q: $q, pagination: $pagination, cursor: $cursor, sort: $sort)`;

/** The flat list, as Strapi 5's `articles` returns it. */
const CONTENT_QUERY = `query Content${CONTENT_VARS} { journeyContent${CONTENT_ARGS} { ${ITEM_FIELDS} } }`;

/** The connection, as Strapi 5's `articles_connection`, and the list beside it. */
const CONNECTION_QUERY = `query Connection${CONTENT_VARS} {
  journeyContent_connection${CONTENT_ARGS} {
    nodes { ${ITEM_FIELDS} }
    pageInfo { total page pageSize pageCount }
    nextCursor
    classification { query intent stage language fromQuery { intent stage } fallback matches { intent term rule } }
  }
  list: journeyContent${CONTENT_ARGS} { ${ITEM_FIELDS} }
}`;

type Item = {
  __typename?: string;
  documentId: string;
  title: string;
  contentType?: string;
  searchIntent: string | null;
  journeyStages?: Array<{ key: string }>;
};

/** One shape for both transports' items: type, document, title, intent, stage keys. */
const comparable = (items: Item[]) =>
  items.map((item) => ({
    type: item.__typename ?? (item.contentType === ARTICLE ? 'Article' : 'Page'),
    documentId: item.documentId,
    title: item.title,
    searchIntent: item.searchIntent,
    stages: (item.journeyStages ?? []).map((s) => s.key).sort(),
  }));

let draftOnly: string;
let movedDoc: string;

beforeAll(async () => {
  app = await startApp({ withGraphql: true });
  stages = await stageIds(app.strapi);
  for (let i = 0; i < 4; i += 1) {
    await article(`Compare shoes ${i}`, ['consideration'], 'commercial');
  }
  await article('Why run', ['awareness'], 'informational');
  await article('Running shoe deals', ['awareness'], 'commercial');
  await article('Bästa löparskor', ['consideration'], 'commercial', { locale: 'sv' });
  await article('Beste løpesko', ['consideration'], 'commercial', { locale: 'nb' });
  await article('Loyal runners', ['loyalty'], 'commercial');
  draftOnly = (
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Draft awareness',
      stages: ['awareness'],
      intent: 'commercial',
    })
  ).documentId;
  // Published in decision; its newer draft moved to usage with another title.
  movedDoc = (await article('Published decision', ['decision'], 'transactional')).documentId;
  await app.strapi.documents(ARTICLE as never).update({
    documentId: movedDoc,
    data: { title: 'Draft title', journeyStages: [stages.usage] },
  } as never);
  for (let i = 0; i < 3; i += 1) {
    await createTagged(app.strapi, PAGE, stages, {
      title: `Page consider ${i}`,
      stages: ['consideration'],
      intent: 'commercial',
    });
  }
  await createTagged(app.strapi, PAGE, stages, {
    title: 'Page awareness',
    stages: ['awareness'],
    intent: 'commercial',
  });
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    'plugin::journey.next.find',
    'plugin::journey.intent.find',
    'plugin::journey.journey.find',
    'plugin::journey.stage.find',
    'api::article.article.find',
    'api::page.page.find',
  ]);
});
afterAll(async () => {
  await app?.stop();
});

describe('the journey fields in the generated schema', () => {
  test('articles filtered by stage key and intent, with their stages', async () => {
    const { status, body } = await gql(`{
      articles(filters: { journeyStages: { key: { eq: "awareness" } }, searchIntent: { eq: "commercial" } }) {
        documentId title searchIntent journeyStages { key name }
      }
    }`);
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    // The draft-only article in awareness is not there.
    expect(body.data?.articles).toEqual([
      expect.objectContaining({
        title: 'Running shoe deals',
        searchIntent: 'commercial',
        journeyStages: [{ key: 'awareness', name: 'Awareness' }],
      }),
    ]);
    const rest = await api().get(
      '/api/articles?filters[journeyStages][key][$eq]=awareness&filters[searchIntent][$eq]=commercial'
    );
    expect(rest.body.data.map((d: Item) => d.title)).toEqual(['Running shoe deals']);
  });

  test('journeyStages needs the stage find, as populate does in REST', async () => {
    const token = await tokenFor(['api::article.article.find']);
    const { body } = await gql(`{ articles { title journeyStages { key } } }`, {}, token);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const plain = await gql(
      `{ articles(filters: { title: { eq: "Why run" } }) { title searchIntent } }`,
      {},
      token
    );
    expect(plain.body.data?.articles).toEqual([
      { title: 'Why run', searchIntent: 'informational' },
    ]);
    const filtered = await gql(
      `{ articles(filters: { journeyStages: { key: { eq: "awareness" } } }) { title } }`,
      {},
      token
    );
    expect(filtered.body.data).toBeFalsy();
    expect(filtered.body.errors?.length).toBeGreaterThan(0);
    const restRes = await rest('/api/articles?filters[journeyStages][key][$eq]=awareness', token);
    expect(restRes.status).toBe(400);
  });

  test('no plugin type beyond stages and journeys, and no queries or mutations for them', async () => {
    const { body } = await gql(`{
      __schema {
        types { name }
        queryType { fields { name } }
        mutationType { fields { name } }
      }
    }`);
    const schema = body.data?.__schema as {
      types: Array<{ name: string }>;
      queryType: { fields: Array<{ name: string }> };
      mutationType: { fields: Array<{ name: string }> } | null;
    };
    const pluginTypes = schema.types
      .map((t) => t.name)
      .filter((name) =>
        /^Journey(?!(Stage|Journey)(Entity|RelationResponseCollection|FiltersInput)?$)/.test(name)
      )
      .filter(
        (name) =>
          !/^Journey(Info|StageInfo|IntentInfo|IntentMatch|Classification|IntentKey|ContentItem|QuerySource|ContentClassification|ContentConnection|ServedReason|ServedStage|Next|OmittedTypes)$/.test(
            name
          )
      );
    expect(pluginTypes).toEqual([]);
    const queries = schema.queryType.fields.map((f) => f.name);
    expect(queries).toEqual(
      expect.arrayContaining([
        'journeys',
        'journeyIntents',
        'journeyContent',
        'journeyContent_connection',
        'journeyNext',
        'journeyIntent',
      ])
    );
    expect(queries.filter((q) => /^journey(Stage|Journey)/.test(q))).toEqual([]);
    const mutations = (schema.mutationType?.fields ?? []).map((f) => f.name);
    expect(mutations.filter((m) => /Journey/.test(m))).toEqual([]);
  });
  test('Strapi 5’s flat shape: lists, and the connection’s pageInfo is Strapi’s Pagination', async () => {
    const { body } = await gql(`{
      __schema { queryType { fields { name type { kind name ofType { kind name ofType { kind name ofType { name } } } } } } }
      connection: __type(name: "JourneyContentConnection") { fields { name type { kind ofType { name } } } }
    }`);
    type TypeRef = { kind: string; name: string | null; ofType: TypeRef | null };
    const fields = (
      body.data?.__schema as { queryType: { fields: Array<{ name: string; type: TypeRef }> } }
    ).queryType.fields;
    const shape = (name: string) => {
      const parts: string[] = [];
      for (let t: TypeRef | null = fields.find((f) => f.name === name)!.type; t; t = t.ofType) {
        parts.push(t.name ?? t.kind);
      }
      return parts.join(' ');
    };
    // Lists as Strapi's own `articles: [Article]!`; ours never hold a null item, and say so.
    expect(shape('articles')).toBe('NON_NULL LIST Article');
    expect(shape('journeyContent')).toBe('NON_NULL LIST NON_NULL JourneyContentItem');
    expect(shape('journeys')).toBe('NON_NULL LIST NON_NULL JourneyInfo');
    expect(shape('journeyIntents')).toBe('NON_NULL LIST NON_NULL JourneyIntentInfo');
    expect(shape('journeyContent_connection')).toBe('NON_NULL JourneyContentConnection');
    expect(shape('journeyNext')).toBe('NON_NULL JourneyNext');
    expect(shape('journeyIntent')).toBe('NON_NULL JourneyClassification');
    const connection = body.data?.connection as {
      fields: Array<{ name: string; type: { kind: string; ofType: { name: string } | null } }>;
    };
    expect(connection.fields.map((f) => f.name)).toEqual([
      'nodes',
      'pageInfo',
      'nextCursor',
      'omitted',
      'classification',
    ]);
    expect(connection.fields[1].type).toEqual({ kind: 'NON_NULL', ofType: { name: 'Pagination' } });
  });
});

describe('journeyContent gives what GET /api/journey/content gives', () => {
  const cases: Array<{ name: string; vars: Record<string, unknown>; query: string }> = [
    { name: 'one stage', vars: { stage: ['consideration'] }, query: 'stage=consideration' },
    {
      name: 'stages and intent, second page',
      vars: {
        stage: ['awareness', 'consideration'],
        intent: ['commercial'],
        pagination: { page: 2, pageSize: 3 },
      },
      query: 'stage=awareness,consideration&intent=commercial&page=2&pageSize=3',
    },
    {
      name: 'offset pagination and a type by name',
      vars: { type: ['article'], pagination: { start: 1, limit: 2 } },
      query: 'type=article&start=1&limit=2',
    },
    {
      name: 'sorted by title',
      vars: { sort: 'title:asc', pagination: { pageSize: 20 } },
      query: 'sort=title:asc&pageSize=20',
    },
    {
      name: 'a search query in Swedish',
      vars: { q: 'bästa löparskor', locale: 'sv' },
      query: `q=${encodeURIComponent('bästa löparskor')}&locale=sv`,
    },
  ];

  test.each(cases)('$name', async ({ vars, query }) => {
    const { status, body } = await gql(CONNECTION_QUERY, vars);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const restRes = await rest(`/api/journey/content?${query}`);
    expect(restRes.status).toBe(200);
    const result = body.data?.journeyContent_connection as {
      nodes: Item[];
      pageInfo: Record<string, number>;
      nextCursor: string | null;
      classification: Record<string, unknown> | null;
    };
    expect(result.nodes.length).toBeGreaterThan(0);
    expect(result.nextCursor).toBe(restRes.body.meta.pagination.nextCursor);
    expect(comparable(result.nodes)).toEqual(comparable(restRes.body.data));
    // The flat list is the connection's nodes.
    expect(body.data?.list).toEqual(result.nodes);
    const restPagination = restRes.body.meta.pagination;
    if ('page' in restPagination) {
      const { nextCursor: _next, ...pageInfo } = restPagination;
      expect(result.pageInfo).toEqual(pageInfo);
    } else {
      // Offset pagination as Strapi's own connections describe it.
      const { start, limit, total } = restPagination;
      expect(result.pageInfo).toEqual({
        total,
        page: Math.floor(start / limit) + 1,
        pageSize: limit,
        pageCount: Math.ceil(total / limit),
      });
    }
    const restClassification = restRes.body.meta.classification;
    if (restClassification) {
      const { confidence: _c, scores: _s, ...rc } = restClassification;
      expect(result.classification).toEqual(rc);
    } else expect(result.classification).toBeNull();
  });

  test('nextCursor walks every page as REST does, and a cursor of another query is refused', async () => {
    type Page = { nodes: Item[]; pageInfo: Record<string, number>; nextCursor: string | null };
    const walked: Item[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const vars: Record<string, unknown> = { pagination: { pageSize: 2 }, sort: 'title:asc' };
      if (cursor) vars.cursor = cursor;
      const { body } = await gql(CONNECTION_QUERY, vars);
      expect(body.errors).toBeUndefined();
      const page = body.data?.journeyContent_connection as Page;
      walked.push(...page.nodes);
      pages.push(page.pageInfo.page);
      cursor = page.nextCursor;
    } while (cursor && pages.length < 50);
    const all = await rest('/api/journey/content?sort=title:asc&pageSize=100');
    expect(all.body.data.length).toBeGreaterThan(4);
    expect(comparable(walked)).toEqual(comparable(all.body.data));
    expect(pages).toEqual(pages.map((_, i) => i + 1));
    const first = await gql(CONNECTION_QUERY, { pagination: { pageSize: 2 }, sort: 'title:asc' });
    const issued = (first.body.data?.journeyContent_connection as Page).nextCursor;
    const other = await gql(CONNECTION_QUERY, { cursor: issued, sort: 'title:desc' });
    expect(other.body.errors?.[0]?.message).toMatch(/Invalid cursor/);
    const mixed = await gql(CONNECTION_QUERY, { cursor: issued, pagination: { page: 2 } });
    expect(mixed.body.errors?.[0]?.message).toMatch(/Invalid cursor/);
  });

  test('drafts never appear; a published document shows its published version', async () => {
    const { body } = await gql(CONTENT_QUERY, {
      stage: ['awareness', 'decision', 'usage'],
      pagination: { pageSize: 50 },
    });
    const items = body.data?.journeyContent as Item[];
    const ids = items.map((i) => i.documentId);
    expect(ids).not.toContain(draftOnly);
    const moved = items.find((i) => i.documentId === movedDoc);
    expect(moved).toMatchObject({
      title: 'Published decision',
      journeyStages: [{ key: 'decision' }],
    });
    expect(items.map((i) => i.title)).not.toContain('Draft title');
  });
});

describe('journeyNext, journeyIntent and journeys match their REST routes', () => {
  test('journeyNext serves the next stage with content, with its reason', async () => {
    const query = `query Next($stage: String!, $limit: Int) {
      journeyNext(stage: $stage, limit: $limit) { servedStage { key reason } total omitted { reason count } nodes { ${ITEM_FIELDS} } }
    }`;
    for (const [stage, reason] of [
      ['awareness', 'next'],
      ['decision', 'later'],
      ['loyalty', 'same'],
    ]) {
      const { body } = await gql(query, { stage, limit: 2 });
      expect(body.errors).toBeUndefined();
      const result = body.data?.journeyNext as {
        servedStage: { key: string; reason: string };
        total: number;
        omitted: Array<{ reason: string; count: number }>;
        nodes: Item[];
      };
      const restRes = await rest(`/api/journey/next?stage=${stage}&limit=2`);
      expect(restRes.status).toBe(200);
      expect(result.servedStage).toEqual(restRes.body.meta.servedStage);
      expect(result.servedStage.reason).toBe(reason);
      expect(result.total).toBe(restRes.body.meta.total);
      expect(result.omitted).toEqual(restRes.body.meta.omitted);
      expect(comparable(result.nodes)).toEqual(comparable(restRes.body.data));
    }
  });

  test('journeyIntent classifies as GET /intent does, with the matches', async () => {
    const { body } = await gql(
      `{ journeyIntent(q: "bästa löparskor", locale: "sv") {
          query intent confidence scores language stage matches { intent term rule }
        } }`
    );
    expect(body.errors).toBeUndefined();
    const restRes = await rest(
      `/api/journey/intent?q=${encodeURIComponent('bästa löparskor')}&locale=sv`
    );
    expect(body.data?.journeyIntent).toEqual(restRes.body.data);
    expect((body.data?.journeyIntent as { intent: string }).intent).toBe('commercial');
  });

  test('journeys lists stages, journeyIntents the intents, in the locale asked', async () => {
    const { body } = await gql(
      `{ journeys(locale: "sv") { documentId key name stages { documentId key name colour position } }
         journeyIntents(locale: "sv") { key name conversion } }`
    );
    expect(body.errors).toBeUndefined();
    const restRes = await rest('/api/journey/journeys?locale=sv');
    expect(body.data?.journeys).toEqual(restRes.body.data);
    expect(body.data?.journeyIntents).toEqual(restRes.body.meta.intents);
    const journeys = body.data?.journeys as Array<{ stages: Array<{ name: string }> }>;
    expect(journeys[0].stages[0].name).toBe('Medvetenhet');
  });
});

describe('permissions are the REST routes’ actions', () => {
  test('without content.find: forbidden in both', async () => {
    const token = await tokenFor(['plugin::journey.next.find', 'api::article.article.find']);
    const { body } = await gql(CONTENT_QUERY, { stage: ['awareness'] }, token);
    expect(body.data).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await rest('/api/journey/content?stage=awareness', token)).status).toBe(403);
    const connection = await gql(CONNECTION_QUERY, { stage: ['awareness'] }, token);
    expect(connection.body.data).toBeNull();
    expect(connection.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const next = await gql(`{ journeyNext(stage: "awareness") { total } }`, {}, token);
    expect(next.body.errors).toBeUndefined();
    const intent = await gql(`{ journeyIntent(q: "shoes") { intent } }`, {}, token);
    expect(intent.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The intents list is part of /journeys in REST: journey.find governs it.
    const intents = await gql(`{ journeyIntents { key } }`, {}, token);
    expect(intents.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await rest('/api/journey/journeys', token)).status).toBe(403);
    expect((await rest('/api/journey/intent?q=shoes', token)).status).toBe(403);
  });

  test('a token without article find gets no articles through the union', async () => {
    const token = await tokenFor(['plugin::journey.content.find', 'api::page.page.find']);
    const { body } = await gql(
      `{ journeyContent_connection(stage: ["awareness", "consideration"], pagination: { pageSize: 50 }) {
          nodes { __typename ... on Page { title } ... on Article { title } }
          pageInfo { total }
          omitted { reason count }
        } }`,
      {},
      token
    );
    expect(body.errors).toBeUndefined();
    const result = body.data?.journeyContent_connection as {
      nodes: Array<{ __typename: string }>;
      pageInfo: { total: number };
      omitted: Array<{ reason: string; count: number }>;
    };
    expect(result.nodes.length).toBe(4);
    expect(new Set(result.nodes.map((d) => d.__typename))).toEqual(new Set(['Page']));
    // The article type was left out for want of find, and the answer says so (by count).
    expect(result.omitted).toEqual([{ reason: 'no find permission', count: 1 }]);
    const restRes = await rest(
      '/api/journey/content?stage=awareness,consideration&pageSize=50',
      token
    );
    expect(restRes.body.meta.contentTypes).toEqual([PAGE]);
    // The total counts only what the token may read, in both.
    expect(result.pageInfo.total).toBe(4);
    expect(restRes.body.meta.pagination.total).toBe(result.pageInfo.total);
    // Asking for articles by name is refused, as in REST.
    const asked = await gql(`{ journeyContent(type: ["article"]) { __typename } }`, {}, token);
    expect(asked.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await rest('/api/journey/content?type=article', token)).status).toBe(403);
  });
});

describe('hostile arguments', () => {
  const expectParamError = async (
    query: string,
    vars: Record<string, unknown>,
    restPath: string,
    parameter: string
  ) => {
    const { status, body } = await gql(query, vars);
    expect(status).toBe(200);
    expect(body.data).toBeNull();
    const error = body.errors?.[0];
    expect(error?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error?.extensions?.error?.details?.parameter).toBe(parameter);
    const restRes = await rest(restPath);
    expect(restRes.status).toBe(400);
    expect(error?.message).toBe(restRes.body.error.message);
    expect(error?.message).toContain(parameter);
  };

  test('an unknown stage, journey, type or locale names the argument', async () => {
    await expectParamError(
      CONTENT_QUERY,
      { stage: ['nope'] },
      '/api/journey/content?stage=nope',
      'stage'
    );
    await expectParamError(
      CONTENT_QUERY,
      { journey: 'nope' },
      '/api/journey/content?journey=nope',
      'journey'
    );
    await expectParamError(
      CONTENT_QUERY,
      { type: ['nope'] },
      '/api/journey/content?type=nope',
      'type'
    );
    await expectParamError(
      CONTENT_QUERY,
      { locale: 'xx' },
      '/api/journey/content?locale=xx',
      'locale'
    );
    await expectParamError(
      CONTENT_QUERY,
      { sort: 'secret:asc' },
      '/api/journey/content?sort=secret:asc',
      'sort'
    );
    await expectParamError(
      `{ journeyNext(stage: "nope") { total } }`,
      {},
      '/api/journey/next?stage=nope',
      'stage'
    );
    await expectParamError(
      `{ journeyIntent(q: "${'x'.repeat(201)}") { intent } }`,
      {},
      `/api/journey/intent?q=${'x'.repeat(201)}`,
      'q'
    );
    await expectParamError(
      `{ journeys(locale: "xx") { key } }`,
      {},
      '/api/journey/journeys?locale=xx',
      'locale'
    );
  });

  test('a huge pageSize or limit gets the REST limit’s error', async () => {
    await expectParamError(
      CONTENT_QUERY,
      { pagination: { pageSize: 100000 } },
      '/api/journey/content?pageSize=100000',
      'pageSize'
    );
    await expectParamError(
      CONTENT_QUERY,
      { pagination: { page: 1, limit: 5 } },
      '/api/journey/content?page=1&limit=5',
      'page'
    );
    await expectParamError(
      `{ journeyNext(stage: "awareness", limit: -1) { total } }`,
      {},
      '/api/journey/next?stage=awareness&limit=-1',
      'limit'
    );
  });

  test('an unknown intent is a GraphQL validation error', async () => {
    const { status, body } = await gql(`{ journeyContent(intent: [bogus]) { __typename } }`);
    expect(status).toBe(400);
    expect(body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors?.[0]?.message).toMatch(/bogus/);
    const asVariable = await gql(CONTENT_QUERY, { intent: ['bogus'] });
    expect(asVariable.status).toBe(400);
    expect(asVariable.body.errors?.[0]?.message).toMatch(/intent/);
  });

  test('a deep query is refused by the depth limit', async () => {
    let selection = 'key';
    for (let i = 0; i < 6; i += 1) selection = `journey { stages { ${selection} } }`;
    const { status, body } = await gql(
      `{ journeyContent { ... on Article { journeyStages { ${selection} } } } }`
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/exceeds maximum operation depth/);
  });
});

describe('the per-operation budget of the plugin’s root fields', () => {
  const aliases = (count: number, field: string, prefix = 'a') =>
    Array.from({ length: count }, (_, i) => `${prefix}${i}: ${field}`).join('\n');
  const CONTENT_100 = `journeyContent(pagination: { pageSize: 100 }) { __typename }`;
  const CONNECTION_100 = `journeyContent_connection(pagination: { pageSize: 100 }) { pageInfo { total } }`;
  const NEXT_FIELD = `journeyNext(stage: "awareness", limit: 50) { total nodes { __typename } }`;

  const expectRefused = (res: { status: number; body: GqlBody }, pattern: RegExp) => {
    expect(res.status).toBe(400);
    expect(res.body.data ?? null).toBeNull();
    expect(res.body.errors).toHaveLength(1);
    expect(res.body.errors?.[0]?.message).toMatch(pattern);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  };

  test('1,000 aliases of journeyContent are refused before anything resolves', async () => {
    expectRefused(
      await gql(`{ ${aliases(1000, CONTENT_100)} }`),
      /^journey: this operation asks for 1000 of the fields .*; at most 20 \(config graphql\.maxRootFields\)$/
    );
  });

  test('300 aliases of journeyNext through a fragment are refused too', async () => {
    expectRefused(
      await gql(`query { ...Many } fragment Many on Query { ${aliases(300, NEXT_FIELD)} }`),
      /asks for 300 of the fields .*; at most 20 \(config graphql\.maxRootFields\)$/
    );
  });

  test('page sizes count, also through variables', async () => {
    expectRefused(
      await gql(`{ ${aliases(11, CONTENT_100)} }`),
      /asks for up to 1100 items .*; at most 1000 \(config graphql\.maxItems\)$/
    );
    // The connection costs what the list does: one budget for both.
    expectRefused(
      await gql(`{ ${aliases(6, CONTENT_100)} ${aliases(5, CONNECTION_100, 'c')} }`),
      /asks for up to 1100 items .*; at most 1000 \(config graphql\.maxItems\)$/
    );
    const query = `query Sized($n: Int) {
      ${aliases(11, 'journeyContent_connection(pagination: { pageSize: $n }) { pageInfo { pageSize total } }')}
    }`;
    expectRefused(await gql(query, { n: 100 }), /up to 1100 items .*\(config graphql\.maxItems\)$/);
    const small = await gql(query, { n: 90 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    const first = small.body.data?.a0 as { pageInfo: { pageSize: number; total: number } };
    expect(first.pageInfo).toEqual({ pageSize: 90, total: expect.any(Number) });
    expect(Object.keys(small.body.data ?? {})).toHaveLength(11);
  });

  test('an operation within budget is answered', async () => {
    const { status, body } = await gql(
      `query { ...Some } fragment Some on Query { ${aliases(19, NEXT_FIELD)} journeys { key } }`
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(20);
    const restRes = await rest('/api/journey/next?stage=awareness&limit=50');
    expect((body.data?.a18 as { total: number }).total).toBe(restRes.body.meta.total);
  });
});
