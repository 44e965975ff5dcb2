import type { IntentConfig } from '../domain/config';
import { INTENTS, LANGUAGES, isIntent, type Intent, type Language } from '../domain/intents';
import { stageForIntent, CUSTOMER_JOURNEY, type IntentStages } from '../domain/journeys';
import {
  BRANDS,
  LEXICONS,
  NAVIGATION_WORDS,
  NO_COMPOUND,
  PLACES,
  SENTENCE_WORDS,
  SERVICE_STOPWORDS,
} from './lexicons';
import { fold, STEM_ENDINGS, SuffixFilter, TYPO_STEM_ENDINGS, TypoIndex } from './fuzzy';

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

/** A term an app's editors taught the classifier (accepted from the review queue's proposals). */
export interface SiteTerm {
  term: string;
  language: Language;
  intent: Intent;
}

export interface ClassifierExtras {
  siteTerms?: SiteTerm[];
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
/**
 * Approximate hits count less than exact ones, so a word spelt right outweighs one that only
 * resembles a term: folded (no diacritics) a little, a compound's tail more, a typo most.
 */
const FOLDED_FACTOR = 0.9;
const COMPOUND_FACTOR = 0.8;
const TYPO_FACTOR = 0.7;
/** A compound's head ("löparsko" in "löparskopris") is at least this long, its tail a real word. */
const MIN_COMPOUND_HEAD = 3;
const MIN_COMPOUND_TAIL = 4;
/** Stems ("köp*") only make compound tails as a whole inflected word ("köpet", not "köp"). */
const MIN_COMPOUND_STEM_FORM = 5;
/**
 * A tail matched only once folded is shorter on evidence: "vasaloppet" ends in "oppet", which is
 * "öppet" folded, and is a race, not opening hours.
 */
const MIN_FOLDED_COMPOUND_TAIL = 6;
/**
 * Stems this short have too many neighbours among ordinary words ("kopia", "koppar" near "köpa"):
 * their inflected forms match folded, but not with typos.
 */
const MIN_TYPO_STEM = 5;
const UNKNOWN_SERVICE_WEIGHT = 2.5;
/** A query naming an unknown service is short: the name and the section, nothing else. */
const MAX_SERVICE_QUERY_WORDS = 5;
/** A service's name is a word or two ("hemnet", "statens vegvesen", "sparebank 1"). */
const MAX_SERVICE_NAME_WORDS = 2;

interface CompiledRule {
  intent: Intent;
  rule: string;
  weight: number;
  atStart: boolean;
  term: string;
  weak: boolean;
  language: Language | null;
}

interface Compiled {
  phrases: Map<string, CompiledRule[]>;
  /** The most words a phrase starting with this word has: skips joining n-grams that cannot hit. */
  phraseWords: Map<string, number>;
  prefixes: Array<[string, CompiledRule]>;
  suffixes: Array<[string, CompiledRule]>;
  /** The same terms folded (and stems with their endings), for words typed without diacritics. */
  folded: Map<string, CompiledRule[]>;
  foldedWords: Map<string, number>;
  foldedSuffixes: Array<[string, CompiledRule]>;
  /** Swedish and Norwegian single-word terms that may close a compound, folded. */
  tails: Map<string, Array<{ rule: CompiledRule; form: string }>>;
  tailHashes: SuffixFilter;
  typos: TypoIndex;
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

const push = <K>(map: Map<K, CompiledRule[]>, key: K, rule: CompiledRule) => {
  const list = map.get(key);
  if (!list) map.set(key, [rule]);
  else if (!list.includes(rule)) list.push(rule);
};

const notePhraseLength = (map: Map<string, number>, key: string) => {
  const words = key.split(' ');
  map.set(words[0], Math.max(map.get(words[0]) ?? 1, words.length));
};

/** Only Swedish and Norwegian write compounds closed ("löparskopris"); English ones stay apart. */
const compounds = (rule: CompiledRule) =>
  (rule.language === 'sv' || rule.language === 'nb') && !rule.weak;

/** Fuzzy matching of weak terms ("or", "app~") or of brands and places would be mostly noise. */
const typoTolerant = (rule: CompiledRule) =>
  !rule.weak && rule.rule !== 'brand' && rule.rule !== 'place name';

const addFolded = (
  compiled: Compiled,
  form: string,
  rule: CompiledRule,
  stem?: { stem: string; ending: string }
) => {
  const key = fold(form);
  push(compiled.folded, key, rule);
  notePhraseLength(compiled.foldedWords, key);
  if (key.includes(' ')) return;
  if (
    typoTolerant(rule) &&
    (stem === undefined ||
      (fold(stem.stem).length >= MIN_TYPO_STEM && TYPO_STEM_ENDINGS.has(stem.ending)))
  )
    compiled.typos.add(key);
  if (
    compounds(rule) &&
    !NO_COMPOUND.has(form) &&
    key.length >= (stem === undefined ? MIN_COMPOUND_TAIL : MIN_COMPOUND_STEM_FORM)
  ) {
    const list = compiled.tails.get(key) ?? [];
    if (!list.some((entry) => entry.rule === rule)) list.push({ rule, form });
    compiled.tailHashes.add(key);
    compiled.tails.set(key, list);
  }
};

const addRule = (
  compiled: Compiled,
  rawTerm: string,
  base: Omit<CompiledRule, 'term' | 'weight' | 'weak'> & { weight: number }
) => {
  const weak = rawTerm.endsWith('~');
  const term = (weak ? rawTerm.slice(0, -1) : rawTerm).toLowerCase();
  const rule: CompiledRule = {
    ...base,
    term,
    weak,
    weight: weak ? base.weight / 2 : base.weight,
  };
  if (term.startsWith('*')) {
    compiled.suffixes.push([term.slice(1), rule]);
    compiled.foldedSuffixes.push([fold(term.slice(1)), rule]);
    if (compounds(rule)) addFolded(compiled, term.slice(1), rule);
  } else if (term.endsWith('*')) {
    compiled.prefixes.push([term.slice(0, -1), rule]);
    for (const ending of STEM_ENDINGS)
      addFolded(compiled, term.slice(0, -1) + ending, rule, { stem: term.slice(0, -1), ending });
  } else {
    const key = tokenize(term).join(' ');
    if (!key) return;
    push(compiled.phrases, key, rule);
    notePhraseLength(compiled.phraseWords, key);
    addFolded(compiled, key, rule);
  }
};

type Hit = [rule: CompiledRule, term: string, factor: number, how: string];

/** What one classification has found so far. */
interface Matching {
  tokens: string[];
  covered: boolean[];
  hits: Hit[];
  fired: Set<string>;
}

// Module functions rather than closures in `classify`: nothing to allocate per query.
const fire = (state: Matching, rule: CompiledRule, term: string, factor = 1, how = '') => {
  // One brand or one place is as telling as three: count each kind of signal once per intent.
  const key =
    rule.rule === 'brand' || rule.rule === 'place name'
      ? `${rule.intent}:${rule.rule}`
      : `${rule.intent}:${term}`;
  if (state.fired.has(key)) return;
  state.fired.add(key);
  state.hits.push([rule, term, factor, how]);
};

/**
 * Phrases of up to four words, every length that hits ("how to" and "how"). Approximate passes
 * (factor below 1) only look at words no earlier pass explained.
 */
const matchPhrases = (
  state: Matching,
  words: string[],
  table: Map<string, CompiledRule[]>,
  lengths: Map<string, number>,
  factor: number,
  how: string
) => {
  const { covered, tokens } = state;
  for (let i = 0; i < words.length; i += 1) {
    if (covered[i] && factor !== 1) continue;
    const longest = Math.min(MAX_PHRASE_WORDS, words.length - i, lengths.get(words[i]) ?? 1);
    for (let n = longest; n >= 1; n -= 1) {
      let clear = true;
      if (factor !== 1) for (let k = i; k < i + n; k += 1) clear &&= !covered[k];
      if (!clear) continue;
      const phrase = n === 1 ? words[i] : words.slice(i, i + n).join(' ');
      const rules = table.get(phrase);
      if (!rules) continue;
      const term = n === 1 ? tokens[i] : tokens.slice(i, i + n).join(' ');
      for (const rule of rules) {
        if (rule.atStart && i !== 0) continue;
        fire(state, rule, term, factor, how);
      }
      for (let k = i; k < i + n; k += 1) covered[k] = true;
    }
  }
};

const letterKey = (a: number, b: number) => a * 65536 + b;
const endLetters = (word: string): [number, number] => [
  word.charCodeAt(word.length - 2),
  word.charCodeAt(word.length - 1),
];

const NONE: Array<[string, CompiledRule]> = [];

/**
 * Stems and endings grouped by two letters (a stem's first two, an ending's last two), so a word
 * is compared with the few that can fit, not all.
 */
const byTwoLetters = (
  list: Array<[string, CompiledRule]>,
  letters: (affix: string) => number[]
): ((key: number) => Array<[string, CompiledRule]>) => {
  const map = new Map<number, Array<[string, CompiledRule]>>();
  // An affix of one letter (an app's own "x*") goes into every group, after the longer ones.
  const short = list.filter(([affix]) => affix.length < 2);
  for (const entry of list) {
    if (entry[0].length < 2) continue;
    const key = letterKey(...(letters(entry[0]) as [number, number]));
    map.set(key, [...(map.get(key) ?? []), entry]);
  }
  for (const [key, entries] of map) map.set(key, [...entries, ...short]);
  const rest = short.length ? short : NONE;
  return (key) => map.get(key) ?? rest;
};

/** Builds the lookup tables once; `classify` then only does map lookups per word. */
export const createClassifier = (config: IntentConfig = {}, extras: ClassifierExtras = {}) => {
  const compiled: Compiled = {
    phrases: new Map(),
    phraseWords: new Map(),
    prefixes: [],
    suffixes: [],
    folded: new Map(),
    foldedWords: new Map(),
    foldedSuffixes: [],
    tails: new Map(),
    tailHashes: new SuffixFilter(),
    typos: new TypoIndex(),
  };
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
  for (const siteTerm of extras.siteTerms ?? []) {
    if (!isIntent(siteTerm.intent) || !LANGUAGES.includes(siteTerm.language)) continue;
    // Literal words: a site term is what editors typed, never a stem ("*") or weak ("~") pattern.
    addRule(compiled, tokenize(String(siteTerm.term ?? '')).join(' '), {
      intent: siteTerm.intent,
      rule: 'site term',
      weight: 3,
      atStart: false,
      language: siteTerm.language,
    });
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
  compiled.foldedSuffixes.sort((a, b) => b[0].length - a[0].length);
  const prefixes = byTwoLetters(compiled.prefixes, (prefix) =>
    [0, 1].map((i) => prefix.charCodeAt(i))
  );
  const suffixes = byTwoLetters(compiled.suffixes, endLetters);
  const foldedSuffixes = byTwoLetters(compiled.foldedSuffixes, endLetters);
  const navigation = new Map<string, number>();
  for (const phrase of NAVIGATION_WORDS) notePhraseLength(navigation, fold(phrase));
  const navigationPhrases = new Set(NAVIGATION_WORDS.map(fold));
  const stopwords = new Set(SERVICE_STOPWORDS.map(fold));
  const sentenceWords = new Set(SENTENCE_WORDS.map(fold));

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
    const hits: Hit[] = [];
    const fired = new Set<string>();
    const covered = new Array<boolean>(tokens.length).fill(false);

    const state: Matching = { tokens, covered, hits, fired };

    matchPhrases(state, tokens, compiled.phrases, compiled.phraseWords, 1, '');
    for (let i = 0; i < tokens.length; i += 1) {
      if (covered[i]) continue;
      const token = tokens[i];
      const stems = prefixes(letterKey(token.charCodeAt(0), token.charCodeAt(1)));
      for (const [prefix, rule] of stems) {
        if (token.length >= prefix.length && token.startsWith(prefix)) {
          fire(state, rule, token);
          covered[i] = true;
          break;
        }
      }
      for (const [suffix, rule] of suffixes(letterKey(...endLetters(token)))) {
        if (token.length > suffix.length + 2 && token.endsWith(suffix)) {
          fire(state, rule, token);
          covered[i] = true;
          break;
        }
      }
    }

    // What the exact rules left: the same words folded, then compounds, then typos.
    const foldedTokens = tokens.map(fold);
    matchPhrases(
      state,
      foldedTokens,
      compiled.folded,
      compiled.foldedWords,
      FOLDED_FACTOR,
      'folded'
    );
    for (let i = 0; i < tokens.length; i += 1) {
      if (covered[i]) continue;
      const token = tokens[i];
      const folded = foldedTokens[i];
      for (const [suffix, rule] of foldedSuffixes(letterKey(...endLetters(folded)))) {
        if (folded.length > suffix.length + 2 && folded.endsWith(suffix)) {
          fire(state, rule, token, FOLDED_FACTOR, 'folded');
          covered[i] = true;
          break;
        }
      }
      if (covered[i]) continue;
      // A compound's last part carries its meaning: "elavtalsjämförelse" is a comparison.
      for (const at of compiled.tailHashes.endings(folded, MIN_COMPOUND_HEAD, MIN_COMPOUND_TAIL)) {
        const tail = folded.slice(at);
        const entries = compiled.tails.get(tail);
        if (!entries) continue;
        // Exact when the word ends in the term as the lexicon spells it, diacritics and all.
        const exact = entries.some(({ form }) => token.endsWith(form));
        if (!exact && tail.length < MIN_FOLDED_COMPOUND_TAIL) continue;
        for (const { rule } of entries) {
          if (rule.atStart) continue;
          fire(
            state,
            rule,
            token,
            COMPOUND_FACTOR * (exact ? 1 : FOLDED_FACTOR),
            exact ? 'compound' : 'compound, folded'
          );
        }
        covered[i] = true;
        break;
      }
      if (covered[i] || folded.length < 5 || /\d/.test(folded)) continue;
      const typo = compiled.typos.lookup(folded);
      if (!typo) continue;
      for (const rule of compiled.folded.get(typo.term) ?? []) {
        if (rule.atStart && i !== 0) continue;
        fire(state, rule, token, TYPO_FACTOR, 'typo');
      }
      covered[i] = true;
    }

    // "hemnet app", "1177 logga in": a site section next to a name the lexicons do not know (or a
    // number) is someone heading for that service's site, whatever the service.
    if (tokens.length <= MAX_SERVICE_QUERY_WORDS && foldedTokens.some((t) => navigation.has(t))) {
      const section = new Array<boolean>(tokens.length).fill(false);
      for (let i = 0; i < tokens.length; i += 1) {
        const longest = Math.min(tokens.length - i, navigation.get(foldedTokens[i]) ?? 0);
        for (let n = longest; n >= 1; n -= 1) {
          if (!navigationPhrases.has(foldedTokens.slice(i, i + n).join(' '))) continue;
          for (let k = i; k < i + n; k += 1) section[k] = true;
          break;
        }
      }
      const names: string[] = [];
      let others = 0;
      for (let i = 0; i < tokens.length; i += 1) {
        if (section[i] || stopwords.has(foldedTokens[i])) continue;
        if (sentenceWords.has(foldedTokens[i])) others += 1;
        else if (!covered[i] || /^\d+$/.test(tokens[i])) names.push(tokens[i]);
        else others += 1;
      }
      if (
        names.length &&
        names.length <= MAX_SERVICE_NAME_WORDS &&
        !others &&
        section.some(Boolean)
      ) {
        hits.push([
          {
            intent: 'navigational',
            rule: 'unknown service',
            weight: UNKNOWN_SERVICE_WEIGHT,
            atStart: false,
            term: names.join(' '),
            weak: false,
            language: null,
          },
          names.join(' '),
          1,
          '',
        ]);
      }
    }

    // The words that fired also tell the language ("rabattkoden" is Swedish) when no locale does.
    let language = languageOfLocale(options.locale);
    if (!language) {
      const byLexicon: Record<Language, number> = { en: 0, sv: 0, nb: 0 };
      for (const [rule] of hits) if (rule.language) byLexicon[rule.language] += 1;
      language = detectLanguage(text, tokens, byLexicon);
    }
    for (const [rule, term, approximate, how] of hits) {
      // A rule of the query's own language counts fully; a word of another language a little less.
      const factor = rule.language === null || rule.language === language ? 1 : 0.75;
      scores[rule.intent] += rule.weight * factor * approximate;
      matches.push({ intent: rule.intent, term, rule: how ? `${rule.rule} (${how})` : rule.rule });
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
