import { createRequire } from 'module';
import path from 'path';
import type { Core } from '@strapi/strapi';
import {
  budgetPlugin,
  budgetRule,
  type GraphQLErrorClass,
  type GraphqlBudget,
  type RootField,
} from './budget';
import { NEXT_STAGE_REASONS } from '../domain/content-params';
import { INTENTS } from '../domain/intents';
import { getService } from '../utils/get-service';
import { INTENT_FIELD, JOURNEY_UID, PLUGIN_ID, STAGE_UID } from '../utils/constants';

type Args = Record<string, unknown>;
type Context = { state: { auth?: unknown } };
type Model = { uid: string; info: { singularName: string } };

/**
 * The plugin's own content types in GraphQL. Stages (and the journey a stage belongs to) are
 * output types, so that `journeyStages { key name }` and `filters: { journeyStages: ... }` work
 * on opted-in types; none of them gets queries or mutations: the plugin's queries below and the
 * admin routes are the way in. Every other `plugin::journey.*` type (history, suggestions, ...)
 * stays out of the schema, including ones added later.
 */
const EXPOSED = [STAGE_UID, JOURNEY_UID];

/**
 * The same actions as the REST routes, so one grant in Users & Permissions governs both. Keyed
 * by the budget's root fields (budget.ts), so that a query added here cannot escape the budget.
 */
const SCOPES = {
  journeys: `plugin::${PLUGIN_ID}.journey.find`,
  journeyContent: `plugin::${PLUGIN_ID}.content.find`,
  journeyNext: `plugin::${PLUGIN_ID}.next.find`,
  journeyIntent: `plugin::${PLUGIN_ID}.intent.find`,
} as const satisfies Record<RootField, string>;

/**
 * GraphQL arguments as the REST route's query string, so that one parser gives both transports
 * the same defaults, limits and errors: lists become comma lists, integers strings.
 */
export const toRestQuery = (args: Args): Record<string, string> => {
  const query: Record<string, string> = {};
  const put = (name: string, value: unknown) => {
    if (value === undefined || value === null) return;
    query[name] = Array.isArray(value) ? value.join(',') : String(value);
  };
  for (const [name, value] of Object.entries(args)) {
    if (name === 'pagination' && value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) put(key, inner);
    } else put(name, value);
  }
  return query;
};

/** The fields a query's classification has, alone or as part of a content answer. */
const CLASSIFICATION_FIELDS = `    query: String!
    intent: JourneyIntentKey
    confidence: Float!
    scores: JSON!
    matches: [JourneyIntentMatch!]!
    language: String!
    stage: String`;

