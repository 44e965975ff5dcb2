/**
 * Page URLs to documents: per content type a pattern such as `/blog/{slug}` or
 * `/{locale}/guides/{slug}`, one placeholder naming a field of the type (slug, documentId…) and
 * optionally `{locale}`. Pure: the service checks the field against the type and finds the
 * documents.
 */

export interface CompiledPattern {
  pattern: string;
  /** The attribute the placeholder names. */
  field: string;
  hasLocale: boolean;
  regex: RegExp;
  /** Capture group order: 'locale' and the field. */
  groups: Array<'locale' | 'field'>;
}

export class PatternError extends Error {}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAX_PATTERN_LENGTH = 255;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The path of a URL as patterns see it: no origin, query, fragment or trailing slash; decoded. */
export const normalizePath = (url: string): string => {
  let path = url.trim();
  path = path.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i, '').replace(/^\/\/[^/?#]*/, '');
  path = path.replace(/[?#].*$/, '');
  if (!path.startsWith('/')) path = `/${path}`;
  path = path.replace(/\/{2,}/g, '/');
  if (path.length > 1) path = path.replace(/\/+$/, '');
  try {
    path = decodeURI(path);
  } catch {
    // A stray % is a character of the path, not an escape.
  }
  return path || '/';
};

/** Checks and compiles a pattern; `fields` are the placeholder names the type allows. */
export const compilePattern = (pattern: unknown, fields: readonly string[]): CompiledPattern => {
  if (typeof pattern !== 'string' || !pattern.trim()) {
    throw new PatternError('a pattern is a path such as /blog/{slug}');
  }
  const text = pattern.trim();
  if (text.length > MAX_PATTERN_LENGTH) {
    throw new PatternError(`a pattern has at most ${MAX_PATTERN_LENGTH} characters`);
  }
  if (!text.startsWith('/')) throw new PatternError('a pattern starts with "/"');
  if (/[?#]/.test(text)) {
    throw new PatternError('a pattern is a path: no query string or fragment (they are ignored)');
  }
  const names = [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const rest = text.replace(PLACEHOLDER, '');
  if (/[{}]/.test(rest)) throw new PatternError('unbalanced "{" or "}"');
  const bad = names.find((n) => !NAME.test(n));
  if (bad !== undefined) throw new PatternError(`"{${bad}}" is not a field name`);
  const locales = names.filter((n) => n === 'locale');
  const others = names.filter((n) => n !== 'locale');
  if (locales.length > 1) throw new PatternError('{locale} may appear once');
  if (others.length !== 1) {
    throw new PatternError(
      `a pattern names exactly one field of the type besides {locale} (one of: ${fields.join(', ')})`
    );
  }
  const field = others[0];
  if (!fields.includes(field)) {
    throw new PatternError(`{${field}} is not a field of the type; valid: ${fields.join(', ')}`);
  }
  const trimmed = text.length > 1 ? text.replace(/\/+$/, '') : text;
  const groups: CompiledPattern['groups'] = [];
  let source = '';
  let last = 0;
  for (const m of trimmed.matchAll(PLACEHOLDER)) {
    source += escape(trimmed.slice(last, m.index));
    source += '([^/]+)';
    groups.push(m[1] === 'locale' ? 'locale' : 'field');
    last = (m.index ?? 0) + m[0].length;
  }
  source += escape(trimmed.slice(last));
  return {
    pattern: trimmed,
    field,
    hasLocale: locales.length === 1,
    regex: new RegExp(`^${source}$`),
    groups,
  };
};

/** The placeholder values of a normalized path, or null when the pattern does not fit it. */
export const matchPattern = (
  compiled: CompiledPattern,
  path: string
): { value: string; locale: string | null } | null => {
  const m = compiled.regex.exec(path);
  if (!m) return null;
  let value = '';
  let locale: string | null = null;
  compiled.groups.forEach((group, index) => {
    if (group === 'locale') locale = m[index + 1];
    else value = m[index + 1];
  });
  return { value, locale };
};
