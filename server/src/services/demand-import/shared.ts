import { createHash, randomBytes } from 'crypto';
import { ParamError } from '../../domain/content-params';
import {
  type Delimiter,
  type DemandFormat,
  type DemandRow,
  type Mapping,
} from '../../domain/demand-parse';
import type { Classification } from '../../intent/classifier';
import { PLUGIN_ID } from '../../utils/constants';

export const IMPORT_UID = `plugin::${PLUGIN_ID}.demand-import`;
export const QUERY_UID = `plugin::${PLUGIN_ID}.demand-query`;
export const OVERRIDE_UID = `plugin::${PLUGIN_ID}.demand-override`;

/** What the preview lists: enough to judge a file, little enough to send at once. */
export const PREVIEW_SKIPPED = 100;
export const PREVIEW_SAMPLE = 20;
/** Matched terms kept per query ("why this intent"). */
export const MAX_MATCHES = 8;
/** Seconds an import waits behind a running import of the same key before answering 409. */
export const IMPORT_LOCK_WAIT_SECONDS = 50;
/** Runs of one import when the claim of its key met a deadlock or a vanished row. */
export const IMPORT_ATTEMPTS = 5;
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

export interface StoredRow extends DemandRow {
  classification: Classification;
  intent: string;
  classifiedIntent: string;
  stageDocumentId: string | null;
  overridden: boolean;
}

export interface OverrideRow {
  queryNorm: string;
  intent: string | null;
  stageDocumentId: string | null;
}

// ---------------------------------------------------------------------------------------------
// Parameters (pure: each problem a ParamError naming the parameter and what is valid)

export const PERIOD_VALID =
  "'monthly' (monthly search volume) or 'YYYY-MM-DD..YYYY-MM-DD' (first..last day)";

export const isDay = (text: string) => {
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

export const DELIMITER_NAMES: Record<string, Delimiter> = {
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

export const nameOf = (user: AdminUser | null | undefined) =>
  !user
    ? null
    : [user.firstname, user.lastname].filter(Boolean).join(' ') ||
      user.username ||
      user.email ||
      null;

/** Unique enough for rows nobody addresses by documentId, and 50,000 of them in milliseconds. */
export const documentIds = (count: number): string[] => {
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

export const toNumber = (value: unknown): number | null =>
  value === null || value === undefined ? null : Number(value);

export const dayOf = (value: unknown): string | null => {
  if (value === null || value === undefined || value === '') return null;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value).slice(0, 10);
};

export const isoOf = (value: unknown): string | null => {
  if (value === null || value === undefined) return null;
  const date =
    value instanceof Date
      ? value
      : new Date(
          typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : (value as string)
        );
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

export const jsonOf = (value: unknown) => {
  if (typeof value !== 'string') return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
};
