import { toPath } from 'lodash';
import * as yup from 'yup';
import { INTENTS, LANGUAGES } from './intents';
import { COLOUR_PATTERN, KEY_MAX_LENGTH, keyProblem } from './keys';
import { DEFAULT_JOURNEYS, EMOTIONS, type JourneyDefinition } from './journeys';
import { JOURNEY_UID, STAGE_UID } from '../utils/constants';
import {
  CACHED_ROUTES,
  DEFAULT_HTTP_CONFIG,
  DEFAULT_SETTINGS_TTL_MS,
  type HttpCacheConfig,
} from './http-cache';

export interface IntentConfig {
  terms?: Partial<Record<string, Partial<Record<string, string[]>>>>;
  brands?: string[];
  places?: string[];
}

export interface JourneyPluginConfig {
  /** Content-type uids opted in by config, besides those with `pluginOptions.journey.enabled`. */
  contentTypes: string[];
  /**
   * Journeys created on first boot; after that they are data the admins own. Absent means the
   * default customer journey: it is not in the default config because Strapi deep-merges the app's
   * config over the default, which would splice the default stages into the app's own journeys.
   */
  journeys?: JourneyDefinition[];
  /** Coverage cells with fewer published documents than this are "thin". */
  thinThreshold: number;
  intent: IntentConfig;
  /** How long bulk tag changes are kept for undo: days, and at most this many changes. */
  history: { days: number; maxChanges: number };
  /** HTTP caching of the public GET routes: headers, purge targets, the in-process cache. */
  http: HttpCacheConfig;
  /** How often an instance checks the settings version row for another instance's change. */
  settingsCache: { ttlMs: number };
  /**
   * Per-cell counts: cron schedules (or false for none) of the cheap self-check and of the full
   * check (a recount of every type).
   */
  counts: { selfCheck: string | false; fullCheck: string | false };
  /** The daily coverage snapshot behind the trend chart. */
  snapshots: SnapshotsConfig;
  /**
   * Refuse content-API reads of journey-aware types that would reach drafts (`status=draft`,
   * filters on `localizations`) unless the caller uses an API token. Strapi itself serves them to
   * any caller with `find`.
   */
  guardDrafts: boolean;
  /**
   * Per-operation budget of the plugin's GraphQL root fields (aliases included) and of the items
   * they ask for together; ignored without @strapi/plugin-graphql.
   */
  graphql: { maxRootFields: number; maxItems: number };
}

export interface SnapshotsConfig {
  /** Off: no cron job; "Snapshot now" still works. */
  enabled: boolean;
  /** When the snapshot is taken, in Strapi's cron syntax (seconds first when six fields). */
  cron: string;
  /** Snapshots older than this many days are deleted after each one taken. */
  retentionDays: number;
}

/** Every 10 minutes, at second 0. */
export const COUNTS_SELF_CHECK_DEFAULT = '0 */10 * * * *';
/** Daily at 03:15:00 UTC (the schedules run in UTC): the full recount reads every entry. */
export const COUNTS_FULL_CHECK_DEFAULT = '0 15 3 * * *';

// A function, not a const: cronProblem is declared further down, with the snapshots' schedule.
const cronOrFalse = () =>
  yup.mixed().test('cron-or-false', '${path} ${message}', function check(value) {
    if (value === undefined || value === false) return true;
    const problem =
      typeof value === 'string'
        ? cronProblem(value)
        : 'must be a cron expression (5 or 6 fields, e.g. "0 */10 * * * *") or false';
    return problem ? this.createError({ message: `\${path} ${problem}` }) : true;
  });

const countsSchema = () =>
  yup
    .object({ selfCheck: cronOrFalse(), fullCheck: cronOrFalse() })
    .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: selfCheck, fullCheck');

export const DEFAULT_CONFIG: JourneyPluginConfig = {
  contentTypes: [],
  thinThreshold: 2,
  intent: { terms: {}, brands: [], places: [] },
  history: { days: 90, maxChanges: 1000 },
  http: DEFAULT_HTTP_CONFIG,
  settingsCache: { ttlMs: DEFAULT_SETTINGS_TTL_MS },
  counts: { selfCheck: COUNTS_SELF_CHECK_DEFAULT, fullCheck: COUNTS_FULL_CHECK_DEFAULT },
  snapshots: { enabled: true, cron: '0 5 0 * * *', retentionDays: 400 },
  guardDrafts: true,
  graphql: { maxRootFields: 20, maxItems: 1000 },
};

