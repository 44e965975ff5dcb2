/**
 * The HTTP side of the collector, shared by the events controller and the ingest service's
 * anonymous fast path (which runs before Strapi's authentication): both answer a batch the same.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { doNotTrack, isBot } from '../domain/analytics/bots';
import { BatchError, validateBatch } from '../domain/analytics/validate';
import { getService } from '../utils/get-service';

export const STATE_HEADER = 'Journey-State';

export type Ctx = {
  request: { body?: unknown; ip: string; headers: Record<string, string | string[] | undefined> };
  status: number;
  body: unknown;
  set: (name: string, value: string) => void;
  response: { get: (name: string) => string };
};

export const header = (ctx: Ctx, name: string): string | undefined => {
  const value = ctx.request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Events in a body not read yet, for the drop count: at least 1, at most the batch limit. */
const eventCount = (body: unknown, maxBatch: number) => {
  const events = (body as { events?: unknown } | null)?.events;
  return Array.isArray(events) ? Math.min(Math.max(events.length, 1), maxBatch) : 1;
};

/**
 * POST /api/journey/events (`plugin::journey.events.collect`, granted per role in Users &
 * Permissions). Answers 204 with the session's new state in the `Journey-State` header; 400
 * naming the wrong field, 429 over the per-address limit, 404 when collection is off.
 */
export const collectEvents = async (strapi: Core.Strapi, ctx: Ctx) => {
  const ingest = getService(strapi, 'analytics-ingest');
  const { enabled, maxBatch, rateLimit } = ingest.config();
  if (!enabled) {
    throw new errors.NotFoundError(
      'Journey analytics collection is disabled (plugin config analytics.enabled is false)'
    );
  }
  // Counts of a session's path must never come from a cache, nor be stored by one.
  ctx.set('Cache-Control', 'no-store');
  let body = ctx.request.body;
  const limiter = ingest.rateLimiter();
  if (!limiter.take(ctx.request.ip)) {
    ingest.drop('rate-limited', eventCount(body, maxBatch));
    ctx.set('Retry-After', String(limiter.retryAfter(ctx.request.ip)));
    throw new errors.RateLimitError(
      `Too many event batches from this address: at most ${rateLimit.requests} per ${rateLimit.windowSeconds} s`
    );
  }
  // navigator.sendBeacon posts text/plain (no CORS preflight): the JSON is in the text.
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      throw new errors.ValidationError('Invalid body: not JSON', {
        field: 'body',
        valid: 'a JSON object { session, state?, events }',
      });
    }
  }
  let batch;
  try {
    batch = validateBatch(body, maxBatch);
  } catch (error) {
    if (!(error instanceof BatchError)) throw error;
    throw new errors.ValidationError(error.message, {
      field: error.field,
      valid: error.valid,
    });
  }
  const headers = {
    dnt: header(ctx, 'dnt'),
    'sec-gpc': header(ctx, 'sec-gpc'),
    'user-agent': header(ctx, 'user-agent'),
    purpose: header(ctx, 'purpose'),
    'sec-purpose': header(ctx, 'sec-purpose'),
  };
  if (doNotTrack(headers)) {
    ingest.drop('dnt', batch.events.length);
  } else if (isBot(headers)) {
    ingest.drop('bot', batch.events.length);
  } else {
    ctx.set(STATE_HEADER, await ingest.collect(batch));
    // Readable by scripts of other origins the app's CORS allows, without app config.
    const exposed = ctx.response.get('Access-Control-Expose-Headers');
    if (
      !exposed
        .toLowerCase()
        .split(/\s*,\s*/)
        .includes(STATE_HEADER.toLowerCase())
    ) {
      ctx.set(
        'Access-Control-Expose-Headers',
        exposed ? `${exposed}, ${STATE_HEADER}` : STATE_HEADER
      );
    }
  }
  ctx.status = 204;
  ctx.body = null;
};
