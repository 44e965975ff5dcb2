/**
 * Journey analytics from the browser: views, clicks on next-step recommendations, "was this
 * helpful?" answers and goals, sent to `POST /api/journey/events`.
 *
 * Private by construction: a random session id lives in sessionStorage (it dies with the tab; in
 * memory for the page where sessionStorage throws), no cookie and no localStorage is written, and
 * nothing at all is stored or sent when the browser asks not to be tracked (Do Not Track or Global
 * Privacy Control). The server keeps no session either: it hands back its view of the session as
 * an opaque `Journey-State` token, which the tracker keeps beside the id and returns with the
 * next batch.
 */
import type { JourneyEvent, JourneyEventBatch } from '../../server/src/domain/api-types.js';

export type {
  JourneyEvent,
  JourneyEventBatch,
  JourneyEventType,
} from '../../server/src/domain/api-types.js';

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The parts of `navigator` the tracker reads. */
export interface TrackerNavigator {
  doNotTrack?: string | null;
  globalPrivacyControl?: boolean;
  sendBeacon?: (url: string, data?: Blob | string | null) => boolean;
}

/** The parts of `sessionStorage` the tracker uses; any of them may throw (private modes). */
export interface TrackerStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

interface Listenable {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

export interface JourneyTrackerOptions {
  /** The Strapi app's URL, e.g. `https://cms.example.com` (a path prefix is kept). */
  baseUrl: string;
  /** Defaults below are the browser's globals; pass fakes in tests or other runtimes. */
  fetch?: FetchLike;
  navigator?: TrackerNavigator | null;
  /** Default `sessionStorage`; `null`: keep the session in memory for this page only. */
  storage?: TrackerStorage | null;
  /** Where `pagehide` is heard; default `window`. */
  window?: Listenable | null;
  /** Where `visibilitychange` is heard and `visibilityState` read; default `document`. */
  document?: (Listenable & { visibilityState?: string }) | null;
  /** How long clicks, helpful answers and goals wait for company before they are sent. */
  flushAfterMs?: number;
  /** Called with a failed send (network error, 4xx/5xx); tracking never throws to the page. */
  onError?: (error: unknown) => void;
}

/** A document: its documentId, or with its content type and locale when the page knows them. */
export type TrackTarget = string | { documentId: string; contentType?: string; locale?: string };

export interface JourneyTracker {
  /** False when the browser asked not to be tracked: every method then does nothing. */
  readonly enabled: boolean;
  /** The tab's session id, or null when disabled. */
  readonly session: string | null;
  /** A page view; sent at once, with anything queued before it. Resolves when answered. */
  view(target: TrackTarget): Promise<void>;
  /** A click on a next-step recommendation (the target is the recommended document). */
  click(target: TrackTarget): void;
  /** An answer to "was this helpful?" about a document. */
  helpful(target: TrackTarget, yes: boolean): void;
  /** A goal the journey lists in its `goals` (signup, purchase…). */
  goal(name: string): void;
  /** Sends whatever is queued now; resolves when every send so far is answered. */
  flush(): Promise<void>;
  /** Stops listening for page hide (tests, single-page apps that rebuild the tracker). */
  destroy(): void;
}

/** Shared with the beacon script (tracker.js), so both kinds of page in one tab are one session. */
export const SESSION_KEY = 'journey:session';
export const STATE_KEY = 'journey:state';
/** The server's default `analytics.maxBatch`. */
export const MAX_BATCH = 50;
/** Events kept while the server cannot be reached; older ones are dropped beyond this. */
const MAX_QUEUE = 500;
const SESSION_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;

/** Do Not Track or Global Privacy Control: either is a request to be left alone. */
export const trackingRefused = (nav: TrackerNavigator | null | undefined): boolean =>
  !!nav && (nav.doNotTrack === '1' || nav.globalPrivacyControl === true);

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 24 characters of 64: 144 random bits, from the platform's CSPRNG where there is one. */
export const randomSessionId = (): string => {
  const bytes = new Uint8Array(24);
  const crypto = (globalThis as { crypto?: { getRandomValues?(array: Uint8Array): unknown } })
    .crypto;
  if (crypto?.getRandomValues) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte & 63];
  return id;
};

/**
 * sessionStorage where it works; a Map for the page where it is missing or throws (Safari's
 * private mode, storage disabled, a sandboxed frame): reading the global itself may throw.
 */
const sessionStore = (given: TrackerStorage | null | undefined) => {
  const memory = new Map<string, string>();
  let storage: TrackerStorage | null = null;
  try {
    storage =
      given === undefined
        ? ((globalThis as { sessionStorage?: TrackerStorage }).sessionStorage ?? null)
        : given;
  } catch {
    storage = null;
  }
  return {
    get(key: string): string | null {
      if (storage) {
        try {
          return storage.getItem(key);
        } catch {
          storage = null;
        }
      }
      return memory.get(key) ?? null;
    },
    set(key: string, value: string) {
      memory.set(key, value);
      if (!storage) return;
      try {
        storage.setItem(key, value);
      } catch {
        storage = null;
      }
    },
  };
};

