import fs from 'fs';
import path from 'path';
import { TYPE, type MessageFormatElement } from '@formatjs/icu-messageformat-parser';
import IntlMessageFormat from 'intl-messageformat';
import {
  ADMIN_LANGUAGES,
  namesLanguageOf,
  translationFileOf,
} from '../../admin/src/utils/languages';

const DIR = path.resolve(__dirname, '../../admin/src');
type Messages = Record<string, string>;
const read = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(DIR, 'translations', `${lang}.json`), 'utf8')) as Messages;

const LANGS = [...ADMIN_LANGUAGES];
const files = Object.fromEntries(LANGS.map((lang) => [lang, read(lang)])) as Record<
  string,
  Messages
>;
const en = files.en;

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(tsx?|jsx?)$/.test(entry.name) ? [full] : [];
  });

const astOf = (message: string, lang: string) =>
  new IntlMessageFormat(message, lang).getAst() as MessageFormatElement[];

/** Every argument of a message, nested ones too, with the kind of each. */
const argumentsOf = (elements: MessageFormatElement[]) => {
  const found: Array<{ name: string; type: TYPE; exact0: boolean }> = [];
  const walk = (list: MessageFormatElement[]) => {
    for (const el of list) {
      if (el.type === TYPE.argument || el.type === TYPE.number) {
        found.push({ name: el.value, type: el.type, exact0: false });
      }
      if (el.type === TYPE.plural || el.type === TYPE.select) {
        found.push({ name: el.value, type: el.type, exact0: '=0' in el.options });
        for (const option of Object.values(el.options)) walk(option.value);
      }
      if (el.type === TYPE.tag) walk(el.children);
    }
  };
  walk(elements);
  return found;
};

const pluralArgs = (message: string, lang: string) =>
  [
    ...new Set(
      argumentsOf(astOf(message, lang))
        .filter((a) => a.type === TYPE.plural)
        .map((a) => a.name)
    ),
  ].sort();

/** Keys whose English message counts something: those with a plural argument. */
const COUNTED = Object.keys(en).filter((key) => pluralArgs(en[key], 'en').length > 0);

/**
 * Renders with every plural argument set to n. `value` is the number as shown (compact, as in
 * "1.2k searches/mo"), so it is n too; other arguments get a marker that contains no digit.
 */
const render = (key: string, lang: string, n: number) => {
  const message = files[lang][key];
  const values: Record<string, string | number> = {};
  for (const arg of argumentsOf(astOf(message, lang))) {
    values[arg.name] =
      arg.type === TYPE.plural || arg.type === TYPE.number || arg.name === 'value'
        ? n
        : `‹${arg.name}›`;
  }
  return String(new IntlMessageFormat(message, lang).format(values));
};

/**
 * English has no singular form here ("1 published", "1 to create"; "impr./mo" abbreviated so
 * that the matrix with demand fits 1440 px); other languages do.
 */
const SAME_IN_ENGLISH = new Set([
  'coverage.publishedBeside',
  'demand.short.impressions',
  'map.published',
  'settings.import.summary',
  'demand.preview.more',
]);

/** Argument names that always hold a count and so must never be a bare `{name}`. */
const COUNT_NAMES = [
  'count',
  'total',
  'entries',
  'remaining',
  'changed',
  'unchanged',
  'untagged',
  'gaps',
  'queries',
  'days',
];

test('the admin ships en, sv, no (Strapi’s Norwegian), da and fi; nb is an alias of no', () => {
  for (const lang of LANGS) expect(translationFileOf(lang)).toBe(lang);
  expect(translationFileOf('nb')).toBe('no');
  expect(translationFileOf('de')).toBeNull();
  expect(fs.existsSync(path.join(DIR, 'translations', 'nb.json'))).toBe(false);
  // Journey and stage names are keyed by content language: the Norwegian admin reads `nb`.
  expect(namesLanguageOf('no')).toBe('nb');
  expect(namesLanguageOf('sv')).toBe('sv');
  expect(namesLanguageOf('en-GB')).toBe('en');
});

test.each(LANGS.filter((l) => l !== 'en'))('%s has exactly the keys of en.json', (lang) => {
  expect(Object.keys(files[lang]).sort()).toEqual(Object.keys(en).sort());
});

test.each(LANGS)('every %s message is non-empty and parses as ICU', (lang) => {
  for (const [key, message] of Object.entries(files[lang])) {
    expect([key, message.trim().length > 0]).toEqual([key, true]);
    expect(() => astOf(message, lang)).not.toThrow();
  }
});

