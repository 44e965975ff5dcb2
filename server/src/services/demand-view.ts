import type { Core } from '@strapi/strapi';
import {
  Bm25Index,
  combinedStats,
  explain,
  languageOf,
  queryTerms,
  search,
  type CollectionStats,
} from '../domain/bm25';
import { paginationParams, type Pagination } from '../domain/content-params';
import type { JourneyPluginConfig } from '../domain/config';
import {
  cutoffOffset,
  DAYS_PER_MONTH,
  isAlmostThere,
  METRICS,
  rankOpportunities,
  toCsv,
  type Metric,
  type RankInput,
} from '../domain/demand-rank';
import {
  demandModel,
  readSplit,
  sourceAt,
  type DemandModel,
  type DemandOverlap,
  type ImportUse,
  type ReadSplit,
} from '../domain/demand-model';
import { INTENTS, isIntent, type Intent } from '../domain/intents';
import { PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';
import { invalidParam, rethrowAsBadRequest } from '../utils/params';
import {
  readableTypes as readableTypesOf,
  restrictToReadable,
  type ReadAccess,
} from '../utils/read-access';
import { stageOf } from '../domain/stage-of';
import type { StoredJourney, StoredStage } from '../domain/stored';

const QUERY_UID = 'plugin::journey.demand-query';
const IMPORT_UID = 'plugin::journey.demand-import';

/**
 * A query is served when a published document scores at least this much (0..1, the share of the
 * query's weight the document's title, slug or focus keyword carries; see domain/bm25.ts).
 * 0.6: most of the query, its rare words above all, is there.
 */
export const DEFAULT_THRESHOLD = 0.6;

/** Match caches kept at once (one per index version × threshold × access). */
const MATCH_CACHES = 8;
const CELL_INTENTS = [...INTENTS, 'none'] as const;
/** Milliseconds a background refresh matches before it lets waiting requests run. */
const REFRESH_SLICE_MS = 10;

/**
 * The stage a query's intent places it in, as the classifier and demand-import's preview place
 * it (`stageOf`): the journey's intent → stage mapping, and a navigational query the journey
 * does not map goes to the decision stage (the stored rows keep no runner-up intent to follow).
 * A query left with no stage counts in `totals.unplaced`.
 */
const stageOfIntent = (journey: StoredJourney, intent: Intent): StoredStage | null =>
  stageOf(journey, intent);

const yieldToRequests = () => new Promise<void>((resolve) => setImmediate(resolve));

export interface DemandQuery {
  journey?: string;
  locale?: string;
  contentType?: string;
  metric?: string;
  threshold?: string;
  access?: ReadAccess;
}

export interface DemandCellQuery extends DemandQuery {
  stage?: string;
  intent?: string;
  page?: unknown;
  pageSize?: unknown;
}

/** One (type, locale) collection of published documents, indexed for matching. */
interface Segment {
  uid: string;
  locale: string | null;
  index: Bm25Index;
  entryIds: number[];
  documentIds: string[];
  titles: Array<string | null>;
  slugs: Array<string | null>;
  keywords: Array<string | null>;
  /** Intent per document ('' for none). */
  intents: string[];
  /** Stage ids per document. */
  stages: number[][];
}

interface TypeIndex {
  version: string;
  /** When the content it was built from was read (epoch ms). */
  readAt: number;
  titleField: string | null;
  segments: Map<string | null, Segment>;
  bytes: number;
}

/** The matches found over one set of index versions, at one threshold, for one row access. */
interface CacheRecord {
  /** Same types, threshold and row access: records of one family differ in index versions. */
  family: string;
  types: Array<{ uid: string; index: TypeIndex }>;
  threshold: number;
  access?: ReadAccess;
  entries: Map<string, Match | null>;
  usedAt: number;
}

interface Match {
  segment: Segment;
  doc: number;
  score: number;
  served: boolean;
  sameCell: boolean;
}

interface DemandRow {
  id: number | string;
  import_id: number | string;
  locale: string;
  query: string;
  intent: string;
  stage_document_id: string | null;
  clicks: number | string | null;
  impressions: number | string | null;
  ctr: number | string | null;
  position: number | string | null;
  volume: number | string | null;
  overridden: unknown;
  classified_intent: string;
  /** The query's monthly demand under the demand model (domain/demand-model.ts). */
  monthly: number | string | null;
}

const num = (value: unknown): number | null =>
  value === null || value === undefined || value === '' ? null : Number(value);

const isTrue = (value: unknown) => value === true || value === 1 || value === '1' || value === 't';

const round = (value: number, digits = 2) => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

const paginationMeta = (p: Pagination, total: number) => ({
  page: p.page,
  pageSize: p.limit,
  pageCount: Math.ceil(total / p.limit),
  total,
});

export const metricParam = (value: string | undefined): Metric => {
  if (value === undefined) return 'impressions';
  if (!(METRICS as readonly string[]).includes(value)) throw invalidParam('metric', value, METRICS);
  return value as Metric;
};

export const thresholdParam = (value: string | undefined): number => {
  if (value === undefined) return DEFAULT_THRESHOLD;
  const n = Number(value);
  if (!/^\s*\d*\.?\d+\s*$/.test(value) || !Number.isFinite(n) || n < 0 || n > 1) {
    throw invalidParam('threshold', value, ['a number from 0 to 1']);
  }
  return n;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const knex = () => strapi.db.connection;
  const columnsOf = (uid: string) => {
    const attributes = strapi.db.metadata.get(uid).attributes as Record<
      string,
      { columnName?: string }
    >;
    return (name: string) => attributes[name]?.columnName ?? name;
  };
  const queryTable = () => strapi.db.metadata.get(QUERY_UID).tableName;
  const importTable = () => strapi.db.metadata.get(IMPORT_UID).tableName;

  const indexes = new Map<string, TypeIndex>();
  const building = new Map<string, Promise<TypeIndex>>();
  const matchCaches = new Map<string, CacheRecord>();
  let refreshing: Promise<void> | null = null;

  const requireJourney = async (key?: string): Promise<StoredJourney> => {
    const all = await getService(strapi, 'journeys').list();
    const journey = key ? all.find((j) => j.key === key) : all[0];
    if (!journey)
      throw invalidParam(
        'journey',
        key ?? '',
        all.map((j) => j.key)
      );
    return journey;
  };

  const readableTypes = (contentType?: string, access?: ReadAccess) =>
    readableTypesOf(contentTypes().journeyAwareUids(), contentType, access);

  const textFields = (uid: string) => contentTypes().textFields(uid);

  /**
   * What the index of a type was built from, read in two cheap aggregate queries: publishing
   * writes a new published row (new id), unpublishing and deleting change the count, editing
   * tags or intent in the plugin bumps updated_at, and moving a stage's tags rewrites links.
   */
  const typeVersion = async (uid: string, fields: Awaited<ReturnType<typeof textFields>>) => {
    const t = contentTypes().tagTable(uid);
    const rows = knex()(t.table).count({ n: '*' }).max({ id: 'id', at: t.updatedAt });
    if (t.draftAndPublish) rows.whereNotNull(t.publishedAt);
    const [entries, links] = await Promise.all([
      rows.first(),
      knex()(t.joinTable).count({ n: '*' }).max({ id: 'id' }).first(),
    ]);
    const at = (entries as { at?: unknown } | undefined)?.at;
    return JSON.stringify([
      entries?.n,
      entries?.id,
      at instanceof Date ? at.getTime() : (at ?? null),
      links?.n,
      links?.id,
      fields,
    ]);
  };

  const buildTypeIndex = async (
    uid: string,
    version: string,
    fields: Awaited<ReturnType<typeof textFields>>
  ): Promise<TypeIndex> => {
    const readAt = Date.now();
    const t = contentTypes().tagTable(uid);
    const column = (name: string | null) => contentTypes().columnOf(uid, name);
    const db = knex();
    const select: Record<string, string> = { id: 'e.id', document_id: `e.${t.documentId}` };
    for (const [alias, name] of [
      ['title', fields.title],
      ['slug', fields.slug],
      ['keyword', fields.keyword],
    ] as const) {
      const col = column(name);
      if (col) select[alias] = `e.${col}`;
    }
    select.intent = `e.${t.intent}`;
    if (t.localized) select.locale = `e.${t.locale}`;
    const entries = db(`${t.table} as e`).select(select).orderBy('e.id');
    const links = db(`${t.joinTable} as l`)
      .join(`${t.table} as e`, 'e.id', `l.${t.entryColumn}`)
      .select({ entry: `l.${t.entryColumn}`, stage: `l.${t.stageColumn}` });
    if (t.draftAndPublish) {
      entries.whereNotNull(`e.${t.publishedAt}`);
      links.whereNotNull(`e.${t.publishedAt}`);
    }
    const [rows, linkRows] = (await Promise.all([entries, links])) as [
      Array<Record<string, unknown>>,
      Array<{ entry: number | string; stage: number | string }>,
    ];
    const stagesOf = new Map<number, number[]>();
    for (const l of linkRows) {
      const list = stagesOf.get(Number(l.entry));
      if (list) list.push(Number(l.stage));
      else stagesOf.set(Number(l.entry), [Number(l.stage)]);
    }
    const byLocale = new Map<string | null, Array<Record<string, unknown>>>();
    for (const row of rows) {
      const locale = t.localized ? ((row.locale as string | null) ?? null) : null;
      const list = byLocale.get(locale);
      if (list) list.push(row);
      else byLocale.set(locale, [row]);
    }
    const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const segments = new Map<string | null, Segment>();
    let bytes = 0;
    for (const [locale, list] of byLocale) {
      const titles = list.map((r) => text(r.title));
      const slugs = list.map((r) => text(r.slug));
      const keywords = list.map((r) => text(r.keyword));
      const index = new Bm25Index(
        list.map((_, i) => ({ title: titles[i], slug: slugs[i], keyword: keywords[i] })),
        languageOf(locale)
      );
      const segment: Segment = {
        uid,
        locale,
        index,
        entryIds: list.map((r) => Number(r.id)),
        documentIds: list.map((r) => String(r.document_id)),
        titles,
        slugs,
        keywords,
        intents: list.map((r) => (r.intent ? String(r.intent) : '')),
        stages: list.map((r) => stagesOf.get(Number(r.id)) ?? []),
      };
      // Typed arrays counted exactly; strings and small arrays at V8's usual sizes.
      bytes += index.bytes;
      for (let i = 0; i < list.length; i += 1) {
        bytes +=
          32 +
          2 *
            ((titles[i]?.length ?? 0) +
              (slugs[i]?.length ?? 0) +
              (keywords[i]?.length ?? 0) +
              segment.documentIds[i].length) +
          16 +
          8 * segment.stages[i].length;
      }
      segments.set(locale, segment);
    }
    return { version, readAt, titleField: fields.title, segments, bytes };
  };

  /** Builds a type's index on first use; concurrent first requests wait for the same build. */
  const firstBuild = async (
    uid: string,
    version: string,
    fields: Awaited<ReturnType<typeof textFields>>
  ): Promise<TypeIndex> => {
    const key = `${uid}\u0000${version}`;
    let pending = building.get(key);
    if (!pending) {
      pending = buildTypeIndex(uid, version, fields).finally(() => building.delete(key));
      building.set(key, pending);
    }
    const built = await pending;
    if (!indexes.has(uid)) indexes.set(uid, built);
    return indexes.get(uid) as TypeIndex;
  };

  /** Rows the caller may read, for the types where the content manager restricts rows. */
  const readableRows = async (uids: string[], access?: ReadAccess) => {
    const masks = new Map<string, Set<number>>();
    await Promise.all(
      uids.map(async (uid) => {
        const typeAccess = access?.get(uid);
        if (!typeAccess?.filters) return;
        const t = contentTypes().tagTable(uid);
        const query = knex()(`${t.table} as e`)
          .select('e.id')
          .modify(restrictToReadable(strapi, typeAccess));
        if (t.draftAndPublish) query.whereNotNull(`e.${t.publishedAt}`);
        const rows = (await query) as Array<{ id: number | string }>;
        masks.set(uid, new Set(rows.map((r) => Number(r.id))));
      })
    );
    return masks;
  };

  type TypeEntry = { uid: string; index: TypeIndex };

  const cacheKeyOf = (types: TypeEntry[], threshold: number, access?: ReadAccess) =>
    JSON.stringify([
      types.map((t) => [t.uid, t.index.version]),
      threshold,
      types.map((t) => access?.get(t.uid)?.filters ?? null),
    ]);

  const matchKey = (locale: string, stageId: number | null, intent: string, query: string) =>
    `${locale}\u0000${stageId ?? ''}\u0000${intent}\u0000${query}`;

  /**
   * The matching over given indexes: the segments per locale, their combined statistics, and
   * the cache of matches it fills.
   */
  const matching = (
    types: TypeEntry[],
    masks: Map<string, Set<number>>,
    threshold: number,
    cache: Map<string, Match | null>
  ) => {
    const perLocale = new Map<
      string,
      { segments: Segment[]; stats: CollectionStats; indexes: Bm25Index[] }
    >();
    const forLocale = (locale: string) => {
      let found = perLocale.get(locale);
      if (!found) {
        const segments = types.flatMap((t) => {
          const s = t.index.segments.get(contentTypes().isLocalized(t.uid) ? locale : null);
          return s ? [s] : [];
        });
        const list = segments.map((s) => s.index);
        found = { segments, indexes: list, stats: combinedStats(list) };
        perLocale.set(locale, found);
      }
      return found;
    };

    const match = (
      locale: string,
      query: string,
      stageId: number | null,
      intent: string
    ): Match | null => {
      const key = matchKey(locale, stageId, intent, query);
      if (cache.has(key)) return cache.get(key) ?? null;
      const { segments, indexes: list, stats } = forLocale(locale);
      const docIntent = intent === 'none' ? '' : intent;
      const inCell =
        stageId === null
          ? undefined
          : (i: number, doc: number) =>
              segments[i].intents[doc] === docIntent && segments[i].stages[doc].includes(stageId);
      const terms = queryTerms(query, languageOf(locale));
      const allowed = masks.size
        ? (i: number, doc: number) =>
            masks.get(segments[i].uid)?.has(segments[i].entryIds[doc]) ?? true
        : undefined;
      // The best document of all first: its pruning is the strongest. Below the threshold
      // nothing serves the query; in the cell, the cell is served. Only a best document of
      // another cell asks for a second search, restricted to the cell.
      const { best } = search(list, terms, stats, { allowed });
      const at = (h: NonNullable<typeof best>, served: boolean, sameCell: boolean): Match => ({
        segment: segments[h.index],
        doc: h.doc,
        score: h.score,
        served,
        sameCell,
      });
      let found: Match | null = null;
      if (best) {
        const bestInCell = !!inCell && inCell(best.index, best.doc);
        if (best.score < threshold || bestInCell || !inCell) {
          found = at(best, best.score >= threshold, bestInCell);
        } else {
          const cell = search(list, terms, stats, { allowed, inCell, cellThreshold: threshold });
          found = cell.bestInCell ? at(cell.bestInCell, true, true) : at(best, true, false);
        }
      }
      cache.set(key, found);
      return found;
    };

    const statsFor = (locale: string) => forLocale(locale).stats;
    return { match, statsFor };
  };

  /** The least recently used caches go first. */
  const trimCaches = () => {
    const byUse = [...matchCaches].sort(([, a], [, b]) => a.usedAt - b.usedAt);
    for (const [key] of byUse.slice(0, Math.max(0, matchCaches.size - MATCH_CACHES))) {
      matchCaches.delete(key);
    }
  };

  /** The caches a request may answer from: same types, threshold and row access. */
  const familyOf = (uids: string[], threshold: number, access?: ReadAccess) =>
    JSON.stringify([uids, threshold, uids.map((uid) => access?.get(uid)?.filters ?? null)]);

  /**
   * A type whose content changed since its index was built is rebuilt here, in the background,
   * one refresh at a time per process. The new index is in use at once; each cache of matches
   * over an old index is then found again against the new ones, the most recently used first,
   * and replaces the old cache when complete. Until then requests answer from the old cache
   * (marked refreshing). The matching yields to requests every few milliseconds.
   */
  const refreshInBackground = () => {
    if (refreshing) return;
    refreshing = (async () => {
      for (const uid of [...indexes.keys()]) {
        if (!contentTypes().journeyAwareUids().includes(uid)) {
          indexes.delete(uid);
          continue;
        }
        const fields = await textFields(uid);
        const version = await typeVersion(uid, fields);
        if (indexes.get(uid)?.version === version) continue;
        indexes.set(uid, await buildTypeIndex(uid, version, fields));
        await yieldToRequests();
      }
      const outdated = () =>
        [...matchCaches.entries()]
          .filter(([, r]) => r.types.some((t) => indexes.get(t.uid) !== t.index))
          .sort(([, a], [, b]) => b.usedAt - a.usedAt);
      for (let next = outdated()[0]; next; next = outdated()[0]) {
        const [oldKey, record] = next;
        const types = record.types.map((t) => {
          const index = indexes.get(t.uid) ?? t.index;
          return { uid: t.uid, index };
        });
        const masks = await readableRows(
          types.map((t) => t.uid),
          record.access
        );
        const entries = new Map<string, Match | null>();
        const { match } = matching(types, masks, record.threshold, entries);
        let slice = performance.now();
        for (const key of [...record.entries.keys()]) {
          const [locale, stage, intent, ...rest] = key.split('\u0000');
          match(locale, rest.join('\u0000'), stage === '' ? null : Number(stage), intent);
          if (performance.now() - slice > REFRESH_SLICE_MS) {
            await yieldToRequests();
            slice = performance.now();
          }
        }
        // Keys a request added meanwhile are matched on their next request.
        matchCaches.delete(oldKey);
        if (types.every((t) => indexes.get(t.uid) === t.index)) {
          matchCaches.set(cacheKeyOf(types, record.threshold, record.access), {
            ...record,
            types,
            entries,
          });
          trimCaches();
        }
      }
    })()
      .catch((error: unknown) => {
        strapi.log.error(
          `[journey] demand matching refresh failed: ${error instanceof Error ? error.message : String(error)}`
        );
      })
      .finally(() => {
        refreshing = null;
      });
  };

  /**
   * Everything the matching of one request needs. Indexes are built on first use (the only
   * time a request waits for them); when a type's content changed since, the request answers
   * from the matches it has over the previous index, and a background refresh catches up
   * (`state: 'refreshing'`, `asOf` = when the content those matches reflect was read).
   */
  const matcher = async (uids: string[], threshold: number, access?: ReadAccess) => {
    const read = await Promise.all(
      uids.map(async (uid) => {
        const fields = await textFields(uid);
        return { uid, fields, version: await typeVersion(uid, fields) };
      })
    );
    let stale = false;
    const live: TypeEntry[] = [];
    for (const { uid, fields, version } of read) {
      const index = indexes.get(uid) ?? (await firstBuild(uid, version, fields));
      if (index.version !== version) stale = true;
      live.push({ uid, index });
    }
    const family = familyOf(uids, threshold, access);
    let record = matchCaches.get(cacheKeyOf(live, threshold, access));
    if (!record) {
      // Matches over an older index of these types: answered from while they are refreshed.
      record = [...matchCaches.values()]
        .filter((r) => r.family === family)
        .sort((a, b) => b.usedAt - a.usedAt)[0];
      if (record) stale = true;
    }
    if (!record) {
      record = { family, types: live, threshold, access, entries: new Map(), usedAt: Date.now() };
      matchCaches.set(cacheKeyOf(live, threshold, access), record);
      trimCaches();
    }
    record.usedAt = Date.now();
    if (stale) refreshInBackground();
    const types = record.types;
    const masks = await readableRows(uids, access);
    const { match, statsFor } = matching(types, masks, threshold, record.entries);
    const asOf = new Date(Math.min(...types.map((t) => t.index.readAt))).toISOString();
    return {
      match,
      statsFor,
      types,
      matching: { state: stale ? ('refreshing' as const) : ('current' as const), asOf },
    };
  };
  /** An instant from the database: a Date (PostgreSQL, MySQL), epoch ms or text (SQLite). */
  const isoOf = (value: unknown): string | null => {
    if (value === null || value === undefined || value === '') return null;
    const date =
      value instanceof Date
        ? value
        : new Date(
            typeof value === 'number' || /^\d+$/.test(String(value)) ? Number(value) : String(value)
          );
    return Number.isNaN(date.getTime()) ? null : date.toISOString();
  };

  /** The journey's imports (of one locale when given) and which count how (domain/demand-model.ts). */
  const modelOf = async (journey: StoredJourney, locale?: string): Promise<DemandModel> => {
    const I = columnsOf(IMPORT_UID);
    const query = knex()(importTable())
      .select({
        id: 'id',
        locale: I('locale'),
        source: I('source'),
        period: I('periodKey'),
        rows: I('rowsStored'),
        created_at: I('createdAt'),
      })
      .where(I('journeyDocumentId'), journey.documentId);
    if (locale) query.where(I('locale'), locale);
    const rows = (await query) as Array<Record<string, unknown>>;
    return demandModel(
      rows.map((r) => ({
        id: Number(r.id),
        locale: String(r.locale),
        source: String(r.source),
        periodKey: String(r.period),
        rows: Number(r.rows ?? 0),
        createdAt: isoOf(r.created_at),
      }))
    );
  };

  /** What the answers say about the imports their numbers come from. */
  const importsMeta = (model: DemandModel) =>
    model.imports.map((u: ImportUse) => ({
      id: u.id,
      source: u.source,
      locale: u.locale,
      periodKey: u.periodKey,
      periodStart: u.periodStart,
      periodEnd: u.periodEnd,
      rows: u.rows,
      used: u.used,
      reason: u.reason,
      supersededBy: u.supersededBy,
      days: u.days,
      daysUsed: u.daysUsed,
    }));

  /** The stage a query counts in: its override's, else the journey's mapping of its intent. */
  const stageResolver = (journey: StoredJourney) => {
    const byDocumentId = new Map(journey.stages.map((s) => [s.documentId, s]));
    const byIntent = new Map<string, StoredStage | null>(
      INTENTS.map((i) => [i, stageOfIntent(journey, i)])
    );
    return (intent: string, stageDocumentId: string | null): StoredStage | null =>
      (stageDocumentId ? byDocumentId.get(stageDocumentId) : undefined) ??
      (isIntent(intent) ? (byIntent.get(intent) ?? null) : null);
  };

  const metricColumn = (metric: Metric) => columnsOf(QUERY_UID)(metric);

  /**
   * A per-import number as SQL: `CASE import_id WHEN 12 THEN 0.98… END`. The numbers are the
   * model's own, written as literals (a bound parameter in a CASE has no type on PostgreSQL).
   */
  const perImport = (model: DemandModel, pick: (u: ImportUse) => number) => {
    if (!model.used.length) return { sql: '0', bindings: [] as string[] };
    const whens = model.used
      .map((u) => `WHEN ${Math.trunc(u.id)} THEN ${Number(pick(u)).toFixed(15)}`)
      .join(' ');
    return { sql: `(CASE ?? ${whens} END)`, bindings: [`q.${columnsOf(QUERY_UID)('importId')}`] };
  };

  /** A metric's reading of a model: which used imports are read row by row, which together. */
  interface ReadPlan extends ReadSplit {
    model: DemandModel;
  }

  /**
   * Which used imports have rows in the metric: from the import's stored total when it has one
   * above 0, else by looking for one row (a total is null when the file had no such column, and
   * rows written by other means may carry none).
   */
  const readPlan = async (model: DemandModel, metric: Metric): Promise<ReadPlan> => {
    if (!model.used.length) return { model, alone: [], shared: [], sourcesMeet: false };
    const I = columnsOf(IMPORT_UID);
    const Q = columnsOf(QUERY_UID);
    const totalColumn = I(`total${metric[0].toUpperCase()}${metric.slice(1)}`);
    const totals = (await knex()(importTable())
      .select({ id: 'id', total: totalColumn })
      .whereIn(
        'id',
        model.used.map((u) => u.id)
      )) as Array<{ id: number | string; total: number | string | null }>;
    const known = new Set(totals.filter((t) => Number(t.total ?? 0) > 0).map((t) => Number(t.id)));
    const probed = await Promise.all(
      model.used
        .filter((u) => !known.has(u.id))
        .map(async (u) => {
          const row = await knex()(queryTable())
            .select('id')
            .where(Q('importId'), u.id)
            .where(metricColumn(metric), '>', 0)
            .first();
          return row ? u.id : null;
        })
    );
    for (const id of probed) if (id !== null) known.add(id);
    return { model, ...readSplit(model, (id) => known.has(id)) };
  };

  /**
   * Every row of the given imports with demand in this metric, with the model's figures per
   * query: `monthly` sums the weighted numbers of the query's rows in its own source (the
   * source's day-weighted monthly average), `counted` the numbers themselves (older imports by
   * the share of their days still counted); `rn` = 1 marks the row a query is read from (the
   * preferred source, its newest import), `best_source` the preferred source that has the query.
   * With `alone`, the imports are each alone in their locale: a query has one row, read as it is
   * (no window functions, which cost SQLite ten times the plain query); else window functions
   * over (locale, normalised query) compute the figures in the database.
   */
  const modelSelect = (
    journey: StoredJourney,
    metric: Metric,
    model: DemandModel,
    ids: number[],
    alone: boolean,
    locale?: string
  ) => {
    const col = columnsOf(QUERY_UID);
    const c = (name: string) => `q.${col(name)}`;
    const value = `q.${metricColumn(metric)}`;
    const share = perImport(model, (u) => u.share);
    // share × 30.4375 ÷ the source's days, multiplied before dividing: a 28-day import's
    // 1,400 is 1,521.875 exactly, on PostgreSQL's and MySQL's decimals as in JavaScript.
    const perMonth = perImport(model, (u) => (u.sourceDays === null ? 1 : DAYS_PER_MONTH));
    const days = perImport(model, (u) => u.sourceDays ?? 1);
    const source = perImport(model, (u) => u.sourceRank);
    const order = perImport(model, (u) => u.order);
    const byQuery = 'PARTITION BY ??, ??';
    const query = [c('locale'), c('queryNorm')];
    const raw = (sql: string, bindings: string[]) => knex().raw(sql, bindings);
    const rows = demandRows(journey, metric, locale)
      .whereIn(c('importId'), ids)
      .select({
        id: 'q.id',
        import_id: c('importId'),
        locale: c('locale'),
        query: c('query'),
        query_norm: c('queryNorm'),
        intent: c('intent'),
        stage_document_id: c('stageDocumentId'),
        clicks: c('clicks'),
        impressions: c('impressions'),
        ctr: c('ctr'),
        position: c('position'),
        volume: c('volume'),
        overridden: c('overridden'),
        classified_intent: c('classifiedIntent'),
      })
      .select(raw(`${source.sql} AS source_rank`, source.bindings));
    if (alone) {
      // The same columns, in the same order, as the window's: the two are joined by UNION ALL.
      return rows.select(
        raw(`(?? * ${share.sql}) * ${perMonth.sql} / ${days.sql} AS monthly`, [
          value,
          ...share.bindings,
          ...perMonth.bindings,
          ...days.bindings,
        ]),
        raw(`?? * ${share.sql} AS counted`, [value, ...share.bindings]),
        raw('1 AS rn', []),
        raw(`${source.sql} AS best_source`, source.bindings)
      );
    }
    return rows.select(
      raw(
        `SUM(?? * ${share.sql}) OVER (${byQuery}, ${source.sql}) * ${perMonth.sql} / ${days.sql} AS monthly`,
        [
          value,
          ...share.bindings,
          ...query,
          ...source.bindings,
          ...perMonth.bindings,
          ...days.bindings,
        ]
      ),
      raw(`SUM(?? * ${share.sql}) OVER (${byQuery}, ${source.sql}) AS counted`, [
        value,
        ...share.bindings,
        ...query,
        ...source.bindings,
      ]),
      raw(`ROW_NUMBER() OVER (${byQuery} ORDER BY ${order.sql}, ??) AS rn`, [
        ...query,
        ...order.bindings,
        'q.id',
      ]),
      raw(`MIN(${source.sql}) OVER (${byQuery}) AS best_source`, [...source.bindings, ...query])
    );
  };

  /** Every row of the plan's imports with the model's figures (alias `d`; see modelSelect). */
  const modelWindow = (journey: StoredJourney, metric: Metric, plan: ReadPlan, locale?: string) => {
    const { model, alone, shared } = plan;
    if (!shared.length) return modelSelect(journey, metric, model, alone, true, locale).as('d');
    const together = modelSelect(journey, metric, model, shared, false, locale);
    if (!alone.length) return together.as('d');
    return modelSelect(journey, metric, model, alone, true, locale).unionAll(together).as('d');
  };

  /** One row per query, as the demand model reads it (alias `d`). */
  const modelRows = (journey: StoredJourney, metric: Metric, plan: ReadPlan, locale?: string) =>
    knex()
      .from(modelWindow(journey, metric, plan, locale))
      .where('d.rn', 1);

  /** Queries of a source that a preferred source of the same locale also has (read from it). */
  const overlapsOf = async (
    journey: StoredJourney,
    metric: Metric,
    plan: ReadPlan,
    locale?: string
  ): Promise<DemandOverlap[]> => {
    // Only imports that share a locale can share queries: the others are not read.
    if (!plan.sourcesMeet) return [];
    const { model } = plan;
    const rows = (await knex()
      .from(modelSelect(journey, metric, model, plan.shared, false, locale).as('d'))
      .whereRaw('?? > ??', ['d.source_rank', 'd.best_source'])
      .select({ locale: 'd.locale', rank: 'd.source_rank', best: 'd.best_source' })
      .countDistinct({ queries: 'd.query_norm' })
      .groupBy('d.locale', 'd.source_rank', 'd.best_source')) as Array<{
      locale: string;
      rank: number | string;
      best: number | string;
      queries: number | string;
    }>;
    return rows
      .map((r) => ({
        locale: String(r.locale),
        metric,
        used: sourceAt(model, String(r.locale), Number(r.best)) ?? '',
        skipped: sourceAt(model, String(r.locale), Number(r.rank)) ?? '',
        queries: Number(r.queries),
      }))
      .sort(
        (a, b) =>
          a.locale.localeCompare(b.locale) ||
          a.used.localeCompare(b.used) ||
          a.skipped.localeCompare(b.skipped)
      );
  };

  /** The journey's queries with demand in this metric, optionally of one locale. */
  const demandRows = (journey: StoredJourney, metric: Metric, locale?: string) => {
    const col = columnsOf(QUERY_UID);
    const query = knex()(`${queryTable()} as q`)
      .where(`q.${col('journeyDocumentId')}`, journey.documentId)
      .where(`q.${metricColumn(metric)}`, '>', 0);
    if (locale) query.where(`q.${col('locale')}`, locale);
    return query;
  };

  /**
   * Monthly demand of a journey per metric under the demand model, over every locale: what the
   * daily snapshot stores. Undefined when nothing is imported.
   */
  const monthlyTotals = async (journeyDocumentId: string) => {
    const journey = (await getService(strapi, 'journeys').list()).find(
      (j) => j.documentId === journeyDocumentId
    );
    if (!journey) return undefined;
    const model = await modelOf(journey);
    if (!model.used.length) return undefined;
    const sums = await Promise.all(
      METRICS.map(async (metric) => {
        const row = (await modelRows(journey, metric, await readPlan(model, metric))
          .sum({ monthly: 'd.monthly' })
          .count({ n: '*' })
          .first()) as { monthly: number | string | null; n: number | string } | undefined;
        return { metric, monthly: round(Number(row?.monthly ?? 0)), n: Number(row?.n ?? 0) };
      })
    );
    if (!sums.some((s) => s.n > 0)) return undefined;
    const of = (metric: Metric) => sums.find((s) => s.metric === metric)?.monthly ?? 0;
    return { impressions: of('impressions'), clicks: of('clicks'), volume: of('volume') };
  };

  /** The imports of a journey and the queries sources share, for every metric (admin page). */
  const sources = async (q: { journey?: string; locale?: string }) => {
    const journey = await requireJourney(q.journey);
    const model = await modelOf(journey, q.locale);
    const overlaps = (
      await Promise.all(
        METRICS.map(async (metric) =>
          overlapsOf(journey, metric, await readPlan(model, metric), q.locale)
        )
      )
    ).flat();
    return { journey: journey.key, imports: importsMeta(model), overlaps };
  };

  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;

  const matrix = async (q: DemandQuery) => {
    const metric = metricParam(q.metric);
    const threshold = thresholdParam(q.threshold);
    const journey = await requireJourney(q.journey);
    const uids = readableTypes(q.contentType, q.access);
    const model = await modelOf(journey, q.locale);
    const plan = await readPlan(model, metric);
    // One query over the model's rows: the per-cell sums are added up from them here, as a
    // second query would compute the model (window functions, where imports meet) again.
    const [coverage, rows, m, overlaps] = await Promise.all([
      getService(strapi, 'coverage').compute({
        journey: journey.key,
        contentType: q.contentType,
        locale: q.locale,
        access: q.access,
      }),
      modelRows(journey, metric, plan, q.locale).select({
        locale: 'd.locale',
        query: 'd.query',
        intent: 'd.intent',
        stage_document_id: 'd.stage_document_id',
        counted: 'd.counted',
        monthly: 'd.monthly',
      }) as unknown as Promise<
        Array<{
          locale: string;
          query: string;
          intent: string;
          stage_document_id: string | null;
          counted: number | string | null;
          monthly: number | string | null;
        }>
      >,
      matcher(uids, threshold, q.access),
      overlapsOf(journey, metric, plan, q.locale),
    ]);
    const grouped = new Map<
      string,
      {
        locale: string;
        intent: string;
        stage_document_id: string | null;
        queries: number;
        demand: number;
        monthly: number;
      }
    >();
    for (const r of rows) {
      const key = `${r.locale}\u0000${r.intent}\u0000${r.stage_document_id ?? ''}`;
      let g = grouped.get(key);
      if (!g) {
        g = {
          locale: r.locale,
          intent: r.intent,
          stage_document_id: r.stage_document_id,
          queries: 0,
          demand: 0,
          monthly: 0,
        };
        grouped.set(key, g);
      }
      g.queries += 1;
      g.demand += Number(r.counted ?? 0);
      g.monthly += Number(r.monthly ?? 0);
    }
    const groups = [...grouped.values()];
    const stageFor = stageResolver(journey);
    type Totals = {
      demand: number;
      monthly: number;
      queries: number;
      served: number;
      unserved: number;
      unservedMonthly: number;
    };
    const zero = (): Totals => ({
      demand: 0,
      monthly: 0,
      queries: 0,
      served: 0,
      unserved: 0,
      unservedMonthly: 0,
    });
    const cells = new Map<string, Totals>();
    const localeCells = new Map<string, Totals>();
    const cellOf = <K>(map: Map<K, Totals>, key: K) => {
      let c = map.get(key);
      if (!c) map.set(key, (c = zero()));
      return c;
    };
    const locales = new Set<string>();
    const totals = { ...zero(), unplaced: { queries: 0, monthly: 0 } };
    for (const g of groups) {
      const stage = stageFor(g.intent, g.stage_document_id);
      const demand = Number(g.demand ?? 0);
      const monthly = Number(g.monthly ?? 0);
      const queries = Number(g.queries);
      locales.add(g.locale);
      totals.demand += demand;
      totals.monthly += monthly;
      totals.queries += queries;
      if (!stage) {
        totals.unplaced.queries += queries;
        totals.unplaced.monthly += monthly;
        continue;
      }
      for (const c of [
        cellOf(cells, `${stage.key}\u0000${g.intent}`),
        cellOf(localeCells, `${stage.key}\u0000${g.intent}\u0000${g.locale}`),
      ]) {
        c.demand += demand;
        c.monthly += monthly;
        c.queries += queries;
      }
    }
    for (const r of rows) {
      const stage = stageFor(r.intent, r.stage_document_id);
      if (!stage) continue;
      const found = m.match(r.locale, r.query, stage.id, r.intent);
      const monthly = Number(r.monthly ?? 0);
      for (const c of [
        cellOf(cells, `${stage.key}\u0000${r.intent}`),
        cellOf(localeCells, `${stage.key}\u0000${r.intent}\u0000${r.locale}`),
      ]) {
        if (found?.served) c.served += 1;
        else {
          c.unserved += 1;
          c.unservedMonthly += monthly;
        }
      }
      if (found?.served) totals.served += 1;
      else {
        totals.unserved += 1;
        totals.unservedMonthly += monthly;
      }
    }
    // Supply: published documents per cell, as the coverage matrix counts them; a type without
    // locales serves every locale.
    const supply = new Map<string, number>();
    const localeSupply = new Map<string, number>();
    const unlocalised = new Map<string, number>();
    for (const c of coverage.cells) {
      const key = `${c.stage}\u0000${c.intent ?? 'none'}`;
      supply.set(key, (supply.get(key) ?? 0) + c.published);
      if (c.locale === null) unlocalised.set(key, (unlocalised.get(key) ?? 0) + c.published);
      else {
        const lk = `${key}\u0000${c.locale}`;
        localeSupply.set(lk, (localeSupply.get(lk) ?? 0) + c.published);
      }
    }
    const cellList = journey.stages.flatMap((stage) =>
      CELL_INTENTS.map((intent) => {
        const key = `${stage.key}\u0000${intent}`;
        const c = cells.get(key) ?? zero();
        return {
          stage: stage.key,
          intent,
          demand: round(c.demand),
          monthly: round(c.monthly),
          queries: c.queries,
          supply: supply.get(key) ?? 0,
          served: c.served,
          unserved: c.unserved,
          unservedMonthly: round(c.unservedMonthly),
        };
      })
    );
    const rankInput: RankInput[] = [];
    for (const [key, c] of localeCells) {
      const [stageKey, intent, locale] = key.split('\u0000');
      const stage = journey.stages.find((s) => s.key === stageKey) as StoredStage;
      const cellKey = `${stageKey}\u0000${intent}`;
      rankInput.push({
        stage: stageKey,
        stageName: stage.name,
        stagePosition: stage.position,
        intent,
        locale,
        monthly: round(c.monthly),
        supply:
          (localeSupply.get(`${cellKey}\u0000${locale}`) ?? 0) + (unlocalised.get(cellKey) ?? 0),
        queries: c.queries,
        unserved: c.unserved,
        unservedMonthly: round(c.unservedMonthly),
      });
    }
    const ranking = rankOpportunities(rankInput, config().thinThreshold, metric).map(
      ({ stagePosition: _position, ...o }) => o
    );
    return {
      metric,
      threshold,
      thinThreshold: config().thinThreshold,
      locales: [...locales].sort(),
      cells: cellList,
      ranking,
      matching: m.matching,
      totals: {
        demand: round(totals.demand),
        monthly: round(totals.monthly),
        queries: totals.queries,
        served: totals.served,
        unserved: totals.unserved,
        unservedMonthly: round(totals.unservedMonthly),
        unplaced: { queries: totals.unplaced.queries, monthly: round(totals.unplaced.monthly) },
      },
      meta: { imports: importsMeta(model), overlaps },
    };
  };

  /** Whether the caller may read the title of each shown match, as the content manager decides. */
  const titlesShown = async (matches: Array<Match | null>, access?: ReadAccess) => {
    if (!access) return () => true;
    const shown = new Set<string>();
    const key = (uid: string, id: number) => `${uid}\u0000${id}`;
    const byType = new Map<string, number[]>();
    for (const m of matches) {
      if (!m) continue;
      const list = byType.get(m.segment.uid) ?? [];
      list.push(m.segment.entryIds[m.doc]);
      byType.set(m.segment.uid, list);
    }
    await Promise.all(
      [...byType].map(async ([uid, ids]) => {
        const typeAccess = access.get(uid);
        const field = indexes.get(uid)?.titleField;
        const checker = typeAccess?.checker;
        if (!checker || !field || checker.cannot.read(undefined, field)) return;
        if (typeAccess.full || !checker.requiresEntity.read()) {
          for (const id of ids) shown.add(key(uid, id));
          return;
        }
        const entities = (await strapi.db.query(uid as never).findMany({
          where: { id: { $in: ids } },
          populate: { createdBy: { select: ['id'], populate: { roles: { select: ['id'] } } } },
        })) as Array<{ id: number | string }>;
        for (const entity of entities) {
          if (checker.can.read(entity, field)) shown.add(key(uid, Number(entity.id)));
        }
      })
    );
    return (m: Match) => shown.has(key(m.segment.uid, m.segment.entryIds[m.doc]));
  };

  const matchView = (
    m: Match | null,
    query: string,
    locale: string,
    stats: CollectionStats,
    titleShown: (m: Match) => boolean
  ) => {
    if (!m) return null;
    const s = m.segment;
    const visible = titleShown(m);
    const explained = explain(
      query,
      { title: s.titles[m.doc], slug: s.slugs[m.doc], keyword: s.keywords[m.doc] },
      { ...stats, avgLength: s.index.avgLength },
      languageOf(locale)
    );
    return {
      documentId: s.documentIds[m.doc],
      contentType: s.uid,
      locale: s.locale,
      title: visible ? s.titles[m.doc] : null,
      score: round(m.score, 3),
      sameCell: m.sameCell,
      // Which query words the document has: shown only with the title they explain.
      terms: visible
        ? explained.terms.map((t) => ({
            term: t.term,
            weight: t.weight,
            idf: t.idf,
            tf: t.tf,
            contribution: t.contribution,
          }))
        : [],
    };
  };

  const cellParams = (journey: StoredJourney, q: DemandCellQuery) => {
    const stage = journey.stages.find((s) => s.key === q.stage);
    if (!stage)
      throw invalidParam(
        'stage',
        q.stage ?? '',
        journey.stages.map((s) => s.key)
      );
    if (!q.intent || !(CELL_INTENTS as readonly string[]).includes(q.intent)) {
      throw invalidParam('intent', q.intent ?? '', CELL_INTENTS);
    }
    return { stage, intent: q.intent };
  };

  /**
   * The rows of one cell: its intent, and its stage either chosen by an override or reached
   * through the journey's mapping (a stage id that is not the journey's counts as no override).
   */
  const whereCell = (
    query: ReturnType<typeof modelRows>,
    journey: StoredJourney,
    stage: StoredStage,
    intent: string
  ) => {
    const stageCol = 'd.stage_document_id';
    const mapped = isIntent(intent) && stageOfIntent(journey, intent)?.id === stage.id;
    return query.where('d.intent', intent).where((w) => {
      w.where(stageCol, stage.documentId);
      if (mapped) {
        w.orWhereNull(stageCol).orWhereNotIn(
          stageCol,
          journey.stages.map((s) => s.documentId)
        );
      }
    });
  };

  /** Most monthly demand first (the model's figure, computed in the database). */
  const byMonthly = <Q extends ReturnType<typeof modelRows>>(query: Q): Q =>
    query.orderBy('d.monthly', 'desc').orderBy('d.query', 'asc').orderBy('d.id', 'asc') as Q;

  const rowView = (r: DemandRow, cutoff: number) => {
    const impressions = num(r.impressions);
    const ctr = num(r.ctr);
    const position = num(r.position);
    return {
      query: r.query,
      locale: r.locale,
      clicks: num(r.clicks),
      impressions,
      ctr,
      position,
      volume: num(r.volume),
      monthly: round(num(r.monthly) ?? 0),
      intent: r.intent,
      overridden: isTrue(r.overridden),
      classifiedIntent: r.classified_intent,
      almostThere: isAlmostThere({ impressions, ctr, position }, cutoff),
    };
  };

  /** Impressions of the query at the cell's "top share" rank: the almost-there cutoff. */
  const impressionCutoff = async (
    journey: StoredJourney,
    stage: StoredStage,
    intent: string,
    metric: Metric,
    plan: ReadPlan,
    locale?: string
  ) => {
    const base = () =>
      whereCell(modelRows(journey, metric, plan, locale), journey, stage, intent).where(
        'd.impressions',
        '>',
        0
      );
    const counted = (await base().count({ n: '*' }).first()) as { n: number | string } | undefined;
    const n = Number(counted?.n ?? 0);
    if (!n) return Infinity;
    const row = (await base()
      .select({ impressions: 'd.impressions' })
      .orderBy('d.impressions', 'desc')
      .offset(cutoffOffset(n))
      .limit(1)
      .first()) as { impressions: number | string } | undefined;
    return Number(row?.impressions ?? Infinity);
  };

  const cell = async (q: DemandCellQuery) => {
    const metric = metricParam(q.metric);
    const threshold = thresholdParam(q.threshold);
    const journey = await requireJourney(q.journey);
    const { stage, intent } = cellParams(journey, q);
    let pagination: Pagination;
    try {
      pagination = paginationParams({ page: q.page, pageSize: q.pageSize });
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
    const uids = readableTypes(q.contentType, q.access);
    const model = await modelOf(journey, q.locale);
    const plan = await readPlan(model, metric);
    const inCell = () =>
      whereCell(modelRows(journey, metric, plan, q.locale), journey, stage, intent);
    const [counted, rows, cutoff, m, overlaps] = await Promise.all([
      inCell().count({ n: '*' }).first() as Promise<{ n: number | string } | undefined>,
      byMonthly(inCell().select('d.*'))
        .limit(pagination.limit)
        .offset(pagination.offset) as unknown as Promise<DemandRow[]>,
      impressionCutoff(journey, stage, intent, metric, plan, q.locale),
      matcher(uids, threshold, q.access),
      overlapsOf(journey, metric, plan, q.locale),
    ]);
    const matches = rows.map((r) => m.match(r.locale, r.query, stage.id, intent));
    const titleShown = await titlesShown(matches, q.access);
    const data = rows.map((r, i) => ({
      ...rowView(r, cutoff),
      stage: stage.key,
      served: matches[i]?.served ?? false,
      match: matchView(matches[i], r.query, r.locale, m.statsFor(r.locale), titleShown),
    }));
    return {
      data,
      meta: {
        pagination: paginationMeta(pagination, Number(counted?.n ?? 0)),
        threshold,
        metric,
        matching: m.matching,
        imports: importsMeta(model),
        overlaps,
      },
    };
  };

  /**
   * The opportunities as CSV: every unserved or almost-there query, most monthly demand first,
   * with its cell and its best match. Built from the rows in the database and the same matching
   * as the matrix; the almost-there cutoff is each (stage, intent) cell's, as its drill-down has it.
   */
  const exportCsv = async (q: DemandQuery) => {
    const metric = metricParam(q.metric);
    const threshold = thresholdParam(q.threshold);
    const journey = await requireJourney(q.journey);
    const uids = readableTypes(q.contentType, q.access);
    const model = await modelOf(journey, q.locale);
    const plan = await readPlan(model, metric);
    const [rows, m, overlaps] = await Promise.all([
      byMonthly(modelRows(journey, metric, plan, q.locale).select('d.*')) as unknown as Promise<
        DemandRow[]
      >,
      matcher(uids, threshold, q.access),
      overlapsOf(journey, metric, plan, q.locale),
    ]);
    const stageFor = stageResolver(journey);
    const placed = rows.flatMap((r) => {
      const stage = stageFor(r.intent, r.stage_document_id);
      return stage ? [{ r, stage }] : [];
    });
    // Almost-there cutoffs per cell, from the impressions already read (ordered per cell here).
    const impressionsByCell = new Map<string, number[]>();
    for (const { r, stage } of placed) {
      const impressions = num(r.impressions);
      if (!impressions || impressions <= 0) continue;
      const key = `${stage.key}\u0000${r.intent}`;
      const list = impressionsByCell.get(key) ?? [];
      list.push(impressions);
      impressionsByCell.set(key, list);
    }
    const cutoffs = new Map<string, number>();
    for (const [key, list] of impressionsByCell) {
      list.sort((a, b) => b - a);
      cutoffs.set(key, list[cutoffOffset(list.length)]);
    }
    const picked = placed.flatMap(({ r, stage }) => {
      const found = m.match(r.locale, r.query, stage.id, r.intent);
      const view = rowView(r, cutoffs.get(`${stage.key}\u0000${r.intent}`) ?? Infinity);
      const served = found?.served ?? false;
      return !served || view.almostThere ? [{ r, stage, found, view, served }] : [];
    });
    const titleShown = await titlesShown(
      picked.map((p) => p.found),
      q.access
    );
    const header = [
      'rank',
      'opportunity',
      'locale',
      'stage',
      'intent',
      'query',
      `monthly ${metric}`,
      'clicks',
      'impressions',
      'ctr',
      'position',
      'volume',
      'served',
      'best match',
      'best match type',
      'best match documentId',
      'score',
      'same cell',
    ];
    const lines = picked.map(({ r, stage, found, view, served }, i) => {
      const visible = found ? titleShown(found) : false;
      return [
        i + 1,
        served ? 'almost there' : view.almostThere ? 'unserved, almost there' : 'unserved',
        r.locale,
        stage.key,
        r.intent,
        r.query,
        view.monthly,
        view.clicks,
        view.impressions,
        view.ctr,
        view.position,
        view.volume,
        served ? 'yes' : 'no',
        found && visible ? found.segment.titles[found.doc] : '',
        found ? found.segment.uid : '',
        found ? found.segment.documentIds[found.doc] : '',
        found ? round(found.score, 3) : '',
        found ? (found.sameCell ? 'yes' : 'no') : '',
      ];
    });
    return {
      csv: toCsv(header, lines),
      rows: lines.length,
      journey: journey.key,
      matching: m.matching,
      imports: model.used.map((u) => u.id),
      overlaps,
    };
  };

  /** Sizes of the indexes held, for the benchmark and for operators. */
  const indexStats = () =>
    [...indexes].map(([uid, t]) => ({
      uid,
      documents: [...t.segments.values()].reduce((n, s) => n + s.index.size, 0),
      terms: [...t.segments.values()].reduce((n, s) => n + s.index.terms, 0),
      bytes: t.bytes,
    }));

  /** Forgets indexes and matches (tests, and the benchmark's cold runs). */
  const reset = () => {
    indexes.clear();
    matchCaches.clear();
  };

  /** Resolves once no background refresh is running (tests, benchmark, graceful shutdown). */
  const refreshed = async () => {
    while (refreshing) await refreshing;
  };

  return { matrix, cell, exportCsv, sources, monthlyTotals, indexStats, reset, refreshed };
};
