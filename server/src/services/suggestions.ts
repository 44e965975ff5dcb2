import { randomUUID } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { Intent, Language } from '../domain/intents';
import { stageOf, stageView } from '../domain/stage-of';
import { KEYWORD_FIELDS } from '../domain/text-fields';
import { languageOfLocale, type Classification, type IntentMatch } from '../intent/classifier';
import { dbClient, locking, type Knex, type QueryBuilder } from '../utils/db';
import { getService } from '../utils/get-service';
import { restrictToReadable, type TypeAccess } from '../utils/read-access';
import type { TagTable } from '../domain/stored';
import type { StoredJourney } from '../domain/stored';
import { rowDefaults } from '../utils/rows';

export const SUGGESTION_UID = 'plugin::journey.suggestion';

export type Source = 'title' | 'focusKeyword' | 'slug';

export { KEYWORD_FIELDS };

/** Entries classified per batch of the background job: one read, one upsert. */
export const JOB_BATCH = 200;
/** A job whose instance has not written for this long is taken over by the next one to look. */
export const LEASE_MS = 30_000;
const JOB_KEY = 'plugin_journey_suggestionJob';

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

interface EntryRow {
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

const IDLE: JobState = {
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

const json = <T>(value: unknown, fallback: T): T => {
  if (value === null || value === undefined) return fallback;
  if (typeof value !== 'string') return value as T;
  try {
    return JSON.parse(value) as T;
  } catch {
    return fallback;
  }
};

const text = (value: unknown) =>
  value === null || value === undefined ? '' : String(value).replace(/\s+/g, ' ').trim();

const isTrue = (value: unknown) => value === true || value === 1 || value === '1' || value === 't';

export { stageOf, stageView };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const table = () => strapi.db.metadata.get(SUGGESTION_UID).tableName;
  const instanceId = randomUUID();

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
    const rows = documentIds.map((documentId) => ({
      ...rowDefaults(strapi, SUGGESTION_UID),
      entry_type: uid,
      entry_document_id: documentId,
      entry_locale: locale,
      entry_updated_at: null,
      confidence: 0,
      skipped,
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await knex(table())
        .insert(rows.slice(i, i + 500))
        .onConflict(['entry_type', 'entry_document_id', 'entry_locale'])
        .merge(['skipped', 'updated_at']);
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

  // ---- The background job: state in the core store, so every instance reports the same. ----

  const storeTable = () => strapi.db.metadata.get('strapi::core-store').tableName;

  const readState = async (): Promise<{
    id: number | null;
    raw: string | null;
    state: JobState;
  }> => {
    const row = (await strapi.db
      .connection(storeTable())
      .select('id', 'value')
      .where('key', JOB_KEY)
      .orderBy('id')
      .first()) as { id: number; value: string } | undefined;
    if (!row) return { id: null, raw: null, state: { ...IDLE } };
    return { id: row.id, raw: row.value, state: { ...IDLE, ...json<JobState>(row.value, IDLE) } };
  };

  /**
   * Writes the job state only if nobody wrote it since it was read: the conditional UPDATE is the
   * lease, so of two instances starting (or taking over) at once exactly one goes on.
   */
  const compareAndSet = async (
    read: { id: number | null; raw: string | null },
    next: JobState
  ): Promise<boolean> => {
    const value = JSON.stringify(next);
    if (read.id === null) {
      // First run on this database: one row, created under a lock so two instances agree on it.
      return (await strapi.db.transaction(async ({ trx }) => {
        const knex = trx as unknown as Knex;
        await locking(
          strapi,
          knex(storeTable()).select('id').where('key', 'plugin_journey_seededJourneys'),
          'update'
        );
        const existing = await knex(storeTable()).select('id').where('key', JOB_KEY).first();
        if (existing) return false;
        await knex(storeTable()).insert({ key: JOB_KEY, value, type: 'object' });
        return true;
      })) as boolean;
    }
    const updated = await strapi.db
      .connection(storeTable())
      .where({ id: read.id, value: read.raw })
      .update({ value });
    return Number(updated) === 1;
  };

  const jobScopes = (scope: JobState['scope']): Scope[] => {
    const uids = scope.contentType ? [scope.contentType] : contentTypes().journeyAwareUids();
    return uids
      .filter((uid) => contentTypes().isJourneyAware(uid))
      .map((uid) => ({ uid, locale: scope.locale }));
  };

  /** Untagged entries of the scope without a suggestion made from their current text. */
  const pendingCount = async (scope: JobState['scope']) => {
    const { version } = await classifier();
    let total = 0;
    for (const s of jobScopes(scope)) {
      const t = contentTypes().tagTable(s.uid);
      const base = entries(strapi.db.connection, t, await textColumns(s.uid), s);
      const row = (await whereStale(base.query.clone(), t, version)
        .count({ count: '*' })
        .first()) as { count: unknown } | undefined;
      total += Number(row?.count ?? 0);
    }
    return total;
  };

  /** One batch of one type: classified and stored. Returns the entries it handled. */
  const processBatch = async (scope: Scope, seen: Set<string>) => {
    const knex = strapi.db.connection;
    const t = contentTypes().tagTable(scope.uid);
    const base = entries(knex, t, await textColumns(scope.uid), scope);
    const { classify, version } = await classifier();
    const rows = (await base
      .select(whereStale(base.query.clone(), t, version))
      .orderBy('e.id')
      .limit(JOB_BATCH)) as unknown as EntryRow[];
    const fresh = rows.filter((r) => !seen.has(`${scope.uid}:${r.document_id}:${r.locale ?? ''}`));
    if (!fresh.length) return 0;
    await upsert(
      knex,
      scope.uid,
      fresh.map((row) => ({ row, suggestion: suggest(classify, row, scope.locale) })),
      version
    );
    // An entry that stays stale after its upsert (edited meanwhile) is not taken again this run.
    for (const r of fresh) seen.add(`${scope.uid}:${r.document_id}:${r.locale ?? ''}`);
    return fresh.length;
  };

  let loopRunning: string | null = null;

  const loop = async (runId: string) => {
    loopRunning = runId;
    const seen = new Set<string>();
    let batches = 0;
    try {
      for (;;) {
        const read = await readState();
        if (read.state.runId !== runId || read.state.instance !== instanceId) return;
        let handled = 0;
        for (const scope of jobScopes(read.state.scope)) {
          handled = await processBatch(scope, seen);
          if (handled) break;
        }
        const state = read.state;
        const next: JobState = handled
          ? {
              ...state,
              heartbeat: Date.now(),
              processed: state.processed + handled,
              total: Math.max(state.total, state.processed + handled),
            }
          : {
              ...state,
              running: false,
              heartbeat: Date.now(),
              finishedAt: new Date().toISOString(),
              total: state.processed,
            };
        if (!(await compareAndSet(read, next))) return;
        if (!handled) return;
        batches += 1;
        // PostgreSQL plans the queue's join from table statistics; the suggestions table grows
        // from nothing during a first run, faster than autovacuum re-reads it (unanalysed, a
        // 10,000-entry backlog took 25 times longer).
        if (dbClient(strapi) === 'postgres' && (batches === 1 || batches % 10 === 0)) {
          await strapi.db.connection.raw('ANALYZE ??', [table()]);
        }
        // Let requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      strapi.log.warn(`[journey] suggestion job stopped: ${error}`);
    } finally {
      if (loopRunning === runId) loopRunning = null;
    }
  };

  /**
   * Starts the job, unless another instance runs it (a fresh heartbeat); a job whose instance
   * stopped writing is taken over and goes on with what is still missing.
   */
  const run = async (scope: JobState['scope'] = {}) => {
    const read = await readState();
    const { state } = read;
    if (state.running && Date.now() - state.heartbeat < LEASE_MS) return { started: false, state };
    const resumed =
      state.running && JSON.stringify(state.scope) === JSON.stringify(scope) ? state : null;
    const pending = await pendingCount(scope);
    const next: JobState = {
      running: true,
      runId: randomUUID(),
      instance: instanceId,
      heartbeat: Date.now(),
      startedAt: resumed?.startedAt ?? new Date().toISOString(),
      finishedAt: null,
      processed: resumed?.processed ?? 0,
      total: (resumed?.processed ?? 0) + pending,
      scope,
      error: null,
    };
    if (!(await compareAndSet(read, next)))
      return { started: false, state: (await readState()).state };
    void loop(next.runId as string);
    return { started: true, state: next };
  };

  /** A job left running by an instance that stopped is resumed by whichever instance looks. */
  const resumeAbandoned = async () => {
    const { state } = await readState();
    if (state.running && Date.now() - state.heartbeat >= LEASE_MS) await run(state.scope);
  };

  const status = async () => {
    const { state } = await readState();
    return {
      running: state.running,
      processed: state.processed,
      total: state.total,
      startedAt: state.startedAt,
      finishedAt: state.finishedAt,
      instance: state.instance,
      stale: state.running && Date.now() - state.heartbeat >= LEASE_MS,
    };
  };

  return {
    list,
    storedFor,
    suggestionsOf,
    skip,
    forget,
    run,
    status,
    resumeAbandoned,
    instanceId: () => instanceId,
    isLooping: () => loopRunning !== null,
  };
};
