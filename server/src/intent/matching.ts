import { fold } from './fuzzy';
import {
  endLetters,
  letterKey,
  MIN_COMPOUND_HEAD,
  MIN_COMPOUND_TAIL,
  type CompiledRule,
  type RuleTables,
} from './rule-tables';

const MAX_PHRASE_WORDS = 4;
/**
 * Approximate hits count less than exact ones, so a word spelt right outweighs one that only
 * resembles a term: folded (no diacritics) a little, a compound's tail more, a typo most.
 */
const FOLDED_FACTOR = 0.9;
const COMPOUND_FACTOR = 0.8;
const TYPO_FACTOR = 0.7;
/**
 * A tail matched only once folded is shorter on evidence: "vasaloppet" ends in "oppet", which is
 * "öppet" folded, and is a race, not opening hours.
 */
const MIN_FOLDED_COMPOUND_TAIL = 6;
const UNKNOWN_SERVICE_WEIGHT = 2.5;
/** A query naming an unknown service is short: the name and the section, nothing else. */
const MAX_SERVICE_QUERY_WORDS = 5;
/** A service's name is a word or two ("hemnet", "statens vegvesen", "sparebank 1"). */
const MAX_SERVICE_NAME_WORDS = 2;

export type Hit = [rule: CompiledRule, term: string, factor: number, how: string];

/** What one classification has found so far. */
interface Matching {
  tokens: string[];
  foldedTokens: string[];
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

/** Stems ("köp*") and endings ("*kod") on the words no phrase explained. */
const matchAffixes = (state: Matching, tables: RuleTables) => {
  const { tokens, covered } = state;
  for (let i = 0; i < tokens.length; i += 1) {
    if (covered[i]) continue;
    const token = tokens[i];
    const stems = tables.prefixes(letterKey(token.charCodeAt(0), token.charCodeAt(1)));
    for (const [prefix, rule] of stems) {
      if (token.length >= prefix.length && token.startsWith(prefix)) {
        fire(state, rule, token);
        covered[i] = true;
        break;
      }
    }
    for (const [suffix, rule] of tables.suffixes(letterKey(...endLetters(token)))) {
      if (token.length > suffix.length + 2 && token.endsWith(suffix)) {
        fire(state, rule, token);
        covered[i] = true;
        break;
      }
    }
  }
};

/** The i-th word, folded, ending in an ending of the lexicons. */
const foldedSuffixHit = (state: Matching, tables: RuleTables, i: number) => {
  const folded = state.foldedTokens[i];
  for (const [suffix, rule] of tables.foldedSuffixes(letterKey(...endLetters(folded)))) {
    if (folded.length > suffix.length + 2 && folded.endsWith(suffix)) {
      fire(state, rule, state.tokens[i], FOLDED_FACTOR, 'folded');
      return true;
    }
  }
  return false;
};

/** A compound's last part carries its meaning: "elavtalsjämförelse" is a comparison. */
const compoundTailHit = (state: Matching, tables: RuleTables, i: number) => {
  const token = state.tokens[i];
  const folded = state.foldedTokens[i];
  for (const at of tables.tailHashes.endings(folded, MIN_COMPOUND_HEAD, MIN_COMPOUND_TAIL)) {
    const tail = folded.slice(at);
    const entries = tables.tails.get(tail);
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
    return true;
  }
  return false;
};

/** A word a typo away from a term; short words and numbers have too many neighbours. */
const typoHit = (state: Matching, tables: RuleTables, i: number) => {
  const folded = state.foldedTokens[i];
  if (folded.length < 5 || /\d/.test(folded)) return false;
  const typo = tables.typos.lookup(folded);
  if (!typo) return false;
  for (const rule of tables.folded.get(typo.term) ?? []) {
    if (rule.atStart && i !== 0) continue;
    fire(state, rule, state.tokens[i], TYPO_FACTOR, 'typo');
  }
  return true;
};

/** What the exact rules left: the same words folded, then compounds, then typos. */
const matchApproximate = (state: Matching, tables: RuleTables) => {
  const { covered } = state;
  matchPhrases(
    state,
    state.foldedTokens,
    tables.folded,
    tables.foldedWords,
    FOLDED_FACTOR,
    'folded'
  );
  for (let i = 0; i < state.tokens.length; i += 1) {
    if (covered[i]) continue;
    covered[i] =
      foldedSuffixHit(state, tables, i) ||
      compoundTailHit(state, tables, i) ||
      typoHit(state, tables, i);
  }
};

/** Which words are a site section ("logga in", "app"), the longest phrase first. */
const sectionWords = (foldedTokens: string[], tables: RuleTables) => {
  const section = new Array<boolean>(foldedTokens.length).fill(false);
  for (let i = 0; i < foldedTokens.length; i += 1) {
    const longest = Math.min(foldedTokens.length - i, tables.navigation.get(foldedTokens[i]) ?? 0);
    for (let n = longest; n >= 1; n -= 1) {
      if (!tables.navigationPhrases.has(foldedTokens.slice(i, i + n).join(' '))) continue;
      for (let k = i; k < i + n; k += 1) section[k] = true;
      break;
    }
  }
  return section;
};

/**
 * "hemnet app", "1177 logga in": a site section next to a name the lexicons do not know (or a
 * number) is someone heading for that service's site, whatever the service.
 */
const matchUnknownService = (state: Matching, tables: RuleTables) => {
  const { tokens, foldedTokens, covered } = state;
  if (tokens.length > MAX_SERVICE_QUERY_WORDS) return;
  if (!foldedTokens.some((t) => tables.navigation.has(t))) return;
  const section = sectionWords(foldedTokens, tables);
  const names: string[] = [];
  let others = 0;
  for (let i = 0; i < tokens.length; i += 1) {
    if (section[i] || tables.stopwords.has(foldedTokens[i])) continue;
    if (tables.sentenceWords.has(foldedTokens[i])) others += 1;
    else if (!covered[i] || /^\d+$/.test(tokens[i])) names.push(tokens[i]);
    else others += 1;
  }
  if (!names.length || names.length > MAX_SERVICE_NAME_WORDS || others) return;
  if (!section.some(Boolean)) return;
  const term = names.join(' ');
  const rule: CompiledRule = {
    intent: 'navigational',
    rule: 'unknown service',
    weight: UNKNOWN_SERVICE_WEIGHT,
    atStart: false,
    term,
    weak: false,
    language: null,
  };
  state.hits.push([rule, term, 1, '']);
};

/** Every rule the query's words fire: exact phrases and affixes, then approximate matches. */
export const findHits = (tables: RuleTables, tokens: string[]): Hit[] => {
  const state: Matching = {
    tokens,
    foldedTokens: [],
    covered: new Array<boolean>(tokens.length).fill(false),
    hits: [],
    fired: new Set<string>(),
  };
  matchPhrases(state, tokens, tables.phrases, tables.phraseWords, 1, '');
  matchAffixes(state, tables);
  state.foldedTokens = tokens.map(fold);
  matchApproximate(state, tables);
  matchUnknownService(state, tables);
  return state.hits;
};
