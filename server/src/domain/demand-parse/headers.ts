import { DemandMappingError, DemandParseError } from './errors';
import { headerKey } from './text';
import {
  MAPPING_FIELDS,
  METRICS,
  type DemandFormat,
  type Mapping,
  type MappingField,
} from './types';

/**
 * The names each column goes by in the tools' exports, folded as headerKey folds them, in
 * English, Swedish and Norwegian bokmål. Search Console's localized exports name the query
 * column after the report's table ("Top queries", "Vanligaste sökfrågorna", "Mest populære søk").
 */
const EXACT: Record<MappingField, string[]> = {
  query: [
    'top queries',
    'top query',
    'queries',
    'query',
    'search query',
    'search queries',
    'search term',
    'search terms',
    'keyword',
    'keywords',
    'keys',
    'key',
    'vanligaste sokfragorna',
    'vanligaste sokfragor',
    'popularaste sokfragorna',
    'populara sokfragor',
    'sokfragor',
    'sokfraga',
    'sokfragan',
    'sokord',
    'sokordet',
    'sokterm',
    'nyckelord',
    'mest populaere sok',
    'mest populaere sokeord',
    'populaere sok',
    'sok',
    'sokeord',
    'sokefrase',
    'sokefraser',
    'sokeordet',
    'nokkelord',
  ],
  clicks: ['clicks', 'click', 'url clicks', 'klick', 'klikk', 'antal klick', 'antall klikk'],
  impressions: [
    'impressions',
    'impression',
    'impr',
    'url impressions',
    'visningar',
    'visninger',
    'exponeringar',
    'antal visningar',
    'antall visninger',
  ],
  ctr: [
    'ctr',
    'url ctr',
    'click through rate',
    'clickthrough rate',
    'klickfrekvens',
    'klikkfrekvens',
    'klikkrate',
  ],
  position: [
    'position',
    'average position',
    'avg position',
    'avg pos',
    'genomsnittlig position',
    'genomsnittsposition',
    'plassering',
    'gjennomsnittlig plassering',
    'posisjon',
    'gjennomsnittlig posisjon',
  ],
  volume: [
    'search volume',
    'volume',
    'avg monthly searches',
    'average monthly searches',
    'monthly searches',
    'monthly search volume',
    'msv',
    'sokvolym',
    'volym',
    'manatlig sokvolym',
    'genomsnittlig manatlig sokvolym',
    'genomsnittliga sokningar per manad',
    'genomsnittligt antal sokningar per manad',
    'sokningar per manad',
    'sokevolum',
    'volum',
    'manedlig sokevolum',
    'gjennomsnittlig manedlige sok',
    'gjennomsnittlig antall sok per maned',
  ],
};

/** Parts of a name that identify a column when no exact name matched ("Keyword (by relevance)"). */
const CONTAINS: Record<MappingField, RegExp> = {
  query: /\b(quer(y|ies)|keywords?|search terms?)\b|sokfrag|sokord|sokeord|nyckelord|nokkelord/,
  clicks: /\b(clicks?|klick|klikk)\b/,
  impressions: /\b(impressions?|visningar|visninger)\b/,
  ctr: /\bctr\b|klickfrekvens|klikkfrekvens/,
  position: /\b(position|plassering|posisjon)\b/,
  volume:
    /\bvolume\b|monthly searches|sokvolym|sokevolum|\bvolym\b|\bvolum\b|sokningar per manad|sok per maned/,
};

/** Headers that contain a field's word but mean something else. */
const NOT: Partial<Record<MappingField, RegExp>> = {
  query: /parent|difficulty|intent|competition|trend|cpc|number|results|country|^keyword id/,
  volume: /global|trend|change|cpc/,
  clicks: /cost|cpc|per click/,
  position: /\bsum\b/,
};

