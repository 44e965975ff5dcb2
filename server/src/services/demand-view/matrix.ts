import type { Core } from '@strapi/strapi';
import { rankOpportunities, type RankInput } from '../../domain/demand-rank';
import { expectedCells } from '../../domain/expected';
import type { Intent } from '../../domain/intents';
import { getService } from '../../utils/get-service';
import type { StoredStage } from '../../domain/stored';
import { CELL_INTENTS, DemandQuery, round } from './shared';
import type { DemandIndex } from './search-index';
import type { DemandReads } from './model';

/** How many unplaced queries the matrix names: enough to place the bulk of them by hand. */
const UNPLACED_TOP = 5;

/** The stage × intent matrix of demand against coverage. */
export const demandMatrix = (
  strapi: Core.Strapi,
  demandIndex: DemandIndex,
  demandReads: DemandReads
) => {
  const { matcher } = demandIndex;
  const { importsMeta, stageResolver, modelRows, overlapsOf, config, matrixRead } = demandReads;

  const matrix = async (q: DemandQuery) => {
    const { metric, threshold, journey, uids, model, plan } = await matrixRead(q);
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
    // Queries no stage takes (no intent, or one the journey maps nowhere): counted in the
    // totals but in no cell, so the admin lists the biggest to place them by hand.
    const unplacedTop: Array<{ query: string; locale: string; intent: string; monthly: number }> =
      [];
    for (const r of rows) {
      const stage = stageFor(r.intent, r.stage_document_id);
      if (!stage) {
        unplacedTop.push({
          query: r.query,
          locale: r.locale,
          intent: r.intent,
          monthly: Number(r.monthly ?? 0),
        });
        continue;
      }
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
    // Ranked by demand whatever the stage expects; labelled a gap only where it expects the intent.
    const expected = expectedCells(journey);
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
        expected: expected[stageKey]?.[intent as Intent] ?? false,
      });
    }
    const ranking = rankOpportunities(rankInput, config().thinThreshold, metric).map(
      ({ stagePosition: _position, expected: _expected, ...o }) => o
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
        unplaced: {
          queries: totals.unplaced.queries,
          monthly: round(totals.unplaced.monthly),
          top: unplacedTop
            .filter((u) => u.monthly > 0)
            .sort((a, b) => b.monthly - a.monthly || a.query.localeCompare(b.query))
            .slice(0, UNPLACED_TOP)
            .map((u) => ({ ...u, monthly: round(u.monthly) })),
        },
      },
      meta: { imports: importsMeta(model), overlaps },
    };
  };

  return { matrix };
};

export type DemandMatrix = ReturnType<typeof demandMatrix>;
