import { CURSOR_VALID, decodeCursor, type PageCursor } from './cursor';
import { INTENTS, isIntent, type Intent } from './intents';

/**
 * Parsing of the public content routes' query strings into a typed request. Pure, so that every
 * hostile input can be tested without Strapi: each problem becomes a ParamError that names the
 * parameter, the value and what would have been valid.
 */
export class ParamError extends Error {
  constructor(
    public readonly parameter: string,
    public readonly value: string,
    public readonly valid: readonly string[] | string
  ) {
    const shown = value.length > 100 ? `${value.slice(0, 100)}…` : value;
    const validText = typeof valid === 'string' ? valid : valid.join(', ') || '(none)';
    super(`Invalid ${parameter} "${shown}"; valid values: ${validText}`);
    this.name = 'ParamError';
  }
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_LIST_ITEMS = 50;
const MAX_OFFSET = 1_000_000;

type Query = Record<string, unknown>;

const shown = (value: unknown) => {
  try {
    return typeof value === 'string' ? value : JSON.stringify(value);
  } catch {
    return String(value);
  }
};

/** A parameter that must be one string: `?stage[]=a` or `?stage[$ne]=a` are refused. */
export const stringParam = (query: Query, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new ParamError(name, shown(value), 'a single string (use a comma list for several)');
  }
  return value;
};

/**
 * One value or a comma list, each checked against `valid` and named once: a repeated value asks
 * nothing more, and would only make another URL (and cache key) for the same answer.
 */
export const listParam = <T extends string>(
  query: Query,
  name: string,
  valid: readonly T[]
): T[] | undefined => {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const items = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!items.length || items.length > MAX_LIST_ITEMS) throw new ParamError(name, raw, valid);
  for (const [i, item] of items.entries()) {
    if (!(valid as readonly string[]).includes(item)) throw new ParamError(name, item, valid);
    if (items.indexOf(item) !== i) {
      throw new ParamError(name, item, `each of ${valid.join(', ')} at most once`);
    }
  }
  return items as T[];
};

export const intentsParam = (query: Query): Intent[] | undefined =>
  listParam(query, 'intent', INTENTS)?.filter(isIntent);

export const integerParam = (
  query: Query,
  name: string,
  { min, max }: { min: number; max: number }
): number | undefined => {
  const raw = stringParam(query, name);
  if (raw === undefined) return undefined;
  const range = `an integer from ${min} to ${max}`;
  if (!/^\d{1,9}$/.test(raw)) throw new ParamError(name, raw, range);
  const value = Number(raw);
  if (value < min || value > max) throw new ParamError(name, raw, range);
  return value;
};

export interface Pagination {
  offset: number;
  limit: number;
  /** Which style the caller used, so that the response speaks the same one. */
  style: 'page' | 'offset';
  page: number;
  /** Set when the caller sent `cursor`: the page starts after it, `offset` is 0. */
  cursor?: { raw: string; at: PageCursor };
}

/** A cursor that does not belong to this query (other filters, sort or types). */
export const foreignCursor = (raw: string) =>
  new ParamError(
    'cursor',
    raw,
    `${CURSOR_VALID} (this one was issued for other filters or another sort)`
  );

