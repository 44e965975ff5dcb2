import type { Core } from '@strapi/strapi';
import type { JourneyPluginConfig } from '../../domain/config';
import { DAYS_PER_MONTH, METRICS, type Metric } from '../../domain/demand-rank';
import {
  demandModel,
  readSplit,
  sourceAt,
  type DemandModel,
  type DemandOverlap,
  type ImportUse,
  type ReadSplit,
} from '../../domain/demand-model';
import { INTENTS, isIntent } from '../../domain/intents';
import { PLUGIN_ID } from '../../utils/constants';
import { getService } from '../../utils/get-service';
import type { StoredJourney, StoredStage } from '../../domain/stored';
import {
  QUERY_UID,
  IMPORT_UID,
  metricParam,
  stageOfIntent,
  round,
  thresholdParam,
  type DemandQuery,
} from './shared';
import type { DemandIndex } from './search-index';

/** A metric's reading of a model: which used imports are read row by row, which together. */
export interface ReadPlan extends ReadSplit {
  model: DemandModel;
}

/** Which imports make up a journey's demand, and the SQL that reads its rows. */
export const demandReads = (strapi: Core.Strapi, demandIndex: DemandIndex) => {
  const { knex, columnsOf, queryTable, importTable, requireJourney } = demandIndex;

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

  /** What a whole-matrix view reads for a query: its checked parameters, types, model and plan. */
  const matrixRead = async (q: DemandQuery) => {
    const metric = metricParam(q.metric);
    const threshold = thresholdParam(q.threshold);
    const journey = await requireJourney(q.journey);
    const uids = demandIndex.readableTypes(q.contentType, q.access);
    const model = await modelOf(journey, q.locale);
    const plan = await readPlan(model, metric);
    return { metric, threshold, journey, uids, model, plan };
  };

  const config = () => strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;

  return {
    isoOf,
    modelOf,
    importsMeta,
    stageResolver,
    metricColumn,
    perImport,
    readPlan,
    modelSelect,
    modelWindow,
    modelRows,
    overlapsOf,
    matrixRead,
    demandRows,
    monthlyTotals,
    sources,
    config,
  };
};

export type DemandReads = ReturnType<typeof demandReads>;
