import type { Core } from '@strapi/strapi';
import type { Intent, Language } from '../../domain/intents';
import { languageOfLocale, type Classification } from '../../intent/classifier';
import { type Knex, type QueryBuilder } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { restrictToReadable } from '../../utils/read-access';
import type { TagTable } from '../../domain/stored';
import { rowDefaults } from '../../utils/rows';
import {
  json,
  text,
  SUGGESTION_UID,
  type EntryRow,
  type Scope,
  type Source,
  type StoredSuggestion,
} from './shared';

/** The queue's rows: untagged entries joined to their stored suggestion, and how they are kept. */
export const suggestionRows = (strapi: Core.Strapi) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const table = () => strapi.db.metadata.get(SUGGESTION_UID).tableName;

  /** Title, focus keyword and slug columns of a type (null where it has none). */
  const textColumns = async (uid: string) => {
    const fields = await contentTypes().textFields(uid);
    return {
      titleField: fields.title,
      title: contentTypes().columnOf(uid, fields.title),
      keyword: contentTypes().columnOf(uid, fields.keyword),
      slug: contentTypes().columnOf(uid, fields.slug),
    };
  };

  /**
   * Untagged entries of one type, as the content manager shows them (the draft row where the type
   * has draft & publish), with their stored suggestion if any. One row per document and locale.
   */
  const entries = (
    knex: Knex,
    t: TagTable,
    columns: Awaited<ReturnType<typeof textColumns>>,
    scope: Scope
  ) => {
    const s = table();
    const query = knex(`${t.table} as e`)
      .leftJoin(`${s} as s`, function joinSuggestion() {
        this.on('s.entry_document_id', '=', `e.${t.documentId}`).andOnVal(
          's.entry_type',
          '=',
          t.uid
        );
        if (t.localized) this.andOn('s.entry_locale', '=', `e.${t.locale}`);
        else this.andOnVal('s.entry_locale', '=', '');
      })
      .whereNotExists(
        knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
      )
      .modify(restrictToReadable(strapi, scope.access));
    if (t.draftAndPublish) query.whereNull(`e.${t.publishedAt}`);
    if (t.localized && scope.locale) query.where(`e.${t.locale}`, scope.locale);
    return {
      query,
      select: (q: QueryBuilder) =>
        q
          .select({
            entry_id: 'e.id',
            document_id: `e.${t.documentId}`,
            updated_at: `e.${t.updatedAt}`,
            s_id: 's.id',
            s_entry_updated_at: 's.entry_updated_at',
            s_version: 's.classifier_version',
            s_intent: 's.intent',
            s_confidence: 's.confidence',
            s_language: 's.language',
            s_scores: 's.scores',
            s_matches: 's.matches',
            s_source: 's.source',
            s_text: 's.text',
            s_skipped: 's.skipped',
          })
          .select(columns.title ? { title: `e.${columns.title}` } : knex.raw('NULL as title'))
          .select(
            columns.keyword ? { keyword: `e.${columns.keyword}` } : knex.raw('NULL as keyword')
          )
          .select(columns.slug ? { slug: `e.${columns.slug}` } : knex.raw('NULL as slug'))
          .select(t.localized ? { locale: `e.${t.locale}` } : knex.raw('NULL as ??', ['locale'])),
    };
  };

  /**
   * A stored suggestion computed from the entry as it is now; with `version`, also by the
   * classifier as it is now (no site term added since).
   */
  const whereFresh = (q: QueryBuilder, t: TagTable, version?: string) => {
    q.whereNotNull('s.id').whereRaw(`s.entry_updated_at = e.${t.updatedAt}`);
    if (version !== undefined) q.where('s.classifier_version', version);
    return q;
  };
  const whereStale = (q: QueryBuilder, t: TagTable, version: string) =>
    q.where((w) =>
      w
        .whereNull('s.id')
        .orWhereNull('s.entry_updated_at')
        .orWhereRaw(`s.entry_updated_at <> e.${t.updatedAt}`)
        .orWhereNull('s.classifier_version')
        .orWhereNot('s.classifier_version', version)
    );

  /** Title first; where it says nothing, the focus keyword, then the slug read as words. */
  const suggest = (
    classify: (text: string, locale?: string) => Classification,
    row: Pick<EntryRow, 'title' | 'keyword' | 'slug' | 'locale'>,
    locale?: string
  ): StoredSuggestion => {
    const candidates: Array<[Source, string]> = [
      ['title', text(row.title)],
      ['focusKeyword', text(row.keyword)],
      ['slug', text(row.slug).replace(/[-_]+/g, ' ')],
    ];
    const present = candidates.filter(([, value]) => value.length > 0);
    const effectiveLocale = row.locale ?? locale;
    let first: StoredSuggestion | null = null;
    for (const [source, value] of present) {
      const result = classify(value, effectiveLocale ?? undefined);
      const suggestion: StoredSuggestion = {
        intent: result.intent,
        confidence: result.intent ? result.confidence : 0,
        language: result.language,
        scores: result.scores,
        matches: result.matches,
        source,
        text: value,
      };
      if (result.intent) return suggestion;
      first ??= suggestion;
    }
    return (
      first ?? {
        intent: null,
        confidence: 0,
        language: languageOfLocale(effectiveLocale ?? undefined) ?? 'en',
        scores: {},
        matches: [],
        source: 'title',
        text: '',
      }
    );
  };

  /**
   * Stores suggestions; one row per entry whichever instance writes it, so double work is
   * harmless. A skip is kept: recomputing an entry does not bring it back into the queue.
   */
  const upsert = async (
    knex: Knex,
    uid: string,
    items: Array<{ row: EntryRow; suggestion: StoredSuggestion }>,
    version: string
  ) => {
    if (!items.length) return;
    const rows = items.map(({ row, suggestion }) => ({
      ...rowDefaults(strapi, SUGGESTION_UID),
      entry_type: uid,
      entry_document_id: row.document_id,
      entry_locale: row.locale ?? '',
      // The value read from the entry's row, written back unchanged: equal means fresh.
      entry_updated_at: row.updated_at,
      classifier_version: version,
      intent: suggestion.intent,
      confidence: suggestion.confidence,
      language: suggestion.language,
      scores: JSON.stringify(suggestion.scores),
      matches: JSON.stringify(suggestion.matches),
      source: suggestion.source,
      text: suggestion.text.slice(0, 2000),
      skipped: false,
    }));
    await knex(table())
      .insert(rows)
      .onConflict(['entry_type', 'entry_document_id', 'entry_locale'])
      .merge([
        'entry_updated_at',
        'classifier_version',
        'intent',
        'confidence',
        'language',
        'scores',
        'matches',
        'source',
        'text',
        'updated_at',
      ]);
  };

  /** The classifier with the latest site terms, and the version to store with what it says. */
  const classifier = async () => {
    const { classifier: current, version } = await getService(strapi, 'intent').snapshot();
    return {
      classify: (value: string, locale?: string) => current.classify(value, { locale }),
      version,
    };
  };

  const fromRow = (row: EntryRow): StoredSuggestion | null =>
    row.s_id === null || row.s_id === undefined || !row.s_source
      ? null
      : {
          intent: (row.s_intent as Intent | null) ?? null,
          confidence: Number(row.s_confidence ?? 0),
          language: (row.s_language as Language) ?? 'en',
          scores: json(row.s_scores, {}),
          matches: json(row.s_matches, []),
          source: row.s_source as Source,
          text: row.s_text ?? '',
        };

  return {
    contentTypes,
    table,
    textColumns,
    entries,
    whereFresh,
    whereStale,
    suggest,
    upsert,
    classifier,
    fromRow,
  };
};

export type SuggestionRows = ReturnType<typeof suggestionRows>;