const targetFields = (target: TrackTarget) => {
  const t = typeof target === 'string' ? { documentId: target } : target;
  const fields: Pick<JourneyEvent, 'documentId' | 'contentType' | 'locale'> = {
    documentId: t.documentId,
  };
  if (t.contentType) fields.contentType = t.contentType;
  if (t.locale) fields.locale = t.locale;
  return fields;
};

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

const globalOf = <T>(name: string): T | null => {
  try {
    return ((globalThis as Record<string, unknown>)[name] as T | undefined) ?? null;
  } catch {
    return null;
  }
};

export const createJourneyTracker = (options: JourneyTrackerOptions): JourneyTracker => {
  if (!options || typeof options.baseUrl !== 'string' || !options.baseUrl) {
    throw new TypeError('createJourneyTracker: baseUrl is required');
  }
  const url = `${options.baseUrl.replace(/\/+$/, '')}/api/journey/events`;
  const nav =
    options.navigator === undefined ? globalOf<TrackerNavigator>('navigator') : options.navigator;

  if (trackingRefused(nav)) {
    const off = () => undefined;
    return {
      enabled: false,
      session: null,
      view: () => Promise.resolve(),
      click: off,
      helpful: off,
      goal: off,
      flush: () => Promise.resolve(),
      destroy: off,
    };
  }

  const doFetch: FetchLike =
    options.fetch ?? ((input, init) => (globalThis.fetch as FetchLike)(input, init));
  const store = sessionStore(options.storage);
  const onError = options.onError ?? (() => undefined);
  const flushAfterMs = options.flushAfterMs ?? 1000;

  let session = store.get(SESSION_KEY);
  if (!session || !SESSION_PATTERN.test(session)) {
    session = randomSessionId();
    store.set(SESSION_KEY, session);
  }
  const sessionId = session;

  let queue: JourneyEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Sends run one after another, so each batch carries the state the previous answer gave.
  let chain: Promise<void> = Promise.resolve();
  // The server answers 404 when the app turned collection off: stop trying for this page.
  let collecting = true;

  const body = (events: JourneyEvent[]): string => {
    const batch: JourneyEventBatch = { session: sessionId, events };
    const state = store.get(STATE_KEY);
    if (state) batch.state = state;
    return JSON.stringify(batch);
  };

  const post = async (events: JourneyEvent[]) => {
    if (!collecting) return;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        // keepalive: the request outlives the page when a view is followed by a navigation.
        keepalive: true,
        credentials: 'omit',
        headers: { 'Content-Type': 'application/json' },
        body: body(events),
      });
      const state = response.headers.get('Journey-State');
      if (state) store.set(STATE_KEY, state);
      if (response.status === 404) collecting = false;
      if (!response.ok) onError(new Error(`POST ${url}: ${response.status}`));
    } catch (error) {
      onError(error);
    }
  };

  const take = (): JourneyEvent[] => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    const events = queue;
    queue = [];
    return events;
  };

  const send = (events: JourneyEvent[]): Promise<void> => {
    for (const batch of chunks(events, MAX_BATCH)) chain = chain.then(() => post(batch));
    return chain;
  };

  const enqueue = (event: JourneyEvent) => {
    queue.push(event);
    if (queue.length > MAX_QUEUE) queue.splice(0, queue.length - MAX_QUEUE);
    if (queue.length >= MAX_BATCH) {
      void send(take());
      return;
    }
    // By fetch, not beacon, while the page is alive: its answer carries the new state (a goal
    // counted once per session needs it).
    if (timer === undefined) timer = setTimeout(() => void send(take()), flushAfterMs);
  };

  /**
   * The page is going away (or into the background, where it may be killed unnoticed): a beacon
   * survives the unload. Its answer cannot be read, so the state stays as it was. A Blob of
   * text/plain keeps the request CORS-simple: no preflight, which a beacon could not wait for.
   */
  const beacon = () => {
    const events = take();
    if (!events.length || !collecting) return;
    for (const batch of chunks(events, MAX_BATCH)) {
      const json = body(batch);
      let sent = false;
      try {
        sent = !!nav?.sendBeacon?.(url, new Blob([json], { type: 'text/plain;charset=UTF-8' }));
      } catch {
        sent = false;
      }
      if (!sent) void post(batch);
    }
  };

  const win = options.window === undefined ? globalOf<Listenable>('window') : options.window;
  const doc =
    options.document === undefined
      ? globalOf<Listenable & { visibilityState?: string }>('document')
      : options.document;
  const onVisibility = () => {
    if (doc?.visibilityState === 'hidden') beacon();
  };
  win?.addEventListener('pagehide', beacon);
  doc?.addEventListener('visibilitychange', onVisibility);

  return {
    enabled: true,
    session: sessionId,
    view: (target) => {
      // Whatever was queued happened before this view (a click on the link that led here).
      const events = take();
      events.push({ type: 'view', ...targetFields(target) });
      return send(events);
    },
    click: (target) => enqueue({ type: 'click', ...targetFields(target) }),
    helpful: (target, yes) => enqueue({ type: 'helpful', ...targetFields(target), helpful: !!yes }),
    goal: (name) => enqueue({ type: 'goal', goal: String(name) }),
    flush: () => send(take()),
    destroy: () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      win?.removeEventListener('pagehide', beacon);
      doc?.removeEventListener('visibilitychange', onVisibility);
    },
  };
};
