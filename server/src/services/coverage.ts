import type { Core } from '@strapi/strapi';
import { mergeCells, mergeUntagged, type CellEntry } from '../domain/coverage';
import { expectedCells, expectedIntentsOf } from '../domain/expected';
import { INTENTS, type Intent } from '../domain/intents';
import { paginationParams, type Pagination } from '../domain/content-params';
import type { JourneyPluginConfig } from '../domain/config';
import { PLUGIN_ID } from '../utils/constants';
import type { Knex, QueryBuilder } from '../utils/db';
import { localeColumn, stateSums, withTwin } from '../utils/tag-sql';
import type { TagTable } from '../domain/stored';
import { getService } from '../utils/get-service';
import { invalidParam, rethrowAsBadRequest } from '../utils/params';
import {
  readableTypes,
  restrictToReadable,
  readableFieldIds,
  type ReadAccess,
  type TypeAccess,
} from '../utils/read-access';

const paginationMeta = (p: Pagination, total: number) => ({
  page: p.page,
  pageSize: p.limit,
  pageCount: Math.ceil(total / p.limit),
  total,
});

export interface CoverageQuery {
  journey?: string;
  contentType?: string;
  locale?: string;
  /**
   * The caller's content-manager read access: only these types, and only the rows and titles
   * the caller may read, are counted and listed. Without it (internal callers) everything is.
   */
  access?: ReadAccess;
}

/** One cell of the matrix: a stage and an intent ("none" for entries without one). */
export interface CellQuery extends CoverageQuery {
  stage?: string;
  intent?: string;
  state?: string;
  page?: unknown;
  pageSize?: unknown;
}

const STATES = ['published', 'draftOnly'] as const;

type State = 'published' | 'draftOnly';

interface CellRow {
  entry_id: number | string;
  document_id: string;
  updated_at: string | number | Date;
  title: unknown;
  locale: string | null;
  type_index: number | string;
}

interface SumRow {
  stage?: string;
  intent: string | null;
  locale: string | null;
  published: number | string | null;
  draft_only: number | string | null;
}

/**
 * Restricts rows to one state. A document counts as published when it has a published row;
 * "draft only" when it has a draft row and no published row in the same locale. Types without
 * draft & publish keep only published rows, so they never count as drafts.
 */
