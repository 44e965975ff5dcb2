import type { Core } from '@strapi/strapi';
import type { JourneyPluginConfig } from '../domain/config';
import { expectedCells } from '../domain/expected';
import {
  compactCells,
  restrictSnapshot,
  parseRange,
  retentionCutoff,
  seriesCsv,
  snapshotSeries,
  snapshotTotals,
  utcDay,
  type DemandTotals,
  type SnapshotStage,
  type SnapshotTotals,
  type StoredSnapshot,
} from '../domain/snapshots';
import { PLUGIN_ID } from '../utils/constants';
import { isUniqueViolation } from '../utils/db';
import { addClusterJob } from '../utils/cron';
import { getService } from '../utils/get-service';
import { invalidParam, rethrowAsBadRequest } from '../utils/params';
import { rowDefaults } from '../utils/rows';

export const SNAPSHOT_UID = 'plugin::journey.coverage-snapshot';
/** The cron job's name (strapi.cron.remove takes it). */
export const CRON_JOB = 'journeyCoverageSnapshot';

export interface TakeOptions {
  /** One journey by key; all journeys when absent. */
  journey?: string;
  /**
   * "Snapshot now": today's row is replaced with the current numbers. The cron leaves an existing
   * row alone, so that several instances firing together store the day once.
   */
  refresh?: boolean;
  /** The instant the day is taken from (tests pass other days). */
  now?: Date;
}

/**
 * The types a caller may read in full: a day's counts cannot be narrowed to the rows a condition
 * ("is creator") or a locale limit allows, so such a type is left out of the trend and named.
 * Absent (internal callers, the cron): everything.
 */
export interface SnapshotReader {
  readable: Set<string>;
  excluded: string[];
}

export interface TakeResult {
  taken: Array<{ journey: string; day: string; totals: SnapshotTotals }>;
  /** Days another instance (or an earlier run) had already stored. */
  skipped: Array<{ journey: string; day: string; reason: 'already taken' }>;
  /** Rows deleted because they were older than `snapshots.retentionDays`. */
  pruned: number;
}

