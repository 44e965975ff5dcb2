import type { Core } from '@strapi/strapi';
import { INTENTS } from './domain/intents';
import { MAX_PAGE_SIZE, NEXT_STAGE_REASONS } from './domain/content-params';
import { PLUGIN_ID } from './utils/constants';

const query = (
  name: string,
  description: string,
  schema: Record<string, unknown> = { type: 'string' }
) => ({
  name,
  in: 'query',
  required: false,
  description,
  schema,
});

const errorResponses = {
  400: {
    description: 'A parameter is invalid; the message names it, the bad value and the valid values',
  },
  403: {
    description: 'The role or token may not use this route, or may not read the named content type',
  },
};

const selection = [
  query('journey', 'Journey key; optional when there is only one journey'),
  query('intent', `One intent or a comma list: ${INTENTS.join(', ')}`),
  query(
    'type',
    'Content-type uid or singular name, or a comma list; default every journey-aware type the caller may read'
  ),
  query('locale', 'Locale code; default the default locale. Types without i18n ignore it'),
  query('fields', "Strapi's fields syntax, applied to every type", {
    type: 'array',
    items: { type: 'string' },
  }),
  query('populate', "Strapi's populate syntax", { type: 'object' }),
];

const classificationProperties = {
  intent: { type: 'string', enum: [...INTENTS], nullable: true },
  confidence: { type: 'number' },
  scores: { type: 'object', additionalProperties: { type: 'number' } },
  matches: {
    type: 'array',
    description: 'The words and rules that decided the intent',
    items: {
      type: 'object',
      properties: {
        intent: { type: 'string', enum: [...INTENTS] },
        term: { type: 'string' },
        rule: { type: 'string' },
      },
    },
  },
  language: { type: 'string', enum: ['en', 'sv', 'nb'] },
  stage: { type: 'string', nullable: true, description: 'The stage the intent points to' },
};

/** meta.contentTypes and meta.omitted of the routes that list content across types. */
const typesMeta = {
  contentTypes: {
    type: 'array',
    items: { type: 'string' },
    description:
      'The types read: the ones named in type=, or every journey-aware type the caller may find',
  },
  omitted: {
    type: 'array',
    description:
      'Journey-aware types left out, per reason, when type= was not given: with the route granted but not find on the types, data is empty and this says why. A count, not the names',
    items: {
      type: 'object',
      properties: {
        reason: { type: 'string', enum: ['no find permission'] },
        count: { type: 'integer', minimum: 1 },
      },
    },
  },
};

const nextMeta = {
  type: 'object',
  properties: {
    journey: { type: 'string' },
    stage: { type: 'string' },
    servedStage: {
      type: 'object',
      properties: {
        key: { type: 'string' },
        reason: {
          type: 'string',
          enum: [...NEXT_STAGE_REASONS],
          description:
            'declared: a stage the current stage names in its nextStages (they come first, in their order); next: the following stage; later: a later stage, the ones between had no content; same: the stage itself (the last stage, or nothing later had content); none: nothing anywhere',
        },
      },
    },
    total: { type: 'integer' },
    ...typesMeta,
  },
  additionalProperties: true,
};

const listResponse = (description: string, meta: Record<string, unknown> = {}) => ({
  description,
  content: {
    'application/json': {
      schema: {
        type: 'object',
        properties: {
          data: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                documentId: { type: 'string' },
                contentType: { type: 'string', example: 'api::article.article' },
                locale: { type: 'string', nullable: true },
                searchIntent: { type: 'string', enum: [...INTENTS], nullable: true },
                journeyStages: {
                  type: 'array',
                  description: 'Only for callers that hold plugin::journey.stage.find',
                  items: {
                    type: 'object',
                    properties: {
                      journey: { type: 'string' },
                      key: { type: 'string' },
                      name: { type: 'string' },
                    },
                  },
                },
              },
              additionalProperties: true,
            },
          },
          meta: { type: 'object', additionalProperties: true, ...meta },
        },
      },
    },
  },
});

const header = (description: string) => ({ description, schema: { type: 'string' } });

