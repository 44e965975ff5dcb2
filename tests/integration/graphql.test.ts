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

const CONTENT_QUERY = `
  query Content($journey: String, $stage: [String!], $intent: [JourneyIntentKey!], $type: [String!],
      $locale: String, $q: String, $pagination: PaginationArg, $sort: String) {
    journeyContent(journey: $journey, stage: $stage, intent: $intent, type: $type, locale: $locale,
        q: $q, pagination: $pagination, sort: $sort) {
      data {
        __typename
        ... on Article { documentId title locale searchIntent journeyStages { key } }
        ... on Page { documentId title searchIntent journeyStages { key } }
      }
      meta {
        pagination { page pageSize pageCount start limit total }
        journey stage intent locale contentTypes omitted { reason count }
        classification { query intent stage language fromQuery { intent stage } fallback matches { intent term rule } }
      }
    }
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

const withoutNulls = (value: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null));

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
          !/^Journey(Info|StageInfo|IntentInfo|sMeta|sResponse|IntentMatch|Classification|IntentMeta|IntentResponse|IntentKey|ContentItem|PaginationMeta|QuerySource|ContentClassification|ContentMeta|ContentResponse|ServedReason|ServedStage|NextMeta|NextResponse|OmittedTypes)$/.test(
            name
          )
      );
    expect(pluginTypes).toEqual([]);
    const queries = schema.queryType.fields.map((f) => f.name);
    expect(queries).toEqual(
      expect.arrayContaining(['journeys', 'journeyContent', 'journeyNext', 'journeyIntent'])
    );
    expect(queries.filter((q) => /^journey(Stage|Journey)/.test(q))).toEqual([]);
    const mutations = (schema.mutationType?.fields ?? []).map((f) => f.name);
    expect(mutations.filter((m) => /Journey/.test(m))).toEqual([]);
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
    const { status, body } = await gql(CONTENT_QUERY, vars);
    expect(body.errors).toBeUndefined();
    expect(status).toBe(200);
    const restRes = await rest(`/api/journey/content?${query}`);
    expect(restRes.status).toBe(200);
    const result = body.data?.journeyContent as { data: Item[]; meta: Record<string, unknown> };
    expect(result.data.length).toBeGreaterThan(0);
    expect(comparable(result.data)).toEqual(comparable(restRes.body.data));
    const { pagination, classification, ...meta } = result.meta;
    const {
      pagination: restPagination,
      classification: restClassification,
      ...restMeta
    } = restRes.body.meta;
    expect(withoutNulls(pagination as Record<string, unknown>)).toEqual(restPagination);
    expect(meta).toEqual(restMeta);
    if (restClassification) {
      const { confidence: _c, scores: _s, ...rc } = restClassification;
      expect(classification).toEqual(rc);
    } else expect(classification).toBeNull();
  });

  test('drafts never appear; a published document shows its published version', async () => {
    const { body } = await gql(CONTENT_QUERY, {
      stage: ['awareness', 'decision', 'usage'],
      pagination: { pageSize: 50 },
    });
    const items = (body.data?.journeyContent as { data: Item[] }).data;
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
      journeyNext(stage: $stage, limit: $limit) {
        data { __typename ... on Article { documentId title searchIntent journeyStages { key } } ... on Page { documentId title searchIntent journeyStages { key } } }
        meta { journey stage intent locale total servedStage { key reason } contentTypes omitted { reason count } }
      }
    }`;
    for (const [stage, reason] of [
      ['awareness', 'next'],
      ['decision', 'later'],
      ['loyalty', 'same'],
    ]) {
      const { body } = await gql(query, { stage, limit: 2 });
      expect(body.errors).toBeUndefined();
      const result = body.data?.journeyNext as { data: Item[]; meta: Record<string, unknown> };
      const restRes = await rest(`/api/journey/next?stage=${stage}&limit=2`);
      expect(restRes.status).toBe(200);
      expect(result.meta).toEqual(restRes.body.meta);
      expect((result.meta.servedStage as { reason: string }).reason).toBe(reason);
      expect(comparable(result.data)).toEqual(comparable(restRes.body.data));
    }
  });

  test('journeyIntent classifies as GET /intent does, with the matches', async () => {
    const { body } = await gql(
      `{ journeyIntent(q: "bästa löparskor", locale: "sv") {
          data { query intent confidence scores language stage matches { intent term rule } }
          meta { journey }
        } }`
    );
    expect(body.errors).toBeUndefined();
    const restRes = await rest(
      `/api/journey/intent?q=${encodeURIComponent('bästa löparskor')}&locale=sv`
    );
    expect(body.data?.journeyIntent).toEqual(restRes.body);
    expect((body.data?.journeyIntent as { data: { intent: string } }).data.intent).toBe(
      'commercial'
    );
  });

  test('journeys lists stages and intents in the locale asked', async () => {
    const { body } = await gql(
      `{ journeys(locale: "sv") {
          data { documentId key name stages { documentId key name colour position } }
          meta { locale intents { key name conversion } }
        } }`
    );
    expect(body.errors).toBeUndefined();
    const restRes = await rest('/api/journey/journeys?locale=sv');
    expect(body.data?.journeys).toEqual(restRes.body);
    const journeys = (body.data?.journeys as { data: Array<{ stages: Array<{ name: string }> }> })
      .data;
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
    const next = await gql(`{ journeyNext(stage: "awareness") { meta { total } } }`, {}, token);
    expect(next.body.errors).toBeUndefined();
    const intent = await gql(`{ journeyIntent(q: "shoes") { meta { journey } } }`, {}, token);
    expect(intent.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await rest('/api/journey/intent?q=shoes', token)).status).toBe(403);
  });

  test('a token without article find gets no articles through the union', async () => {
    const token = await tokenFor(['plugin::journey.content.find', 'api::page.page.find']);
    const { body } = await gql(
      `{ journeyContent(stage: ["awareness", "consideration"], pagination: { pageSize: 50 }) {
          data { __typename ... on Page { title } ... on Article { title } }
          meta { contentTypes omitted { reason count } pagination { total } }
        } }`,
      {},
      token
    );
    expect(body.errors).toBeUndefined();
    const result = body.data?.journeyContent as {
      data: Array<{ __typename: string }>;
      meta: {
        contentTypes: string[];
        omitted: Array<{ reason: string; count: number }>;
        pagination: { total: number };
      };
    };
    expect(result.data.length).toBe(4);
    expect(new Set(result.data.map((d) => d.__typename))).toEqual(new Set(['Page']));
    expect(result.meta.contentTypes).toEqual([PAGE]);
    // The article type was left out for want of find, and the answer says so (by count).
    expect(result.meta.omitted).toEqual([{ reason: 'no find permission', count: 1 }]);
    const restRes = await rest(
      '/api/journey/content?stage=awareness,consideration&pageSize=50',
      token
    );
    expect(restRes.body.meta.pagination.total).toBe(result.meta.pagination.total);
    expect(restRes.body.meta.omitted).toEqual(result.meta.omitted);
    // Asking for articles by name is refused, as in REST.
    const asked = await gql(
      `{ journeyContent(type: ["article"]) { meta { journey } } }`,
      {},
      token
    );
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
      `{ journeyNext(stage: "nope") { meta { total } } }`,
      {},
      '/api/journey/next?stage=nope',
      'stage'
    );
    await expectParamError(
      `{ journeyIntent(q: "${'x'.repeat(201)}") { meta { journey } } }`,
      {},
      `/api/journey/intent?q=${'x'.repeat(201)}`,
      'q'
    );
    await expectParamError(
      `{ journeys(locale: "xx") { meta { locale } } }`,
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
      `{ journeyNext(stage: "awareness", limit: -1) { meta { total } } }`,
      {},
      '/api/journey/next?stage=awareness&limit=-1',
      'limit'
    );
  });

  test('an unknown intent is a GraphQL validation error', async () => {
    const { status, body } = await gql(`{ journeyContent(intent: [bogus]) { meta { journey } } }`);
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
      `{ journeyContent { data { ... on Article { journeyStages { ${selection} } } } } }`
    );
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/exceeds maximum operation depth/);
  });
});

