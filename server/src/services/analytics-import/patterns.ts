import type { Core } from '@strapi/strapi';
import type { AnalyticsUrlPatterns } from '../../domain/analytics-types';
import { compilePattern, PatternError, type CompiledPattern } from '../../domain/analytics/imports';
import { ParamError } from '../../domain/content-params';
import { PLUGIN_ID } from '../../utils/constants';
import { getService } from '../../utils/get-service';

const STORE_KEY = 'analyticsUrlPatterns';
/** Attribute types a URL can carry a value of. */
const PATH_TYPES = new Set(['uid', 'string', 'text', 'integer', 'biginteger', 'email']);

/** The URL patterns per content type, kept in the plugin store like the plugin's other settings. */
export const urlPatterns = (strapi: Core.Strapi) => {
  const store = () => strapi.store({ type: 'plugin', name: PLUGIN_ID, key: STORE_KEY });
  const contentTypes = () => getService(strapi, 'content-types');

  /** The placeholders a type's pattern may name besides {locale}: documentId and its text fields. */
  const fieldsOf = (uid: string): string[] => {
    const schema = strapi.contentType(uid as never) as unknown as {
      attributes: Record<string, { type?: string }>;
    };
    const names = Object.entries(schema?.attributes ?? {})
      .filter(([name, a]) => PATH_TYPES.has(String(a.type)) && name !== 'locale')
      .map(([name]) => name);
    return ['documentId', ...names.filter((n) => n !== 'documentId')];
  };

  const compileFor = (uid: string, pattern: unknown): CompiledPattern => {
    try {
      return compilePattern(pattern, fieldsOf(uid));
    } catch (error) {
      if (error instanceof PatternError) {
        throw new ParamError(
          `patterns.${uid}`,
          typeof pattern === 'string' ? pattern : JSON.stringify(pattern ?? null),
          `a URL pattern for ${uid}: ${error.message}`
        );
      }
      throw error;
    }
  };

  /**
   * Checks a { uid: pattern } object: every uid a journey-aware type, every pattern one that can
   * name a document of it. An empty pattern removes the type.
   */
  const check = (value: unknown): Record<string, string> => {
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      throw new ParamError(
        'patterns',
        typeof value === 'string' ? value : JSON.stringify(value ?? null),
        'an object of content type uid → URL pattern, e.g. {"api::article.article":"/blog/{slug}"}'
      );
    }
    const uids = contentTypes().journeyAwareUids();
    const checked: Record<string, string> = {};
    for (const [uid, pattern] of Object.entries(value as Record<string, unknown>)) {
      if (!uids.includes(uid)) throw new ParamError('patterns', uid, uids);
      if (pattern === null || pattern === '') continue;
      checked[uid] = compileFor(uid, pattern).pattern;
    }
    return checked;
  };

  /** Stored patterns of types that are still journey-aware. */
  const get = async (): Promise<AnalyticsUrlPatterns> => {
    const stored = ((await store().get({})) as AnalyticsUrlPatterns | null)?.patterns ?? {};
    const uids = contentTypes().journeyAwareUids();
    return {
      patterns: Object.fromEntries(Object.entries(stored).filter(([uid]) => uids.includes(uid))),
    };
  };

  /** The stored patterns and, for the settings form, the types a pattern can be set for. */
  const getWithTypes = async (): Promise<AnalyticsUrlPatterns> => ({
    ...(await get()),
    types: contentTypes()
      .journeyAwareUids()
      .map((uid) => {
        const info = (
          strapi.contentType(uid as never) as unknown as {
            info?: { displayName?: string };
          }
        ).info;
        return {
          uid,
          name: info?.displayName ?? uid,
          localized: contentTypes().isLocalized(uid),
          fields: fieldsOf(uid),
        };
      }),
  });

  const put = async (body: unknown): Promise<AnalyticsUrlPatterns> => {
    const patterns = check((body as { patterns?: unknown } | null)?.patterns);
    await store().set({ value: { patterns } });
    return { patterns };
  };

  /** Patterns given with a request (a JSON string in a form), else the stored ones; compiled. */
  const resolve = async (given: unknown) => {
    let patterns: Record<string, string>;
    if (given === undefined || given === null || given === '') {
      patterns = (await get()).patterns;
    } else {
      let parsed: unknown = given;
      if (typeof given === 'string') {
        try {
          parsed = JSON.parse(given);
        } catch {
          parsed = given;
        }
      }
      patterns = check(parsed);
    }
    if (!Object.keys(patterns).length) {
      throw new ParamError(
        'patterns',
        '',
        `a URL pattern for at least one journey-aware type (${contentTypes().journeyAwareUids().join(', ')}); set them in Settings → Journey → Analytics imports`
      );
    }
    return {
      patterns,
      compiled: Object.entries(patterns)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([uid, pattern]) => ({ uid, compiled: compileFor(uid, pattern) })),
    };
  };

  return { fieldsOf, check, get, getWithTypes, put, resolve };
};

export type UrlPatterns = ReturnType<typeof urlPatterns>;
