import { DemandParseError } from './errors';
import type { Delimiter } from './types';

export interface CsvRecord {
  line: number;
  fields: string[];
}

const lineBreakAt = (text: string, i: number) =>
  text[i] === '\n' ? 1 : text[i] === '\r' ? (text[i + 1] === '\n' ? 2 : 1) : 0;

/**
 * A quoted field from its opening quote at `start`: the delimiter, doubled quotes and line breaks
 * inside are its text. Answers the value, where reading goes on, and the line it goes on at.
 */
const quotedField = (
  text: string,
  start: number,
  startLine: number,
  column: number,
  delimiter: Delimiter
) => {
  const n = text.length;
  let i = start + 1;
  let line = startLine;
  let value = '';
  for (;;) {
    if (i >= n) {
      throw new DemandParseError(
        `Line ${startLine}, column ${column}: a quoted field is never closed (a " is missing).`,
        startLine,
        String(column)
      );
    }
    const next = text.indexOf('"', i);
    if (next === -1) {
      i = n;
      continue;
    }
    const chunk = text.slice(i, next);
    for (let k = 0; k < chunk.length; k += 1) {
      if (chunk[k] === '\n' || (chunk[k] === '\r' && chunk[k + 1] !== '\n')) line += 1;
    }
    value += chunk;
    if (text[next + 1] === '"') {
      value += '"';
      i = next + 2;
    } else {
      i = next + 1;
      break;
    }
  }
  // Spaces after a closing quote are harmless; anything else means a stray quote.
  while (text[i] === ' ') i += 1;
  if (i < n && text[i] !== delimiter && !lineBreakAt(text, i)) {
    throw new DemandParseError(
      `Line ${line}, column ${column}: unexpected text after a closing quote (a " inside a quoted field must be doubled: "").`,
      line,
      String(column)
    );
  }
  return { value, end: i, line };
};

/**
 * RFC 4180 with what spreadsheets do besides: CRLF, LF or CR line ends, quoted fields with the
 * delimiter, doubled quotes and line breaks inside, and a quote in the middle of an unquoted field
 * taken as a character. `limit` stops reading after that many records.
 */
export function* csvRecords(text: string, delimiter: Delimiter): Generator<CsvRecord> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        const quoted = quotedField(text, i, line, fields.length + 1, delimiter);
        ({ value, line } = quoted);
        i = quoted.end;
      } else {
        let j = i;
        while (j < n && text[j] !== delimiter && text[j] !== '\n' && text[j] !== '\r') j += 1;
        value = text.slice(i, j);
        i = j;
      }
      fields.push(value);
      if (i < n && text[i] === delimiter) {
        i += 1;
        continue;
      }
      const br = i < n ? lineBreakAt(text, i) : 0;
      i += br;
      if (br) line += 1;
      break;
    }
    yield { line: startLine, fields };
  }
}

export const isBlank = (fields: string[]) => fields.every((f) => f.trim() === '');

/** Counts each candidate outside quotes on the first line; the most frequent wins. */
export const detectDelimiter = (text: string): Delimiter => {
  const counts: Record<Delimiter, number> = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (counts[','] + counts[';'] + counts['\t'] > 0) break;
    } else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c] += 1;
  }
  // Ties go to tab, then semicolon: a header rarely has either by accident.
  return (['\t', ';', ','] as Delimiter[]).reduce((best, d) =>
    counts[d] > counts[best] ? d : best
  );
};
