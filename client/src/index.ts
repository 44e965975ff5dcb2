/**
 * strapi-plugin-journey/client: a typed client for the plugin's public routes (`/api/journey/…`).
 *
 * No runtime dependencies and nothing from Node: it needs only `fetch`, `URL`, `Headers` and
 * `AbortSignal`, so the same build runs in browsers, Node 20+ and edge runtimes. The response
 * types are the server's own (server/src/domain/api-types.ts).
 */
import type {
  ApiErrorBody,
  ApiIntent,
  ContentResponse,
  IntentResponse,
  JourneyItem,
  JourneysResponse,
  NextResponse,
  StagesResponse,
} from '../../server/src/domain/api-types.js';

export type {
  ApiErrorBody,
  ApiIntent,
  ApiLanguage,
  ContentClassification,
  ContentResponse,
  ConversionLikelihood,
  IntentMatch,
  IntentResponse,
  ItemStage,
  JourneyItem,
  JourneysResponse,
  NextResponse,
  OmittedTypes,
  PaginationMeta,
  PublicJourney,
  PublicStage,
  QueryClassification,
  ServedStageReason,
  StagesResponse,
} from '../../server/src/domain/api-types.js';

export {
  createJourneyTracker,
  trackingRefused,
  type JourneyTracker,
  type JourneyTrackerOptions,
  type TrackTarget,
  type TrackerNavigator,
  type TrackerStorage,
  type JourneyEvent,
  type JourneyEventBatch,
  type JourneyEventType,
} from './tracker.js';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

export interface JourneyClientOptions {
  /** The Strapi app's URL, e.g. `https://cms.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** An API token; sent as `Authorization: Bearer`. Leave it out in a browser: public role. */
  token?: string;
  /** Another fetch (a framework's, a test's); default the global one. */
  fetch?: FetchLike;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /**
   * Keep the last body of each URL that came with an ETag and revalidate with If-None-Match, so
   * a 304 answers from memory. Default true; it only acts when the server sends ETags.
   */
  etagCache?: boolean;
}

export interface RequestOptions {
  signal?: AbortSignal;
}

type List<T extends string = string> = T | readonly T[];

/** Strapi's `fields` / `populate` syntax: a string, a list, or nested objects. */
export type StrapiQueryValue =
  string | number | boolean | readonly StrapiQueryValue[] | { [key: string]: StrapiQueryValue };

interface SelectionParams {
  journey?: string;
  intent?: List<ApiIntent>;
  /** Content-type uid or singular name. */
  type?: List;
  locale?: string;
  fields?: List;
  populate?: StrapiQueryValue;
}

export interface ContentParams extends SelectionParams {
  /** A search query: the server classifies it and picks the intent and stage from it. */
  q?: string;
  stage?: List;
  page?: number;
  pageSize?: number;
  /**
   * `meta.pagination.nextCursor` of an earlier response to the same query: the page after it,
   * read by a keyset on the sort, so a deep page costs what the first does. With `pageSize` only.
   */
  cursor?: string;
  start?: number;
  limit?: number;
  /** `publishedAt`, `createdAt`, `updatedAt` or `title`, with `:asc` or `:desc`. */
  sort?: string;
}

export interface NextParams extends SelectionParams {
  /** The stage the visitor is in. */
  stage: string;
  limit?: number;
}

export interface IntentParams {
  q: string;
  locale?: string;
  journey?: string;
}

/**
 * Any answer that is not 2xx or 304. For a bad parameter (400) the server names it: `parameter`,
 * the `value` it got and the `valid` values (a list, or a sentence such as "an integer from 1 to
 * 100").
 */
export class JourneyApiError extends Error {
  readonly status: number;
  /** Strapi's error name, e.g. `ValidationError`, `ForbiddenError`. */
  readonly errorName: string | undefined;
  readonly parameter: string | undefined;
  readonly value: string | undefined;
  readonly valid: readonly string[] | string | undefined;
  readonly url: string;
  /** The parsed body, or null when it was not JSON. */
  readonly body: ApiErrorBody | null;

  constructor(status: number, url: string, body: ApiErrorBody | null, statusText = '') {
    const error = body?.error;
    super(error?.message ?? `${status} ${statusText}`.trim());
    this.name = 'JourneyApiError';
    this.status = status;
    this.url = url;
    this.body = body;
    this.errorName = error?.name;
    const details = error?.details ?? {};
    this.parameter = typeof details.parameter === 'string' ? details.parameter : undefined;
    this.value = typeof details.value === 'string' ? details.value : undefined;
    this.valid = details.valid;
  }
}

/** Appends Strapi-style bracketed keys: `populate[author][fields][0]=name`. */
const appendDeep = (search: URLSearchParams, key: string, value: StrapiQueryValue) => {
  if (Array.isArray(value)) {
    value.forEach((v, i) => appendDeep(search, `${key}[${i}]`, v));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) appendDeep(search, `${key}[${k}]`, v);
  } else {
    search.append(key, String(value));
  }
};

