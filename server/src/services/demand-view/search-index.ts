import type { Core } from '@strapi/strapi';
import {
  Bm25Index,
  combinedStats,
  languageOf,
  queryTerms,
  search,
  type CollectionStats,
} from '../../domain/bm25';
import { getService } from '../../utils/get-service';
import { invalidParam } from '../../utils/params';
import {
  readableTypes as readableTypesOf,
  restrictToReadable,
  type ReadAccess,
} from '../../utils/read-access';
import type { StoredJourney } from '../../domain/stored';
import {
  QUERY_UID,
  IMPORT_UID,
  MATCH_CACHES,
  REFRESH_SLICE_MS,
  yieldToRequests,
  Segment,
  TypeIndex,
  CacheRecord,
  Match,
} from './shared';

/**
 * The published documents' text indexes per type, and the matches of demand against them,
 * cached per index version.
 */
export const demandIndex = (strapi: Core.Strapi) => {
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

  return {
    contentTypes,
    knex,
    columnsOf,
    queryTable,
    importTable,
    indexes,
    building,
    matchCaches,
    requireJourney,
    readableTypes,
    textFields,
    typeVersion,
    buildTypeIndex,
    firstBuild,
    readableRows,
    cacheKeyOf,
    matchKey,
    matching,
    trimCaches,
    familyOf,
    refreshInBackground,
    matcher,
    indexStats,
    reset,
    refreshed,
  };
};

export type DemandIndex = ReturnType<typeof demandIndex>;
