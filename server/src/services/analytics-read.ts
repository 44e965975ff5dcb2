import type { Core } from '@strapi/strapi';
import type {
  AnalyticsChangeDate,
  AnalyticsDocumentRow,
  AnalyticsEffect,
  AnalyticsPeriod,
  AnalyticsResponse,
  AnalyticsSourceSummary,
  AnalyticsStageDetail,
  AnalyticsTrafficResponse,
  AnalyticsTransition,
} from '../domain/analytics-types';
import { gapFilledDates } from '../domain/analytics/changes';
import { progressionEffect } from '../domain/analytics/effect';
import {
  COUNTERS,
  MAX_RANKED,
  MIN_VIEWS,
  documentRow,
  editPathOf,
  funnelRows,
  funnelTotals,
  share,
  type DocumentSums,
  type GoalSum,
  type StageSums,
} from '../domain/analytics/funnel';
import type { AnalyticsTable } from '../domain/analytics/keys';
import {
  checkLocale,
  parseEffectWindow,
  parseReadParams,
  parseSource,
  pickJourney,
  pickStage,
  monthPlan,
  type AnalyticsSource,
  type DayRange,
} from '../domain/analytics/period';
import { stringParam } from '../domain/content-params';
import { restrictSnapshot, utcDay, type StoredSnapshot } from '../domain/snapshots';
import type { StoredJourney } from '../domain/stored';
import { ANALYTICS_UIDS } from '../utils/constants';
import type { Knex, QueryBuilder } from '../utils/db';
import { getService } from '../utils/get-service';
import { invalidParam, rethrowAsBadRequest } from '../utils/params';
import { readableFieldIds, restrictToReadable, type ReadAccess } from '../utils/read-access';
import { SNAPSHOT_UID } from './snapshots';

type Query = Record<string, unknown>;
type Row = Record<string, unknown>;

/** What narrows every rollup read: one journey, a day range, a locale, a source. */
interface Scope {
  journeyDocumentId: string;
  from: string;
  to: string;
  locale: string | null;
  source: AnalyticsSource;
}

const num = (value: unknown): number => Number(value ?? 0) || 0;

const parseJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