test.each(LANGS)('%s counts with plurals where en does, and nowhere a bare count', (lang) => {
  expect(COUNTED.length).toBeGreaterThan(40);
  for (const key of Object.keys(en)) {
    expect([key, pluralArgs(files[lang][key], lang)]).toEqual([key, pluralArgs(en[key], 'en')]);
    const bare = argumentsOf(astOf(files[lang][key], lang)).filter(
      (a) => a.type === TYPE.argument && COUNT_NAMES.includes(a.name)
    );
    expect([key, bare.map((a) => a.name)]).toEqual([key, []]);
  }
});

test.each(LANGS)('%s renders every counted message for 0, 1 and 2', (lang) => {
  for (const key of COUNTED) {
    const exact0 = argumentsOf(astOf(files[lang][key], lang)).some((a) => a.exact0);
    for (const n of [0, 1, 2]) {
      const text = render(key, lang, n);
      // A '#' or brace left over is ICU syntax that did not apply (a quote, a typo).
      expect([key, n, /[#{}]/.test(text)]).toEqual([key, n, false]);
      if (!(n === 0 && exact0)) expect([key, n, text.includes(String(n))]).toEqual([key, n, true]);
    }
  }
});

test('a count of 1 reads differently from 2, in English and in some language for the rest', () => {
  const differs = (key: string, lang: string) =>
    render(key, lang, 1).replace(/1/g, 'N') !== render(key, lang, 2).replace(/2/g, 'N');
  for (const key of COUNTED) {
    if (SAME_IN_ENGLISH.has(key)) {
      expect([key, LANGS.some((lang) => differs(key, lang))]).toEqual([key, true]);
    } else {
      expect([key, differs(key, 'en')]).toEqual([key, true]);
    }
  }
});

test('the singular and plural forms read as each language writes them', () => {
  const cases: Array<[string, string, number, string]> = [
    ['en', 'cell.count', 1, '1 entry'],
    ['en', 'cell.count', 2, '2 entries'],
    ['en', 'coverage.draftsBeside', 1, '+1 draft'],
    ['en', 'bulk.done', 1, '1 entry tagged, 1 unchanged'],
    ['sv', 'cell.count', 1, '1 post'],
    ['sv', 'cell.count', 2, '2 poster'],
    ['sv', 'coverage.publishedBeside', 1, '1 publicerad'],
    ['sv', 'coverage.publishedBeside', 2, '2 publicerade'],
    ['no', 'cell.count', 1, '1 oppføring'],
    ['no', 'cell.count', 2, '2 oppføringer'],
    ['da', 'cell.count', 1, '1 element'],
    ['da', 'cell.count', 2, '2 elementer'],
    ['da', 'settings.starter.stages', 2, '2 faser'],
    ['fi', 'cell.count', 1, '1 merkintä'],
    ['fi', 'cell.count', 2, '2 merkintää'],
    ['fi', 'settings.starter.stages', 2, '2 vaihetta'],
  ];
  for (const [lang, key, n, text] of cases) {
    expect([lang, key, n, render(key, lang, n)]).toEqual([lang, key, n, text]);
  }
});

test('every translation id used in the admin exists in en.json', () => {
  const used = new Set<string>();
  for (const file of sources(DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /(?:getTranslation\(|\bt\(\s*|\bid=")['"`]?([a-z][a-zA-Z.]+)['"`]/g
    )) {
      used.add(match[1]);
    }
  }
  // Ids built at run time, e.g. `intent.${column}`.
  for (const intent of ['informational', 'commercial', 'transactional', 'navigational', 'local']) {
    used.add(`intent.${intent}`);
  }
  expect(used.size).toBeGreaterThan(30);
  expect([...used].filter((id) => !(id in en))).toEqual([]);
});

test('the English defaults in the code are the messages of en.json', () => {
  // A default that drifts from en.json shows English that no longer matches the translations,
  // e.g. a bare "{count} entries" after en.json moved to a plural.
  const drift: string[] = [];
  for (const file of sources(DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(/\bt\(\s*'([a-z][a-zA-Z.]+)',\s*'((?:[^'\\]|\\.)*)'/g)) {
      const [, key, message] = match;
      if (key in en && en[key] !== message.replace(/\\'/g, "'")) drift.push(key);
    }
  }
  expect(drift).toEqual([]);
});
