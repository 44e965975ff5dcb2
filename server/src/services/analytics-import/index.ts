import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type {
  AnalyticsImportPreview,
  AnalyticsImportResult,
  AnalyticsImportRow,
  AnalyticsImportSummary,
  AnalyticsTool,
} from '../../domain/analytics-types';
import { addDelta, emptyDeltaSet, type Counters, type DeltaSet } from '../../domain/analytics/keys';
import {
  daysBetween,
  parseAnalyticsFile,
  normalizePath,
  spreadOverDays,
  type AnalyticsReport,
  type PageRow,
} from '../../domain/analytics/imports';
import { ParamError } from '../../domain/content-params';
import { ANALYTICS_UIDS } from '../../utils/constants';
import { ConflictError, dbClient, locking, type Knex } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { rowDefaults } from '../../utils/rows';
import type { UploadedFile } from '../demand-import/shared';
import { documentMatcher, type MatchedDocument } from './documents';
import {
  PREVIEW_SAMPLE,
  PREVIEW_UNMATCHED,
  STORED_UNMATCHED,
  parseGoal,
  parsePeriodParams,
  parseTool,
  resolvePeriod,
} from './params';
import { urlPatterns } from './patterns';

/** Seconds an import waits for a running import of the same tool (MySQL's named lock). */
const IMPORT_LOCK_WAIT_SECONDS = 50;

/** The fields of the preview and import forms, unchecked. */
export interface AnalyticsImportInput {
  file?: UploadedFile | null;
  tool?: unknown;
  from?: unknown;
  to?: unknown;
  goal?: unknown;
  patterns?: unknown;
}

/**
 * Which earlier imports of the same tool a new one replaces: Plausible's pages, entry pages and
 * exit pages files each carry one counter and add up; any other export of a tool carries all
 * it has, so it replaces every overlapping import of that tool (a Umami data export replaces
 * its pages export of the same days, and the other way round).
 */
const replaceGroup = (tool: string, report: string) => (tool === 'plausible' ? report : 'all');

type Counts = { views: number; entries: number; exits: number; conversions: number };

const IMPORT_UID = ANALYTICS_UIDS.imports;