/**
 * The admin read side of journey analytics: every figure is a SUM … GROUP BY over the rollup
 * tables in the database (never rows loaded into JS), then shaped by the pure functions in
 * domain/analytics. Titles and edit paths follow the caller's content-manager read rights.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const store = () => getService(strapi, 'analytics-store');
  const knex = (): Knex => strapi.db.connection;
  const contentTypes = () => getService(strapi, 'content-types');
  const col = (table: AnalyticsTable, attribute: string) => store().column(table, attribute);
  const tableOf = (table: AnalyticsTable) => store().tableName(table);
  const months = () => getService(strapi, 'analytics-months');

  /** Parsing errors of the pure code become 400s naming the parameter. */
  const parsing = <T>(parse: () => T): T => {
    try {
      return parse();
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  };

  const appLocales = async (): Promise<string[]> => {
    const i18n = strapi.plugin('i18n');
    if (!i18n) return [];
    const found = (await i18n.service('locales').find()) as Array<{ code: string }>;
    return found.map((l) => l.code);
  };

  const journeyOf = async (raw: string | undefined): Promise<StoredJourney> => {
    const all = await getService(strapi, 'journeys').list();
    return parsing(() => pickJourney(all, raw));
  };

  /** The day, locale and source conditions every table shares (transitions have no source). */
  const scoped = (table: AnalyticsTable, query: QueryBuilder, scope: Scope, journey = true) => {
    if (journey) query.where(col(table, 'journeyDocumentId'), scope.journeyDocumentId);
    query.whereBetween(col(table, 'day'), [scope.from, scope.to]);
    if (scope.locale !== null && table !== 'drops') {
      // Rows of types without i18n ('') belong to every locale.
      const locale = col(table, 'entryLocale');
      query.where((q) => {
        q.whereIn(locale, [scope.locale as string, '']).orWhereNull(locale);
      });
    }
    if (table === 'stages' || table === 'documents' || table === 'goals') {
      const source = col(table, 'source');
      if (scope.source === 'events') query.where(source, 'events');
      if (scope.source === 'imports') query.whereNot(source, 'events');
    }
    return query;
  };

  const sums = (table: AnalyticsTable, counters: readonly string[]) =>
    counters.map((c) => knex().raw('SUM(??) as ??', [col(table, c), c.toLowerCase()]));

  const stageSums = async (scope: Scope): Promise<Map<string, StageSums>> => {
    const stage = col('stages', 'stageDocumentId');
    const rows = (await scoped(
      'stages',
      knex()(tableOf('stages'))
        .select({ stage })
        .select(sums('stages', ['sessions', ...COUNTERS]))
        .groupBy(stage),
      scope
    )) as Row[];
    return new Map(
      rows.map((r) => [
        String(r.stage),
        {
          sessions: num(r.sessions),
          ...(Object.fromEntries(COUNTERS.map((c) => [c, num(r[c.toLowerCase()])])) as Omit<
            StageSums,
            'sessions'
          >),
        },
      ])
    );
  };

  const goalSums = async (scope: Scope): Promise<GoalSum[]> => {
    const [goal, stage, attribution] = ['goal', 'stageDocumentId', 'attribution'].map((a) =>
      col('goals', a)
    );
    const rows = (await scoped(
      'goals',
      knex()(tableOf('goals'))
        .select({ goal, stage, attribution })
        .select(sums('goals', ['conversions']))
        .groupBy(goal, stage, attribution),
      scope
    )) as Row[];
    return rows.map((r) => ({
      goal: String(r.goal),
      stageDocumentId: String(r.stage),
      attribution: String(r.attribution),
      conversions: num(r.conversions),
    }));
  };

  /** Moves between stages: only the plugin's own events know which view followed which. */
  const transitions = async (scope: Scope, stageIds: Set<string>) => {
    if (scope.source === 'imports') return [];
    const [from, to] = ['fromStageDocumentId', 'toStageDocumentId'].map((a) =>
      col('transitions', a)
    );
    const rows = (await scoped(
      'transitions',
      knex()(tableOf('transitions'))
        .select({ from, to })
        .select(sums('transitions', ['moves']))
        .groupBy(from, to),
      scope
    )) as Row[];
    return rows
      .map((r) => ({ from: String(r.from), to: String(r.to), moves: num(r.moves) }))
      .filter((t) => t.moves > 0 && stageIds.has(t.from) && stageIds.has(t.to))
      .sort(
        (a, b) => b.moves - a.moves || a.from.localeCompare(b.from) || a.to.localeCompare(b.to)
      ) as AnalyticsTransition[];
  };

  const dropped = async (scope: Scope): Promise<Record<string, number>> => {
    const reason = col('drops', 'reason');
    const rows = (await scoped(
      'drops',
      knex()(tableOf('drops'))
        .select({ reason })
        .select(sums('drops', ['dropped']))
        .groupBy(reason),
      scope,
      false
    )) as Row[];
    return Object.fromEntries(
      rows
        .map((r) => [String(r.reason), num(r.dropped)] as const)
        .filter(([, n]) => n !== 0)
        .sort(([a], [b]) => a.localeCompare(b))
    );
  };

  const sources = async (scope: Scope): Promise<AnalyticsSourceSummary> => {
    const source = col('stages', 'source');
    const events =
      scope.source !== 'imports' &&
      !!(await scoped('stages', knex()(tableOf('stages')).first(source), {
        ...scope,
        source: 'events',
      }));
    if (scope.source === 'events') return { events, imports: [] };
    const importIds = scoped(
      'stages',
      knex()(tableOf('stages')).distinct(col('stages', 'importId')),
      { ...scope, source: 'imports' }
    );
    const imports = strapi.db.metadata.get(ANALYTICS_UIDS.imports);
    const attr = (name: string) =>
      (imports.attributes[name] as unknown as { columnName?: string })?.columnName ?? name;
    const rows = (await knex()(imports.tableName)
      .whereIn('id', importIds)
      .select({
        id: 'id',
        tool: attr('tool'),
        periodFrom: attr('periodFrom'),
        periodTo: attr('periodTo'),
      })
      .orderBy('id')) as Row[];
    return {
      events,
      imports: rows.map((r) => ({
        id: num(r.id),
        tool: String(r.tool),
        periodFrom: String(r.periodFrom ?? ''),
        periodTo: String(r.periodTo ?? ''),
      })),
    };
  };

  /**
   * The period's document rows as one derived table `d` (columns: the `keys` aliases and the
   * `counters`), to GROUP BY. With the month rollup kept (analytics-months.ts), whole months
   * come from it and only the edge days from the day rows, added or taken away (monthPlan):
   * 400 days read ~15 rows per document instead of 400.
   */
  const documentSource = (
    scope: Scope,
    keys: Record<string, string>,
    counters: readonly string[],
    contentType?: string
  ) => {
    const k = knex();
    const part = (table: 'days' | 'months', sign: 1 | -1, range: (q: QueryBuilder) => void) => {
      const c = (a: string) => (table === 'days' ? col('documents', a) : months().column(a));
      const q = k(table === 'days' ? tableOf('documents') : months().tableName())
        .select(Object.fromEntries(Object.entries(keys).map(([alias, a]) => [alias, c(a)])))
        .select(
          counters.map((n) =>
            k.raw(sign === 1 ? '?? as ??' : '0 - ?? as ??', [c(n), n.toLowerCase()])
          )
        )
        .where(c('journeyDocumentId'), scope.journeyDocumentId)
        .modify(range);
      if (scope.locale !== null) {
        const locale = c('entryLocale');
        q.where((w) => {
          w.whereIn(locale, [scope.locale as string, '']).orWhereNull(locale);
        });
      }
      if (scope.source === 'events') q.where(c('source'), 'events');
      if (scope.source === 'imports') q.whereNot(c('source'), 'events');
      if (contentType) q.where(c('contentType'), contentType);
      return q;
    };
    const day = col('documents', 'day');
    const days = (ranges: DayRange[]) => (q: QueryBuilder) =>
      q.where((w) => {
        for (const r of ranges) w.orWhereBetween(day, [r.from, r.to]);
      });
    if (!months().inUse()) return part('days', 1, days([{ from: scope.from, to: scope.to }]));
    const plan = monthPlan(scope.from, scope.to, utcDay(new Date()));
    const parts: QueryBuilder[] = [];
    if (plan.months.length) {
      parts.push(part('months', 1, (q) => q.whereIn(months().column('month'), plan.months)));
    }
    if (plan.plus.length) parts.push(part('days', 1, days(plan.plus)));
    if (plan.minus.length) parts.push(part('days', -1, days(plan.minus)));
    const [first, ...rest] = parts;
    // Unwrapped members: SQLite refuses parentheses around the parts of a UNION.
    return rest.length ? first.unionAll(rest, false) : first;
  };

  /**
   * Movers and drop-offs of every stage in one query: the period's sums per document and stage,
   * ranked twice by window functions (SQLite ≥ 3.25, PostgreSQL, MariaDB ≥ 10.2 and MySQL 8 all
   * have them), so only the ≤ 2 × 10 rows per stage leave the database.
   */
  const rankedDocuments = async (scope: Scope) => {
    const k = knex();
    const keys = {
      stage: 'stageDocumentId',
      content_type: 'contentType',
      document_id: 'entryDocumentId',
      locale: 'entryLocale',
    };
    const aliases = Object.keys(keys).map((a) => `d.${a}`);
    const grouped = k
      .from(documentSource(scope, keys, COUNTERS).as('d'))
      .select(aliases)
      .select(
        COUNTERS.map((n) => k.raw('SUM(??) as ??', [`d.${n.toLowerCase()}`, n.toLowerCase()]))
      )
      .groupBy(aliases)
      .havingRaw('SUM(d.views) >= ?', [MIN_VIEWS]);
    const order = (numerator: string) =>
      `ORDER BY g.${numerator} * 1.0 / g.views DESC, g.views DESC, g.content_type, g.document_id, g.locale`;
    const ranked = k
      .from(grouped.as('g'))
      .select('g.*')
      .select(
        k.raw(`ROW_NUMBER() OVER (PARTITION BY g.stage ${order('progressions')}) as mover_rank`),
        k.raw(`ROW_NUMBER() OVER (PARTITION BY g.stage ${order('exits')}) as drop_rank`)
      );
    const rows = (await k
      .from(ranked.as('r'))
      .where('r.mover_rank', '<=', MAX_RANKED)
      .orWhere('r.drop_rank', '<=', MAX_RANKED)) as Row[];
    return rows.map((r) => ({
      sums: {
        contentType: String(r.content_type),
        documentId: String(r.document_id),
        locale: r.locale ? String(r.locale) : null,
        stageDocumentId: String(r.stage),
        ...(Object.fromEntries(COUNTERS.map((n) => [n, num(r[n.toLowerCase()])])) as Omit<
          DocumentSums,
          'contentType' | 'documentId' | 'locale' | 'stageDocumentId'
        >),
      } as DocumentSums,
      moverRank: num(r.mover_rank),
      dropRank: num(r.drop_rank),
    }));
  };

  /**
   * Titles and edit paths of the listed documents, for the caller: an entry of a type it may not
   * read, or a row its conditions exclude, keeps neither; a title field it may not read is
   * replaced by the documentId. Without `access` (internal callers) everything is shown.
   */
  const labelsOf = async (docs: DocumentSums[], access?: ReadAccess) => {
    const labels = new Map<string, { title: string | null; editPath: string | null }>();
    const keyOf = (uid: string, documentId: string, locale: string | null) =>
      `${uid}\u0000${documentId}\u0000${locale ?? ''}`;
    const byType = new Map<string, DocumentSums[]>();
    for (const d of docs) byType.set(d.contentType, [...(byType.get(d.contentType) ?? []), d]);
    await Promise.all(
      [...byType.entries()].map(async ([uid, list]) => {
        if (!strapi.contentType(uid as never)) return;
        const typeAccess = access?.get(uid);
        if (access && !typeAccess) return;
        const t = contentTypes().tagTable(uid);
        const titleField = await contentTypes().titleAttribute(uid);
        const titleColumn = contentTypes().columnOf(uid, titleField);
        const query = knex()(`${t.table} as e`)
          .whereIn(
            `e.${t.documentId}`,
            list.map((d) => d.documentId)
          )
          .select({ id: 'e.id', document_id: `e.${t.documentId}` })
          .select(titleColumn ? { title: `e.${titleColumn}` } : knex().raw('NULL as title'))
          .select(
            t.localized ? { locale: `e.${t.locale}` } : knex().raw('NULL as locale'),
            t.draftAndPublish
              ? { published_at: `e.${t.publishedAt}` }
              : knex().raw('1 as published_at')
          )
          .modify(restrictToReadable(strapi, typeAccess));
        const rows = (await query) as Row[];
        // The published row names the document as visitors saw it; a draft only when none is.
        rows.sort((a, b) => Number(!a.published_at) - Number(!b.published_at));
        const shown = new Set(
          (
            await (access
              ? readableFieldIds(
                  strapi,
                  uid,
                  rows.map((r) => r.id as number),
                  typeAccess,
                  titleField
                )
              : Promise.resolve(rows.map((r) => r.id as number)))
          ).map(String)
        );
        for (const d of list) {
          const row = rows.find(
            (r) =>
              r.document_id === d.documentId &&
              (!t.localized || (r.locale ?? null) === (d.locale ?? null))
          );
          if (!row) continue;
          labels.set(keyOf(uid, d.documentId, d.locale), {
            title:
              shown.has(String(row.id)) && row.title !== null && row.title !== undefined
                ? String(row.title)
                : null,
            editPath: editPathOf(contentTypes().kind(uid), uid, d.documentId, d.locale),
          });
        }
      })
    );
    return (d: DocumentSums) =>
      labels.get(keyOf(d.contentType, d.documentId, d.locale)) ?? { title: null, editPath: null };
  };

  const perStage = async (
    scope: Scope,
    stageIds: string[],
    stageSumsById: Map<string, StageSums>,
    access?: ReadAccess
  ): Promise<AnalyticsStageDetail[]> => {
    const ranked = await rankedDocuments(scope);
    const label = await labelsOf(
      ranked.map((r) => r.sums),
      access
    );
    const rowOf = (d: DocumentSums): AnalyticsDocumentRow => {
      const { title, editPath } = label(d);
      return documentRow(d, title, editPath);
    };
    const list = (stage: string, rank: 'moverRank' | 'dropRank') =>
      ranked
        .filter((r) => r.sums.stageDocumentId === stage && r[rank] >= 1 && r[rank] <= MAX_RANKED)
        .sort((a, b) => a[rank] - b[rank])
        .map((r) => rowOf(r.sums));
    return stageIds.map((stageDocumentId) => ({
      stageDocumentId,
      movers: list(stageDocumentId, 'moverRank'),
      dropOffs: list(stageDocumentId, 'dropRank'),
      helpful: {
        yes: stageSumsById.get(stageDocumentId)?.helpfulYes ?? 0,
        no: stageSumsById.get(stageDocumentId)?.helpfulNo ?? 0,
      },
    }));
  };

  /** Journey, period, locale and source of a read, checked. */
  const scopeOf = async (query: Query) => {
    const params = parsing(() => parseReadParams(query, utcDay(new Date())));
    const journey = await journeyOf(params.journey);
    const codes = await appLocales();
    const locale = parsing(() => checkLocale(params.locale, codes));
    const scope: Scope = {
      journeyDocumentId: journey.documentId,
      from: params.period.from,
      to: params.period.to,
      locale,
      source: params.source,
    };
    return { journey, period: params.period as AnalyticsPeriod, scope };
  };

  const find = async (query: Query, access?: ReadAccess): Promise<AnalyticsResponse> => {
    const { journey, period, scope } = await scopeOf(query);
    const stages = [...journey.stages].sort((a, b) => a.position - b.position);
    const stageIds = stages.map((s) => s.documentId);
    const journeyGoals = (parseJson<unknown>((journey as { goals?: unknown }).goals) ?? []) as
      string[] | unknown;
    const goalList = Array.isArray(journeyGoals) ? journeyGoals.map(String) : [];
    const [stageSumsById, goals, moves, drops, sourceSummary] = await Promise.all([
      stageSums(scope),
      goalSums(scope),
      transitions(scope, new Set(stageIds)),
      dropped(scope),
      sources(scope),
    ]);
    const rows = funnelRows(
      stages.map((s) => ({
        documentId: s.documentId,
        key: s.key,
        name: s.name,
        colour: s.colour ?? null,
        position: s.position,
      })),
      stageSumsById,
      goals,
      goalList
    );
    return {
      journey: {
        documentId: journey.documentId,
        key: journey.key,
        name: journey.name,
        goals: goalList,
      },
      period,
      locale: scope.locale,
      sources: sourceSummary,
      totals: funnelTotals(rows, goals),
      stages: rows,
      transitions: moves,
      perStage: await perStage(scope, stageIds, stageSumsById, access),
      dropped: drops,
    };
  };

  const effect = async (query: Query): Promise<AnalyticsEffect> => {
    const window = parsing(() => parseEffectWindow(query));
    // Only the plugin's own events count progressions: imported views would only dilute the rate.
    const source = parsing(() => parseSource(query, 'events'));
    const journey = await journeyOf(stringParam(query, 'journey'));
    const stage = parsing(() => pickStage(journey.stages, stringParam(query, 'stage')));
    return effectOf(journey, stage.documentId, window, source, query);
  };

  const effectOf = async (
    journey: StoredJourney,
    stageDocumentId: string,
    window: ReturnType<typeof parseEffectWindow>,
    source: AnalyticsSource,
    query: Query
  ) => {
    const codes = await appLocales();
    const locale = parsing(() => checkLocale(stringParam(query, 'locale'), codes));
    const day = col('stages', 'day');
    const side = (when: 'before' | 'after', counter: string) =>
      knex().raw(`SUM(CASE WHEN ?? ${when === 'before' ? '<' : '>='} ? THEN ?? ELSE 0 END) as ??`, [
        day,
        window.date,
        col('stages', counter),
        `${when}_${counter}`,
      ]);
    const row = (await scoped(
      'stages',
      knex()(tableOf('stages'))
        .where(col('stages', 'stageDocumentId'), stageDocumentId)
        .select(
          side('before', 'views'),
          side('before', 'progressions'),
          side('after', 'views'),
          side('after', 'progressions')
        ),
      {
        journeyDocumentId: journey.documentId,
        from: window.before.from,
        to: window.after.to,
        locale,
        source,
      }
    ).first()) as Row | undefined;
    return progressionEffect(
      stageDocumentId,
      window.date,
      window.days,
      {
        ...window.before,
        views: num(row?.before_views),
        progressions: num(row?.before_progressions),
      },
      { ...window.after, views: num(row?.after_views), progressions: num(row?.after_progressions) }
    );
  };

  /**
   * Gap-filled dates from the coverage snapshots, over the content types the caller reads in full
   * (`readable`; every type without it), as the coverage trend shows them.
   */
  const changes = async (query: Query, readable?: Set<string>): Promise<AnalyticsChangeDate[]> => {
    const journey = await journeyOf(stringParam(query, 'journey'));
    // A journey has at most snapshots.retentionDays rows: their compact JSON cells are read here,
    // there is nothing to GROUP BY in SQL.
    const rows = (await knex()(strapi.db.metadata.get(SNAPSHOT_UID as never).tableName)
      .where('journey_document_id', journey.documentId)
      .select('day', 'stages', 'cells', 'totals')
      .orderBy('day', 'asc')) as Row[];
    const stored = rows.map((r) => {
      const row: StoredSnapshot = {
        day: String(r.day),
        stages: parseJson(r.stages) ?? [],
        cells: parseJson(r.cells) ?? [],
        totals: parseJson(r.totals) ?? {
          published: 0,
          draftOnly: 0,
          untagged: 0,
          gapCells: 0,
          publishedByStage: {},
        },
      };
      return readable ? restrictSnapshot(row, readable) : row;
    });
    return gapFilledDates(
      stored,
      [...journey.stages].sort((a, b) => a.position - b.position).map((s) => s.documentId)
    );
  };

  const traffic = async (query: Query): Promise<AnalyticsTrafficResponse> => {
    const { journey, period, scope } = await scopeOf(query);
    const contentType = stringParam(query, 'contentType');
    const uids = contentTypes().journeyAwareUids();
    if (contentType !== undefined && !uids.includes(contentType)) {
      throw invalidParam('contentType', contentType, uids);
    }
    // '' and NULL both mean "no intent": one cell. The '' is written in the SQL, not bound:
    // PostgreSQL matches the select to the GROUP BY by its text, and $1 is not $5.
    const k = knex();
    const counters = ['views', 'progressions', 'exits'];
    const q = k
      .from(
        documentSource(
          scope,
          { stage: 'stageDocumentId', intent: 'intent' },
          counters,
          contentType
        ).as('d')
      )
      .select('d.stage')
      .select(k.raw("COALESCE(d.intent, '') as intent"))
      .select(counters.map((n) => k.raw('SUM(??) as ??', [`d.${n}`, n])))
      .groupBy('d.stage', k.raw("COALESCE(d.intent, '')"));
    const rows = (await q) as Row[];
    const order = new Map(
      [...journey.stages]
        .sort((a, b) => a.position - b.position)
        .map((s, i) => [s.documentId, i] as const)
    );
    const cells = rows
      // A month less its outside days can sum to nothing: no cell, as with no rows.
      .filter(
        (r) => order.has(String(r.stage)) && (num(r.views) || num(r.progressions) || num(r.exits))
      )
      .map((r) => {
        const views = num(r.views);
        const progressions = num(r.progressions);
        return {
          stageDocumentId: String(r.stage),
          intent: r.intent ? String(r.intent) : null,
          views,
          progressions,
          exits: num(r.exits),
          progressionRate: share(progressions, views),
        };
      })
      .sort(
        (a, b) =>
          (order.get(a.stageDocumentId) ?? 0) - (order.get(b.stageDocumentId) ?? 0) ||
          String(a.intent ?? '\uffff').localeCompare(String(b.intent ?? '\uffff'))
      );
    return { period, cells };
  };

  return { find, effect, changes, traffic };
};
