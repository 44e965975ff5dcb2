import type { IntentConfig } from '../domain/config';
import { INTENTS, LANGUAGES, type Intent, type Language } from '../domain/intents';
import { stageForIntent, CUSTOMER_JOURNEY, type IntentStages } from '../domain/journeys';
import { BRANDS, LEXICONS, PLACES } from './lexicons';

export interface IntentMatch {
  intent: Intent;
  term: string;
  rule: string;
}

export interface Classification {
  intent: Intent | null;
  confidence: number;
  scores: Record<Intent, number>;
  matches: IntentMatch[];
  language: Language;
  stage: string | null;
}

export interface ClassifyOptions {
  locale?: string;
  journey?: { intentStages?: IntentStages; stages: Array<{ key: string }> };
}

/** Longer queries are cut: no search box sends more, and the cost must stay bounded. */
export const MAX_QUERY_LENGTH = 500;
const MAX_PHRASE_WORDS = 4;
/** Below this total score there is no signal worth reporting. */
const MIN_SCORE = 1;

interface CompiledRule {
  intent: Intent;
  rule: string;
  weight: number;
  atStart: boolean;
  term: string;
  language: Language | null;
}

interface Compiled {
  phrases: Map<string, CompiledRule[]>;
  prefixes: Array<[string, CompiledRule]>;
  suffixes: Array<[string, CompiledRule]>;
}

const CHOICE_WORDS = new Set(['or', 'vs', 'versus', 'eller', 'mot', 'and', 'och', 'og']);

/** Brand words in the query: the per-intent dedup keeps one brand hit, comparisons need them all. */
const countBrandTokens = (tokens: string[], compiled: Compiled) =>
  Math.max(
    0,
    tokens.filter((t) => compiled.phrases.get(t)?.some((r) => r.rule === 'brand')).length - 1
  );

/** Words that tell the languages apart when no locale is given. */
const LANGUAGE_WORDS: Record<Language, string[]> = {
  en: [
    'the',
    'and',
    'for',
    'how',
    'what',
    'to',
    'of',
    'in',
    'with',
    'best',
    'near',
    'me',
    'buy',
    'is',
    'my',
    'vs',
    'price',
    'review',
    'open',
    'login',
    'shoes',
    'running',
  ],
  sv: [
    'och',
    'för',
    'hur',
    'vad',
    'att',
    'med',
    'bästa',
    'köpa',
    'nära',
    'mig',
    'är',
    'på',
    'till',
    'som',
    'inte',
    'eller',
    'varför',
    'löparskor',
    'logga',
    'öppet',
    'billiga',
    'jämför',
    'mot',
  ],
  nb: [
    'og',
    'for',
    'hvordan',
    'hva',
    'å',
    'med',
    'beste',
    'kjøpe',
    'nær',
    'meg',
    'er',
    'på',
    'til',
    'som',
    'ikke',
    'eller',
    'hvorfor',
    'løpesko',
    'logg',
    'åpent',
    'billige',
    'nærheten',
    'mot',
  ],
};
const LANGUAGE_WORD_SETS = Object.fromEntries(
  LANGUAGES.map((l) => [l, new Set(LANGUAGE_WORDS[l])])
) as Record<Language, Set<string>>;

/** Lower case, accents kept (å, ä, ö, æ, ø matter), everything else a word break. */
export const tokenize = (query: string): string[] =>
  query
    .slice(0, MAX_QUERY_LENGTH)
    .toLowerCase()
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}&.]+/gu, ' ')
    .replace(/(^|\s)\.+|\.+(\s|$)/g, ' ')
    .split(' ')
    .filter(Boolean);

export const languageOfLocale = (locale: string | undefined): Language | null => {
  if (!locale) return null;
  const base = locale.toLowerCase().split(/[-_]/)[0];
  if (base === 'sv') return 'sv';
  if (base === 'nb' || base === 'no' || base === 'nn') return 'nb';
  if (base === 'en') return 'en';
  return null;
};

export const detectLanguage = (
  query: string,
  tokens = tokenize(query),
  lexiconHits: Record<Language, number> = { en: 0, sv: 0, nb: 0 }
): Language => {
  const scores: Record<Language, number> = { ...lexiconHits };
  if (/[äö]/.test(query.toLowerCase())) scores.sv += 3;
  if (/[æø]/.test(query.toLowerCase())) scores.nb += 3;
  for (const token of tokens) {
    for (const language of LANGUAGES)
      if (LANGUAGE_WORD_SETS[language].has(token)) scores[language] += 1;
  }
  const best = LANGUAGES.reduce((a, b) => (scores[b] > scores[a] ? b : a), 'en' as Language);
  return scores[best] > 0 ? best : 'en';
};

const addRule = (
  compiled: Compiled,
  rawTerm: string,
  base: Omit<CompiledRule, 'term' | 'weight'> & { weight: number }
) => {
  const weak = rawTerm.endsWith('~');
  const term = (weak ? rawTerm.slice(0, -1) : rawTerm).toLowerCase();
  const rule: CompiledRule = { ...base, term, weight: weak ? base.weight / 2 : base.weight };
  if (term.startsWith('*')) compiled.suffixes.push([term.slice(1), rule]);
  else if (term.endsWith('*')) compiled.prefixes.push([term.slice(0, -1), rule]);
  else {
    const key = tokenize(term).join(' ');
    if (!key) return;
    compiled.phrases.set(key, [...(compiled.phrases.get(key) ?? []), rule]);
  }
};