/** The mapping the headers imply, or null when there is no query column or no number column. */
export const recogniseHeaders = (columns: string[]): Mapping | null => {
  const keys = columns.map(headerKey);
  const used = new Set<number>();
  const found: Partial<Record<MappingField, string>> = {};
  for (const field of MAPPING_FIELDS) {
    let index = keys.findIndex((k, i) => !used.has(i) && EXACT[field].includes(k));
    if (index < 0) {
      index = keys.findIndex(
        (k, i) => !used.has(i) && CONTAINS[field].test(k) && !NOT[field]?.test(k)
      );
    }
    if (index >= 0) {
      used.add(index);
      found[field] = columns[index];
    }
  }
  if (!found.query || !METRICS.some((m) => found[m])) return null;
  return found as Mapping;
};

/**
 * Why a file cannot be imported without a mapping: which of its columns is missing, in words, with
 * the names that would have been recognised.
 */
export const unrecognisedHeaders = (columns: string[], line: number) => {
  const keys = columns.map(headerKey);
  const hasQuery = keys.some(
    (k) => EXACT.query.includes(k) || (CONTAINS.query.test(k) && !NOT.query?.test(k))
  );
  const missing = hasQuery
    ? `no number column (${METRICS.join(', ')}; e.g. "Clicks", "Impressions", "Volume", "Sökvolym", "Søkevolum")`
    : 'no query column (e.g. "Top queries", "Query", "Keyword", "Vanligaste sökfrågorna", "Sökord", "Mest populære søk", "Søkeord")';
  return new DemandParseError(
    `Line ${line}: the header has ${missing}; its columns: ${columns.join(', ')}. Import the Queries table, or give a mapping of the columns.`,
    line,
    null
  );
};

/**
 * The same columns for the same fields: a user's mapping that only repeats what the headers
 * said (the admin sends back the mapping it showed) reads the file as recognised, not custom.
 */
export const sameMapping = (a: Mapping | null, b: Mapping | null) =>
  !!a && !!b && MAPPING_FIELDS.every((f) => (a[f] ?? null) === (b[f] ?? null));

/** Which metrics a mapping carries: Search Console's clicks and impressions, or a volume. */
export const formatOf = (mapping: Mapping, recognised: boolean): DemandFormat => {
  if (!recognised) return 'custom';
  if (mapping.clicks || mapping.impressions) return 'search-console';
  if (mapping.volume) return 'keyword-volume';
  return 'custom';
};

/**
 * Checks a user's mapping against the file's columns: each field known, each column present,
 * a query column and at least one number column.
 */
export const checkMapping = (mapping: unknown, columns: string[]): Mapping => {
  if (!mapping || typeof mapping !== 'object' || Array.isArray(mapping)) {
    throw new DemandMappingError(
      `Invalid mapping: an object of field → column is expected, e.g. {"query":"${columns[0] ?? 'Keyword'}","volume":"${columns[1] ?? 'Volume'}"}; fields: ${MAPPING_FIELDS.join(', ')}`,
      'mapping',
      MAPPING_FIELDS
    );
  }
  const entries = Object.entries(mapping as Record<string, unknown>).filter(
    ([, v]) => v !== null && v !== undefined && v !== ''
  );
  const result: Partial<Record<MappingField, string>> = {};
  for (const [field, column] of entries) {
    if (!(MAPPING_FIELDS as readonly string[]).includes(field)) {
      throw new DemandMappingError(
        `Invalid mapping field "${field}"; valid fields: ${MAPPING_FIELDS.join(', ')}`,
        'mapping',
        MAPPING_FIELDS
      );
    }
    if (typeof column !== 'string' || !columns.includes(column)) {
      throw new DemandMappingError(
        `Invalid mapping.${field} "${String(column).slice(0, 100)}": the file has no such column; its columns: ${columns.join(', ')}`,
        `mapping.${field}`,
        columns
      );
    }
    result[field as MappingField] = column;
  }
  if (!result.query) {
    throw new DemandMappingError(
      `Invalid mapping: mapping.query is required (the column with the search queries); the file's columns: ${columns.join(', ')}`,
      'mapping.query',
      columns
    );
  }
  if (!METRICS.some((m) => result[m])) {
    throw new DemandMappingError(
      `Invalid mapping: at least one number column is required (${METRICS.join(', ')}); the file's columns: ${columns.join(', ')}`,
      'mapping',
      METRICS
    );
  }
  return result as Mapping;
};
