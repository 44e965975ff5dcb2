import type { Intent } from '../journeys';
import type { Pagination } from './tags';

/** Shapes of the review-queue routes (GET /journey/suggestions and friends). */
export interface SuggestionStage {
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  color?: string | null;
  colour?: string | null;
}

export interface Suggestion {
  intent: Intent | null;
  confidence: number;
  stage: SuggestionStage | null;
  matches: Array<{ intent: Intent; term: string; rule: string }>;
  source: 'title' | 'focusKeyword' | 'slug';
  text: string;
}

export interface QueueRow {
  documentId: string;
  title: string | null;
  locale: string | null;
  updatedAt: string;
  status?: string;
  suggestion: Suggestion | null;
  skipped: boolean;
}

export interface QueueAnswer {
  data: QueueRow[];
  meta: { pagination: Pagination; untagged: number; computed: number };
}

export interface QueueStatus {
  running: boolean;
  processed: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  instance?: string | null;
}

export interface SiteTermProposal {
  term: string;
  language: string;
  intent: Intent;
  count: number;
  total: number;
}

export interface SiteTerm {
  id: number;
  term: string;
  language: string;
  intent: Intent;
}

export interface AcceptItem {
  documentId: string;
  intent: Intent | null;
  stage?: string | null;
}

/** Confidence is 0..1 from the classifier; shown as a whole percentage. */
export const percent = (confidence: number) => Math.round(confidence * 100);