/**
 * Every size the plugin accepts, in one place: the yup schemas below enforce them on every path
 * that validates with them (config at boot, settings routes, import, the content-manager guard),
 * and the README and tests read these same numbers. Names fit the 255-character varchar column
 * on MySQL and PostgreSQL; the counts keep the largest import a matter of one short transaction.
 */
export const LIMITS = {
  journeys: 50,
  stagesPerJourney: 30,
  keyLength: KEY_MAX_LENGTH,
  nameLength: 255,
  textLength: 2000,
  listItems: 30,
  listItemLength: 255,
  /** Terms per language and intent, brands and places in the config's `intent`. */
  intentTerms: 1000,
  /** Data rows of one search-demand file: two pages of the Search Analytics API (25,000 each). */
  demandRows: 50000,
} as const;

/**
 * Bounds on request values whose work grows with their size (see request-bounds.ts), checked
 * before anything else is done with them; the README's "Request bounds" table reads these.
 *
 * `filters` are the content manager's list query. Its filter bar builds `{ $and: [one condition
 * per filter] }`, a condition at most `{ relation: { field: { $op: value } } }`: 5 levels deep,
 * about 5 values per filter. Its list reads them from its own URL through Strapi's query parser
 * (`strapi::query`: qs 6.15, depth 20, `arrayLimit` 100), so no list filter is deeper than 21
 * levels or has an array of more than 100 items: depth and array length sit above that. Values
 * are what costs: each is sanitized, built into SQL and evaluated on every row, and on SQLite
 * (a synchronous driver) the whole server waits meanwhile (measured on a busy 2-core machine:
 * 987 values 1.7 s, 5,400 values 7 s, a 20,000-wide `$or` 111 s). The bound is 500 values, some
 * 100 filters of the filter bar: 492 values took 0.6 s on SQLite, 0.7–1.3 s on MariaDB and
 * PostgreSQL without holding other requests. A URL edited by hand could hold more (up to about
 * 5,500 values in Node's 16 KB of headers); such a list is refused here, not built.
 */
export const QUERY_LIMITS = {
  filters: { depth: 24, items: 200, nodes: 500, size: 65_536 },
  /**
   * The list view's search box (`_q`): a LIKE pattern matched against every text column of
   * every row, so its cost grows with its length; a line of words is far shorter.
   */
  searchLength: 1000,
} as const;

// Object keys that look like numbers come out 0, 1, 2 before -2, -1: sorted back into the scale.
const EMOTION_MESSAGE = `\${path} must be a whole number from -2 to 2 (${Object.entries(EMOTIONS)
  .sort(([a], [b]) => Number(a) - Number(b))
  .map(([score, label]) => `${score} ${label}`)
  .join(', ')}), or null`;

const key = () =>
  yup
    .string()
    .strict()
    .test('key', '${path} ${message}', function check(value) {
      const problem = keyProblem(value);
      return problem ? this.createError({ message: `\${path} ${problem}` }) : true;
    });

const text = (max: number) =>
  yup.string().strict().max(max, '${path} must be at most ${max} characters');

const name = () => text(LIMITS.nameLength);

const translated = () =>
  yup
    .object(Object.fromEntries(LANGUAGES.map((l) => [l, name()])))
    .noUnknown(true, `\${path} has an unknown language; valid: ${LANGUAGES.join(', ')}`)
    .default(undefined);

const stringList = (maxItems: number) =>
  yup
    .array(text(LIMITS.listItemLength).min(1, '${path} must not be empty'))
    .strict()
    .max(maxItems, '${path} must have at most ${max} items');

