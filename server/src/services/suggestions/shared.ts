import type { Intent, Language } from '../../domain/intents';
import { type IntentMatch } from '../../intent/classifier';
import { type TypeAccess } from '../../utils/read-access';
import type { StoredJourney } from '../../domain/stored';

export const SUGGESTION_UID = 'plugin::journey.suggestion';

export type Source = 'title' | 'focusKeyword' | 'slug';

/** Entries classified per batch of the background job: one read, one upsert. */
export const JOB_BATCH = 200;
/** A job whose instance has not written for this long is taken over by the next one to look. */
export const LEASE_MS = 30_000;
export const JOB_KEY = 'plugin_journey_suggestionJob';

export interface Scope {
  uid: string;
  /** The locale listed, for a localized type; ignored otherwise. */
  locale?: string;
  access?: TypeAccess;
}

export interface ListQuery extends Scope {
  journey: StoredJourney;
  intent?: Intent | 'none';
  minConfidence?: number;
  showSkipped?: boolean;
  offset: number;
  limit: number;
  /** Whether the caller may see the text fields (title, keyword, slug) of this type. */
  showText?: boolean;
}

export interface EntryRow {
  entry_id: number | string;
  document_id: string;
  updated_at: unknown;
  title: unknown;
  keyword: unknown;
  slug: unknown;
  locale: string | null;
  s_id: number | string | null;
  s_entry_updated_at: unknown;
  s_version: string | null;
  s_intent: string | null;
  s_confidence: number | string | null;
  s_language: string | null;
  s_scores: unknown;
  s_matches: unknown;
  s_source: string | null;
  s_text: string | null;
  s_skipped: unknown;
}

export interface StoredSuggestion {
  intent: Intent | null;
  confidence: number;
  language: Language;
  scores: Partial<Record<Intent, number>>;
  matches: IntentMatch[];
  source: Source;
  text: string;
}

export interface JobState {
  running: boolean;
  runId: string | null;
  instance: string | null;
  heartbeat: number;
  startedAt: string | null;
  finishedAt: string | null;
  processed: number;
  total: number;
  scope: { contentType?: string; locale?: string };
  error?: string | null;
}

export const IDLE: JobState = {
  running: false,
  runId: null,
  instance: null,
  heartbeat: 0,
  startedAt: null,
  finishedAt: null,
  processed: 0,
  total: 0,
  scope: {},
  error: null,
};

/** What the admin is shown of the job's progress (not its lease or run id). */
export const jobProgress = (state: JobState) => ({
  running: state.running,
  processed: state.processed,
  total: state.total,
  startedAt: state.startedAt,
  finishedAt: state.finishedAt,
  instance: state.instance,
});

export const json = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

export const text = (value: unknown) =>
  value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ').trim();

export const isTrue = (value: unknown) =>
  value === true || value === 1 || value === '1' || value === 't';