export const paginationParams = (query: Query): Pagination => {
  const rawCursor = stringParam(query, 'cursor');
  if (rawCursor !== undefined) {
    if (['page', 'start', 'limit'].some((name) => query[name] !== undefined)) {
      throw new ParamError(
        'cursor',
        rawCursor,
        'a cursor with pageSize only, not page, start or limit'
      );
    }
    const at = decodeCursor(rawCursor);
    if (!at) throw new ParamError('cursor', rawCursor, CURSOR_VALID);
    const size =
      integerParam(query, 'pageSize', { min: 1, max: MAX_PAGE_SIZE }) ?? DEFAULT_PAGE_SIZE;
    return {
      offset: 0,
      limit: size,
      style: 'page',
      page: Math.floor(at.before / size) + 1,
      cursor: { raw: rawCursor, at },
    };
  }
  const start = integerParam(query, 'start', { min: 0, max: MAX_OFFSET });
  const limit = integerParam(query, 'limit', { min: 1, max: MAX_PAGE_SIZE });
  const page = integerParam(query, 'page', { min: 1, max: MAX_OFFSET });
  const pageSize = integerParam(query, 'pageSize', { min: 1, max: MAX_PAGE_SIZE });
  if (
    (start !== undefined || limit !== undefined) &&
    (page !== undefined || pageSize !== undefined)
  ) {
    throw new ParamError(
      'page',
      String(page ?? pageSize),
      'either page/pageSize or start/limit, not both'
    );
  }
  if (start !== undefined || limit !== undefined) {
    const size = limit ?? DEFAULT_PAGE_SIZE;
    return {
      offset: start ?? 0,
      limit: size,
      style: 'offset',
      page: Math.floor((start ?? 0) / size) + 1,
    };
  }
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  const current = page ?? 1;
  if ((current - 1) * size > MAX_OFFSET)
    throw new ParamError(
      'page',
      String(current),
      `at most ${Math.floor(MAX_OFFSET / size)} for this pageSize`
    );
  return { offset: (current - 1) * size, limit: size, style: 'page', page: current };
};

export interface SortParam {
  field: string;
  order: 'asc' | 'desc';
}

/** `field:asc|desc`, one field, from those every selected content type has. */
export const sortParam = (query: Query, fields: readonly string[]): SortParam => {
  const raw = stringParam(query, 'sort');
  if (raw === undefined) return { field: 'publishedAt', order: 'desc' };
  const match = /^([A-Za-z]+)(?::(asc|desc))?$/i.exec(raw.trim());
  const valid = fields.flatMap((f) => [`${f}:asc`, `${f}:desc`]);
  if (!match || !fields.includes(match[1])) throw new ParamError('sort', raw, valid);
  return { field: match[1], order: (match[2]?.toLowerCase() as 'asc' | 'desc') ?? 'asc' };
};

/** Why `/next` served the stage it did: `none` when no candidate stage had content. */
export const NEXT_STAGE_REASONS = ['declared', 'next', 'later', 'same', 'none'] as const;
export type NextStageReason = (typeof NEXT_STAGE_REASONS)[number];

/**
 * Where a visitor goes after `stage`: first the stages it declares as next (`nextStages`, in
 * their order: where customers often go back or skip to), then the following stages in order,
 * then the stage itself. A journey is not linear, so the last stage is no error: it serves
 * itself. Each stage is a candidate once, under the first rule that names it.
 */
export const nextStageCandidates = (
  stageKeys: readonly string[],
  stage: string,
  declared: readonly string[] = []
) => {
  const index = stageKeys.indexOf(stage);
  const first = declared
    .filter((key, i) => key !== stage && stageKeys.includes(key) && declared.indexOf(key) === i)
    .map((key) => ({ key, reason: 'declared' }));
  const later = stageKeys
    .slice(index + 1)
    .map((key, i) => ({ key, reason: i === 0 ? 'next' : 'later' }))
    .filter((c) => !declared.includes(c.key));
  return [...first, ...later, { key: stage, reason: 'same' }] as Array<{
    key: string;
    reason: Exclude<NextStageReason, 'none'>;
  }>;
};

export const CONTENT_PARAMS = [
  'q',
  'journey',
  'stage',
  'intent',
  'type',
  'locale',
  'page',
  'pageSize',
  'cursor',
  'start',
  'limit',
  'sort',
  'fields',
  'populate',
] as const;

export const NEXT_PARAMS = [
  'journey',
  'stage',
  'intent',
  'type',
  'locale',
  'limit',
  'fields',
  'populate',
] as const;

/** GET /journeys: names in one locale. */
export const JOURNEYS_PARAMS = ['locale'] as const;

/** GET /stages: of one journey, names in one locale. */
export const STAGES_PARAMS = ['journey', 'locale'] as const;

/** GET /intent: the query to classify, its language, the journey whose mapping applies. */
export const INTENT_PARAMS = ['q', 'locale', 'journey'] as const;

/** Unknown parameters are usually typos (`stages=`, `pagesize=`): say so rather than ignore them. */
export const checkKnownParams = (query: Query, known: readonly string[]) => {
  for (const name of Object.keys(query)) {
    if (!known.includes(name)) throw new ParamError('query parameter', name, known);
  }
};
