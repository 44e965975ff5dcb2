import { createHash, randomBytes } from 'crypto';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { DemandImport, DemandOverride, DemandPreview, PreviewRow } from '../domain/api-types';
import { LIMITS } from '../domain/config';
import { ParamError } from '../domain/content-params';
import {
  DEMAND_FORMATS,
  DemandLimitError,
  normalizeQuery,
  parseDemandFile,
  rowsFromObjects,
  type Delimiter,
  type DemandFormat,
  type DemandRow,
  type Mapping,
  type ParsedDemand,
  type SkippedRow,
  unrecognisedHeaders,
} from '../domain/demand-parse';
import { INTENTS, isIntent } from '../domain/intents';
import type { Classification } from '../intent/classifier';
import { PLUGIN_ID } from '../utils/constants';
import {
  ConflictError,
  dbClient,
  isLockTimeout,
  isRetryableConflict,
  isUniqueViolation,
  locking,
  type Knex,
} from '../utils/db';
import { getService } from '../utils/get-service';
import { stageOf } from '../domain/stage-of';
import type { StoredJourney } from '../domain/stored';

const IMPORT_UID = `plugin::${PLUGIN_ID}.demand-import`;
const QUERY_UID = `plugin::${PLUGIN_ID}.demand-query`;
const OVERRIDE_UID = `plugin::${PLUGIN_ID}.demand-override`;

/** What the preview lists: enough to judge a file, little enough to send at once. */
const PREVIEW_SKIPPED = 100;
const PREVIEW_SAMPLE = 20;
/** Matched terms kept per query ("why this intent"). */
const MAX_MATCHES = 8;
/** Seconds an import waits behind a running import of the same key before answering 409. */
const IMPORT_LOCK_WAIT_SECONDS = 50;
/** Runs of one import when the claim of its key met a deadlock or a vanished row. */
const IMPORT_ATTEMPTS = 5;
/** Stage key for demand the journey's mapping places nowhere. */
export const NO_STAGE = 'none';
/** Intent stored when the classifier placed the query in none. */
export const NO_INTENT = 'none';

export interface UploadedFile {
  data: Buffer | Uint8Array | string;
  name?: string | null;
}

export interface AdminUser {
  firstname?: string | null;
  lastname?: string | null;
  username?: string | null;
  email?: string | null;
}

/** The fields of the preview and import forms, unchecked. */
export interface ImportFileInput {
  journey?: unknown;
  locale?: unknown;
  source?: unknown;
  period?: unknown;
  mapping?: unknown;
  delimiter?: unknown;
  file?: UploadedFile | null;
  user?: AdminUser | null;
}

/** Rows given by code (the benchmark, the demo's seed) rather than a file. */
export interface ImportRowsInput {
  journey: string;
  locale: string;
  source: string;
  period: string;
  format: DemandFormat;
  rows: Array<{
    query: string;
    clicks?: number | null;
    impressions?: number | null;
    ctr?: number | null;
    position?: number | null;
    volume?: number | null;
  }>;
  fileName?: string | null;
  mapping?: Mapping | null;
  user?: AdminUser | null;
}

export interface Period {
  key: string;
  start: string | null;
  end: string | null;
}

interface StoredRow extends DemandRow {
  classification: Classification;
  intent: string;
  classifiedIntent: string;
  stageDocumentId: string | null;
  overridden: boolean;
}

interface OverrideRow {
  queryNorm: string;
  intent: string | null;
  stageDocumentId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Parameters (pure: each problem a ParamError naming the parameter and what is valid)

const PERIOD_VALID =
  "'monthly' (monthly search volume) or 'YYYY-MM-DD..YYYY-MM-DD' (first..last day)";

const isDay = (text: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
};

export const parsePeriod = (value: unknown): Period => {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === 'monthly') return { key: 'monthly', start: null, end: null };
  const [start, end, ...rest] = text.split('..');
  if (!rest.length && start && end && isDay(start) && isDay(end) && start <= end) {
    return { key: `${start}..${end}`, start, end };
  }
  throw new ParamError('period', typeof value === 'string' ? value : '', PERIOD_VALID);
};