describe('the per-operation budget of the plugin’s root fields', () => {
  const aliases = (count: number, field: string) =>
    Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join('\n');
  const CONTENT_100 = `journeyContent(pagination: { pageSize: 100 }) { data { __typename } meta { pagination { total } } }`;
  const NEXT_FIELD = `journeyNext(stage: "awareness", limit: 50) { data { __typename } meta { total } }`;

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
    const query = `query Sized($n: Int) {
      ${aliases(11, 'journeyContent(pagination: { pageSize: $n }) { meta { pagination { pageSize total } } }')}
    }`;
    expectRefused(await gql(query, { n: 100 }), /up to 1100 items .*\(config graphql\.maxItems\)$/);
    const small = await gql(query, { n: 90 });
    expect(small.status).toBe(200);
    expect(small.body.errors).toBeUndefined();
    const first = small.body.data?.a0 as {
      meta: { pagination: { pageSize: number; total: number } };
    };
    expect(first.meta.pagination).toEqual({ pageSize: 90, total: expect.any(Number) });
    expect(Object.keys(small.body.data ?? {})).toHaveLength(11);
  });

  test('an operation within budget is answered', async () => {
    const { status, body } = await gql(
      `query { ...Some } fragment Some on Query { ${aliases(19, NEXT_FIELD)} journeys { data { key } } }`
    );
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(Object.keys(body.data ?? {})).toHaveLength(20);
    const restRes = await rest('/api/journey/next?stage=awareness&limit=50');
    expect((body.data?.a18 as { meta: { total: number } }).meta.total).toBe(
      restRes.body.meta.total
    );
  });
});