/** Builds the lookup tables once; `classify` then only does map lookups per word. */
export const createClassifier = (config: IntentConfig = {}) => {
  const compiled: Compiled = { phrases: new Map(), prefixes: [], suffixes: [] };
  for (const language of LANGUAGES) {
    for (const rule of LEXICONS[language]) {
      for (const term of rule.terms) {
        addRule(compiled, term, {
          intent: rule.intent,
          rule: rule.rule,
          weight: rule.weight,
          atStart: !!rule.atStart,
          language,
        });
      }
    }
    const extra = config.terms?.[language] ?? {};
    for (const intent of INTENTS) {
      for (const term of extra[intent] ?? []) {
        addRule(compiled, term, {
          intent,
          rule: 'configured term',
          weight: 3,
          atStart: false,
          language,
        });
      }
    }
  }
  for (const brand of [...BRANDS, ...(config.brands ?? [])]) {
    addRule(compiled, brand, {
      intent: 'navigational',
      rule: 'brand',
      weight: 2,
      atStart: false,
      language: null,
    });
  }
  for (const place of [...PLACES, ...(config.places ?? [])]) {
    addRule(compiled, place, {
      intent: 'local',
      rule: 'place name',
      weight: 2,
      atStart: false,
      language: null,
    });
  }
  // Longest first, so "rabattkod" wins over "rabatt" inside "rabattkoden".
  compiled.prefixes.sort((a, b) => b[0].length - a[0].length);
  compiled.suffixes.sort((a, b) => b[0].length - a[0].length);

  const classify = (query: string, options: ClassifyOptions = {}): Classification => {
    const text = typeof query === 'string' ? query : '';
    const tokens = tokenize(text);
    const scores: Record<Intent, number> = {
      informational: 0,
      commercial: 0,
      transactional: 0,
      navigational: 0,
      local: 0,
    };
    const matches: IntentMatch[] = [];
    const hits: Array<[CompiledRule, string]> = [];
    const fired = new Set<string>();
    const covered = new Array<boolean>(tokens.length).fill(false);

    const fire = (rule: CompiledRule, term: string) => {
      // One brand or one place is as telling as three: count each kind of signal once per intent.
      const key =
        rule.rule === 'brand' || rule.rule === 'place name'
          ? `${rule.intent}:${rule.rule}`
          : `${rule.intent}:${term}`;
      if (fired.has(key)) return;
      fired.add(key);
      hits.push([rule, term]);
    };

    for (let i = 0; i < tokens.length; i += 1) {
      for (let n = Math.min(MAX_PHRASE_WORDS, tokens.length - i); n >= 1; n -= 1) {
        const phrase = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
        const rules = compiled.phrases.get(phrase);
        if (!rules) continue;
        for (const rule of rules) {
          if (rule.atStart && i !== 0) continue;
          fire(rule, phrase);
        }
        for (let k = i; k < i + n; k += 1) covered[k] = true;
      }
    }
    for (let i = 0; i < tokens.length; i += 1) {
      if (covered[i]) continue;
      const token = tokens[i];
      for (const [prefix, rule] of compiled.prefixes) {
        if (token.length >= prefix.length && token.startsWith(prefix)) {
          fire(rule, token);
          break;
        }
      }
      for (const [suffix, rule] of compiled.suffixes) {
        if (token.length > suffix.length + 2 && token.endsWith(suffix)) {
          fire(rule, token);
          break;
        }
      }
    }

    // The words that fired also tell the language ("rabattkoden" is Swedish) when no locale does.
    let language = languageOfLocale(options.locale);
    if (!language) {
      const byLexicon: Record<Language, number> = { en: 0, sv: 0, nb: 0 };
      for (const [rule] of hits) if (rule.language) byLexicon[rule.language] += 1;
      language = detectLanguage(text, tokens, byLexicon);
    }
    for (const [rule, term] of hits) {
      // A rule of the query's own language counts fully; a word of another language a little less.
      const factor = rule.language === null || rule.language === language ? 1 : 0.75;
      scores[rule.intent] += rule.weight * factor;
      matches.push({ intent: rule.intent, term, rule: rule.rule });
    }
    // Two brands side by side with a choice word ("polar eller garmin") are being compared, not
    // visited: that is the commercial pattern, whatever the language.
    const brands =
      hits.filter(([rule]) => rule.rule === 'brand').length + countBrandTokens(tokens, compiled);
    if (brands >= 2 && tokens.some((t) => CHOICE_WORDS.has(t))) {
      scores.commercial += 3;
      matches.push({
        intent: 'commercial',
        term: tokens.filter((t) => CHOICE_WORDS.has(t)).join(' '),
        rule: 'brand comparison',
      });
    }
    if (text.trim().endsWith('?') && scores.informational === 0) {
      scores.informational += 2;
      matches.push({ intent: 'informational', term: '?', rule: 'question mark' });
    }

    const total = INTENTS.reduce((sum, intent) => sum + scores[intent], 0);
    const ranked = [...INTENTS].sort((a, b) => scores[b] - scores[a]);
    const [top, second] = ranked;
    const intent = total >= MIN_SCORE ? top : null;
    // Confidence: how much the winner stands out, damped when the evidence is thin.
    const confidence = intent
      ? Math.round(
          ((scores[top] - scores[second]) / scores[top]) * Math.min(1, scores[top] / 3) * 100
        ) / 100 || Math.round((scores[top] / total) * 0.5 * 100) / 100
      : 0;
    const journey = options.journey ?? CUSTOMER_JOURNEY;
    let stage: string | null = null;
    if (intent) {
      stage = stageForIntent(journey, intent);
      if (!stage && intent === 'navigational') {
        const other = ranked.find((i) => i !== 'navigational' && scores[i] > 0);
        stage =
          (other && stageForIntent(journey, other)) ||
          (journey.stages.some((s) => s.key === 'decision') ? 'decision' : null);
      }
    }
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