const whereState = (knex: Knex, query: QueryBuilder, t: TagTable, state: State) => {
  if (state === 'published') return query.whereNotNull(`e.${t.publishedAt}`);
  return query.whereNull(`e.${t.publishedAt}`).whereNotExists(
    knex(`${t.table} as p`)
      .select(knex.raw('1'))
      .whereRaw(`p.${t.documentId} = e.${t.documentId}`)
      .whereNotNull(`p.${t.publishedAt}`)
      .modify((q) => {
        if (t.localized) q.whereRaw(`p.${t.locale} = e.${t.locale}`);
      })
  );
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');

  /** Documents per stage × intent × locale, in both states: one GROUP BY query per content type. */
  const taggedCounts = (
    knex: Knex,
    t: TagTable,
    stageIds: number[],
    locale?: string,
    access?: TypeAccess
  ) => {
    const query = knex(`${t.table} as e`)
      .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
      .whereIn(`l.${t.stageColumn}`, stageIds)
      .select({ stage: `l.${t.stageColumn}`, intent: `e.${t.intent}` })
      .select(localeColumn(knex, t))
      .select(stateSums(strapi, knex, t))
      .groupBy(`l.${t.stageColumn}`, `e.${t.intent}`)
      .modify(restrictToReadable(strapi, access));
    withTwin(strapi, query, t);
    if (t.localized) query.groupBy(`e.${t.locale}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return query as unknown as Promise<SumRow[]>;
  };

  /** Documents with no stage of any journey, per locale, in both states. */
  const untaggedCounts = (knex: Knex, t: TagTable, locale?: string, access?: TypeAccess) => {
    const query = knex(`${t.table} as e`)
      .whereNotExists(
        knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
      )
      .select(localeColumn(knex, t))
      .select(stateSums(strapi, knex, t))
      .modify(restrictToReadable(strapi, access));
    withTwin(strapi, query, t);
    if (t.localized) query.groupBy(`e.${t.locale}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return query as unknown as Promise<SumRow[]>;
  };

  /** The two sums of a row as the per-state rows the domain code folds. */
  const byState = (contentType: string, rows: SumRow[]) =>
    (['published', 'draftOnly'] as const).map((state) => ({
      contentType,
      state,
      rows: rows.map((r) => ({
        stage: r.stage,
        intent: r.intent,
        locale: r.locale,
        count: Number((state === 'published' ? r.published : r.draft_only) ?? 0),
      })),
    }));

  const readableContentTypes = (contentType?: string, access?: ReadAccess) =>
    readableTypes(contentTypes().journeyAwareUids(), contentType, access);

  /**
   * The same rows from the per-cell counts (services/cells.ts), when the caller may read every
   * row of every type asked for; a caller limited to some rows (locales, conditions) is counted
   * in SQL, as are all callers before the cells were checked on this boot.
   */
  const fromCells = async (
    uids: string[],
    stageIds: number[],
    stageKeys: Map<number, string>,
    locale?: string,
    access?: ReadAccess
  ) => {
    const everyRow = !access || uids.every((uid) => !access.get(uid)?.filters);
    if (!everyRow) return null;
    const rows = await getService(strapi, 'cells').coverage(stageIds, uids, locale || undefined);
    if (!rows) return null;
    return uids.map((uid) => {
      const tagged: SumRow[] = rows.tagged
        .filter((r) => r.uid === uid)
        .map((r) => ({ ...r, stage: stageKeys.get(Number(r.stage)) }));
      const untagged: SumRow[] = rows.untagged
        .filter((r) => r.uid === uid)
        .map((r) => ({ ...r, intent: null }));
      return { tagged: byState(uid, tagged), untagged: byState(uid, untagged) };
    });
  };

  const compute = async ({
    journey: journeyKey,
    contentType,
    locale,
    access,
  }: CoverageQuery = {}) => {
    const journeysService = getService(strapi, 'journeys');
    const all = await journeysService.list();
    const journey = journeyKey ? all.find((j) => j.key === journeyKey) : all[0];
    if (!journey) {
      throw invalidParam(
        'journey',
        journeyKey ?? '',
        all.map((j) => j.key)
      );
    }
    const uids = readableContentTypes(contentType, access);
    const stageKeys = new Map(journey.stages.map((s) => [s.id, s.key]));
    const stageIds = [...stageKeys.keys()];
    const knex = strapi.db.connection;

    const perType =
      (await fromCells(uids, stageIds, stageKeys, locale, access)) ??
      (await Promise.all(
        uids.map(async (uid) => {
          const t = contentTypes().tagTable(uid);
          const typeAccess = access?.get(uid);
          const [tagged, untagged] = await Promise.all([
            stageIds.length
              ? taggedCounts(knex, t, stageIds, locale, typeAccess)
              : Promise.resolve([]),
            untaggedCounts(knex, t, locale, typeAccess),
          ]);
          for (const row of tagged) row.stage = stageKeys.get(Number(row.stage));
          return { tagged: byState(uid, tagged), untagged: byState(uid, untagged) };
        })
      ));
    const tagged = perType.flatMap((p) => p.tagged);
    const untagged = perType.flatMap((p) => p.untagged);
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    return {
      journey: {
        key: journey.key,
        name: journey.name,
        names: journey.names ?? null,
        stages: journey.stages.map((s) => ({
          key: s.key,
          name: s.name,
          names: s.names ?? null,
          colour: s.colour ?? null,
          position: s.position,
          expectedIntents: expectedIntentsOf(journey, s),
          // Whether the stage chose them, or takes the default from the intent mapping.
          expectedIntentsSet: Array.isArray(s.expectedIntents),
        })),
      },
      intents: INTENTS,
      // Per stage and intent: an empty cell is a gap only where this says true. View only: the
      // tags are the same whatever a stage expects.
      expected: expectedCells(journey),
      contentTypes: uids,
      // What the admin needs to link to and name each type.
      types: uids.map((uid) => ({
        uid,
        kind: contentTypes().kind(uid),
        name:
          (strapi.getModel(uid as never) as { info?: { displayName?: string } } | undefined)?.info
            ?.displayName ?? uid,
      })),
      locale: locale ?? null,
      thinThreshold: config.thinThreshold,
      cells: mergeCells(tagged),
      untagged: mergeUntagged(untagged).filter((u) => u.published + u.draftOnly > 0),
    };
  };

  const requireJourney = async (journeyKey?: string) => {
    const all = await getService(strapi, 'journeys').list();
    const journey = journeyKey ? all.find((j) => j.key === journeyKey) : all[0];
    if (!journey) {
      throw invalidParam(
        'journey',
        journeyKey ?? '',
        all.map((j) => j.key)
      );
    }
    return journey;
  };

  /**
   * The rows behind one cell: the same conditions as the counts, so the list and the number agree.
   * A document in a given state has one row per locale, and the cell fixes one stage, so each row
   * is one (document, locale) pair without DISTINCT.
   */
  const cellRows = (
    knex: Knex,
    t: TagTable,
    index: number,
    stageId: number,
    intent: Intent | null,
    state: State,
    title: string | null,
    locale?: string,
    access?: TypeAccess
  ) => {
    const query = knex(`${t.table} as e`)
      .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
      .where(`l.${t.stageColumn}`, stageId)
      .modify(restrictToReadable(strapi, access))
      .select({
        entry_id: 'e.id',
        document_id: `e.${t.documentId}`,
        updated_at: `e.${t.updatedAt}`,
      })
      .select(title ? { title: `e.${title}` } : knex.raw('NULL as title'))
      .select(localeColumn(knex, t))
      .select(knex.raw(`${Number(index)} as type_index`));
    if (intent) query.where(`e.${t.intent}`, intent);
    else query.whereNull(`e.${t.intent}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return whereState(knex, query, t, state);
  };

  /**
   * Whether the caller may read the title field of each listed row, as the content manager's
   * output sanitizing decides it. Conditions (is creator, locale) are judged on the row itself,
   * loaded with the fields they test, only when some read rule has conditions.
   */
  const titlesShown = async (
    uids: string[],
    titleFields: Array<string | null>,
    rows: CellRow[],
    access?: ReadAccess
  ) => {
    if (!access) return () => true;
    const shown = new Set<string>();
    const key = (typeIndex: number | string, id: number | string) => `${Number(typeIndex)}:${id}`;
    await Promise.all(
      uids.map(async (uid, index) => {
        const ids = rows.filter((r) => Number(r.type_index) === index).map((r) => r.entry_id);
        const readable = await readableFieldIds(
          strapi,
          uid,
          ids,
          access.get(uid),
          titleFields[index]
        );
        for (const id of readable) shown.add(key(index, id));
      })
    );
    return (row: CellRow) => shown.has(key(row.type_index, row.entry_id));
  };

  const entries = async (query: CellQuery) => {
    const journey = await requireJourney(query.journey);
    const stage = journey.stages.find((s) => s.key === query.stage);
    if (!stage) {
      throw invalidParam(
        'stage',
        query.stage ?? '',
        journey.stages.map((s) => s.key)
      );
    }
    const intents = [...INTENTS, 'none'];
    if (!query.intent || !intents.includes(query.intent)) {
      throw invalidParam('intent', query.intent ?? '', intents);
    }
    const state = (query.state ?? 'published') as State;
    if (!STATES.includes(state)) throw invalidParam('state', state, STATES);
    let pagination: Pagination;
    try {
      pagination = paginationParams({ page: query.page, pageSize: query.pageSize });
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
    const uids = readableContentTypes(query.contentType, query.access);
    const intent = query.intent === 'none' ? null : (query.intent as Intent);
    const knex = strapi.db.connection;
    const empty = { data: [] as CellEntry[], pagination: paginationMeta(pagination, 0) };

    const tables = uids.map((uid) => contentTypes().tagTable(uid));
    const titleFields = await Promise.all(uids.map((uid) => contentTypes().titleAttribute(uid)));
    const titles = uids.map((uid, i) => contentTypes().columnOf(uid, titleFields[i]));
    const parts = tables.map((t, i) =>
      cellRows(
        knex,
        t,
        i,
        stage.id,
        intent,
        state,
        titles[i],
        query.locale,
        query.access?.get(uids[i])
      )
    );
    const [first, ...rest] = parts;
    // Unwrapped members: SQLite refuses parentheses around the parts of a UNION.
    const union = () => (rest.length ? first.clone().unionAll(rest, false) : first.clone());
    const totalRow = (await knex.from(union().as('u')).count({ count: '*' }).first()) as
      { count: number | string } | undefined;
    const total = Number(totalRow?.count ?? 0);
    if (!total) return empty;
    const rows: CellRow[] = await knex
      .from(union().as('u'))
      .select('*')
      .orderBy([
        { column: 'updated_at', order: 'desc' },
        { column: 'type_index', order: 'asc' },
        { column: 'document_id', order: 'asc' },
        { column: 'locale', order: 'asc' },
      ])
      .limit(pagination.limit)
      .offset(pagination.offset);
    const titleShown = await titlesShown(uids, titleFields, rows, query.access);
    const data: CellEntry[] = rows.map((row) => {
      const uid = uids[Number(row.type_index)];
      return {
        documentId: row.document_id,
        contentType: uid,
        kind: contentTypes().kind(uid),
        title:
          row.title === null || row.title === undefined || !titleShown(row)
            ? null
            : String(row.title),
        locale: row.locale ?? null,
        status: state === 'published' ? 'published' : 'draft',
        updatedAt: new Date(row.updated_at).toISOString(),
      };
    });
    return { data, pagination: paginationMeta(pagination, total) };
  };

  /**
   * Draft rows whose stages of the journey differ from their published version's: a stage the
   * draft has and the published row lacks (or there is no published row), or the reverse.
   * These are tags written to drafts (the content manager, a bulk tag, a queue accept) that
   * coverage and the public API will count only once the entry is published. Per locale.
   */
  const pendingRows = (
    knex: Knex,
    t: TagTable,
    stageIds: number[],
    locale?: string,
    access?: TypeAccess
  ) => {
    const twin = (alias: string) =>
      knex(`${t.table} as ${alias}`)
        .whereRaw(`${alias}.${t.documentId} = e.${t.documentId}`)
        .whereNotNull(`${alias}.${t.publishedAt}`)
        .modify((q) => {
          if (t.localized) q.whereRaw(`${alias}.${t.locale} = e.${t.locale}`);
        });
    // The published twin's links to one stage, `stage` being the column that names it.
    const publishedHas = (stage: string) =>
      twin('p')
        .join(`${t.joinTable} as lp`, `lp.${t.entryColumn}`, 'p.id')
        .select(knex.raw('1'))
        .whereRaw(`lp.${t.stageColumn} = ${stage}`);
    const draftOnly = knex(`${t.joinTable} as ld`)
      .select(knex.raw('1'))
      .whereRaw(`ld.${t.entryColumn} = e.id`)
      .whereIn(`ld.${t.stageColumn}`, stageIds)
      .whereNotExists(publishedHas(`ld.${t.stageColumn}`));
    const publishedOnly = twin('q')
      .join(`${t.joinTable} as lq`, `lq.${t.entryColumn}`, 'q.id')
      .select(knex.raw('1'))
      .whereIn(`lq.${t.stageColumn}`, stageIds)
      .whereNotExists(
        knex(`${t.joinTable} as le`)
          .select(knex.raw('1'))
          .whereRaw(`le.${t.entryColumn} = e.id`)
          .whereRaw(`le.${t.stageColumn} = lq.${t.stageColumn}`)
      );
    const query = knex(`${t.table} as e`)
      .whereNull(`e.${t.publishedAt}`)
      .where((w) => w.whereExists(draftOnly).orWhereExists(publishedOnly))
      .select(localeColumn(knex, t))
      .count({ count: '*' })
      .modify(restrictToReadable(strapi, access));
    if (t.localized) query.groupBy(`e.${t.locale}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return query as unknown as Promise<Array<{ locale: string | null; count: number | string }>>;
  };

  /** How many entries, per type and locale, have tags of the journey waiting on publish. */
  const pending = async ({ journey: journeyKey, contentType, locale, access }: CoverageQuery) => {
    const journey = await requireJourney(journeyKey);
    const stageIds = journey.stages.map((s) => s.id);
    const uids = readableContentTypes(contentType, access).filter((uid) =>
      contentTypes().hasDraftAndPublish(uid)
    );
    const knex = strapi.db.connection;
    const perType = stageIds.length
      ? await Promise.all(
          uids.map(async (uid) => {
            const rows = await pendingRows(
              knex,
              contentTypes().tagTable(uid),
              stageIds,
              locale,
              access?.get(uid)
            );
            return rows
              .map((r) => ({ contentType: uid, locale: r.locale ?? null, count: Number(r.count) }))
              .filter((r) => r.count > 0);
          })
        )
      : [];
    const types = perType.flat();
    return {
      journey: journey.key,
      total: types.reduce((n, r) => n + r.count, 0),
      types,
    };
  };

  return { compute, entries, pending };
};
