import { INTENTS } from '../../server/src/domain/intents';
import {
  classify,
  createClassifier,
  detectLanguage,
  tokenize,
} from '../../server/src/intent/classifier';

describe('intent classifier', () => {
  test.each([
    ['köpa löparskor stockholm', 'transactional', 'sv', 'decision'],
    ['hubspot vs salesforce', 'commercial', 'en', 'consideration'],
    ['tannlege i nærheten', 'local', 'nb', 'decision'],
    ['how to choose running shoes', 'informational', 'en', 'awareness'],
    ['vad är en kundresa', 'informational', 'sv', 'awareness'],
    ['hva koster en løpeanalyse', 'transactional', 'nb', 'decision'],
    ['bäst i test pulsklocka', 'commercial', 'sv', 'consideration'],
    ['öppettider apoteket', 'local', 'sv', 'decision'],
    ['bilverkstad i malmö', 'local', 'sv', 'decision'],
    ['rabattkoden funkar inte', 'transactional', 'sv', 'decision'],
    ['logg inn dnb', 'navigational', 'nb', 'decision'],
    ['gmail login', 'navigational', 'en', 'decision'],
  ])('%s → %s (%s), stage %s', (query, intent, language, stage) => {
    const result = classify(query);
    expect(result).toMatchObject({ intent, language, stage });
    expect(result.confidence).toBeGreaterThan(0);
    expect(result.matches.some((m) => m.intent === intent)).toBe(true);
    expect(Object.keys(result.scores)).toEqual([...INTENTS]);
  });

  test('keeps the local signal beside the winning transactional one', () => {
    const result = classify('köpa löparskor stockholm');
    expect(result.scores.local).toBeGreaterThan(0);
    expect(result.scores.transactional).toBeGreaterThan(result.scores.local);
    expect(result.matches).toEqual(
      expect.arrayContaining([
        { intent: 'transactional', term: 'köpa', rule: 'action modifier' },
        { intent: 'local', term: 'stockholm', rule: 'place name' },
      ])
    );
  });

  test('two brands and a choice word are a comparison, not navigation', () => {
    expect(classify('polar eller garmin').intent).toBe('commercial');
    expect(classify('garmin').intent).toBe('navigational');
  });

  test('says so when there is no signal, instead of guessing', () => {
    expect(classify('löparskor')).toMatchObject({
      intent: null,
      confidence: 0,
      stage: null,
      matches: [],
    });
  });

  test('navigational points to the stage the other words point to', () => {
    expect(classify('hubspot pricing').stage).toBe('decision');
    expect(classify('spotify guide').stage).toBe('awareness');
  });

  test("follows a journey's own intent mapping", () => {
    const journey = {
      intentStages: { informational: 'problem', transactional: 'vendor' },
      stages: [{ key: 'problem' }, { key: 'vendor' }],
    };
    expect(classify('what is a crm', { journey }).stage).toBe('problem');
    expect(classify('best crm', { journey }).stage).toBeNull();
  });

  test("extends with the app's brands, places and terms", () => {
    const custom = createClassifier({
      brands: ['nordstig'],
      places: ['mölndal'],
      terms: { nb: { commercial: ['prisjeger'] } },
    });
    expect(custom.classify('nordstig').intent).toBe('navigational');
    expect(custom.classify('löparklubb mölndal').intent).toBe('local');
    expect(custom.classify('prisjeger løpesko', { locale: 'nb' }).intent).toBe('commercial');
    expect(classify('löparklubb mölndal').intent).toBeNull();
  });

  test('detects the language, and a locale overrides it', () => {
    expect(detectLanguage('bästa löparskor för nybörjare')).toBe('sv');
    expect(detectLanguage('beste løpesko for nybegynnere')).toBe('nb');
    expect(detectLanguage('best running shoes for beginners')).toBe('en');
    expect(classify('test', { locale: 'nb-NO' }).language).toBe('nb');
    expect(classify('test', { locale: 'sv-SE' }).language).toBe('sv');
  });

  test.each([
    '',
    '   ',
    '🦄🦄',
    'a'.repeat(10000),
    '?',
    "'; drop table x; --",
    '日本語のクエリ',
    '\u0000',
  ])('never throws on %p', (query) => {
    const result = classify(query);
    expect(INTENTS.includes(result.intent as never) || result.intent === null).toBe(true);
  });

  test('tokenizes with Nordic letters kept and punctuation dropped', () => {
    expect(tokenize('Öppettider, ICA-Maxi (Göteborg)!')).toEqual([
      'öppettider',
      'ica',
      'maxi',
      'göteborg',
    ]);
    expect(tokenize('finn.no')).toEqual(['finn.no']);
  });
});