/** What the HTTP cache layer adds to every public GET route (docs/caching.md). */
const cacheHeaders = {
  ETag: header(
    'Strong validator of the response: the data of its journey, stages, intents, locale and types, the settings version, the query and the caller'
  ),
  'Cache-Control': header(
    'http.cacheControl: by default public, max-age=60, stale-while-revalidate=300 without credentials; private, no-cache with an API token or a user JWT; no-store on errors'
  ),
  Vary: header('Authorization, Accept-Encoding'),
  'Surrogate-Key': header(
    'Space-separated purge keys: journey, journey-settings, journey-j<id>, journey-s<stage id>, journey-t-<type>, journey-d-<documentId>'
  ),
  'Cache-Tag': header('The same keys, comma-separated (Cloudflare)'),
  'X-Journey-Cache': header(
    'Whether the plugin answered from its own cache: hit (in-process response cache), revalidated (304) or miss (the route ran)'
  ),
};

type Operation = {
  parameters: unknown[];
  responses: Record<string | number, { description: string; headers?: unknown }>;
};

/** Adds If-None-Match, the 304 and the cache headers of the 200 to each GET operation. */
const withCaching = <P extends Record<string, { get: Operation }>>(paths: P): P =>
  Object.fromEntries(
    Object.entries(paths).map(([path, { get }]) => [
      path,
      {
        get: {
          ...get,
          parameters: [
            ...get.parameters,
            {
              name: 'If-None-Match',
              in: 'header',
              required: false,
              description: 'An ETag of an earlier answer: 304 without a body while it holds',
              schema: { type: 'string' },
            },
          ],
          responses: {
            ...get.responses,
            200: { ...get.responses[200], headers: cacheHeaders },
            304: {
              description: 'Not modified: the ETag in If-None-Match still holds',
              headers: {
                ETag: cacheHeaders.ETag,
                'Cache-Control': cacheHeaders['Cache-Control'],
                Vary: cacheHeaders.Vary,
                'X-Journey-Cache': cacheHeaders['X-Journey-Cache'],
              },
            },
          },
        },
      },
    ])
  ) as unknown as P;

/** The plugin's content-API routes, as OpenAPI paths for @strapi/plugin-documentation. */
export const openApiPaths = withCaching({
  '/journey/journeys': {
    get: {
      tags: ['Journey'],
      summary: 'Journeys with their ordered stages and the search intents',
      parameters: [
        query('locale', 'Names in this locale (en, sv, nb; others fall back to the default name)'),
      ],
      responses: { 200: { description: 'Journeys' }, ...errorResponses },
    },
  },
  '/journey/stages': {
    get: {
      tags: ['Journey'],
      summary: 'Stages of every journey, or of one',
      parameters: [query('journey', 'Journey key'), query('locale', 'Names in this locale')],
      responses: { 200: { description: 'Stages' }, ...errorResponses },
    },
  },
  '/journey/content': {
    get: {
      tags: ['Journey'],
      summary: 'Published documents of every journey-aware type, by journey, stage and intent',
      parameters: [
        query(
          'q',
          'A search query: its intent and stage are used unless intent or stage are given'
        ),
        query('stage', 'One stage key or a comma list; default every stage of the journey'),
        ...selection,
        query('page', 'Page number, from 1', { type: 'integer', minimum: 1 }),
        query('pageSize', `Items per page, 1 to ${MAX_PAGE_SIZE}`, {
          type: 'integer',
          minimum: 1,
          maximum: MAX_PAGE_SIZE,
        }),
        query(
          'cursor',
          'meta.pagination.nextCursor of an earlier response to the same query: the page after it, read by a keyset on the sort instead of an offset (deep pages cost what the first does). With pageSize only, not page, start or limit'
        ),
        query('start', 'Offset (instead of page)', { type: 'integer', minimum: 0 }),
        query('limit', `Items (instead of pageSize), 1 to ${MAX_PAGE_SIZE}`, {
          type: 'integer',
          minimum: 1,
          maximum: MAX_PAGE_SIZE,
        }),
        query(
          'sort',
          'field:asc|desc on publishedAt, createdAt, updatedAt (and title when every type has one); default publishedAt:desc'
        ),
      ],
      responses: {
        200: listResponse('A page of documents, newest first', {
          properties: {
            pagination: {
              type: 'object',
              additionalProperties: true,
              properties: {
                nextCursor: {
                  type: 'string',
                  nullable: true,
                  description: 'Send as cursor for the next page; null on the last page',
                },
              },
            },
            ...typesMeta,
            classification: {
              type: 'object',
              description: 'Only with q: how the query was classified and what it decided',
              properties: {
                query: { type: 'string' },
                ...classificationProperties,
                fromQuery: {
                  type: 'object',
                  properties: { intent: { type: 'boolean' }, stage: { type: 'boolean' } },
                },
                fallback: {
                  type: 'boolean',
                  description: 'Nothing had the query’s intent: the stage alone was served',
                },
              },
            },
          },
        }),
        ...errorResponses,
      },
    },
  },
  '/journey/intent': {
    get: {
      tags: ['Journey'],
      summary: 'The search intent of a query, the stage it points to, and the rules that fired',
      parameters: [
        { ...query('q', 'The search query, 1 to 200 characters'), required: true },
        query(
          'locale',
          'Language of the query (en, sv, nb or a locale such as sv-SE); detected when absent'
        ),
        query('journey', 'Journey whose intent-to-stage mapping applies; default the first'),
      ],
      responses: {
        200: {
          description: 'Classification',
          content: {
            'application/json': {
              schema: {
                type: 'object',
                properties: {
                  data: {
                    type: 'object',
                    properties: { query: { type: 'string' }, ...classificationProperties },
                  },
                  meta: { type: 'object', properties: { journey: { type: 'string' } } },
                },
              },
            },
          },
        },
        ...errorResponses,
      },
    },
  },
  '/journey/next': {
    get: {
      tags: ['Journey'],
      summary:
        'Content for the next stage of a journey, or the nearest later stage with content, or the same stage',
      parameters: [
        { ...query('stage', 'The stage the visitor is in'), required: true },
        ...selection,
        query('limit', `Items, 1 to ${MAX_PAGE_SIZE}; default 3`, {
          type: 'integer',
          minimum: 1,
          maximum: MAX_PAGE_SIZE,
        }),
      ],
      responses: {
        200: listResponse('Documents; meta.servedStage says which stage and why', nextMeta),
        ...errorResponses,
      },
    },
  },
});

