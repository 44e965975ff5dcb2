import { createHmac, timingSafeEqual } from 'crypto';

/**
 * A session's state per journey, kept by the client (sessionStorage) and handed back with each
 * batch, so that the server aggregates without keeping anything per session. It travels as an
 * opaque `Journey-State` token: base64url JSON and an HMAC-SHA256 over the session id and the
 * JSON, so a client can neither forge a path nor replay another tab's state.
 */

/** The session's last view in one journey: where its exits, progressions and returns land. */
export interface PreviousView {
  /** Stage documentId and position when viewed. */
  stage: string;
  position: number;
  /** The document row it counted on: type uid, documentId, locale ('' when not localized), intent. */
  uid: string;
  documentId: string;
  locale: string;
  intent: string;
  /** 'YYYY-MM-DD' it was counted under. */
  day: string;
}

export interface JourneyState {
  prev: PreviousView;
  /** The furthest stage reached: position and documentId. */
  furthest: { position: number; stage: string };
  /** The stage of the session's first view in the journey. */
  first: string;
  /** Goals already counted for this session in this journey. */
  goals: string[];
}

/** By journey documentId. */
export type SessionState = Record<string, JourneyState>;

/**
 * At most this many journeys are kept (the most recently viewed): bounds the header at a few
 * kilobytes. A session that wanders through more journeys re-enters the oldest one afresh.
 */
export const MAX_STATE_JOURNEYS = 12;
/** Tokens longer than this are refused unread. */
export const MAX_STATE_LENGTH = 8192;

const VERSION = 1;

/** The signing key: derived from the app's keys (`server.app.keys`), never one of them as is. */
export const stateKey = (appKeys: readonly string[]): Buffer =>
  createHmac('sha256', appKeys.join('\u0000')).update('journey-analytics-state').digest();

const sign = (key: Buffer, session: string, payload: string) =>
  createHmac('sha256', key).update(`${session}.${payload}`).digest();

export const encodeState = (key: Buffer, session: string, state: SessionState): string => {
  const payload = Buffer.from(JSON.stringify({ v: VERSION, j: state })).toString('base64url');
  return `${payload}.${sign(key, session, payload).toString('base64url')}`;
};

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

const isJourneyState = (v: unknown): v is JourneyState => {
  if (!isRecord(v) || !isRecord(v.prev) || !isRecord(v.furthest)) return false;
  const p = v.prev;
  return (
    isString(p.stage) &&
    isNumber(p.position) &&
    isString(p.uid) &&
    isString(p.documentId) &&
    isString(p.locale) &&
    isString(p.intent) &&
    isString(p.day) &&
    isNumber(v.furthest.position) &&
    isString(v.furthest.stage) &&
    isString(v.first) &&
    Array.isArray(v.goals) &&
    v.goals.every(isString)
  );
};

export type DecodedState = { state: SessionState; bad: boolean };

/**
 * The state a token carries for this session; a missing token is a fresh session, a token that
 * is malformed, signed with another key or for another session is a fresh session marked `bad`
 * (counted as the drop reason 'bad-state').
 */
export const decodeState = (
  key: Buffer,
  session: string,
  token: string | undefined
): DecodedState => {
  if (token === undefined || token === '') return { state: {}, bad: false };
  const fresh = { state: {}, bad: true };
  if (token.length > MAX_STATE_LENGTH) return fresh;
  const [payload, mac, extra] = token.split('.');
  if (!payload || !mac || extra !== undefined) return fresh;
  const expected = sign(key, session, payload);
  const given = Buffer.from(mac, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return fresh;
  try {
    const parsed = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown;
    if (!isRecord(parsed) || parsed.v !== VERSION || !isRecord(parsed.j)) return fresh;
    const state: SessionState = {};
    for (const [journey, value] of Object.entries(parsed.j)) {
      if (!isJourneyState(value)) return fresh;
      state[journey] = value;
    }
    return { state, bad: false };
  } catch {
    return fresh;
  }
};

/** Keeps the most recently viewed journeys (by their previous view's order of insertion). */
export const boundState = (state: SessionState, order: string[]): SessionState => {
  const keys = Object.keys(state);
  if (keys.length <= MAX_STATE_JOURNEYS) return state;
  const recent = [...new Set([...order].reverse())].filter((k) => k in state);
  const kept = [...recent, ...keys.filter((k) => !recent.includes(k)).reverse()].slice(
    0,
    MAX_STATE_JOURNEYS
  );
  return Object.fromEntries(kept.map((k) => [k, state[k]]));
};
