import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { DemandImport } from '../../domain/api-types';
import { LIMITS } from '../../domain/config';
import { ParamError } from '../../domain/content-params';
import {
  DEMAND_FORMATS,
  DemandLimitError,
  rowsFromObjects,
  type DemandFormat,
  type DemandRow,
  type Mapping,
  type ParsedDemand,
  type SkippedRow,
  unrecognisedHeaders,
} from '../../domain/demand-parse';
import {
  ConflictError,
  dbClient,
  isLockTimeout,
  isRetryableConflict,
  isUniqueViolation,
  locking,
  type Knex,
} from '../../utils/db';
import { getService } from '../../utils/get-service';
import type { StoredJourney } from '../../domain/stored';
import {
  IMPORT_UID,
  QUERY_UID,
  MAX_MATCHES,
  IMPORT_LOCK_WAIT_SECONDS,
  IMPORT_ATTEMPTS,
  AdminUser,
  ImportFileInput,
  ImportRowsInput,
  Period,
  parsePeriod,
  parseSource,
  replaceKeyOf,
  nameOf,
  documentIds,
  toNumber,
  dayOf,
  isoOf,
  jsonOf,
} from './shared';
import type { DemandChecks } from './preview';

/** Storing an import's queries (one transaction per import key), listing and deleting imports. */
export const demandStore = (strapi: Core.Strapi, demandChecks: DemandChecks) => {
  const {
    table,
    column,
    newDocumentId,
    knex,
    requireJourney,
    requireLocale,
    parseFile,
    overridesOf,
    classifyRows,
  } = demandChecks;

  // -------------------------------------------------------------------------------------------
  // Storing

  const importView = (row: Record<string, unknown>, journeys: StoredJourney[]): DemandImport => {
    const journeyDocumentId = String(row.journeyDocumentId);
    return {
      id: Number(row.id),
      documentId: String(row.documentId),
      journey: journeys.find((j) => j.documentId === journeyDocumentId)?.key ?? null,
      journeyDocumentId,
      locale: String(row.locale),
      source: String(row.source),
      format: String(row.format) as DemandFormat,
      periodKey: String(row.periodKey),
      periodStart: dayOf(row.periodStart),
      periodEnd: dayOf(row.periodEnd),
      fileName: (row.fileName as string | null) ?? null,
      mapping: jsonOf(row.mapping) as Mapping | null,
      rowsRead: Number(row.rowsRead ?? 0),
      rowsStored: Number(row.rowsStored ?? 0),
      rowsSkipped: Number(row.rowsSkipped ?? 0),
      totalClicks: toNumber(row.totalClicks),
      totalImpressions: toNumber(row.totalImpressions),
      totalVolume: toNumber(row.totalVolume),
      importedByName: (row.importedByName as string | null) ?? null,
      createdAt: isoOf(row.createdAt),
    };
  };

  const IMPORT_FIELDS = [
    'id',
    'documentId',
    'journeyDocumentId',
    'locale',
    'source',
    'format',
    'periodKey',
    'periodStart',
    'periodEnd',
    'fileName',
    'mapping',
    'rowsRead',
    'rowsStored',
    'rowsSkipped',
    'totalClicks',
    'totalImpressions',
    'totalVolume',
    'importedByName',
    'createdAt',
  ];
  const importSelect = () =>
    Object.fromEntries(IMPORT_FIELDS.map((f) => [f, column(IMPORT_UID, f)]));

  /** The query row's columns, in the order insertQueries takes its values. */
  const QUERY_ATTRIBUTES = [
    'documentId',
    'importId',
    'journeyDocumentId',
    'locale',
    'query',
    'queryNorm',
    'clicks',
    'impressions',
    'ctr',
    'position',
    'volume',
    'intent',
    'classifiedIntent',
    'confidence',
    'language',
    'matches',
    'stageDocumentId',
    'overridden',
    'createdAt',
    'updatedAt',
    'publishedAt',
  ] as const;

  /** Columns with the same value in every row of one import. */
  const SHARED_ATTRIBUTES = new Set<string>([
    'importId',
    'journeyDocumentId',
    'locale',
    'createdAt',
    'updatedAt',
    'publishedAt',
  ]);

  const PG_TYPES: Record<string, string> = {
    string: 'text',
    integer: 'integer',
    float: 'double precision',
    boolean: 'boolean',
    json: 'jsonb',
    datetime: 'timestamp',
  };

  /**
   * Inserts the rows (values in QUERY_ATTRIBUTES order) in as few statements as each database
   * takes well. PostgreSQL gets one array per column and `unnest`: 50,000 rows in 5 statements,
   * about three times faster than multi-row VALUES, whose million parameters it parses one by one.
   * SQLite and MySQL get multi-row VALUES: on SQLite under its 32,766 bound variables (knex's
   * own insert writes `SELECT … UNION ALL SELECT …` there, capped at 500 terms and slow to build),
   * on MySQL in statements well under the default max_allowed_packet.
   */
  const insertQueries = async (db: Knex, values: unknown[][]) => {
    if (!values.length) return;
    const columns = QUERY_ATTRIBUTES.map((a) => column(QUERY_UID, a));
    const name = table(QUERY_UID);
    if (dbClient(strapi) === 'postgres') {
      const attributes = strapi.db.metadata.get(QUERY_UID).attributes as Record<
        string,
        { type: string }
      >;
      const types = QUERY_ATTRIBUTES.map((a) => PG_TYPES[attributes[a].type] ?? 'text');
      // The import's own columns are one value for every row: sent once, not as arrays.
      const shared = QUERY_ATTRIBUTES.map((a) => SHARED_ATTRIBUTES.has(a));
      const varying = columns.map((_, c) => c).filter((c) => !shared[c]);
      const select = columns.map((_, c) => (shared[c] ? `?::${types[c]}` : `u.c${c}`));
      const sql = `insert into ?? (${columns.map(() => '??').join(', ')}) select ${select.join(', ')} from unnest(${varying.map((c) => `?::${types[c]}[]`).join(', ')}) as u(${varying.map((c) => `c${c}`).join(', ')})`;
      const sharedValues = columns
        .map((_, c) => c)
        .filter((c) => shared[c])
        .map((c) => values[0][c]);
      for (let i = 0; i < values.length; i += 10000) {
        const chunk = values.slice(i, i + 10000);
        const arrays = varying.map((c) => chunk.map((row) => row[c]));
        await db.raw(sql, [name, ...columns, ...sharedValues, ...arrays]);
      }
      return;
    }
    const rowsPerStatement =
      dbClient(strapi) === 'sqlite' ? Math.floor(30000 / columns.length) : 1000;
    const row = `(${columns.map(() => '?').join(', ')})`;
    for (let i = 0; i < values.length; i += rowsPerStatement) {
      const chunk = values.slice(i, i + rowsPerStatement);
      await db.raw(
        `insert into ?? (${columns.map(() => '??').join(', ')}) values ${chunk.map(() => row).join(', ')}`,
        [name, ...columns, ...chunk.flat()]
      );
    }
  };

  interface StoreArgs {
    journey: StoredJourney;
    locale: string;
    source: string;
    period: Period;
    format: DemandFormat;
    rows: DemandRow[];
    rowsRead: number;
    skipped: SkippedRow[];
    fileName: string | null;
    mapping: Mapping | null;
    user: AdminUser | null | undefined;
  }

  /**
   * Classifies outside the transaction (no write lock held while the CPU works), then in ONE
   * transaction: the replace key claimed, the previous import of the same key and its queries
   * deleted, the overrides as they are now, the new import row and its queries inserted in
   * batches. Any failure rolls all of it back, so the previous import stays until the new one is
   * complete.
   *
   * The claim makes imports of the same key run one after the other: it inserts the new import
   * row, or, when the key is taken, locks the stored row instead (an upsert on the unique replace
   * key, which on PostgreSQL and MySQL waits for a concurrent claim of the same key to commit
   * rather than failing; SQLite runs one writer at a time anyway). A check-then-insert could not:
   * two imports of an absent key both found nothing and the later one hit the unique index.
   */
  const store = async (args: StoreArgs) => {
    const { journey, locale, source, period, format, rows } = args;
    const replaceKey = replaceKeyOf(journey.documentId, locale, source, period.key);
    const classified = await classifyRows(rows, journey, locale, new Map());
    const ids = documentIds(classified.length);
    const now = new Date();
    const total = (metric: 'clicks' | 'impressions' | 'volume') =>
      rows.some((r) => r[metric] !== null)
        ? rows.reduce((sum, r) => sum + (r[metric] ?? 0), 0)
        : null;
    const I = (attribute: string) => column(IMPORT_UID, attribute);

    const run = () =>
      strapi.db.transaction(async ({ trx }) => {
        const db = trx as unknown as Knex;
        const importRow = {
          [I('documentId')]: newDocumentId(IMPORT_UID),
          [I('replaceKey')]: replaceKey,
          [I('journeyDocumentId')]: journey.documentId,
          [I('locale')]: locale,
          [I('source')]: source,
          [I('format')]: format,
          [I('periodKey')]: period.key,
          [I('periodStart')]: period.start,
          [I('periodEnd')]: period.end,
          [I('fileName')]: args.fileName?.slice(0, 255) ?? null,
          [I('mapping')]: args.mapping ? JSON.stringify(args.mapping) : null,
          [I('rowsRead')]: args.rowsRead,
          [I('rowsStored')]: rows.length,
          [I('rowsSkipped')]: args.skipped.length,
          [I('totalClicks')]: total('clicks'),
          [I('totalImpressions')]: total('impressions'),
          [I('totalVolume')]: total('volume'),
          [I('importedByName')]: nameOf(args.user)?.slice(0, 255) ?? null,
          [I('createdAt')]: now,
          [I('updatedAt')]: now,
          [I('publishedAt')]: now,
        };
        if (dbClient(strapi) === 'postgres') {
          // The wait behind a running import of the same key is bounded as MariaDB's default
          // innodb_lock_wait_timeout bounds it there; past it the caller gets a 409.
          await db.raw(`set local lock_timeout = '${IMPORT_LOCK_WAIT_SECONDS}s'`);
        }
        await db(table(IMPORT_UID))
          .insert(importRow)
          .onConflict(I('replaceKey'))
          .merge([I('updatedAt')]);
        // A locking read sees the latest committed row on MySQL too, whose plain reads keep the
        // snapshot of the transaction's first read.
        const claimed = (await locking(
          strapi,
          db(table(IMPORT_UID))
            .select({ id: 'id', documentId: I('documentId') })
            .where(I('replaceKey'), replaceKey),
          'update'
        )) as Array<{ id: number | string; documentId: string }>;
        let importId = Number(claimed[0].id);
        const replaced = claimed[0].documentId !== importRow[I('documentId')];
        if (replaced) {
          await db(table(QUERY_UID)).where(column(QUERY_UID, 'importId'), importId).delete();
          await db(table(IMPORT_UID)).where('id', importId).delete();
          const [inserted] = (await db(table(IMPORT_UID)).insert(importRow, ['id'])) as Array<
            number | { id: number }
          >;
          importId = Number(typeof inserted === 'object' ? inserted.id : inserted);
        }
        // Read after the claim: an override saved while an earlier import of the key ran counts.
        const overrides = await overridesOf(journey, locale, db);

        const values = classified.map((row, index) => {
          const override = overrides.get(row.queryNorm);
          const record: Record<string, unknown> = {
            documentId: ids[index],
            importId,
            journeyDocumentId: journey.documentId,
            locale,
            query: row.query,
            queryNorm: row.queryNorm,
            clicks: row.clicks,
            impressions: row.impressions,
            ctr: row.ctr,
            position: row.position,
            volume: row.volume,
            intent: override?.intent ?? row.classifiedIntent,
            classifiedIntent: row.classifiedIntent,
            confidence: row.classification.confidence,
            language: row.classification.language,
            matches: JSON.stringify(row.classification.matches.slice(0, MAX_MATCHES)),
            stageDocumentId: override?.stageDocumentId ?? null,
            overridden: !!override,
            createdAt: now,
            updatedAt: now,
            publishedAt: now,
          };
          return QUERY_ATTRIBUTES.map((attribute) => record[attribute]);
        });
        await insertQueries(db, values);
        const stored = (await db(table(IMPORT_UID))
          .select(importSelect())
          .where('id', importId)
          .first()) as Record<string, unknown>;
        return { stored, replaced };
      });

    const busy = () =>
      new ConflictError(
        `Another import of the same journey, locale, source and period is running (journey ${journey.key}, locale ${locale}, source "${source}", period ${period.key}); try again.`
      );
    // The claim leaves deadlocks (MySQL's gap locks) and, should an import of the key be deleted
    // mid-claim, a unique violation: both are safe to run again; a lock wait past its bound is not.
    for (let attempt = 1; ; attempt += 1) {
      try {
        const { stored, replaced } = await run();
        return { import: importView(stored, [journey]), replaced };
      } catch (error) {
        if (isLockTimeout(error)) throw busy();
        if (!isUniqueViolation(error) && !isRetryableConflict(error)) throw error;
        if (attempt >= IMPORT_ATTEMPTS || strapi.db.inTransaction()) throw busy();
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 50 * attempt));
      }
    }
  };

  const importFile = async (input: ImportFileInput) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const source = parseSource(input.source);
    const period = parsePeriod(input.period);
    const parsed: ParsedDemand = parseFile(input);
    if (!parsed.mapping || !parsed.format) {
      throw unrecognisedHeaders(parsed.columns, parsed.headerLine);
    }
    return store({
      journey,
      locale,
      source,
      period,
      format: parsed.format,
      rows: parsed.rows,
      rowsRead: parsed.rowsRead,
      skipped: parsed.skipped,
      fileName: input.file?.name ?? null,
      mapping: parsed.mapping,
      user: input.user,
    });
  };

  const importRows = async (input: ImportRowsInput) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const source = parseSource(input.source);
    const period = parsePeriod(input.period);
    if (!(DEMAND_FORMATS as readonly string[]).includes(input.format)) {
      throw new ParamError('format', String(input.format), DEMAND_FORMATS);
    }
    if (!Array.isArray(input.rows)) throw new ParamError('rows', '', 'an array of rows');
    if (input.rows.length > LIMITS.demandRows) throw new DemandLimitError(LIMITS.demandRows);
    const { rows, skipped, read } = rowsFromObjects(input.rows);
    return store({
      journey,
      locale,
      source,
      period,
      format: input.format,
      rows,
      rowsRead: read,
      skipped,
      fileName: input.fileName ?? null,
      mapping: input.mapping ?? null,
      user: input.user,
    });
  };

  const listImports = async (journeyKey?: unknown): Promise<DemandImport[]> => {
    const journeys = await getService(strapi, 'journeys').list();
    const query = knex()(table(IMPORT_UID))
      .select(importSelect())
      .orderBy([
        { column: column(IMPORT_UID, 'createdAt'), order: 'desc' },
        { column: 'id', order: 'desc' },
      ]);
    if (journeyKey !== undefined) {
      const journey = await requireJourney(journeyKey);
      query.where(column(IMPORT_UID, 'journeyDocumentId'), journey.documentId);
    }
    return ((await query) as Array<Record<string, unknown>>).map((r) => importView(r, journeys));
  };

  const deleteImport = async (idParam: unknown) => {
    const id = typeof idParam === 'string' && /^\d{1,12}$/.test(idParam) ? Number(idParam) : NaN;
    if (!Number.isSafeInteger(id)) {
      throw new ParamError('id', String(idParam), 'the numeric id of an import');
    }
    const deleted = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      const count = await db(table(IMPORT_UID)).where('id', id).delete();
      if (count) await db(table(QUERY_UID)).where(column(QUERY_UID, 'importId'), id).delete();
      return count;
    });
    if (!deleted) throw new errors.NotFoundError(`No demand import with id ${id}`);
    return { id };
  };

  return {
    importView,
    IMPORT_FIELDS,
    importSelect,
    QUERY_ATTRIBUTES,
    SHARED_ATTRIBUTES,
    PG_TYPES,
    insertQueries,
    store,
    importFile,
    importRows,
    listImports,
    deleteImport,
  };
};

export type DemandStore = ReturnType<typeof demandStore>;