/**
 * Importing page-level analytics exports into the journey rollups: the file read by the pure
 * readers (domain/analytics/imports), its pages matched to published documents through the
 * types' URL patterns, and the counts written with `source` = the tool and `importId` = the
 * import, through the analytics store's upserts, in one transaction with the import record and
 * the removal of the import it replaces.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const patterns = urlPatterns(strapi);
  const matcher = documentMatcher(strapi);
  const store = () => getService(strapi, 'analytics-store');
  const table = () => strapi.db.metadata.get(IMPORT_UID).tableName;
  const column = (attribute: string) =>
    (strapi.db.metadata.get(IMPORT_UID).attributes as Record<string, { columnName?: string }>)[
      attribute
    ]?.columnName ?? attribute;

  /** Reads, matches and totals a file: everything the preview shows and the import writes. */
  const read = async (input: AnalyticsImportInput) => {
    const tool = parseTool(input.tool);
    const given = parsePeriodParams(input.from, input.to);
    const goal = parseGoal(input.goal);
    const resolved = await patterns.resolve(input.patterns);
    if (!input.file) {
      throw new ParamError(
        'file',
        '',
        'an analytics export (CSV, TSV or BigQuery JSON, UTF-8) in the multipart/form-data field "file"'
      );
    }
    const parsed = parseAnalyticsFile(input.file.data, { tool });
    const period = resolvePeriod(
      given,
      parsed.periodHint,
      parsed.rows.map((r) => r.day).filter((d): d is string => !!d)
    );
    // An event export's rows carry their day: those outside the period are not imported.
    const inPeriod: PageRow[] = [];
    const skipped = [...parsed.skipped];
    for (const row of parsed.rows) {
      if (row.day && (row.day < period.from || row.day > period.to)) {
        skipped.push({
          line: row.line,
          reason: `${row.day} is outside ${period.from}..${period.to}`,
        });
      } else inPeriod.push(row);
    }
    const journeys = await getService(strapi, 'journeys').list();
    const matches = await matcher.match(inPeriod, resolved.compiled, journeys);
    return { tool: parsed.tool, parsed, period, goal, rows: inPeriod, matches, skipped, resolved };
  };
  type Read = Awaited<ReturnType<typeof read>>;

  const rowView = (row: PageRow, match: MatchedDocument | null): AnalyticsImportRow => ({
    line: row.line,
    path: normalizePath(row.url),
    views: row.views,
    entries: row.entries,
    exits: row.exits,
    conversions: row.conversions ?? 0,
    match: match
      ? {
          contentType: match.contentType,
          documentId: match.documentId,
          locale: match.locale,
          title: match.title,
        }
      : null,
  });

  /** Unmatched rows merged by path (an event export has one per day), most viewed first. */
  const unmatchedByPath = (r: Read) => {
    const byPath = new Map<string, AnalyticsImportRow>();
    r.rows.forEach((row, index) => {
      if (r.matches[index]) return;
      const view = rowView(row, null);
      const seen = byPath.get(view.path);
      if (!seen) byPath.set(view.path, view);
      else {
        seen.views += view.views;
        seen.entries += view.entries;
        seen.exits += view.exits;
        seen.conversions += view.conversions;
      }
    });
    return [...byPath.values()].sort((a, b) => b.views - a.views || a.line - b.line);
  };

  const summaryOf = (r: Read) => {
    const matched = r.matches.filter(Boolean).length;
    return { rows: r.rows.length, matched, unmatched: r.rows.length - matched };
  };

  const preview = async (input: AnalyticsImportInput): Promise<AnalyticsImportPreview> => {
    const r = await read(input);
    return {
      tool: r.tool,
      periodFrom: r.period.from,
      periodTo: r.period.to,
      ...summaryOf(r),
      sample: r.rows.slice(0, PREVIEW_SAMPLE).map((row, i) => rowView(row, r.matches[i])),
      unmatchedSample: unmatchedByPath(r).slice(0, PREVIEW_UNMATCHED),
    };
  };

  /**
   * The rollup deltas of the matched rows: per document, a period row's counts spread evenly
   * over the period's days, an event row's on its own day; then per day a document row and a
   * stage row for each journey the document has a published stage in, and the conversions as
   * goal rows attributed 'first' to that stage (the page was where the conversion's session
   * landed, as GA4's and Matomo's page reports attribute them).
   */
  const deltasOf = (r: Read, importId: number): DeltaSet => {
    const days = daysBetween(r.period.from, r.period.to);
    const perDocument = new Map<
      string,
      { doc: MatchedDocument; total: Counts; byDay: Map<string, Counts> }
    >();
    const zero = (): Counts => ({ views: 0, entries: 0, exits: 0, conversions: 0 });
    const add = (into: Counts, row: Counts) => {
      into.views += row.views;
      into.entries += row.entries;
      into.exits += row.exits;
      into.conversions += row.conversions;
    };
    r.rows.forEach((row, index) => {
      const doc = r.matches[index];
      if (!doc) return;
      const key = [doc.contentType, doc.documentId, doc.locale ?? ''].join('\n');
      let entry = perDocument.get(key);
      if (!entry) {
        entry = { doc, total: zero(), byDay: new Map() };
        perDocument.set(key, entry);
      }
      const counts = { ...row, conversions: row.conversions ?? 0 };
      if (row.day) {
        const day = entry.byDay.get(row.day) ?? zero();
        add(day, counts);
        entry.byDay.set(row.day, day);
      } else add(entry.total, counts);
    });

    const set = emptyDeltaSet();
    const source = r.tool;
    for (const { doc, total, byDay } of perDocument.values()) {
      const spread = (Object.keys(total) as Array<keyof Counts>).map(
        (k) => [k, spreadOverDays(total[k], days.length)] as const
      );
      days.forEach((day, i) => {
        const counts = byDay.get(day) ?? zero();
        for (const [k, perDay] of spread) counts[k] += perDay[i];
        byDay.set(day, counts);
      });
      const entryLocale = doc.locale ?? '';
      for (const [day, counts] of byDay) {
        const pageCounts: Counters<'documents'> = {
          views: counts.views,
          entries: counts.entries,
          exits: counts.exits,
        };
        if (!counts.views && !counts.entries && !counts.exits && !counts.conversions) continue;
        const stages = doc.stages.length
          ? doc.stages
          : [{ journeyDocumentId: '', stageDocumentId: '' }];
        for (const { journeyDocumentId, stageDocumentId } of stages) {
          addDelta(
            set,
            'documents',
            {
              day,
              contentType: doc.contentType,
              entryDocumentId: doc.documentId,
              entryLocale,
              journeyDocumentId,
              stageDocumentId,
              intent: doc.intent,
              source,
              importId,
            },
            pageCounts
          );
          if (!stageDocumentId) continue;
          addDelta(
            set,
            'stages',
            { day, journeyDocumentId, stageDocumentId, entryLocale, source, importId },
            pageCounts
          );
          if (r.parsed.hasConversions && counts.conversions) {
            addDelta(
              set,
              'goals',
              {
                day,
                journeyDocumentId,
                goal: r.goal,
                stageDocumentId,
                attribution: 'first',
                entryLocale,
                source,
                importId,
              },
              { conversions: counts.conversions }
            );
          }
        }
      }
    }
    return set;
  };

  const mappingOf = (row: Record<string, unknown>) => {
    const value = row.mapping;
    if (value && typeof value === 'object') return value as Record<string, unknown>;
    if (typeof value === 'string') {
      try {
        return JSON.parse(value) as Record<string, unknown>;
      } catch {
        return {};
      }
    }
    return {};
  };

  /**
   * Imports of one tool take turns, so that each sees (and replaces) the one committed before
   * it: two overlapping imports at once would otherwise both find nothing to replace and count
   * twice. PostgreSQL: a transaction-scoped advisory lock; MySQL/MariaDB: a named lock, freed
   * when the transaction ends (see release below); SQLite runs one writer at a time anyway.
   */
  const lockName = (tool: string) => `journey-analytics-import:${tool}`;
  const lockTool = async (db: Knex, tool: string) => {
    const client = dbClient(strapi);
    if (client === 'postgres') {
      await db.raw('select pg_advisory_xact_lock(hashtext(?))', [lockName(tool)]);
    } else if (client === 'mysql') {
      const [rows] = (await db.raw('select get_lock(?, ?) as got', [
        lockName(tool),
        IMPORT_LOCK_WAIT_SECONDS,
      ])) as unknown as [Array<{ got: number | null }>];
      if (Number(rows[0]?.got) !== 1) {
        throw new ConflictError(
          `Another ${tool} import is running; try again when it has finished.`
        );
      }
    }
  };
  const releaseTool = async (db: Knex, tool: string) => {
    if (dbClient(strapi) === 'mysql') {
      await db.raw('select release_lock(?)', [lockName(tool)]).catch(() => undefined);
    }
  };

  const summaryView = (row: Record<string, unknown>): AnalyticsImportSummary => {
    const at = row.importedAt;
    const date = at instanceof Date ? at : new Date(typeof at === 'number' ? at : String(at));
    return {
      id: Number(row.id),
      tool: String(row.tool) as AnalyticsTool,
      fileName: (row.fileName as string | null) ?? null,
      periodFrom: String(row.periodFrom),
      periodTo: String(row.periodTo),
      rowCount: Number(row.rowCount ?? 0),
      matched: Number(row.matched ?? 0),
      unmatched: Number(row.unmatched ?? 0),
      importedAt: Number.isNaN(date.getTime()) ? String(at) : date.toISOString(),
    };
  };

  const SUMMARY_FIELDS = [
    'id',
    'tool',
    'fileName',
    'periodFrom',
    'periodTo',
    'rowCount',
    'matched',
    'unmatched',
    'importedAt',
    'mapping',
  ];
  const summarySelect = () => Object.fromEntries(SUMMARY_FIELDS.map((f) => [f, column(f)]));

  /**
   * One transaction: the removal of every earlier import this one replaces (same tool, see
   * replaceGroup, overlapping period), the import record and the rollup rows. A failure anywhere
   * leaves the earlier imports whole.
   */
  const importFile = async (input: AnalyticsImportInput): Promise<AnalyticsImportResult> => {
    const r = await read(input);
    const summary = summaryOf(r);
    const report: AnalyticsReport = r.parsed.report;
    const mapping = {
      report,
      patterns: r.resolved.patterns,
      goal: r.parsed.hasConversions ? r.goal : null,
      unmatched: unmatchedByPath(r)
        .slice(0, STORED_UNMATCHED)
        .map((u) => ({ path: u.path, views: u.views })),
    };
    const write = async (db: Knex) => {
      // A locking read: on MySQL it waits for an import of the tool that released its named
      // lock but has not committed yet, and then sees its row (a plain read keeps the snapshot).
      const overlapping = (await locking(
        strapi,
        db(table())
          .select({ id: 'id', mapping: column('mapping') })
          .where(column('tool'), r.tool)
          .andWhere(column('periodFrom'), '<=', r.period.to)
          .andWhere(column('periodTo'), '>=', r.period.from),
        'update'
      )) as Array<Record<string, unknown>>;
      const group = replaceGroup(r.tool, report);
      const replaced = overlapping
        .filter((o) => replaceGroup(r.tool, String(mappingOf(o).report ?? 'pages')) === group)
        .map((o) => Number(o.id));
      for (const id of replaced) {
        await store().deleteImportRows(db, id);
        await db(table()).where('id', id).delete();
      }
      const [inserted] = (await db(table()).insert(
        {
          ...rowDefaults(strapi, IMPORT_UID),
          [column('tool')]: r.tool,
          [column('fileName')]: input.file?.name?.slice(0, 255) ?? null,
          [column('periodFrom')]: r.period.from,
          [column('periodTo')]: r.period.to,
          [column('rowCount')]: summary.rows,
          [column('matched')]: summary.matched,
          [column('unmatched')]: summary.unmatched,
          [column('importedAt')]: new Date(),
          [column('mapping')]: JSON.stringify(mapping),
        },
        ['id']
      )) as Array<number | { id: number }>;
      const importId = Number(typeof inserted === 'object' ? inserted.id : inserted);
      await store().addDeltas(deltasOf(r, importId), db);
      const stored = (await db(table())
        .select(summarySelect())
        .where('id', importId)
        .first()) as Record<string, unknown>;
      return { import: summaryView(stored), replaced };
    };
    const result = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      await lockTool(db, r.tool);
      try {
        return await write(db);
      } finally {
        // MySQL's named lock belongs to the connection, not the transaction: freed here, at the
        // end of the transaction's work either way (its commit follows at once).
        await releaseTool(db, r.tool);
      }
    });
    return {
      ...result,
      skipped: r.skipped.length,
      unmatchedSample: mapping.unmatched,
    };
  };

  const listImports = async (): Promise<AnalyticsImportSummary[]> => {
    const rows = (await strapi.db
      .connection(table())
      .select(summarySelect())
      .orderBy([
        { column: column('importedAt'), order: 'desc' },
        { column: 'id', order: 'desc' },
      ])) as Array<Record<string, unknown>>;
    return rows.map(summaryView);
  };

  const deleteImport = async (idParam: unknown) => {
    const id = typeof idParam === 'string' && /^\d{1,12}$/.test(idParam) ? Number(idParam) : NaN;
    if (!Number.isSafeInteger(id)) {
      throw new ParamError('id', String(idParam), 'the numeric id of an analytics import');
    }
    const deleted = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      const count = Number(await db(table()).where('id', id).delete());
      if (count) await store().deleteImportRows(db, id);
      return count;
    });
    if (!deleted) throw new errors.NotFoundError(`No analytics import with id ${id}`);
    return { id };
  };

  return {
    preview,
    importFile,
    listImports,
    deleteImport,
    getUrlPatterns: patterns.getWithTypes,
    putUrlPatterns: patterns.put,
  };
};
