import { LANGUAGES, type Language } from '../domain/intents';

/** Longer queries are cut: no search box sends more, and the cost must stay bounded. */
export const MAX_QUERY_LENGTH = 500;

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
