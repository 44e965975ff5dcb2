import * as yup from 'yup';
import { CACHED_ROUTES } from '../http-cache';
import { INTENTS, LANGUAGES } from '../intents';
import { cronProblem } from './cron';
import { stringList } from './field-schemas';
import { journeyListSchema } from './journey-schemas';
import { LIMITS } from './limits';

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

const wholeNumber = (what: string, min: number, max: number) =>
  yup
    .number()
    .strict()
    .integer(`\${path} must be a whole number${what}`)
    .min(min, '${path} must be at least ${min}')
    .max(max, '${path} must be at most ${max}');

const analyticsSchema = yup
  .object({
    enabled: yup.boolean().strict(),
    retentionDays: wholeNumber(' of days', 1, 3650),
    flushIntervalMs: wholeNumber(' of milliseconds', 100, 3_600_000),
    maxBatch: wholeNumber(' of events', 1, 1000),
    maxBufferedRows: wholeNumber(' of rows', 100, 10_000_000),
    documentCacheMs: wholeNumber(' of milliseconds', 0, 3_600_000),
    rateLimit: yup
      .object({
        requests: wholeNumber(' of requests', 1, 1_000_000),
        windowSeconds: wholeNumber(' of seconds', 1, 86_400),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}; valid: requests, windowSeconds'),
  })
  .noUnknown(
    true,
    '${path} has an unknown key: ${unknown}; valid: enabled, retentionDays, flushIntervalMs, maxBatch, maxBufferedRows, documentCacheMs, rateLimit'
  );

export const configSchema = yup
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
    projectionReads: yup.boolean().strict(),
    publicAbilityCache: yup.boolean().strict(),
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
    analytics: analyticsSchema,
  })
  .noUnknown(true, 'the plugin config has an unknown key: ${unknown}');
