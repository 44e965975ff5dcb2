import type { Core } from '@strapi/strapi';
import { explain, languageOf, type CollectionStats } from '../../domain/bm25';
import { paginationParams, type Pagination } from '../../domain/content-params';
import { cutoffOffset, isAlmostThere, toCsv, type Metric } from '../../domain/demand-rank';
import { isIntent } from '../../domain/intents';
import { invalidParam, rethrowAsBadRequest } from '../../utils/params';
import { readableFieldIds, type ReadAccess } from '../../utils/read-access';
import type { StoredJourney, StoredStage } from '../../domain/stored';
import {
  CELL_INTENTS,
  stageOfIntent,
  DemandQuery,
  DemandCellQuery,
  Match,
  DemandRow,
  num,
  isTrue,
  round,
  paginationMeta,
  metricParam,
  thresholdParam,
} from './shared';
import type { DemandIndex } from './search-index';
import type { DemandReads, ReadPlan } from './model';

/** One cell's queries with their matches, and the CSV export. */
export const demandCell = (
  strapi: Core.Strapi,
  demandIndex: DemandIndex,
  demandReads: DemandReads
) => {
  const { indexes, requireJourney, readableTypes, matcher } = demandIndex;
  const { modelOf, importsMeta, stageResolver, readPlan, modelRows, overlapsOf, matrixRead } =
    demandReads;

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
        const field = indexes.get(uid)?.titleField;
        const readable = await readableFieldIds(strapi, uid, ids, access.get(uid), field);
        for (const id of readable) shown.add(key(uid, Number(id)));
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
    const { metric, threshold, journey, uids, model, plan } = await matrixRead(q);
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

  return {
    titlesShown,
    matchView,
    cellParams,
    whereCell,
    byMonthly,
    rowView,
    impressionCutoff,
    cell,
    exportCsv,
  };
};

export type DemandCell = ReturnType<typeof demandCell>;
