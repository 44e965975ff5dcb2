import type { IntentConfig } from '../domain/config';
import { INTENTS, LANGUAGES, isIntent, type Intent, type Language } from '../domain/intents';
import {
  BRANDS,
  LEXICONS,
  NAVIGATION_WORDS,
  NO_COMPOUND,
  PLACES,
  PUBLIC_SERVICES,
  SENTENCE_WORDS,
  SERVICE_STOPWORDS,
  TRIAL_WORDS,
} from './lexicons';
import { fold, STEM_ENDINGS, SuffixFilter, TYPO_STEM_ENDINGS, TypoIndex } from './fuzzy';
import { tokenize } from './language';
import type { ClassifierExtras } from './types';

/** A compound's head ("löparsko" in "löparskopris") is at least this long, its tail a real word. */
export const MIN_COMPOUND_HEAD = 3;
export const MIN_COMPOUND_TAIL = 4;
/** Stems ("köp*") only make compound tails as a whole inflected word ("köpet", not "köp"). */
const MIN_COMPOUND_STEM_FORM = 5;
/**
 * Stems this short have too many neighbours among ordinary words ("kopia", "koppar" near "köpa"):
 * their inflected forms match folded, but not with typos.
 */
const MIN_TYPO_STEM = 5;

export interface CompiledRule {
  intent: Intent;
  rule: string;
  weight: number;
  atStart: boolean;
  term: string;
  weak: boolean;
  language: Language | null;
}

type Affixes = Array<[string, CompiledRule]>;

interface Compiled {
  phrases: Map<string, CompiledRule[]>;
  /** The most words a phrase starting with this word has: skips joining n-grams that cannot hit. */
  phraseWords: Map<string, number>;
  prefixes: Affixes;
  suffixes: Affixes;
  /** The same terms folded (and stems with their endings), for words typed without diacritics. */
  folded: Map<string, CompiledRule[]>;
  foldedWords: Map<string, number>;
  foldedSuffixes: Affixes;
  /** Swedish and Norwegian single-word terms that may close a compound, folded. */
  tails: Map<string, Array<{ rule: CompiledRule; form: string }>>;
  tailHashes: SuffixFilter;
  typos: TypoIndex;
}

/** The compiled rules, their affixes grouped for lookup, and the words of a site section. */
export interface RuleTables extends Omit<Compiled, 'prefixes' | 'suffixes' | 'foldedSuffixes'> {
  prefixes: (key: number) => Affixes;
  suffixes: (key: number) => Affixes;
  foldedSuffixes: (key: number) => Affixes;
  navigation: Map<string, number>;
  navigationPhrases: Set<string>;
  stopwords: Set<string>;
  sentenceWords: Set<string>;
  /** Folded try and free words: both in one query make a free trial. */
  trialWords: { try: Set<string>; free: Set<string> };
}

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

type RuleBase = Omit<CompiledRule, 'term' | 'weight' | 'weak'> & { weight: number };

const addRule = (compiled: Compiled, rawTerm: string, base: RuleBase) => {
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

/** The built-in lexicons and the config's terms, per language. */
const addLexiconRules = (compiled: Compiled, config: IntentConfig) => {
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
        const base = { intent, rule: 'configured term', weight: 3, atStart: false, language };
        addRule(compiled, term, base);
      }
    }
  }
};

/** The site's terms, and brands and places: the built-in ones and the config's. */
const addSiteRules = (compiled: Compiled, config: IntentConfig, extras: ClassifierExtras) => {
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
  for (const brand of [...BRANDS, ...PUBLIC_SERVICES, ...(config.brands ?? [])]) {
    const base = { intent: 'navigational', rule: 'brand', weight: 2, atStart: false } as const;
    addRule(compiled, brand, { ...base, language: null });
  }
  for (const place of [...PLACES, ...(config.places ?? [])]) {
    const base = { intent: 'local', rule: 'place name', weight: 2, atStart: false } as const;
    addRule(compiled, place, { ...base, language: null });
  }
};

export const letterKey = (a: number, b: number) => a * 65536 + b;
export const endLetters = (word: string): [number, number] => [
  word.charCodeAt(word.length - 2),
  word.charCodeAt(word.length - 1),
];

const NONE: Affixes = [];

/**
 * Stems and endings grouped by two letters (a stem's first two, an ending's last two), so a word
 * is compared with the few that can fit, not all.
 */
const byTwoLetters = (
  list: Affixes,
  letters: (affix: string) => number[]
): ((key: number) => Affixes) => {
  const map = new Map<number, Affixes>();
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

/** Builds the lookup tables once, so that classifying a query only looks words up. */
export const compileRules = (config: IntentConfig, extras: ClassifierExtras): RuleTables => {
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
  addLexiconRules(compiled, config);
  addSiteRules(compiled, config, extras);
  // Longest first, so "rabattkod" wins over "rabatt" inside "rabattkoden".
  compiled.prefixes.sort((a, b) => b[0].length - a[0].length);
  compiled.suffixes.sort((a, b) => b[0].length - a[0].length);
  compiled.foldedSuffixes.sort((a, b) => b[0].length - a[0].length);
  const navigation = new Map<string, number>();
  for (const phrase of NAVIGATION_WORDS) notePhraseLength(navigation, fold(phrase));
  return {
    ...compiled,
    prefixes: byTwoLetters(compiled.prefixes, (prefix) => [0, 1].map((i) => prefix.charCodeAt(i))),
    suffixes: byTwoLetters(compiled.suffixes, endLetters),
    foldedSuffixes: byTwoLetters(compiled.foldedSuffixes, endLetters),
    navigation,
    navigationPhrases: new Set(NAVIGATION_WORDS.map(fold)),
    stopwords: new Set(SERVICE_STOPWORDS.map(fold)),
    sentenceWords: new Set(SENTENCE_WORDS.map(fold)),
    trialWords: {
      try: new Set(TRIAL_WORDS.try.map(fold)),
      free: new Set(TRIAL_WORDS.free.map(fold)),
    },
  };
};
