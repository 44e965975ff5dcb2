import type { JourneyEvent, JourneyEventBatch, JourneyEventType } from '../api-types';
import { MAX_STATE_LENGTH } from './state';

/**
 * Checks of POST /api/journey/events bodies. A problem names the field (`events[3].type`), the
 * value and what would have been valid, as the routes' query parameters do; unknown keys are
 * ignored so that an older server accepts a newer client's batches.
 */
export const EVENT_TYPES: readonly JourneyEventType[] = ['view', 'click', 'goal', 'helpful'];
export const SESSION_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const UID_PATTERN = /^(api|plugin)::[\w-]+\.[\w-]+$/;
const LOCALE_PATTERN = /^[A-Za-z0-9-]{1,32}$/;
const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const GOAL_PATTERN = /^[\w.:-]{1,100}$/;

export class BatchError extends Error {
  constructor(
    public readonly field: string,
    public readonly value: unknown,
    public readonly valid: readonly string[] | string
  ) {
    const shown = (() => {
      try {
        const text = typeof value === 'string' ? value : JSON.stringify(value);
        return text === undefined ? 'undefined' : text.slice(0, 100);
      } catch {
        return String(value).slice(0, 100);
      }
    })();
    const validText = typeof valid === 'string' ? valid : valid.join(', ');
    super(`Invalid ${field} "${shown}"; valid values: ${validText}`);
    this.name = 'BatchError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const optionalString = (
  event: Record<string, unknown>,
  name: string,
  path: string,
  pattern: RegExp,
  valid: string
): string | undefined => {
  const value = event[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !pattern.test(value))
    throw new BatchError(`${path}.${name}`, value, valid);
  return value;
};

const checkEvent = (raw: unknown, path: string): JourneyEvent => {
  if (!isRecord(raw))
    throw new BatchError(path, raw, 'an object like { "type": "view", "documentId": "…" }');
  const type = raw.type;
  if (typeof type !== 'string' || !EVENT_TYPES.includes(type as JourneyEventType))
    throw new BatchError(`${path}.type`, type, EVENT_TYPES);
  const event: JourneyEvent = { type: type as JourneyEventType };
  if (type === 'goal') {
    const goal = raw.goal;
    if (typeof goal !== 'string' || !GOAL_PATTERN.test(goal))
      throw new BatchError(
        `${path}.goal`,
        goal,
        'a goal name the journey lists (1–100 of A–Z a–z 0–9 _ . : -)'
      );
    event.goal = goal;
    return event;
  }
  const documentId = raw.documentId;
  if (typeof documentId !== 'string' || !DOCUMENT_ID_PATTERN.test(documentId))
    throw new BatchError(
      `${path}.documentId`,
      documentId,
      'a documentId (1–64 of A–Z a–z 0–9 _ -)'
    );
  event.documentId = documentId;
  const contentType = optionalString(
    raw,
    'contentType',
    path,
    UID_PATTERN,
    'a content-type uid like api::article.article'
  );
  if (contentType) event.contentType = contentType;
  const locale = optionalString(
    raw,
    'locale',
    path,
    LOCALE_PATTERN,
    'a locale code like en or sv-SE'
  );
  if (locale) event.locale = locale;
  if (type === 'helpful') {
    if (typeof raw.helpful !== 'boolean')
      throw new BatchError(`${path}.helpful`, raw.helpful, ['true', 'false']);
    event.helpful = raw.helpful;
  }
  return event;
};

/** The batch, checked; throws a BatchError naming the first wrong field. */
export const validateBatch = (body: unknown, maxBatch: number): JourneyEventBatch => {
  if (!isRecord(body))
    throw new BatchError('body', body, 'a JSON object { session, state?, events }');
  const session = body.session;
  if (typeof session !== 'string' || !SESSION_PATTERN.test(session))
    throw new BatchError('session', session, '16–64 of A–Z a–z 0–9 _ -');
  const state = body.state;
  if (
    state !== undefined &&
    state !== null &&
    (typeof state !== 'string' || state.length > MAX_STATE_LENGTH)
  )
    throw new BatchError(
      'state',
      state,
      `the Journey-State header of the previous answer (at most ${MAX_STATE_LENGTH} characters)`
    );
  const events = body.events;
  if (!Array.isArray(events) || events.length < 1 || events.length > maxBatch)
    throw new BatchError(
      'events',
      Array.isArray(events) ? `${events.length} events` : events,
      `an array of 1 to ${maxBatch} events`
    );
  return {
    session,
    ...(typeof state === 'string' && state ? { state } : {}),
    events: events.map((e, i) => checkEvent(e, `events[${i}]`)),
  };
};