const parseJson = <T>(value: unknown): T =>
  (typeof value === 'string' ? JSON.parse(value) : value) as T;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = () => strapi.db.metadata.get(SNAPSHOT_UID as never).tableName;
  const knex = () => strapi.db.connection;
  const config = () => (strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig).snapshots;

  const journeyOf = async (key?: string) => {
    const all = await getService(strapi, 'journeys').list();
    const journey = key ? all.find((j) => j.key === key) : all[0];
    if (!journey) {
      throw invalidParam(
        'journey',
        key ?? '',
        all.map((j) => j.key)
      );
    }
    return journey;
  };

  /**
   * Monthly search demand of a journey under the demand model the matrix reads (imports
   * averaged per source, sources not added); none when nothing was imported.
   */
  const demandTotals = (journeyDocumentId: string): Promise<DemandTotals | undefined> =>
    getService(strapi, 'demand-view').monthlyTotals(journeyDocumentId);

  /** The day's row of one journey: coverage over every type and locale, as an internal caller. */
  const buildRow = async (journey: Awaited<ReturnType<typeof journeyOf>>, day: string) => {
    const stageKeys = journey.stages.map((s) => s.key);
    // With no journey-aware type yet there is nothing to count; coverage would refuse the call.
    const coverage = getService(strapi, 'content-types').journeyAwareUids().length
      ? await getService(strapi, 'coverage').compute({ journey: journey.key })
      : { cells: [], untagged: [] };
    const stages: SnapshotStage[] = journey.stages.map((s) => ({
      documentId: s.documentId,
      key: s.key,
      name: s.name,
      names: (s.names as Record<string, string> | null | undefined) ?? null,
      position: s.position,
    }));
    const totals = snapshotTotals(
      coverage.cells,
      coverage.untagged,
      stageKeys,
      await demandTotals(journey.documentId),
      // Gaps from now on are the empty cells a stage expects, as the coverage page shows them.
      // Rows stored before keep the gap count they stored: the trend is not rewritten.
      expectedCells(journey)
    );
    return {
      journey_document_id: journey.documentId,
      day,
      taken_at: new Date(),
      // Serialised here: the pg driver would write a JS array as a PostgreSQL array, not JSON.
      stages: JSON.stringify(stages),
      cells: JSON.stringify(compactCells(coverage.cells, stageKeys, totals.types ?? [])),
      totals: JSON.stringify(totals),
      parsedTotals: totals,
    };
  };

  const exists = async (journeyDocumentId: string, day: string) =>
    !!(await knex()(table()).where({ journey_document_id: journeyDocumentId, day }).first('id'));

  /** Inserts the row; false when the unique (journey, day) index says another run stored it. */
  const insert = async (row: Record<string, unknown>, refresh: boolean) => {
    const values = { ...rowDefaults(strapi, SNAPSHOT_UID), ...row };
    if (refresh) {
      await knex()(table())
        .insert(values)
        .onConflict(['journey_document_id', 'day'])
        .merge(['taken_at', 'stages', 'cells', 'totals', 'updated_at']);
      return true;
    }
    try {
      await knex()(table()).insert(values);
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  };

  /** Deletes the days that fell out of `snapshots.retentionDays`, counted back from `today`. */
  const prune = async (today: string) =>
    Number(
      await knex()(table()).where('day', '<', retentionCutoff(today, config().retentionDays)).del()
    );

  const take = async (
    { journey, refresh = false, now = new Date() }: TakeOptions = {},
    reader?: SnapshotReader
  ) => {
    const all = await getService(strapi, 'journeys').list();
    const chosen = journey ? all.filter((j) => j.key === journey) : all;
    if (journey && !chosen.length) {
      throw invalidParam(
        'journey',
        journey,
        all.map((j) => j.key)
      );
    }
    const day = utcDay(now);
    const result: TakeResult = { taken: [], skipped: [], pruned: 0 };
    for (const j of chosen) {
      // The cheap check first: the instance that comes second usually need not count anything.
      if (!refresh && (await exists(j.documentId, day))) {
        result.skipped.push({ journey: j.key, day, reason: 'already taken' });
        continue;
      }
      const { parsedTotals, ...row } = await buildRow(j, day);
      if (await insert(row, refresh)) {
        const stored: StoredSnapshot = {
          day,
          stages: JSON.parse(row.stages),
          cells: JSON.parse(row.cells),
          totals: parsedTotals,
        };
        const totals = reader ? restrictSnapshot(stored, reader.readable).totals : parsedTotals;
        result.taken.push({ journey: j.key, day, totals });
      } else {
        result.skipped.push({ journey: j.key, day, reason: 'already taken' });
      }
    }
    result.pruned = await prune(day);
    return result;
  };

  const series = async (
    query: { journey?: string; from?: string; to?: string },
    reader?: SnapshotReader
  ) => {
    let range: { from?: string; to?: string };
    try {
      range = parseRange(query.from, query.to);
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
    const journey = await journeyOf(query.journey);
    const rows = await knex()(table())
      .where('journey_document_id', journey.documentId)
      .modify((q) => {
        if (range.from) q.where('day', '>=', range.from);
        if (range.to) q.where('day', '<=', range.to);
      })
      .select('day', 'stages', 'cells', 'totals')
      .orderBy('day', 'asc');
    const stored: StoredSnapshot[] = (rows as Array<Record<string, unknown>>).map((r) => {
      const row: StoredSnapshot = {
        day: String(r.day),
        stages: parseJson(r.stages) ?? [],
        cells: parseJson(r.cells) ?? [],
        totals: parseJson(r.totals),
      };
      return reader ? restrictSnapshot(row, reader.readable) : row;
    });
    return {
      journey: journey.key,
      excluded: reader?.excluded ?? [],
      ...snapshotSeries(
        journey.stages.map((s) => ({
          documentId: s.documentId,
          key: s.key,
          name: s.name,
          names: (s.names as Record<string, string> | null | undefined) ?? null,
          colour: s.colour ?? null,
        })),
        stored
      ),
    };
  };

  const exportCsv = async (query: { journey?: string }, reader?: SnapshotReader) => {
    const found = await series(query, reader);
    return { journey: found.journey, csv: seriesCsv(found) };
  };

  /**
   * The daily snapshot, in bootstrap. Every instance runs the cron; the unique (journey, day)
   * index lets one of them store the day and the others skip it.
   */
  const schedule = () => {
    const { enabled, cron } = config();
    if (!enabled) return;
    // In UTC, like the day a snapshot is stored under, whatever the server's time zone.
    addClusterJob(strapi, CRON_JOB, cron, 'coverage snapshot', async () => {
      const { taken, pruned } = await take();
      if (taken.length || pruned) {
        strapi.log.info(
          `[journey] coverage snapshot: ${taken.map((t) => t.journey).join(', ') || 'none'} taken, ${pruned} pruned`
        );
      }
    });
    // Strapi logs a schedule it cannot parse and carries on without the job: refuse to boot.
    if (!strapi.cron.jobs.some((j: { name?: string | null }) => j.name === CRON_JOB)) {
      throw new Error(
        `Error regarding ${PLUGIN_ID} config: Invalid config for plugin "journey":\n  - snapshots.cron: "${cron}" is not a schedule Strapi's cron accepts`
      );
    }
  };

  return { take, series, exportCsv, prune, schedule };
};
