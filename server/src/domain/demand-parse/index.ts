/**
 * Reading a search-demand file (Search Console, the Search Analytics API or its BigQuery bulk
 * export, a keyword tool, or anything a user maps) into rows of query and numbers. Pure: bytes
 * in, rows out, and every problem a DemandParseError that names the line and the column, so the
 * admin can say exactly what to fix in the file.
 *
 * Decisions worth knowing:
 * - A duplicate query (the same after lower-casing, diacritic folding and whitespace collapsing)
 *   is merged into its first line: clicks, impressions and volume add up, position is averaged
 *   weighted by impressions and CTR is recomputed. BigQuery's bulk export has one row per day,
 *   and "löparskor" / "loparskor" are the same search typed two ways.
 * - A number that cannot be read stops the import (a shifted column would otherwise store wrong
 *   demand silently); an empty query or a row without demand is skipped with its reason.
 */

import { parseCsv } from './csv-file';
import { decodeUtf8 } from './decode';
import { DemandParseError } from './errors';
import { parseJson } from './json-file';
import { MAX_FILE_BYTES, type ParsedDemand, type ParseOptions } from './types';

export {
  DEMAND_FORMATS,
  DELIMITERS,
  MAPPING_FIELDS,
  MAX_FILE_BYTES,
  MAX_QUERY_LENGTH,
  METRICS,
  type DemandFormat,
  type DemandRow,
  type Delimiter,
  type Mapping,
  type MappingField,
  type Metric,
  type ParsedDemand,
  type ParseOptions,
  type SkippedRow,
} from './types';
export { DemandLimitError, DemandMappingError, DemandParseError } from './errors';
export { foldText, normalizeQuery } from './text';
export { decodeUtf8 } from './decode';
export { csvRecords, detectDelimiter } from './csv-records';
export {
  checkMapping,
  formatOf,
  recogniseHeaders,
  sameMapping,
  unrecognisedHeaders,
} from './headers';
export { readNumber, type NumberContext } from './numbers';
export { rowsFromObjects } from './rows';

/** Reads a demand file: JSON when it starts with { or [, otherwise CSV/TSV. */
export const parseDemandFile = (
  input: Uint8Array | string,
  options: ParseOptions
): ParsedDemand => {
  const maxBytes = options.maxBytes ?? MAX_FILE_BYTES;
  if (input.length > maxBytes) {
    throw new DemandParseError(
      `The file has ${input.length.toLocaleString('en')} bytes; at most ${maxBytes.toLocaleString('en')} are read (${options.maxRows.toLocaleString('en')} rows fit in far less): split the file.`
    );
  }
  const { text, bom } = decodeUtf8(input);
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') return parseJson(text, bom, options);
  return parseCsv(text, bom, options);
};