/** The beacon script: no auth, no JSON; cached for a day and revalidated by its ETag. */
const beaconPaths = {
  '/journey/tracker.js': {
    get: {
      tags: ['Journey'],
      summary:
        'The beacon script for sites without the client: sends views, next-step clicks, helpful answers and goals; nothing under Do Not Track or Global Privacy Control',
      security: [],
      parameters: [query('v', 'Ignored: change it to make browsers fetch the script anew')],
      responses: {
        200: {
          description: 'The script (application/javascript)',
          content: { 'application/javascript': { schema: { type: 'string' } } },
        },
        304: { description: 'Not modified: the ETag in If-None-Match still holds' },
        400: errorResponses[400],
      },
    },
  },
};

/** POST /journey/events: the analytics collector (controllers/events.ts); never cached. */
const eventsPath = {
  '/journey/events': {
    post: {
      tags: ['Journey'],
      summary:
        "A batch of a tab's journey events (view, click, goal, helpful); counted as daily aggregates, never stored as events",
      parameters: [],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['session', 'events'],
              properties: {
                session: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,64}$' },
                state: {
                  type: 'string',
                  description: 'The Journey-State header of the previous answer, verbatim',
                },
                events: {
                  type: 'array',
                  minItems: 1,
                  maxItems: 50,
                  description: 'At most analytics.maxBatch events (default 50)',
                  items: {
                    type: 'object',
                    required: ['type'],
                    properties: {
                      type: { type: 'string', enum: ['view', 'click', 'goal', 'helpful'] },
                      documentId: { type: 'string' },
                      contentType: { type: 'string' },
                      locale: { type: 'string' },
                      goal: { type: 'string' },
                      helpful: { type: 'boolean' },
                    },
                  },
                },
              },
            },
          },
        },
      },
      responses: {
        204: {
          description: 'Counted (or dropped: bot, DNT, Sec-GPC); no body',
          headers: {
            'Journey-State': header(
              "The session's new state: opaque, signed; send it back as `state` with the next batch"
            ),
          },
        },
        ...errorResponses,
        404: { description: 'Collection is disabled (analytics.enabled is false)' },
        429: { description: 'Too many batches from this address; see Retry-After' },
      },
    },
  },
};

/** Every content-API route the plugin has, for the documentation plugin. */
export const openApiPathsWithEvents = { ...openApiPaths, ...beaconPaths, ...eventsPath };

/**
 * Describes the routes when the documentation plugin is installed; a no-op otherwise. Without a
 * `pluginOrigin` the override applies even when the app has not listed this plugin under
 * `x-strapi-config.plugins`: installing the documentation plugin is enough.
 */
export const registerDocumentation = (strapi: Core.Strapi) => {
  const documentation = strapi.plugin('documentation');
  if (!documentation) return;
  documentation
    .service('override')
    .registerOverride({ paths: openApiPathsWithEvents }, { excludeFromGeneration: [PLUGIN_ID] });
};
