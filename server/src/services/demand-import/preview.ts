import type { Core } from '@strapi/strapi';
import type { DemandPreview, PreviewRow } from '../../domain/api-types';
import { LIMITS } from '../../domain/config';
import { ParamError } from '../../domain/content-params';
import { parseDemandFile, type DemandRow, type Mapping } from '../../domain/demand-parse';
import { isIntent } from '../../domain/intents';
import { type Knex } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { stageOf } from '../../domain/stage-of';
import type { StoredJourney } from '../../domain/stored';
import {
  OVERRIDE_UID,
  PREVIEW_SKIPPED,
  PREVIEW_SAMPLE,
  MAX_MATCHES,
  NO_STAGE,
  NO_INTENT,
  UploadedFile,
  ImportFileInput,
  StoredRow,
  OverrideRow,
  parsePeriod,
  parseSource,
  parseDelimiter,
  parseMappingParam,
} from './shared';

/** The import forms' checks, the classification of a file's rows, and the preview of a file. */
export const demandChecks = (strapi: Core.Strapi) => {
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

  return {
    table,
    column,
    newDocumentId,
    knex,
    requireJourney,
    requireLocale,
    requireFile,
    parseFile,
    stageKeyOf,
    overridesOf,
    classifyRows,
    emptyTotals,
    addTo,
    weight,
    preview,
  };
};

export type DemandChecks = ReturnType<typeof demandChecks>;
