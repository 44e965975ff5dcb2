import { INTENTS, type Intent, type Language } from '../domain/intents';
import { stageForIntent, CUSTOMER_JOURNEY } from '../domain/journeys';
import { fold } from './fuzzy';
import { detectLanguage, languageOfLocale } from './language';
import type { Hit } from './matching';
import type { RuleTables } from './rule-tables';
import type { ClassifyOptions, IntentMatch } from './types';

/** Below this total score there is no signal worth reporting. */
const MIN_SCORE = 1;

const CHOICE_WORDS = new Set(['or', 'vs', 'versus', 'eller', 'mot', 'and', 'och', 'og']);

/** Brand words in the query: the per-intent dedup keeps one brand hit, comparisons need them all. */
const countBrandTokens = (tokens: string[], tables: RuleTables) =>
  Math.max(
    0,
    tokens.filter((t) => tables.phrases.get(t)?.some((r) => r.rule === 'brand')).length - 1
  );

/** The words that fired also tell the language ("rabattkoden" is Swedish) when no locale does. */
export const queryLanguage = (
  text: string,
  tokens: string[],
  hits: Hit[],
  locale: string | undefined
): Language => {
  const language = languageOfLocale(locale);
  if (language) return language;
  const byLexicon: Record<Language, number> = { en: 0, sv: 0, nb: 0 };
  for (const [rule] of hits) if (rule.language) byLexicon[rule.language] += 1;
  return detectLanguage(text, tokens, byLexicon);
};

/** Each hit's weight added to its intent, and the query-wide patterns: comparison, question. */
export const scoreHits = (
  text: string,
  tokens: string[],
  hits: Hit[],
  language: Language,
  tables: RuleTables
) => {
  const scores: Record<Intent, number> = {
    informational: 0,
    commercial: 0,
    transactional: 0,
    navigational: 0,
    local: 0,
  };
  const matches: IntentMatch[] = [];
  for (const [rule, term, approximate, how] of hits) {
    // A rule of the query's own language counts fully; a word of another language a little less.
    const factor = rule.language === null || rule.language === language ? 1 : 0.75;
    scores[rule.intent] += rule.weight * factor * approximate;
    matches.push({ intent: rule.intent, term, rule: how ? `${rule.rule} (${how})` : rule.rule });
  }
  // Two brands side by side with a choice word ("polar eller garmin") are being compared, not
  // visited: that is the commercial pattern, whatever the language.
  const brands =
    hits.filter(([rule]) => rule.rule === 'brand').length + countBrandTokens(tokens, tables);
  if (brands >= 2 && tokens.some((t) => CHOICE_WORDS.has(t))) {
    scores.commercial += 3;
    matches.push({
      intent: 'commercial',
      term: tokens.filter((t) => CHOICE_WORDS.has(t)).join(' '),
      rule: 'brand comparison',
    });
  }
  // A try word and a free word anywhere ("prova gratis i 14 dagar", "prøv avisen gratis"): a
  // free trial, signed up for, however the offer is worded.
  const folded = tokens.map(fold);
  const tryWord = folded.find((t) => tables.trialWords.try.has(t));
  const freeWord = folded.find((t) => tables.trialWords.free.has(t));
  if (tryWord && freeWord && !hits.some(([rule]) => rule.term === 'free trial')) {
    scores.transactional += 3;
    matches.push({ intent: 'transactional', term: `${tryWord} ${freeWord}`, rule: 'free trial' });
  }
  // "tips för att köpa begagnad bil", "ways to save when you buy": advice about an action is
  // read, not done. The action words say what the advice is about: their weight is informational.
  const advice = hits.find(([rule]) => rule.rule === 'advice frame');
  if (advice && scores.transactional > 0) {
    scores.informational += scores.transactional;
    scores.transactional = 0;
    matches.push({ intent: 'informational', term: advice[1], rule: 'advice on an action' });
  }
  if (text.trim().endsWith('?') && scores.informational === 0) {
    scores.informational += 2;
    matches.push({ intent: 'informational', term: '?', rule: 'question mark' });
  }
  return { scores, matches };
};

/** The winning intent, how much it stands out, and the journey stage it maps to. */
export const verdict = (scores: Record<Intent, number>, options: ClassifyOptions) => {
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
  return { intent, confidence, stage };
};