export const stageSchema = yup
  .object({
    key: key().required(),
    name: name().required(),
    names: translated(),
    description: text(LIMITS.textLength),
    colour: yup
      .string()
      .strict()
      .matches(COLOUR_PATTERN, '${path} must be a hex colour like #4945FF'),
    customerGoal: text(LIMITS.textLength),
    touchpoints: stringList(LIMITS.listItems),
    feelings: text(LIMITS.textLength),
    painPoints: stringList(LIMITS.listItems),
    kpis: stringList(LIMITS.listItems),
    opportunities: stringList(LIMITS.listItems),
    emotion: yup
      .number()
      // A word such as "happy" gets the scale too, not yup's bare type message.
      .typeError(EMOTION_MESSAGE)
      .strict()
      .integer(EMOTION_MESSAGE)
      .min(-2, EMOTION_MESSAGE)
      .max(2, EMOTION_MESSAGE)
      .nullable(),
    nextStages: yup
      .array(key().required())
      .strict()
      .max(LIMITS.stagesPerJourney, '${path} must have at most ${max} stages')
      .test('unique', '${path} names a stage twice', (v) => !v || new Set(v).size === v.length)
      .test('self', '${path} must not name the stage itself', function notSelf(v) {
        return !v || !v.includes((this.parent as { key?: string }).key as string);
      }),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

const intentStagesSchema = yup
  .object(Object.fromEntries(INTENTS.map((i) => [i, text(LIMITS.keyLength).nullable()])))
  .noUnknown(true, `\${path} has an unknown intent: \${unknown}; valid: ${INTENTS.join(', ')}`)
  .default(undefined);

export const journeySchema = yup
  .object({
    key: key().required(),
    name: name().required(),
    names: translated(),
    description: text(LIMITS.textLength),
    intentStages: intentStagesSchema,
    stages: yup
      .array(stageSchema)
      .strict()
      .required()
      .min(1, '${path} needs at least one stage')
      .max(LIMITS.stagesPerJourney, '${path} must have at most ${max} stages'),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

/** A journey as the settings page edits it: its stages have routes of their own. */
export const journeyFieldsSchema = journeySchema.omit(['stages']);

const journeyListSchema = () =>
  yup
    .array(journeySchema)
    .strict()
    .max(LIMITS.journeys, '${path} must have at most ${max} journeys');

const termsPerIntent = yup
  .object(Object.fromEntries(INTENTS.map((i) => [i, stringList(LIMITS.intentTerms)])))
  .noUnknown(true, `\${path} has an unknown intent: \${unknown}; valid: ${INTENTS.join(', ')}`);

// httpcache: `http` and `settingsCache`.
const cacheControlValue = () =>
  yup
    .string()
    .strict()
    .matches(/^[\x20-\x7e]+$/, '${path} must be a Cache-Control header value (printable ASCII)');
const cacheControlPair = () =>
  yup
    .object({ public: cacheControlValue(), authenticated: cacheControlValue() })
    .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: public, authenticated');
const httpSchema = yup
  .object({
    cacheControl: cacheControlPair()
      .shape({
        routes: yup
          .object(
            Object.fromEntries(CACHED_ROUTES.map((r) => [r, cacheControlPair().default(undefined)]))
          )
          .noUnknown(
            true,
            `\${path} has an unknown route: \${unknown}; valid: ${CACHED_ROUTES.join(', ')}`
          )
          .default(undefined),
      })
      .noUnknown(
        true,
        '${path} has an unknown key: ${unknown}; valid: public, authenticated, routes'
      ),
    purge: yup
      .array(
        yup
          .object({
            url: yup
              .string()
              .strict()
              .required('${path} is required')
              .matches(/^https?:\/\/\S+$/, '${path} must be an http(s) URL'),
            method: yup
              .string()
              .strict()
              .required('${path} is required (BAN, PURGE, POST…)')
              .matches(/^[A-Z]+$/, '${path} must be an HTTP method in capitals, like BAN or PURGE'),
            header: yup
              .string()
              .strict()
              .required('${path} is required (the header that carries the keys)')
              .matches(/^[A-Za-z0-9-]+$/, '${path} must be a header name'),
          })
          .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: url, method, header')
      )
      .strict(),
    responseCache: yup
      .object({
        enabled: yup.boolean().strict(),
        maxBytes: yup
          .number()
          .strict()
          .integer('${path} must be a whole number of bytes')
          .min(0, '${path} must be at least ${min}')
          .max(2 ** 31, '${path} must be at most ${max}'),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: enabled, maxBytes'),
  })
  .noUnknown(
    true,
    '${path} has an unknown key: ${unknown}; valid: cacheControl, purge, responseCache'
  );
const settingsCacheSchema = yup
  .object({
    ttlMs: yup
      .number()
      .strict()
      .integer('${path} must be a whole number of milliseconds')
      .min(0, '${path} must be at least ${min}')
      .max(3_600_000, '${path} must be at most ${max}'),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: ttlMs');

const configSchema = yup
  .object({
    contentTypes: yup
      .array(
        yup
          .string()
          .strict()
          .matches(
            /^(api|plugin)::[\w-]+\.[\w-]+$/,
            '${path} must be a content-type uid like api::article.article'
          )
      )
      .strict(),
    journeys: journeyListSchema(),
    thinThreshold: yup.number().strict().integer().min(0),
    intent: yup
      .object({
        terms: yup
          .object(Object.fromEntries(LANGUAGES.map((l) => [l, termsPerIntent])))
          .noUnknown(
            true,
            `\${path} has an unknown language: \${unknown}; valid: ${LANGUAGES.join(', ')}`
          ),
        brands: stringList(LIMITS.intentTerms),
        places: stringList(LIMITS.intentTerms),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}'),
    history: yup
      .object({
        days: yup
          .number()
          .strict()
          .integer('${path} must be a whole number of days')
          .min(1, '${path} must be at least ${min}')
          .max(3650, '${path} must be at most ${max}'),
        maxChanges: yup
          .number()
          .strict()
          .integer('${path} must be a whole number')
          .min(1, '${path} must be at least ${min}')
          .max(1_000_000, '${path} must be at most ${max}'),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: days, maxChanges'),
    http: httpSchema,
    settingsCache: settingsCacheSchema,
    counts: countsSchema(),
    snapshots: yup
      .object({
        enabled: yup.boolean().strict(),
        cron: yup
          .string()
          .strict()
          .test('cron', '${path} ${message}', function check(value) {
            const problem = value === undefined ? null : cronProblem(value);
            return problem ? this.createError({ message: `\${path} ${problem}` }) : true;
          }),
        retentionDays: yup
          .number()
          .strict()
          .integer('${path} must be a whole number of days')
          .min(1, '${path} must be at least ${min}')
          .max(3650, '${path} must be at most ${max}'),
      })
      .noUnknown(
        true,
        '${path} has an unknown key: ${unknown}; valid: enabled, cron, retentionDays'
      ),
    guardDrafts: yup.boolean().strict(),
    graphql: yup
      .object({
        maxRootFields: yup
          .number()
          .strict()
          .integer('${path} must be a whole number of fields')
          .min(1, '${path} must be at least ${min}')
          .max(10_000, '${path} must be at most ${max}'),
        maxItems: yup
          .number()
          .strict()
          .integer('${path} must be a whole number of items')
          .min(1, '${path} must be at least ${min}')
          .max(1_000_000, '${path} must be at most ${max}'),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: maxRootFields, maxItems'),
  })
  .noUnknown(true, 'the plugin config has an unknown key: ${unknown}');

const CRON_FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const CRON_NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];

/**
 * What is wrong with a cron expression, or null. Strapi's cron only logs a schedule it cannot
 * parse and runs nothing, so a typo would silently stop the snapshots: checked here instead.
 * Five fields (minute first) or six (second first); numbers, names, `*`, ranges, steps, lists.
 */
export const cronProblem = (expression: string): string | null => {
  const trimmed = expression.trim();
  if (CRON_NICKNAMES.includes(trimmed.toLowerCase())) return null;
  const parts = trimmed.split(/\s+/);
  const usage = `must be a cron expression of 5 or 6 fields (second minute hour day month weekday), e.g. "0 5 0 * * *"; got "${expression}"`;
  if (!trimmed || (parts.length !== 5 && parts.length !== 6)) return usage;
  const fields = parts.length === 5 ? CRON_FIELDS.slice(1) : CRON_FIELDS;
  for (const [index, part] of parts.entries()) {
    const field = fields[index];
    const value = (token: string) => {
      const named = field.names?.indexOf(token.toLowerCase()) ?? -1;
      if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
      return /^\d+$/.test(token) ? Number(token) : NaN;
    };
    for (const item of part.split(',')) {
      const [range, step, extra] = item.split('/');
      const badStep = step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0);
      const bounds = range === '*' || range === '?' ? [] : range.split('-');
      const numbers = bounds.map(value);
      const bad =
        extra !== undefined ||
        badStep ||
        bounds.length > 2 ||
        numbers.some((n) => Number.isNaN(n) || n < field.min || n > field.max) ||
        (numbers.length === 2 && numbers[0] > numbers[1]);
      if (bad) {
        return `has a wrong ${field.name} field "${part}" (${field.min}-${field.max}); ${usage}`;
      }
    }
  }
  return null;
};

const duplicates = (values: string[]): string[] =>
  values.filter((value, index) => values.indexOf(value) !== index);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keyOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.key === 'string' && value.key ? value.key : undefined;

/** `journeys[0]` becomes `journeys[0] ("customer")`: an index alone says little in a big file. */
export const withKey = (path: string, value: unknown) => {
  const k = keyOf(value);
  return k ? `${path} (${JSON.stringify(k)})` : path;
};

/**
 * Writes a yup path against `root` with the key of every array element on the way, e.g.
 * `journeys[0] ("customer").stages[3] ("decision").name`.
 */
export const labelPath = (root: unknown, path: string): string => {
  let value: unknown = root;
  let label = '';
  for (const segment of toPath(path)) {
    const index = Array.isArray(value) && /^\d+$/.test(segment);
    label += index ? `[${segment}]` : label ? `.${segment}` : segment;
    value = isRecord(value) || Array.isArray(value) ? (value as never)[segment] : undefined;
    if (index) label = withKey(label, value);
  }
  return label;
};

const joinPath = (prefix: string, path: string) =>
  !prefix ? path : !path ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;

/** Yup starts its messages with the path (or "this"); the label replaces it. */
const bareMessage = (error: yup.ValidationError) => {
  for (const start of [error.path, 'this']) {
    if (start && error.message.startsWith(`${start} `))
      return error.message.slice(start.length + 1);
  }
  return error.message;
};

/** Every schema problem as `path: message`, the path labelled with keys (see labelPath). */
export const schemaProblems = (schema: yup.AnySchema, value: unknown, prefix = ''): string[] => {
  try {
    schema.validateSync(value, { abortEarly: false, strict: true });
    return [];
  } catch (error) {
    if (!(error instanceof yup.ValidationError)) throw error;
    const errors = error.inner.length ? error.inner : [error];
    return errors.map((e) => {
      const path = joinPath(prefix, labelPath(value, e.path ?? ''));
      return path ? `${path}: ${bareMessage(e)}` : bareMessage(e);
    });
  }
};

const stageKeysOf = (journey: unknown): string[] =>
  isRecord(journey) && Array.isArray(journey.stages)
    ? journey.stages.map(keyOf).filter((k): k is string => k !== undefined)
    : [];

/**
 * Each stage's nextStages must name stages of its journey (`valid`: their keys). Shape,
 * uniqueness and "not itself" are the stage schema's.
 */
export const nextStageProblems = (
  stages: unknown[],
  valid: string[],
  path: string,
  journeyKey?: string
): string[] =>
  stages.flatMap((stage, index) => {
    const next = isRecord(stage) && Array.isArray(stage.nextStages) ? stage.nextStages : [];
    return next
      .filter((k): k is string => typeof k === 'string' && !!k && !valid.includes(k))
      .map(
        (k) =>
          `${withKey(`${path}[${index}]`, stage)}.nextStages: unknown stage key "${k}"; stages of "${journeyKey ?? '?'}": ${valid.join(', ')}`
      );
  });

/**
 * Checks that need the whole journey: unique stage keys, intent mappings onto its stages, and
 * the stage limit. `kept` are the stages the journey already has and the file leaves out: an
 * import keeps them, so mappings may point at them and they count towards the limit.
 */
export const journeyProblems = (journey: unknown, path: string, kept: string[] = []): string[] => {
  if (!isRecord(journey)) return [];
  const label = withKey(path, journey);
  const problems: string[] = [];
  const stageKeys = stageKeysOf(journey);
  const stages = Array.isArray(journey.stages) ? journey.stages : [];
  for (const dup of new Set(duplicates(stageKeys))) {
    const index = stages.map(keyOf).lastIndexOf(dup);
    problems.push(
      `${label}.stages[${index}] (${JSON.stringify(dup)}).key: duplicate stage key "${dup}" in journey "${keyOf(journey)}"`
    );
  }
  const keptOnly = kept.filter((k) => !stageKeys.includes(k));
  const total = new Set(stageKeys).size + keptOnly.length;
  if (keptOnly.length && total > LIMITS.stagesPerJourney) {
    problems.push(
      `${label}.stages: a journey has at most ${LIMITS.stagesPerJourney} stages; with the ${keptOnly.length} it keeps (${keptOnly.join(', ')}) it would have ${total}`
    );
  }
  const valid = [...stageKeys, ...keptOnly];
  problems.push(...nextStageProblems(stages, valid, `${label}.stages`, keyOf(journey)));
  const intentStages = isRecord(journey.intentStages) ? journey.intentStages : {};
  for (const [intent, stage] of Object.entries(intentStages)) {
    if (typeof stage === 'string' && stage && !valid.includes(stage)) {
      problems.push(
        `${label}.intentStages.${intent}: unknown stage key "${stage}"; stages of "${keyOf(journey)}": ${valid.join(', ')}`
      );
    }
  }
  return problems;
};

/**
 * Checks across journeys: unique keys, and each journey's own checks. `current` are the journeys
 * already stored, for an import: it keeps them all, with their stages.
 */
export const journeysProblems = (
  journeys: unknown,
  path: string,
  current: JourneyDefinition[] = []
): string[] => {
  if (!Array.isArray(journeys)) return [];
  const problems: string[] = [];
  const keys = journeys.map(keyOf);
  for (const dup of new Set(duplicates(keys.filter((k): k is string => k !== undefined)))) {
    problems.push(
      `${path}[${keys.lastIndexOf(dup)}] (${JSON.stringify(dup)}).key: duplicate journey key "${dup}"`
    );
  }
  const total = new Set([...current.map((j) => j.key), ...keys.filter(Boolean)]).size;
  if (current.length && total > LIMITS.journeys) {
    problems.push(
      `${path}: at most ${LIMITS.journeys} journeys; with the ${current.length} that exist this import would make ${total}`
    );
  }
  journeys.forEach((j, i) => {
    const kept = current.find((c) => c.key === keyOf(j))?.stages.map((s) => s.key) ?? [];
    problems.push(...journeyProblems(j, `${path}[${i}]`, kept));
  });
  return problems;
};

/** Uids listed in the config must exist, or the app would run without the tags it expects. */
const contentTypeProblems = (contentTypes: unknown, knownUids?: readonly string[]): string[] => {
  if (!Array.isArray(contentTypes)) return [];
  const problems: string[] = [];
  contentTypes.forEach((uid, index) => {
    if (typeof uid !== 'string') return;
    if (uid === JOURNEY_UID || uid === STAGE_UID) {
      problems.push(
        `contentTypes[${index}]: "${uid}" is the plugin's own type and cannot be tagged`
      );
    } else if (knownUids && !knownUids.includes(uid)) {
      problems.push(`contentTypes[${index}]: content type "${uid}" does not exist`);
    }
  });
  for (const dup of new Set(duplicates(contentTypes.filter((u) => typeof u === 'string')))) {
    problems.push(`contentTypes[${contentTypes.lastIndexOf(dup)}]: duplicate uid "${dup}"`);
  }
  return problems;
};

/**
 * Every problem with a plugin config, each naming the key; empty when the config is valid.
 * The whole config is checked, shape and meaning alike, so one boot shows every mistake.
 * `knownUids` are the app's content types: given once they are loaded (in register), the
 * configured uids are checked against them too.
 */
export const configProblems = (config: unknown, knownUids?: readonly string[]): string[] => {
  const problems = schemaProblems(configSchema, config);
  if (!isRecord(config)) return problems;
  problems.push(...journeysProblems(config.journeys, 'journeys'));
  problems.push(...contentTypeProblems(config.contentTypes, knownUids));
  return problems;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid config for plugin "journey":\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const configuredJourneys = (config: Pick<JourneyPluginConfig, 'journeys'>) =>
  config.journeys ?? DEFAULT_JOURNEYS;

export const validateConfig = (config: unknown, knownUids?: readonly string[]): void => {
  const problems = configProblems(config, knownUids);
  if (problems.length) throw new ConfigError(problems);
};

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Every problem of an import file, with what is stored (`current`). Journeys are validated one
 * at a time with a turn of the event loop between them, so requests are served meanwhile.
 */
export const importProblems = async (
  journeys: unknown[],
  current: JourneyDefinition[] = []
): Promise<string[]> => {
  if (journeys.length > LIMITS.journeys) {
    // Not worth validating each of them: the file is refused anyway.
    return [
      `journeys: must have at most ${LIMITS.journeys} journeys; the file has ${journeys.length}`,
    ];
  }
  const problems: string[] = [];
  for (const [index, journey] of journeys.entries()) {
    problems.push(
      ...schemaProblems(journeySchema, journey, withKey(`journeys[${index}]`, journey))
    );
    await nextTurn();
  }
  problems.push(...journeysProblems(journeys, 'journeys', current));
  return problems;
};
