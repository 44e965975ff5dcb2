import type { Intent, Language } from '../domain/intents';
import type { IntentStages } from '../domain/journeys';

export interface IntentMatch {
  intent: Intent;
  term: string;
  rule: string;
}

export interface Classification {
  intent: Intent | null;
  confidence: number;
  scores: Record<Intent, number>;
  matches: IntentMatch[];
  language: Language;
  stage: string | null;
}

/** A term an app's editors taught the classifier (accepted from the review queue's proposals). */
export interface SiteTerm {
  term: string;
  language: Language;
  intent: Intent;
}

export interface ClassifierExtras {
  siteTerms?: SiteTerm[];
}

export interface ClassifyOptions {
  locale?: string;
  journey?: { intentStages?: IntentStages; stages: Array<{ key: string }> };
}
