/**
 * The shapes services hand each other (journeys as stored, a type's tag tables, the settings
 * every request reads): kept apart from the services so that none imports another to name them.
 */
import type { Intent, Language } from './intents';
import type { JourneyDefinition, StageDefinition } from './journeys';

export interface StoredStage extends StageDefinition {
  id: number;
  documentId: string;
  position: number;
}

export interface StoredJourney extends Omit<JourneyDefinition, 'stages'> {
  id: number;
  documentId: string;
  position: number;
  stages: StoredStage[];
}

/** Where an opted-in type keeps its tags in the database; read from Strapi's own metadata. */
export interface TagTable {
  uid: string;
  table: string;
  joinTable: string;
  entryColumn: string;
  stageColumn: string;
  documentId: string;
  publishedAt: string;
  updatedAt: string;
  locale: string;
  intent: string;
  localized: boolean;
  draftAndPublish: boolean;
}

export interface Settings {
  /** The version the rest was read under: part of every ETag. */
  version: string;
  journeys: StoredJourney[];
  /** null when i18n is not installed. */
  locales: string[] | null;
  defaultLocale: string | null;
}

/** The admin user a tag change is recorded under. */
export interface TagUser {
  id: number;
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

export interface Skipped {
  documentId: string;
  reason: string;
}

/** What a tag change did, or would do in a dry run. */
export interface ApplyResult {
  changeId: number | null;
  matched: number;
  changed: number;
  unchanged: number;
  skipped: Skipped[];
  perStage: Record<string, { already: number; will: number }>;
  /**
   * The documents whose rows were written, per content type and locale (empty in a dry run).
   * `draftAndPublish`: the writes went to the drafts, so the published version, coverage and
   * the public API follow only once they are published.
   */
  written: WrittenDocuments[];
}

export interface WrittenDocuments {
  contentType: string;
  locale: string | null;
  draftAndPublish: boolean;
  documentIds: string[];
}

/** An editor's choice of intent for a text, which site-term proposals learn from. */
export interface IntentChoice {
  text: string;
  language: Language;
  suggested: Intent | null;
  chosen: Intent;
  kind: 'accept' | 'correct' | 'panel';
  entryType?: string;
  entryDocumentId?: string;
  entryLocale?: string;
  userId?: number | null;
}