export const parseSource = (value: unknown): string => {
  const text = typeof value === 'string' ? value.trim() : '';
  if (!text || text.length > 100) {
    throw new ParamError(
      'source',
      typeof value === 'string' ? value : '',
      'a label of 1 to 100 characters naming where the file came from, e.g. "Search Console"'
    );
  }
  return text;
};

const DELIMITER_NAMES: Record<string, Delimiter> = {
  ',': ',',
  ';': ';',
  '\t': '\t',
  '\\t': '\t',
  comma: ',',
  semicolon: ';',
  tab: '\t',
};

export const parseDelimiter = (value: unknown): Delimiter | null => {
  if (value === undefined || value === null || value === '') return null;
  const found = typeof value === 'string' ? DELIMITER_NAMES[value.toLowerCase()] : undefined;
  if (!found) {
    throw new ParamError('delimiter', String(value), [
      ',',
      ';',
      '\\t',
      'comma',
      'semicolon',
      'tab',
    ]);
  }
  return found;
};

/** The mapping field: a JSON string in a form, an object from code. Columns are checked later. */
export const parseMappingParam = (value: unknown): Record<string, unknown> | null => {
  if (value === undefined || value === null || value === '') return null;
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      parsed = undefined;
    }
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ParamError(
      'mapping',
      typeof value === 'string' ? value : JSON.stringify(value),
      'a JSON object of field → column, e.g. {"query":"Keyword","volume":"Search volume"}; fields: query, clicks, impressions, ctr, position, volume'
    );
  }
  return parsed as Record<string, unknown>;
};

export const replaceKeyOf = (
  journeyDocumentId: string,
  locale: string,
  source: string,
  periodKey: string
) =>
  createHash('sha1').update([journeyDocumentId, locale, source, periodKey].join('|')).digest('hex');

const nameOf = (user: AdminUser | null | undefined) =>
  !user
    ? null
    : [user.firstname, user.lastname].filter(Boolean).join(' ') ||
      user.username ||
      user.email ||
      null;

/** Unique enough for rows nobody addresses by documentId, and 50,000 of them in milliseconds. */
const documentIds = (count: number): string[] => {
  const bytes = randomBytes(count * 16);
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1) {
    let id = alphabet[bytes[i * 16] % 26];
    for (let k = 1; k < 16; k += 1) id += alphabet[bytes[i * 16 + k] % 36];
    ids.push(`${id}dq${(i % 1296).toString(36).padStart(2, '0')}`.slice(0, 24));
  }
  return ids;
};

const toNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

const dayOf = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

const isoOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string)
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

