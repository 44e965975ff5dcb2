import fs from 'fs';
import path from 'path';
import {
  DemandParseError,
  parseDemandFile,
  type ParsedDemand,
} from '../../server/src/domain/demand-parse';

// What the demand parser's unit tests share: the fixture files and a parse with the row limit.

export const FIXTURES = path.join(__dirname, '../fixtures/demand');
export const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));
export const LIMIT = 50000;
export const parse = (
  input: Buffer | string,
  options: Partial<Parameters<typeof parseDemandFile>[1]> = {}
) => parseDemandFile(input, { maxRows: LIMIT, ...options });

export const row = (parsed: ParsedDemand, query: string) => {
  const found = parsed.rows.find((r) => r.query === query);
  if (!found)
    throw new Error(`no row "${query}" in ${parsed.rows.map((r) => r.query).join(' | ')}`);
  return found;
};

/** Expects a DemandParseError and returns it, so its line and column can be checked. */
export const parseError = (fn: () => unknown): DemandParseError => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DemandParseError);
    return error as DemandParseError;
  }
  throw new Error('expected a DemandParseError');
};
