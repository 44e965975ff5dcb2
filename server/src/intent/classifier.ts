import type { IntentConfig } from '../domain/config';
import { tokenize } from './language';
import { findHits } from './matching';
import { compileRules } from './rule-tables';
import { queryLanguage, scoreHits, verdict } from './scoring';
import type { Classification, ClassifierExtras, ClassifyOptions } from './types';

export type {
  Classification,
  ClassifierExtras,
  ClassifyOptions,
  IntentMatch,
  SiteTerm,
} from './types';
export { detectLanguage, languageOfLocale, MAX_QUERY_LENGTH, tokenize } from './language';

/**
 * Builds the lookup tables once (rule-tables.ts); `classify` then only does map lookups per word
 * (matching.ts) and weighs what fired (scoring.ts).
 */
export const createClassifier = (config: IntentConfig = {}, extras: ClassifierExtras = {}) => {
  const tables = compileRules(config, extras);
  const classify = (query: string, options: ClassifyOptions = {}): Classification => {
    const text = typeof query === 'string' ? query : '';
    const tokens = tokenize(text);
    const hits = findHits(tables, tokens);
    const language = queryLanguage(text, tokens, hits, options.locale);
    const { scores, matches } = scoreHits(text, tokens, hits, language, tables);
    const { intent, confidence, stage } = verdict(scores, options);
    return { intent, confidence, scores, matches, language, stage };
  };
  return { classify };
};

let defaultClassifier: ReturnType<typeof createClassifier> | null = null;

/** The classifier with the built-in lexicons only; `createClassifier(config)` adds an app's terms. */
export const classify = (
  query: string,
  options: ClassifyOptions & { config?: IntentConfig } = {}
) => {
  if (options.config) return createClassifier(options.config).classify(query, options);
  defaultClassifier ??= createClassifier();
  return defaultClassifier.classify(query, options);
};