const jsonOf = (value: unknown) => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const table = (uid: string) => strapi.db.metadata.get(uid).tableName;
  const column = (uid: string, attribute: string) =>
    (strapi.db.metadata.get(uid).attributes as Record<string, { columnName?: string }>)[attribute]
      ?.columnName ?? attribute;
  const newDocumentId = (uid: string) =>
    (
      strapi.db.metadata.get(uid).attributes.documentId as unknown as { default: () => string }
    ).default();

  const knex = () => strapi.db.connection as Knex;

  // -------------------------------------------------------------------------------------------
  // Checked parameters

  const requireJourney = async (value: unknown): Promise<StoredJourney> => {
    const journeys = await getService(strapi, 'journeys').list();
    const journey = typeof value === 'string' ? journeys.find((j) => j.key === value) : undefined;
    if (!journey) {
      throw new ParamError(
        'journey',
        typeof value === 'string' ? value : '',
        journeys.map((j) => j.key)
      );
    }
    return journey;
  };

  const requireLocale = async (value: unknown): Promise<string> => {
    const locales = (await strapi.plugin('i18n').service('locales').find()) as Array<{
      code: string;
    }>;
    const codes = locales.map((l) => l.code);
    if (typeof value !== 'string' || !codes.includes(value)) {
      throw new ParamError('locale', typeof value === 'string' ? value : '', codes);
    }
    return value;
  };

  const requireFile = (file: UploadedFile | null | undefined): UploadedFile => {
    if (!file) {
      throw new ParamError(
        'file',
        '',
        'a CSV, TSV or JSON file (UTF-8) in the multipart/form-data field "file"'
      );
    }
    return file;
  };

  const parseFile = (input: ImportFileInput) => {
    const file = requireFile(input.file);
    const mapping = parseMappingParam(input.mapping);
    return parseDemandFile(file.data, {
      mapping: mapping as Mapping | null,
      delimiter: parseDelimiter(input.delimiter),
      maxRows: LIMITS.demandRows,
    });
  };

  // -------------------------------------------------------------------------------------------
  // Classification

  const stageKeyOf = (journey: StoredJourney, intent: string, stageDocumentId: string | null) => {
    if (stageDocumentId) {
      const stage = journey.stages.find((s) => s.documentId === stageDocumentId);
      if (stage) return stage.key;
    }
    // The stage follows the mapping at read time (see the demand-query schema), as the demand
    // view resolves it: a navigational query goes to the decision stage, there being no scores.
    return (isIntent(intent) && stageOf(journey, intent)?.key) || NO_STAGE;
  };

  const overridesOf = async (
    journey: StoredJourney,
    locale: string,
    db: Knex = knex()
  ): Promise<Map<string, OverrideRow>> => {
    const rows = (await db(table(OVERRIDE_UID))
      .select({
        queryNorm: column(OVERRIDE_UID, 'queryNorm'),
        intent: column(OVERRIDE_UID, 'intent'),
        stageDocumentId: column(OVERRIDE_UID, 'stageDocumentId'),
      })
      .where(column(OVERRIDE_UID, 'journeyDocumentId'), journey.documentId)
      .andWhere(column(OVERRIDE_UID, 'locale'), locale)) as OverrideRow[];
    return new Map(rows.map((r) => [r.queryNorm, r]));
  };

  const classifyRows = async (
    rows: DemandRow[],
    journey: StoredJourney,
    locale: string,
    overrides: Map<string, OverrideRow>
  ): Promise<StoredRow[]> => {
    const intent = getService(strapi, 'intent');
    // Site terms another instance added count from the first row on.
    await intent.refresh();
    return rows.map((row) => {
      const classification = intent.classify(row.query, journey, locale);
      const classifiedIntent = classification.intent ?? NO_INTENT;
      const override = overrides.get(row.queryNorm);
      return {
        ...row,
        classification,
        classifiedIntent,
        intent: override?.intent ?? classifiedIntent,
        stageDocumentId: override?.stageDocumentId ?? null,
        overridden: !!override,
      };
    });
  };

  // -------------------------------------------------------------------------------------------
  // Preview

  type Totals = { queries: number; clicks: number; impressions: number; volume: number };
  const emptyTotals = (): Totals => ({ queries: 0, clicks: 0, impressions: 0, volume: 0 });
  const addTo = (totals: Totals, row: DemandRow) => {
    totals.queries += 1;
    totals.clicks += row.clicks ?? 0;
    totals.impressions += row.impressions ?? 0;
    totals.volume += row.volume ?? 0;
  };
  /** The row's weight in "the biggest queries first": impressions, else volume, else clicks. */
  const weight = (row: DemandRow) => row.impressions ?? row.volume ?? row.clicks ?? 0;

  const preview = async (input: ImportFileInput): Promise<DemandPreview> => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    parseSource(input.source);
    parsePeriod(input.period);
    const parsed = parseFile(input);
    const base = {
      format: parsed.format,
      delimiter: parsed.delimiter,
      bom: parsed.bom,
      columns: parsed.columns,
      mapping: parsed.mapping,
      mappingRecognised: parsed.mappingRecognised,
      rowsRead: parsed.rowsRead,
      rowsValid: parsed.rows.length,
      skippedCount: parsed.skipped.length,
      skipped: parsed.skipped.slice(0, PREVIEW_SKIPPED),
      rawSample: parsed.rawSample,
    };
    if (!parsed.mapping) return { ...base, byIntent: {}, byStage: {}, sample: [] };

    const rows = await classifyRows(
      parsed.rows,
      journey,
      locale,
      await overridesOf(journey, locale)
    );
    const byIntent: Record<string, Totals> = {};
    const byStage: Record<string, Totals> = {};
    for (const row of rows) {
      addTo((byIntent[row.intent] ??= emptyTotals()), row);
      addTo((byStage[stageKeyOf(journey, row.intent, row.stageDocumentId)] ??= emptyTotals()), row);
    }
    const sample: PreviewRow[] = [...rows]
      .sort((a, b) => weight(b) - weight(a) || a.line - b.line)
      .slice(0, PREVIEW_SAMPLE)
      .map((row) => ({
        line: row.line,
        query: row.query,
        clicks: row.clicks,
        impressions: row.impressions,
        ctr: row.ctr,
        position: row.position,
        volume: row.volume,
        intent: row.intent,
        classifiedIntent: row.classifiedIntent,
        overridden: row.overridden,
        confidence: row.classification.confidence,
        language: row.classification.language,
        stage: stageKeyOf(journey, row.intent, row.stageDocumentId),
        matches: row.classification.matches.slice(0, MAX_MATCHES),
      }));
    return { ...base, byIntent, byStage, sample };
  };

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

  // -------------------------------------------------------------------------------------------
  // Overrides

  const overrideQuery = (value: unknown) => {
    const text = typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
    if (!text || text.length > 255) {
      throw new ParamError(
        'query',
        typeof value === 'string' ? value : '',
        'the search query, 1 to 255 characters'
      );
    }
    return text;
  };

  const overrideView = (
    row: Record<string, unknown>,
    journey: StoredJourney,
    texts: Map<string, string>
  ): DemandOverride => {
    const queryNorm = String(row.queryNorm);
    const stage = journey.stages.find((s) => s.documentId === row.stageDocumentId);
    return {
      journey: journey.key,
      locale: String(row.locale),
      query: texts.get(queryNorm) ?? queryNorm,
      queryNorm,
      intent: (row.intent as string | null) ?? null,
      stage: stage?.key ?? null,
      updatedByName: (row.updatedByName as string | null) ?? null,
      updatedAt: isoOf(row.updatedAt),
    };
  };

  const OVERRIDE_FIELDS = [
    'locale',
    'queryNorm',
    'intent',
    'stageDocumentId',
    'updatedByName',
    'updatedAt',
  ];
  const overrideSelect = () =>
    Object.fromEntries(OVERRIDE_FIELDS.map((f) => [f, column(OVERRIDE_UID, f)]));

  /** The query as a file wrote it, for overrides listed by their normalised key. */
  const queryTexts = async (journey: StoredJourney, norms: string[]) => {
    const texts = new Map<string, string>();
    const Q = (attribute: string) => column(QUERY_UID, attribute);
    for (let i = 0; i < norms.length; i += 500) {
      const rows = (await knex()(table(QUERY_UID))
        .select({ queryNorm: Q('queryNorm') })
        .min({ query: Q('query') })
        .where(Q('journeyDocumentId'), journey.documentId)
        .whereIn(Q('queryNorm'), norms.slice(i, i + 500))
        .groupBy(Q('queryNorm'))) as Array<{ queryNorm: string; query: string }>;
      for (const r of rows) texts.set(r.queryNorm, r.query);
    }
    return texts;
  };

  const listOverrides = async (input: { journey?: unknown; locale?: unknown }) => {
    const journey = await requireJourney(input.journey);
    const query = knex()(table(OVERRIDE_UID))
      .select(overrideSelect())
      .where(column(OVERRIDE_UID, 'journeyDocumentId'), journey.documentId)
      .orderBy([
        { column: column(OVERRIDE_UID, 'locale'), order: 'asc' },
        { column: column(OVERRIDE_UID, 'queryNorm'), order: 'asc' },
      ]);
    if (input.locale !== undefined) {
      query.where(column(OVERRIDE_UID, 'locale'), await requireLocale(input.locale));
    }
    const rows = (await query) as Array<Record<string, unknown>>;
    const texts = await queryTexts(
      journey,
      rows.map((r) => String(r.queryNorm))
    );
    return rows.map((r) => overrideView(r, journey, texts));
  };

  /** Points the stored rows of one query at the override (or back at the classifier). */
  const applyToQueries = (
    db: Knex,
    journey: StoredJourney,
    locale: string,
    queryNorm: string,
    override: { intent: string | null; stageDocumentId: string | null } | null
  ) => {
    const Q = (attribute: string) => column(QUERY_UID, attribute);
    return db(table(QUERY_UID))
      .where(Q('journeyDocumentId'), journey.documentId)
      .andWhere(Q('locale'), locale)
      .andWhere(Q('queryNorm'), queryNorm)
      .update({
        [Q('intent')]: override?.intent ?? db.ref(Q('classifiedIntent')),
        [Q('stageDocumentId')]: override?.stageDocumentId ?? null,
        [Q('overridden')]: !!override,
      });
  };

  const putOverride = async (input: {
    journey?: unknown;
    locale?: unknown;
    query?: unknown;
    intent?: unknown;
    stage?: unknown;
    user?: AdminUser | null;
  }) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const query = overrideQuery(input.query);
    const queryNorm = normalizeQuery(query);
    const intent = input.intent === undefined || input.intent === null ? null : input.intent;
    if (intent !== null && !isIntent(intent)) {
      throw new ParamError('intent', String(intent), [...INTENTS, "null (keep the classifier's)"]);
    }
    const stageKey = input.stage === undefined || input.stage === null ? null : input.stage;
    const stage = stageKey === null ? null : journey.stages.find((s) => s.key === stageKey);
    if (stageKey !== null && !stage) {
      throw new ParamError('stage', String(stageKey), [
        ...journey.stages.map((s) => s.key),
        'null (follow the intent → stage mapping)',
      ]);
    }
    if (intent === null && !stage) {
      throw new ParamError(
        'intent',
        'null',
        'an intent or a stage (or both); to remove an override, DELETE it'
      );
    }
    const O = (attribute: string) => column(OVERRIDE_UID, attribute);
    const now = new Date();
    const values = {
      [O('intent')]: intent,
      [O('stageDocumentId')]: stage?.documentId ?? null,
      [O('updatedByName')]: nameOf(input.user)?.slice(0, 255) ?? null,
      [O('updatedAt')]: now,
    };
    const queriesUpdated = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      await db(table(OVERRIDE_UID))
        .insert({
          ...values,
          [O('documentId')]: newDocumentId(OVERRIDE_UID),
          [O('journeyDocumentId')]: journey.documentId,
          [O('locale')]: locale,
          [O('queryNorm')]: queryNorm,
          [O('createdAt')]: now,
          [O('publishedAt')]: now,
        })
        .onConflict([O('journeyDocumentId'), O('locale'), O('queryNorm')])
        .merge(Object.keys(values));
      return applyToQueries(db, journey, locale, queryNorm, {
        intent,
        stageDocumentId: stage?.documentId ?? null,
      });
    });
    return {
      journey: journey.key,
      locale,
      query,
      queryNorm,
      intent: intent as string | null,
      stage: stage?.key ?? null,
      updatedByName: nameOf(input.user),
      updatedAt: now.toISOString(),
      queriesUpdated: Number(queriesUpdated),
    } satisfies DemandOverride & { queriesUpdated: number };
  };

  const deleteOverride = async (input: {
    journey?: unknown;
    locale?: unknown;
    query?: unknown;
  }) => {
    const journey = await requireJourney(input.journey);
    const locale = await requireLocale(input.locale);
    const queryNorm = normalizeQuery(overrideQuery(input.query));
    const O = (attribute: string) => column(OVERRIDE_UID, attribute);
    const result = await strapi.db.transaction(async ({ trx }) => {
      const db = trx as unknown as Knex;
      const deleted = await db(table(OVERRIDE_UID))
        .where(O('journeyDocumentId'), journey.documentId)
        .andWhere(O('locale'), locale)
        .andWhere(O('queryNorm'), queryNorm)
        .delete();
      if (!deleted) return null;
      return applyToQueries(db, journey, locale, queryNorm, null);
    });
    if (result === null) {
      throw new errors.NotFoundError(
        `No override for "${String(input.query)}" in journey ${journey.key}, locale ${locale}`
      );
    }
    return { queryNorm, queriesUpdated: Number(result) };
  };

  return {
    preview,
    importFile,
    importRows,
    listImports,
    deleteImport,
    listOverrides,
    putOverride,
    deleteOverride,
  };
};
