import { INTENTS, LANGUAGES, type Intent, type Language } from './intents';
import { tokenize } from '../intent/classifier';

/**
 * Site terms: words a site's editors keep tagging with one intent ("provkörning" → transactional on
 * a car dealer's site) that the built-in lexicons do not know. The review queue and the Journey
 * panel record each choice (the text classified, its language, the intent the editor chose); this
 * turns those choices into proposals an admin accepts or ignores. Pure: no Strapi, no database.
 */
export interface IntentChoice {
  text: string;
  language: Language;
  intent: Intent;
}

export interface SiteTermProposal {
  term: string;
  language: Language;
  intent: Intent;
  /** Choices of that intent whose text has the term. */
  count: number;
  /** All choices whose text has the term, whatever intent they got. */
  total: number;
}

export interface ProposeOptions {
  /** The least number of choices of one intent before a term is proposed. */
  minCount?: number;
  /** The least share of the term's choices that went to that intent (0..1). */
  minShare?: number;
}

/** The part of the classifier this needs: the word alone, in its language. */
export type ClassifyTerm = (
  text: string,
  options?: { locale?: string }
) => { intent: Intent | null; matches: Array<{ intent: Intent; rule: string }> };

const MIN_TERM_LENGTH = 3;

/**
 * Words in every kind of title: a site whose choices are mostly of one intent would otherwise see
 * "och" proposed for it.
 */
const FUNCTION_WORDS = new Set([
  // en
  'the',
  'and',
  'for',
  'with',
  'you',
  'your',
  'our',
  'are',
  'how',
  'what',
  'from',
  'this',
  'that',
  'all',
  'new',
  'not',
  // sv
  'och',
  'för',
  'med',
  'som',
  'till',
  'att',
  'det',
  'den',
  'har',
  'inte',
  'din',
  'ditt',
  'dina',
  'vår',
  'våra',
  'nya',
  'alla',
  'hos',
  'från',
  'efter',
  'om',
  // nb
  'og',
  'til',
  'som',
  'det',
  'den',
  'har',
  'ikke',
  'din',
  'ditt',
  'dine',
  'vår',
  'våre',
  'nye',
  'alle',
  'fra',
  'etter',
  'hos',
]);

const isCandidate = (token: string) =>
  token.length >= MIN_TERM_LENGTH &&
  !FUNCTION_WORDS.has(token) &&
  !/\d/.test(token) &&
  !/^[.&]+$/.test(token);

/**
 * Proposes terms from the editors' choices: a word that occurs in at least `minCount` choices of
 * one intent, and in that intent for at least `minShare` of all choices that contain it, in one
 * language; that fires no rule of the lexicons on its own (no term, brand or place); and that is
 * in at least `minCount` choices the classifier did not already get right (a word beside a
 * lexicon term in every choice adds nothing). Sorted by count, most chosen first:
 * "'provkörning' → transactional, chosen 14 times".
 */
export const proposeSiteTerms = (
  choices: IntentChoice[],
  classify: ClassifyTerm,
  { minCount = 3, minShare = 0.8 }: ProposeOptions = {}
): SiteTermProposal[] => {
  // language → term → per-intent counts, each choice counting a term once however often it says it.
  const tallies = new Map<Language, Map<string, Map<Intent, number>>>();
  // The same, for the choices the classifier did not already get right: only they need a term.
  const unexplained = new Map<string, number>();
  for (const choice of choices) {
    if (!choice || typeof choice.text !== 'string') continue;
    if (!LANGUAGES.includes(choice.language) || !INTENTS.includes(choice.intent)) continue;
    const terms = tallies.get(choice.language) ?? new Map<string, Map<Intent, number>>();
    tallies.set(choice.language, terms);
    const explained = classify(choice.text, { locale: choice.language }).intent === choice.intent;
    for (const token of new Set(tokenize(choice.text))) {
      if (!isCandidate(token)) continue;
      const counts = terms.get(token) ?? new Map<Intent, number>();
      counts.set(choice.intent, (counts.get(choice.intent) ?? 0) + 1);
      terms.set(token, counts);
      const key = `${choice.language}|${token}|${choice.intent}`;
      if (!explained) unexplained.set(key, (unexplained.get(key) ?? 0) + 1);
    }
  }

  const proposals: SiteTermProposal[] = [];
  for (const [language, terms] of tallies) {
    for (const [term, counts] of terms) {
      let total = 0;
      let intent: Intent | null = null;
      let count = 0;
      for (const [choiceIntent, n] of counts) {
        total += n;
        if (n > count) [intent, count] = [choiceIntent, n];
      }
      if (!intent || count < minCount || count / total < minShare) continue;
      // "bil" beside "köpa" in every choice is carried by "köpa": the lexicon explains those.
      if ((unexplained.get(`${language}|${term}|${intent}`) ?? 0) < minCount) continue;
      // Already known: the word alone fires a rule (a term, a brand, a place). Whether it agrees or
      // not, it is the lexicon's to decide; an admin can still add it by hand.
      if (classify(term, { locale: language }).matches.length) continue;
      proposals.push({ term, language, intent, count, total });
    }
  }
  return proposals.sort(
    (a, b) =>
      b.count - a.count || b.count / b.total - a.count / a.total || a.term.localeCompare(b.term)
  );
};