const typeDefs = (members: string[]) => {
  const intents = INTENTS.join(' ');
  const content = members.length
    ? `
  union JourneyContentItem = ${members.join(' | ')}

  type JourneyPaginationMeta {
    page: Int
    pageSize: Int
    pageCount: Int
    start: Int
    limit: Int
    total: Int!
  }

  type JourneyQuerySource {
    intent: Boolean!
    stage: Boolean!
  }

  type JourneyContentClassification {
${CLASSIFICATION_FIELDS}
    fromQuery: JourneyQuerySource!
    fallback: Boolean!
  }

  "Journey-aware types left out for one reason (a count, not their names)"
  type JourneyOmittedTypes {
    "Why, as in REST: no find permission"
    reason: String!
    count: Int!
  }

  type JourneyContentMeta {
    pagination: JourneyPaginationMeta!
    journey: String!
    stage: [String!]
    intent: [JourneyIntentKey!]
    locale: String
    contentTypes: [String!]!
    omitted: [JourneyOmittedTypes!]!
    classification: JourneyContentClassification
  }

  type JourneyContentResponse {
    data: [JourneyContentItem!]!
    meta: JourneyContentMeta!
  }

  enum JourneyServedReason { ${NEXT_STAGE_REASONS.join(' ')} }

  type JourneyServedStage {
    key: String!
    reason: JourneyServedReason!
  }

  type JourneyNextMeta {
    journey: String!
    stage: String!
    intent: [JourneyIntentKey!]
    locale: String
    servedStage: JourneyServedStage!
    total: Int!
    contentTypes: [String!]!
    omitted: [JourneyOmittedTypes!]!
  }

  type JourneyNextResponse {
    data: [JourneyContentItem!]!
    meta: JourneyNextMeta!
  }

  extend type Query {
    "Published documents of the opted-in types by journey, stage and intent (GET /api/journey/content)"
    journeyContent(
      journey: String
      stage: [String!]
      intent: [JourneyIntentKey!]
      type: [String!]
      locale: String
      q: String
      pagination: PaginationArg
      sort: String
    ): JourneyContentResponse!
    "Content for the stage after the given one (GET /api/journey/next)"
    journeyNext(
      journey: String
      stage: String!
      intent: [JourneyIntentKey!]
      type: [String!]
      locale: String
      limit: Int
    ): JourneyNextResponse!
  }`
    : '';
  return `
  enum JourneyIntentKey { ${intents} }

  type JourneyStageInfo {
    documentId: ID!
    key: String!
    name: String!
    colour: String
    position: Int
  }

  type JourneyInfo {
    documentId: ID!
    key: String!
    name: String!
    stages: [JourneyStageInfo!]!
  }

  type JourneyIntentInfo {
    key: JourneyIntentKey!
    name: String!
    conversion: String!
  }

  type JourneysMeta {
    locale: String
    intents: [JourneyIntentInfo!]!
  }

  type JourneysResponse {
    data: [JourneyInfo!]!
    meta: JourneysMeta!
  }

  type JourneyIntentMatch {
    intent: JourneyIntentKey!
    term: String!
    rule: String!
  }

  type JourneyClassification {
${CLASSIFICATION_FIELDS}
  }

  type JourneyIntentMeta {
    journey: String!
  }

  type JourneyIntentResponse {
    data: JourneyClassification!
    meta: JourneyIntentMeta!
  }

  extend type Query {
    "Journeys with their ordered stages, and the search intents (GET /api/journey/journeys)"
    journeys(locale: String): JourneysResponse!
    "The search intent of a query and the stage it points to (GET /api/journey/intent)"
    journeyIntent(q: String!, locale: String, journey: String): JourneyIntentResponse!
  }
  ${content}`;
};

/**
 * The graphql package the GraphQL plugin itself runs, resolved from the app as Strapi resolves
 * the plugin: a copy of our own would be bundled into dist or could differ from it (graphql-js
 * allows one instance), and its errors must be the ones Apollo and Strapi's formatter know.
 */
const graphqlOfPlugin = (strapi: Core.Strapi) => {
  const fromApp = createRequire(path.join(strapi.dirs.app.root, 'package.json'));
  const pluginDir = path.dirname(fromApp.resolve('@strapi/plugin-graphql/package.json'));
  return createRequire(path.join(pluginDir, 'package.json'))('graphql') as {
    GraphQLError: GraphQLErrorClass;
  };
};

const asList = (value: unknown): unknown[] =>
  value === undefined || value === null ? [] : Array.isArray(value) ? value : [value];

/**
 * Adds the operation budget (budget.ts) to the GraphQL plugin's Apollo server. Through the
 * `plugin::graphql.apolloServer` config rather than the extension service, which has no say in
 * validation: the GraphQL plugin reads that config in its bootstrap, after every register, and
 * concatenates its arrays onto its own (`validationRules: [depthLimit]`, `plugins: [...]`). The
 * app's own `apolloServer.validationRules` and `plugins` are kept and ours appended, so both
 * apply.
 */