/** Comma lists for the plugin's own list parameters, Strapi's syntax for fields and populate. */
const toSearch = (params: object) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params) as Array<[string, unknown]>) {
    if (value === undefined || value === null) continue;
    if (key === 'fields' || key === 'populate') {
      appendDeep(search, key, value as StrapiQueryValue);
    } else if (Array.isArray(value)) {
      search.append(key, value.join(','));
    } else {
      search.append(key, String(value));
    }
  }
  return search;
};

const parseJson = async (response: Response): Promise<unknown> => {
  const text = await response.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
};

export interface JourneyClient {
  journeys(params?: { locale?: string }, options?: RequestOptions): Promise<JourneysResponse>;
  stages(
    params?: { journey?: string; locale?: string },
    options?: RequestOptions
  ): Promise<StagesResponse>;
  content<Item = JourneyItem>(
    params?: ContentParams,
    options?: RequestOptions
  ): Promise<ContentResponse<Item>>;
  /**
   * Every page of `/content`, one response at a time, from `params.page` (default 1) or
   * `params.cursor` until the last; `pageSize` defaults to 100, the most the server allows. After
   * the first page it follows `nextCursor`, so walking far costs no more per page than the start.
   */
  contentPages<Item = JourneyItem>(
    params?: Omit<ContentParams, 'start' | 'limit'>,
    options?: RequestOptions
  ): AsyncGenerator<ContentResponse<Item>, void, undefined>;
  next<Item = JourneyItem>(
    params: NextParams,
    options?: RequestOptions
  ): Promise<NextResponse<Item>>;
  intent(params: IntentParams, options?: RequestOptions): Promise<IntentResponse>;
  /** GET any path under the app with the client's headers, ETag handling and errors. */
  get<T>(path: string, params?: object, options?: RequestOptions): Promise<T>;
}

export const createJourneyClient = (options: JourneyClientOptions): JourneyClient => {
  if (!options || typeof options.baseUrl !== 'string' || !options.baseUrl) {
    throw new TypeError('createJourneyClient: baseUrl is required');
  }
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch: FetchLike =
    options.fetch ?? ((input, init) => (globalThis.fetch as FetchLike)(input, init));
  const useEtags = options.etagCache !== false;
  // Per client, never shared: bodies may hold what only this client's token may read.
  const cache = new Map<string, { etag: string; body: unknown }>();

  const get = async <T>(path: string, params: object = {}, request: RequestOptions = {}) => {
    const query = toSearch(params).toString();
    const url = `${base}${path}${query ? `?${query}` : ''}`;
    const headers: Record<string, string> = { Accept: 'application/json', ...options.headers };
    if (options.token) headers.Authorization = `Bearer ${options.token}`;
    const cached = useEtags ? cache.get(url) : undefined;
    if (cached) headers['If-None-Match'] = cached.etag;
    const response = await doFetch(url, { method: 'GET', headers, signal: request.signal });
    if (response.status === 304 && cached) return cached.body as T;
    const body = await parseJson(response);
    if (!response.ok) {
      const errorBody =
        body && typeof body === 'object' && 'error' in body ? (body as ApiErrorBody) : null;
      throw new JourneyApiError(response.status, url, errorBody, response.statusText);
    }
    const etag = response.headers.get('ETag');
    if (useEtags && etag) cache.set(url, { etag, body });
    else cache.delete(url);
    return body as T;
  };

  const content = <Item = JourneyItem>(params: ContentParams = {}, request?: RequestOptions) =>
    get<ContentResponse<Item>>('/api/journey/content', params, request);

  async function* contentPages<Item = JourneyItem>(
    params: Omit<ContentParams, 'start' | 'limit'> = {},
    request?: RequestOptions
  ): AsyncGenerator<ContentResponse<Item>, void, undefined> {
    const { page, cursor, ...rest } = params;
    const pageSize = params.pageSize ?? 100;
    let next: ContentParams = cursor ? { ...rest, cursor, pageSize } : { ...rest, page, pageSize };
    for (;;) {
      const response = await content<Item>(next, request);
      yield response;
      const { nextCursor } = response.meta.pagination;
      if (!nextCursor || response.data.length === 0) return;
      next = { ...rest, cursor: nextCursor, pageSize };
    }
  }

  return {
    journeys: (params = {}, request) =>
      get<JourneysResponse>('/api/journey/journeys', params, request),
    stages: (params = {}, request) => get<StagesResponse>('/api/journey/stages', params, request),
    content,
    contentPages,
    next: <Item = JourneyItem>(params: NextParams, request?: RequestOptions) =>
      get<NextResponse<Item>>('/api/journey/next', params, request),
    intent: (params, request) => get<IntentResponse>('/api/journey/intent', params, request),
    get,
  };
};
