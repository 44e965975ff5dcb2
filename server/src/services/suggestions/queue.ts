import type { Core } from '@strapi/strapi';
import type { Intent, Language } from '../../domain/intents';
import { stageOf, stageView } from '../../domain/stage-of';
import { retryOnConflict, type Knex } from '../../utils/db';
import type { TagTable } from '../../domain/stored';
import { rowDefaults } from '../../utils/rows';
import type { SuggestionRows } from './rows';
import {
  isTrue,
  SUGGESTION_UID,
  json,
  text,
  type EntryRow,
  type ListQuery,
  type Scope,
  type Source,
  type StoredSuggestion,
} from './shared';

/** The queue as the admin lists it, and the editors' choices on it. */
export const suggestionQueue = (strapi: Core.Strapi, rows: SuggestionRows) => {
  const {
    contentTypes,
    table,
    textColumns,
    entries,
    whereFresh,
    suggest,
    upsert,
    classifier,
    fromRow,
  } = rows;

  const instant = (v: unknown) =>
    v instanceof Date ? v.getTime() : typeof v === 'number' ? v : new Date(v as string).getTime();
  const sameInstant = (a: unknown, b: unknown) => {
    if (a === null || a === undefined || b === null || b === undefined) return false;
    const time = (v: unknown) =>
      v instanceof Date ? v.getTime() : new Date(v as string).getTime();
    return a === b || time(a) === time(b);
  };

  /** Which listed documents also have a published version, for the list's status. */
  const statuses = async (knex: Knex, t: TagTable, rows: EntryRow[]) => {
    const result = new Map<string, 'draft' | 'published' | 'modified'>();
    if (!t.draftAndPublish) {
      for (const r of rows) result.set(`${r.document_id}:${r.locale ?? ''}`, 'published');
      return result;
    }
    if (!rows.length) return result;
    const published = (await knex(t.table)
      .select({
        document_id: t.documentId,
        updated_at: t.updatedAt,
        locale: t.localized ? t.locale : knex.raw('NULL'),
      })
      .whereIn(
        t.documentId,
        rows.map((r) => r.document_id)
      )
      .whereNotNull(t.publishedAt)) as Array<{
      document_id: string;
      updated_at: unknown;
      locale: string | null;
    }>;
    for (const r of rows) {
      const twin = published.find(
        (p) => p.document_id === r.document_id && (!t.localized || p.locale === r.locale)
      );
      result.set(
        `${r.document_id}:${r.locale ?? ''}`,
        // As the content manager tells them: a draft saved after publishing is "modified".
        !twin
          ? 'draft'
          : instant(r.updated_at) > instant(twin.updated_at)
            ? 'modified'
            : 'published'
      );
    }
    return result;
  };

  const list = async (query: ListQuery) => {
    const knex = strapi.db.connection;
    const t = contentTypes().tagTable(query.uid);
    const columns = await textColumns(query.uid);
    const base = entries(knex, t, columns, query);
    const { classify, version } = await classifier();

    const [untaggedRow, computedRow] = await Promise.all([
      base.query.clone().count({ count: '*' }).first(),
      whereFresh(base.query.clone(), t, version).count({ count: '*' }).first(),
    ]);
    const filtered = base.query.clone();
    if (!query.showSkipped) {
      filtered.where((w) => w.whereNull('s.skipped').orWhere('s.skipped', false));
    }
    if (query.intent === 'none') filtered.whereNotNull('s.id').whereNull('s.intent');
    else if (query.intent) filtered.where('s.intent', query.intent);
    if (query.minConfidence !== undefined) {
      filtered.whereNotNull('s.intent').where('s.confidence', '>=', query.minConfidence);
    }
    const totalRow = (await filtered.clone().count({ count: '*' }).first()) as
      { count: unknown } | undefined;
    const total = Number(totalRow?.count ?? 0);
    const rows = (await base
      .select(filtered.clone())
      .orderBy([
        { column: `e.${t.updatedAt}`, order: 'desc' },
        { column: 'e.id', order: 'desc' },
      ])
      .limit(query.limit)
      .offset(query.offset)) as unknown as EntryRow[];

    // Entries on this page without a suggestion made from their current text get one now.
    const stale = rows.filter(
      (r) =>
        !fromRow(r) || !sameInstant(r.s_entry_updated_at, r.updated_at) || r.s_version !== version
    );
    const computed = new Map<EntryRow, StoredSuggestion>();
    if (stale.length) {
      const items = stale.map((row) => ({ row, suggestion: suggest(classify, row, query.locale) }));
      await upsert(knex, query.uid, items, version);
      for (const { row, suggestion } of items) computed.set(row, suggestion);
    }
    const status = await statuses(knex, t, rows);
    const data = rows.map((row) => {
      const suggestion = computed.get(row) ?? (fromRow(row) as StoredSuggestion);
      const stage = stageOf(query.journey, suggestion.intent, suggestion.scores);
      return {
        documentId: row.document_id,
        title: query.showText === false || row.title === null ? null : text(row.title),
        locale: row.locale ?? null,
        updatedAt: new Date(row.updated_at as string).toISOString(),
        status: status.get(`${row.document_id}:${row.locale ?? ''}`) ?? 'draft',
        suggestion: {
          intent: suggestion.intent,
          confidence: suggestion.confidence,
          stage: stageView(stage),
          matches: query.showText === false ? [] : suggestion.matches,
          source: suggestion.source,
          text: query.showText === false ? '' : suggestion.text,
          language: suggestion.language,
        },
        skipped: isTrue(row.s_skipped),
      };
    });
    return {
      data,
      total,
      untagged: Number((untaggedRow as { count: unknown } | undefined)?.count ?? 0),
      computed: Number((computedRow as { count: unknown } | undefined)?.count ?? 0) + stale.length,
    };
  };

  /**
   * Fresh stored suggestions of untagged entries (for "accept all above X"): documentId and what
   * was suggested. `documentIds` limits them to some entries.
   */
  const storedFor = async (
    scope: Scope,
    filter: { intent?: Intent; minConfidence?: number; documentIds?: string[]; limit?: number }
  ) => {
    const knex = strapi.db.connection;
    const t = contentTypes().tagTable(scope.uid);
    const columns = await textColumns(scope.uid);
    const base = entries(knex, t, columns, scope);
    const query = whereFresh(base.query.clone(), t).whereNotNull('s.intent');
    query.where((w) => w.whereNull('s.skipped').orWhere('s.skipped', false));
    if (filter.intent) query.where('s.intent', filter.intent);
    if (filter.minConfidence !== undefined) query.where('s.confidence', '>=', filter.minConfidence);
    if (filter.documentIds) query.whereIn(`e.${t.documentId}`, filter.documentIds);
    const rows = (await base
      .select(query)
      .orderBy('e.id')
      .limit(filter.limit ?? 10_000)) as unknown as EntryRow[];
    return rows.map((row) => ({
      documentId: row.document_id,
      locale: row.locale,
      suggestion: fromRow(row) as StoredSuggestion,
    }));
  };

  /** The stored suggestions of some entries, fresh or not (what the editor saw when choosing). */
  const suggestionsOf = async (uid: string, locale: string, documentIds: string[]) => {
    if (!documentIds.length) return new Map<string, StoredSuggestion>();
    const rows = (await strapi.db
      .connection(table())
      .select('*')
      .where({ entry_type: uid, entry_locale: locale })
      .whereIn('entry_document_id', documentIds)) as Array<Record<string, unknown>>;
    return new Map(
      rows.map((r) => [
        String(r.entry_document_id),
        {
          intent: (r.intent as Intent | null) ?? null,
          confidence: Number(r.confidence ?? 0),
          language: (r.language as Language) ?? 'en',
          scores: json(r.scores, {}),
          matches: json(r.matches, []),
          source: (r.source as Source) ?? 'title',
          text: String(r.text ?? ''),
        } satisfies StoredSuggestion,
      ])
    );
  };

  /** Hides entries from the queue; a row is created for entries not yet computed. */
  const skip = async (uid: string, locale: string, documentIds: string[], skipped = true) => {
    if (!documentIds.length) return 0;
    const knex = strapi.db.connection;
    // One key order for every caller, so overlapping skips take their row locks in the same
    // order; MariaDB's insert-intention locks can still deadlock an upsert, so a chunk that met
    // one is sent again (an upsert of the same values is safe to repeat).
    const rows = [...new Set(documentIds)].sort().map((documentId) => ({
      ...rowDefaults(strapi, SUGGESTION_UID),
      entry_type: uid,
      entry_document_id: documentId,
      entry_locale: locale,
      entry_updated_at: null,
      confidence: 0,
      skipped,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await retryOnConflict(strapi, 'Skipping suggestions', () =>
        knex(table())
          .insert(rows.slice(i, i + 500))
          .onConflict(['entry_type', 'entry_document_id', 'entry_locale'])
          .merge(['skipped', 'updated_at'])
      );
    }
    return documentIds.length;
  };

  /** Suggestions of entries that are tagged now: they left the queue. */
  const forget = async (uid: string, locale: string, documentIds: string[]) => {
    for (let i = 0; i < documentIds.length; i += 500) {
      await strapi.db
        .connection(table())
        .where({ entry_type: uid, entry_locale: locale })
        .whereIn('entry_document_id', documentIds.slice(i, i + 500))
        .delete();
    }
  };

  return { list, storedFor, suggestionsOf, skip, forget };
};