const addBudget = (strapi: Core.Strapi) => {
  const budget = strapi.plugin(PLUGIN_ID).config('graphql') as GraphqlBudget;
  const { GraphQLError } = graphqlOfPlugin(strapi);
  const apollo = (strapi.config.get('plugin::graphql.apolloServer') ?? {}) as Record<
    string,
    unknown
  >;
  strapi.config.set('plugin::graphql.apolloServer', {
    ...apollo,
    validationRules: [...asList(apollo.validationRules), budgetRule(budget, GraphQLError)],
    plugins: [...asList(apollo.plugins), budgetPlugin(budget, GraphQLError)],
  });
};

/**
 * Hooks the plugin into @strapi/plugin-graphql when that plugin is installed: nothing here runs,
 * and nothing is required, otherwise.
 */
export const registerGraphql = (strapi: Core.Strapi) => {
  const graphql = strapi.plugin('graphql');
  if (!graphql) return;
  addBudget(strapi);
  const extension = graphql.service('extension');

  for (const uid of Object.keys(strapi.contentTypes)) {
    if (!uid.startsWith(`plugin::${PLUGIN_ID}.`)) continue;
    if (EXPOSED.includes(uid)) extension.shadowCRUD(uid).disableQueries().disableMutations();
    else extension.shadowCRUD(uid).disable();
  }
  // Shadow CRUD gives each type its own enum (ENUM_ARTICLE_SEARCHINTENT, ...), and GraphQL
  // refuses one field name with two types in a selection: `... on Article { searchIntent }
  // ... on Page { searchIntent }` would not validate. One shared enum replaces them on output;
  // filters keep working on the generated field.
  for (const uid of getService(strapi, 'content-types').journeyAwareUids()) {
    extension.shadowCRUD(uid).field(INTENT_FIELD).disableOutput();
  }

  // Run when the schema is built (the GraphQL plugin's bootstrap): only then are the opted-in
  // types, and which of them the app left in shadow CRUD, known.
  extension.use(() => {
    const naming = graphql.service('utils').naming;
    const typeName = (uid: string) => naming.getTypeName(strapi.getModel(uid as never) as Model);
    const uids = getService(strapi, 'content-types')
      .journeyAwareUids()
      .filter((uid) => extension.shadowCRUD(uid).isEnabled());
    const members = uids.map(typeName);
    const byUid = new Map(uids.map((uid, i) => [uid, members[i]]));

    const controller = (name: string) =>
      strapi.plugin(PLUGIN_ID).controller(name) as unknown as Record<
        string,
        (ctx: unknown) => Promise<unknown>
      >;
    const content = () => getService(strapi, 'content');

    const intentFields = members
      .map(
        (name) => `
  extend type ${name} {
    "Search intent of the entry (journey plugin)"
    ${INTENT_FIELD}: JourneyIntentKey
  }`
      )
      .join('');
    return {
      typeDefs: typeDefs(members) + intentFields,
      resolvers: {
        Query: {
          journeys: (_: unknown, args: Args, ctx: Context) =>
            controller('journey').find({ query: toRestQuery(args), state: ctx.state }),
          journeyIntent: (_: unknown, args: Args, ctx: Context) =>
            controller('intent').find({ query: toRestQuery(args), state: ctx.state }),
          ...(members.length
            ? {
                journeyContent: (_: unknown, args: Args, ctx: Context) =>
                  content().find(toRestQuery(args), ctx.state.auth),
                journeyNext: (_: unknown, args: Args, ctx: Context) =>
                  content().next(toRestQuery(args), ctx.state.auth),
              }
            : {}),
        },
        ...(members.length
          ? {
              JourneyContentItem: {
                __resolveType: (item: { contentType?: string }) =>
                  byUid.get(item.contentType ?? '') ?? null,
              },
            }
          : {}),
      },
      resolversConfig: Object.fromEntries(
        Object.entries(SCOPES)
          .filter(([query]) => members.length || !['journeyContent', 'journeyNext'].includes(query))
          .map(([query, scope]) => [`Query.${query}`, { auth: { scope: [scope] } }])
      ),
    };
  });
};
