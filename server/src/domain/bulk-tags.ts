import { INTENTS, isIntent, type Intent } from './intents';
import { ParamError } from './content-params';
import { QUERY_LIMITS } from './config';
import { LimitError, boundShape } from './request-bounds';

/**
 * Bulk tagging, the pure part: reading a request body, resolving stage references and planning
 * what each entry becomes. No Strapi here, so every hostile body and every plan is unit-tested.
 */

/** Explicit selections: more than a list view ever shows, still one short request. */
export const MAX_DOCUMENT_IDS = 10_000;
/** "Select all" across pages of the list view: the matches of a filter. */
export const MAX_FILTER_MATCHES = 50_000;
/** Entries per transaction: short enough for other writers to get their turn on SQLite. */
export const BATCH_SIZE = 1_000;

export interface StageOps<T = string> {
  add?: T[];
  remove?: T[];
  set?: T[];
}

/** What an entry carries: its stage ids (ascending) and intent. */
export interface TagState {
  stageIds: number[];
  intent: Intent | null;
}

export interface BulkBody {
  contentType: string;
  locale?: string;
  documentIds?: string[];
  filters?: Record<string, unknown>;
  _q?: string;
  stages: StageOps;
  intent?: Intent | null;
  dryRun: boolean;
}

const BODY_KEYS = [
  'contentType',
  'locale',
  'documentIds',
  'filters',
  '_q',
  'stages',
  'intent',
  'dryRun',
];
const OPS = ['add', 'remove', 'set'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const shown = (value: unknown) => {
  try {
    return typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
};

const stringList = (value: unknown, name: string, max: number): string[] => {
  if (!Array.isArray(value)) throw new ParamError(name, shown(value), 'an array of strings');
  if (value.length > max) {
    throw new ParamError(name, `${value.length} items`, `at most ${max} items`);
  }
  for (const item of value) {
    if (typeof item !== 'string' || !item.trim()) {
      throw new ParamError(name, shown(item), 'non-empty strings');
    }
  }
  return [...new Set(value.map((v: string) => v.trim()))];
};

export const parseIntent = (value: unknown, name = 'intent'): Intent | null => {
  if (value === null) return null;
  if (typeof value === 'string' && isIntent(value)) return value;
  throw new ParamError(name, shown(value), [...INTENTS, 'null (clears the intent)']);
};

/** `stages: { add, remove, set }`; `set` replaces, so it does not go with add or remove. */
export const parseStageOps = (value: unknown, name = 'stages'): StageOps => {
  if (value === undefined || value === null) return {};
  if (!isRecord(value)) throw new ParamError(name, shown(value), 'an object { add, remove, set }');
  const ops: StageOps = {};
  for (const key of Object.keys(value)) {
    if (!(OPS as readonly string[]).includes(key)) {
      throw new ParamError(
        `${name}.${key}`,
        key,
        OPS.map((o) => `${name}.${o}`)
      );
    }
  }
  for (const op of OPS) {
    if (value[op] !== undefined) ops[op] = stringList(value[op], `${name}.${op}`, 100);
  }
  if (ops.set && (ops.add?.length || ops.remove?.length)) {
    throw new ParamError(
      `${name}.set`,
      shown(ops.set),
      `either ${name}.set (replaces every stage) or ${name}.add / ${name}.remove, not both`
    );
  }
  const both = (ops.add ?? []).filter((ref) => (ops.remove ?? []).includes(ref));
  if (both.length) {
    throw new ParamError(`${name}.remove`, both.join(', '), `stages not also in ${name}.add`);
  }
  return ops;
};

export const hasStageOps = (ops: StageOps) =>
  !!(ops.add?.length || ops.remove?.length || ops.set !== undefined);

/** The body of `POST /journey/tags/bulk`, checked; the content type is checked by the caller. */
export const parseBulkBody = (body: unknown): BulkBody => {
  if (!isRecord(body)) throw new ParamError('body', shown(body), 'a JSON object');
  for (const key of Object.keys(body)) {
    if (!BODY_KEYS.includes(key)) throw new ParamError('body key', key, BODY_KEYS);
  }
  const contentType = body.contentType;
  if (typeof contentType !== 'string' || !contentType) {
    throw new ParamError('contentType', shown(contentType ?? ''), 'a content-type uid');
  }
  const locale = body.locale;
  if (locale !== undefined && locale !== null && (typeof locale !== 'string' || !locale)) {
    throw new ParamError('locale', shown(locale), 'a locale code');
  }
  const hasIds = body.documentIds !== undefined;
  const hasFilters = body.filters !== undefined || body._q !== undefined;
  if (hasIds && hasFilters) {
    throw new ParamError(
      'documentIds',
      'documentIds with filters',
      'either documentIds or filters/_q'
    );
  }
  if (!hasIds && !hasFilters) {
    throw new ParamError(
      'documentIds',
      '(none)',
      'documentIds (the selected entries) or filters/_q (the list view query)'
    );
  }
  const documentIds = hasIds
    ? stringList(body.documentIds, 'documentIds', MAX_DOCUMENT_IDS)
    : undefined;
  if (documentIds && !documentIds.length) {
    throw new ParamError('documentIds', '[]', 'at least one documentId');
  }
  if (body.filters !== undefined && !isRecord(body.filters)) {
    throw new ParamError('filters', shown(body.filters), "an object, as the list view's filters");
  }
  // Before anything reads them: Strapi's sanitizers recurse once per level and its query
  // builder works once per node, so an unbounded filter holds or crashes the server.
  if (body.filters !== undefined) boundShape(body.filters, 'filters', QUERY_LIMITS.filters);
  if (body._q !== undefined && typeof body._q !== 'string') {
    throw new ParamError('_q', shown(body._q), 'a search string');
  }
  if (typeof body._q === 'string' && body._q.length > QUERY_LIMITS.searchLength) {
    throw new LimitError(
      '_q',
      `${body._q.length} characters; at most ${QUERY_LIMITS.searchLength} characters`,
      `at most ${QUERY_LIMITS.searchLength} characters`
    );
  }
  const stages = parseStageOps(body.stages);
  const intent = body.intent === undefined ? undefined : parseIntent(body.intent);
  if (!hasStageOps(stages) && intent === undefined) {
    throw new ParamError(
      'stages',
      'nothing to do',
      'stages.add, stages.remove, stages.set and/or intent'
    );
  }
  if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') {
    throw new ParamError('dryRun', shown(body.dryRun), 'true or false');
  }
  return {
    contentType,
    ...(typeof locale === 'string' ? { locale } : {}),
    ...(documentIds ? { documentIds } : {}),
    ...(isRecord(body.filters) ? { filters: body.filters } : {}),
    ...(typeof body._q === 'string' && body._q ? { _q: body._q } : {}),
    stages,
    ...(intent !== undefined ? { intent } : {}),
    dryRun: body.dryRun === true,
  };
};

export interface StageRow {
  id: number;
  documentId: string;
  key: string;
  journeyKey: string;
}

/** A stage's references: its documentId, or `journeyKey/stageKey`. */
export const stageRef = (stage: Pick<StageRow, 'journeyKey' | 'key'>) =>
  `${stage.journeyKey}/${stage.key}`;

/** Stage references to ids, or a ParamError naming the first unknown one and the valid refs. */
export const resolveStageOps = (
  ops: StageOps,
  stages: StageRow[],
  name = 'stages'
): StageOps<number> => {
  const byRef = new Map<string, number>();
  for (const s of stages) {
    byRef.set(s.documentId, s.id);
    byRef.set(stageRef(s), s.id);
  }
  const resolved: StageOps<number> = {};
  for (const op of OPS) {
    const refs = ops[op];
    if (!refs) continue;
    resolved[op] = [
      ...new Set(
        refs.map((ref) => {
          const id = byRef.get(ref);
          if (id === undefined) {
            throw new ParamError(`${name}.${op}`, ref, [
              ...stages.map((s) => `${stageRef(s)} (${s.documentId})`),
            ]);
          }
          return id;
        })
      ),
    ];
  }
  return resolved;
};

const sorted = (ids: Iterable<number>) => [...new Set(ids)].sort((a, b) => a - b);

export const sameState = (a: TagState, b: TagState) =>
  a.intent === b.intent &&
  a.stageIds.length === b.stageIds.length &&
  sorted(a.stageIds).every((id, i) => id === sorted(b.stageIds)[i]);

/** What the operations make of one entry's tags. */
export const planState = (
  current: TagState,
  ops: StageOps<number>,
  intent?: Intent | null
): TagState => {
  let ids = ops.set ? [...ops.set] : [...current.stageIds];
  if (ops.add) ids.push(...ops.add);
  if (ops.remove) ids = ids.filter((id) => !ops.remove?.includes(id));
  return { stageIds: sorted(ids), intent: intent === undefined ? current.intent : intent };
};

/** The link rows to delete and insert to turn `before` into `after`. */
export const linkDiff = (before: TagState, after: TagState) => ({
  remove: before.stageIds.filter((id) => !after.stageIds.includes(id)),
  add: after.stageIds.filter((id) => !before.stageIds.includes(id)),
});

/** "12 entries: +Consideration, -Awareness, intent → commercial": stored with a change. */
export const summary = (
  count: number,
  ops: StageOps,
  intent: Intent | null | undefined,
  names: (ref: string) => string = (ref) => ref
) => {
  const parts: string[] = [];
  if (ops.set) parts.push(`stages = ${ops.set.map(names).join(', ') || '(none)'}`);
  for (const ref of ops.add ?? []) parts.push(`+${names(ref)}`);
  for (const ref of ops.remove ?? []) parts.push(`-${names(ref)}`);
  if (intent !== undefined) parts.push(`intent → ${intent ?? '(none)'}`);
  return `${count} ${count === 1 ? 'entry' : 'entries'}: ${parts.join(', ')}`;
};

export const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size)
  );

export interface HistoryConfig {
  days: number;
  maxChanges: number;
}

export const DEFAULT_HISTORY: HistoryConfig = { days: 90, maxChanges: 1000 };
