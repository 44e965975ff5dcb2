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
import type { IntentResponse, JourneysResponse } from '../domain/api-types';
import { NEXT_STAGE_REASONS } from '../domain/content-params';
import { pageInfoOf } from '../domain/page-info';
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
  journeyIntents: `plugin::${PLUGIN_ID}.journey.find`,
  journeyContent: `plugin::${PLUGIN_ID}.content.find`,
  journeyContent_connection: `plugin::${PLUGIN_ID}.content.find`,
  journeyNext: `plugin::${PLUGIN_ID}.next.find`,
  journeyIntent: `plugin::${PLUGIN_ID}.intent.find`,
} as const satisfies Record<RootField, string>;

/** The queries that exist only when some content type is journey-aware (they return its items). */
const CONTENT_FIELDS: readonly string[] = [
  'journeyContent',
  'journeyContent_connection',
  'journeyNext',
];

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

/**
 * Strapi 5's flat shape (no `data`/`meta` wrappers): a list query returns the list, its
 * `_connection` twin `{ nodes, pageInfo: Pagination }` with Strapi's own Pagination type. What
 * REST's `meta` says beyond the arguments the caller sent is kept as fields of its own: the
 * classification of `q`, the stage `journeyNext` served and why, and the intents `/journeys`
 * lists (`journeyIntents`).
 */
const typeDefs = (members: string[]) => {
  const intents = INTENTS.join(' ');
  const contentArgs = `
      journey: String
      stage: [String!]
      intent: [JourneyIntentKey!]
      type: [String!]
      locale: String
      q: String
      pagination: PaginationArg
      "The nextCursor of an earlier answer to the same query: the page after it, by a keyset on the sort (with pagination.pageSize only)"
      cursor: String
      sort: String`;
  const content = members.length
    ? `
  union JourneyContentItem = ${members.join(' | ')}

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

  type JourneyContentConnection {
    nodes: [JourneyContentItem!]!
    pageInfo: Pagination!
    "Send as cursor for the next page (a keyset on the sort, no offset cost); null on the last page"
    nextCursor: String
    "Journey-aware types left out of this answer and why, as REST's meta.omitted"
    omitted: [JourneyOmittedTypes!]!
    "With q: the query's intent and stage, which of them chose what was served, and whether the intent had to be dropped (fallback); null without q"
    classification: JourneyContentClassification
  }

  enum JourneyServedReason { ${NEXT_STAGE_REASONS.join(' ')} }

  type JourneyServedStage {
    key: String!
    reason: JourneyServedReason!
  }

  type JourneyNext {
    "The stage the items are from, and why that one (a stage with nothing is skipped)"
    servedStage: JourneyServedStage!
    "How many published items of the served stage the caller may read; nodes has up to limit of them"
    total: Int!
    "Journey-aware types left out of this answer and why, as REST's meta.omitted"
    omitted: [JourneyOmittedTypes!]!
    nodes: [JourneyContentItem!]!
  }

  extend type Query {
    "Published documents of the opted-in types by journey, stage and intent (GET /api/journey/content)"
    journeyContent(${contentArgs}
    ): [JourneyContentItem!]!
    "journeyContent with its pageInfo (the route's exact total) and the classification of q"
    journeyContent_connection(${contentArgs}
    ): JourneyContentConnection!
    "Content for the stage after the given one (GET /api/journey/next)"
    journeyNext(
      journey: String
      stage: String!
      intent: [JourneyIntentKey!]
      type: [String!]
      locale: String
      limit: Int
    ): JourneyNext!
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

  type JourneyIntentMatch {
    intent: JourneyIntentKey!
    term: String!
    rule: String!
  }

  type JourneyClassification {
${CLASSIFICATION_FIELDS}
  }

  extend type Query {
    "Journeys with their ordered stages (GET /api/journey/journeys)"
    journeys(locale: String): [JourneyInfo!]!
    "The search intents with their names and conversion likelihood (meta.intents of GET /api/journey/journeys)"
    journeyIntents(locale: String): [JourneyIntentInfo!]!
    "The search intent of a query and the stage it points to (GET /api/journey/intent)"
    journeyIntent(q: String!, locale: String, journey: String): JourneyClassification!
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
    const journeysOf = async (args: Args, ctx: Context) =>
      (await controller('journey').find({
        query: toRestQuery(args),
        state: ctx.state,
      })) as JourneysResponse;

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
          journeys: async (_: unknown, args: Args, ctx: Context) =>
            (await journeysOf(args, ctx)).data,
          journeyIntents: async (_: unknown, args: Args, ctx: Context) =>
            (await journeysOf(args, ctx)).meta.intents,
          journeyIntent: async (_: unknown, args: Args, ctx: Context) =>
            (
              (await controller('intent').find({
                query: toRestQuery(args),
                state: ctx.state,
              })) as IntentResponse
            ).data,
          ...(members.length
            ? {
                journeyContent: async (_: unknown, args: Args, ctx: Context) =>
                  (await content().find(toRestQuery(args), ctx.state.auth)).data,
                journeyContent_connection: async (_: unknown, args: Args, ctx: Context) => {
                  const { data, meta } = await content().find(toRestQuery(args), ctx.state.auth);
                  return {
                    nodes: data,
                    pageInfo: pageInfoOf(meta.pagination),
                    nextCursor: meta.pagination.nextCursor,
                    omitted: meta.omitted,
                    classification: meta.classification ?? null,
                  };
                },
                journeyNext: async (_: unknown, args: Args, ctx: Context) => {
                  const { data, meta } = await content().next(toRestQuery(args), ctx.state.auth);
                  return {
                    servedStage: meta.servedStage,
                    total: meta.total,
                    omitted: meta.omitted,
                    nodes: data,
                  };
                },
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
          .filter(([query]) => members.length || !CONTENT_FIELDS.includes(query))
          .map(([query, scope]) => [`Query.${query}`, { auth: { scope: [scope] } }])
      ),
    };
  });
};
