import { INTENTS } from '../../server/src/domain/intents';
import {
  classify,
  createClassifier,
  detectLanguage,
  tokenize,
} from '../../server/src/intent/classifier';
import { editDistance, fold, TypoIndex } from '../../server/src/intent/fuzzy';

const rulesOf = (query: string, options = {}) =>
  classify(query, options).matches.map((m) => `${m.term}: ${m.rule} → ${m.intent}`);

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

  test("an app's stems and endings of any length are matched", () => {
    const custom = createClassifier({
      terms: { sv: { transactional: ['x*', 'provk*'], commercial: ['*jämf'] } },
    });
    expect(custom.classify('xyzzy', { locale: 'sv' }).intent).toBe('transactional');
    expect(custom.classify('provkörning', { locale: 'sv' }).intent).toBe('transactional');
    expect(custom.classify('elavtalsjämf', { locale: 'sv' }).intent).toBe('commercial');
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

describe('intent classifier: spelling as people type it', () => {
  test('folds å, ä, ö, ø, æ and their two-letter spellings to one form', () => {
    expect(fold('köpa')).toBe('kopa');
    expect(fold('koepa')).toBe('kopa');
    expect(fold('bästa')).toBe(fold('baesta'));
    expect(fold('påmelding')).toBe(fold('paamelding'));
    expect(fold('nærmeste')).toBe(fold('naermeste'));
    expect(fold('løpesko')).toBe(fold('loepesko'));
    expect(fold('running')).toBe('running');
  });

  test.each([
    ['kopa vinterjacka', 'transactional', 'kopa: action modifier (folded) → transactional'],
    ['koepa cykel', 'transactional', 'koepa: action modifier (folded) → transactional'],
    ['jamfor bolan', 'commercial', 'jamfor: comparison modifier (folded) → commercial'],
    ['lakare nara mig', 'local', 'nara mig: nearby modifier (folded) → local'],
    ['naermeste apotek', 'local', 'naermeste: nearby modifier (folded) → local'],
    ['apningstider rema 1000', 'local', 'apningstider: nearby modifier (folded) → local'],
    ['elkjop kundeservice', 'navigational', 'elkjop: brand (folded) → navigational'],
  ])('without diacritics: %s → %s', (query, intent, match) => {
    expect(classify(query).intent).toBe(intent);
    expect(rulesOf(query)).toContain(match);
  });

  test('a stem matches folded only with an ending it takes: kopa, not kopia or koppar', () => {
    expect(classify('kopa cykel').intent).toBe('transactional');
    expect(classify('kopia av pass').intent).toBeNull();
    expect(classify('koppar kastrull').intent).toBeNull();
  });

  test.each([
    ['rabbattkod zalando', 'transactional', 'rabbattkod: action modifier (typo) → transactional'],
    [
      'comparision running watches',
      'commercial',
      'comparision: comparison modifier (typo) → commercial',
    ],
    ['downlaod spotify', 'transactional', 'downlaod: action modifier (typo) → transactional'],
    ['kundtjäst telia', 'navigational', 'kundtjäst: site section (typo) → navigational'],
    // Two letters missing from a ten-letter term.
    ['öppetidr coop', 'local', 'öppetidr: nearby modifier (typo) → local'],
  ])('with a typo: %s → %s', (query, intent, match) => {
    expect(classify(query).intent).toBe(intent);
    expect(rulesOf(query)).toContain(match);
  });

  test('typo tolerance follows the term length: none below 5 letters, one edit below 9', () => {
    // "boka" has 4 letters; "närmsta" is two edits from the 8-letter "närmaste".
    expect(classify('boak frisör').intent).toBeNull();
    expect(classify('närmsta bensinmack').intent).toBeNull();
    // In short terms a changed letter makes another word, not a typo: "pride", "prime" ≠ "price".
    expect(classify('pride and prejudice').intent).toBeNull();
    expect(classify('prime numbers').intent).toBeNull();
    // A different first letter is another word: "pasta" is not "bästa".
    expect(classify('pasta carbonara').intent).toBeNull();
    // ... but a swap of two letters is a typo, even in a short term ("reveiw").
    expect(classify('garmin venu reveiw').intent).toBe('commercial');
  });

  test('edit distance counts a swap as one edit and stops past its limit', () => {
    expect(editDistance('downlaod', 'download', 2)).toBe(1);
    expect(editDistance('jämförrelse', 'jämförelse', 2)).toBe(1);
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abcdefgh', 'zyxwvuts', 1)).toBe(2);
    const index = new TypoIndex();
    index.add('öppettider');
    index.add('jämförelse');
    expect(index.lookup('öppetider')).toEqual({ term: 'öppettider', distance: 1 });
    expect(index.lookup('jämförrelse')).toEqual({ term: 'jämförelse', distance: 1 });
    expect(index.lookup('öppna')).toBeNull();
  });

  test.each([
    [
      'elavtalsjämförelse',
      'commercial',
      'elavtalsjämförelse: comparison modifier (compound) → commercial',
    ],
    [
      'hotellbokning stockholm',
      'transactional',
      'hotellbokning: action modifier (compound) → transactional',
    ],
    ['julöppettider ica', 'local', 'julöppettider: nearby modifier (compound) → local'],
    ['løpeskotest', 'commercial', 'løpeskotest: comparison modifier (compound) → commercial'],
    [
      'tågbiljetter till oslo',
      'transactional',
      'tågbiljetter: action modifier (compound) → transactional',
    ],
    [
      'nettbankinnlogging',
      'navigational',
      'nettbankinnlogging: site section (compound) → navigational',
    ],
  ])('a term closing a compound: %s → %s', (query, intent, match) => {
    expect(classify(query).intent).toBe(intent);
    expect(rulesOf(query)).toContain(match);
  });

  test('compounds are guarded: a head of three letters or more, Nordic terms only, real tails', () => {
    // "attest" (a certificate) would be "at" + "test": the head is too short.
    expect(classify('attest').intent).toBeNull();
    // "book" ends English words too.
    expect(classify('chromebook').intent).toBeNull();
    // English terms do not close compounds: "bestseller list" is not "best".
    expect(classify('bestseller list').intent).toBeNull();
    // "vasaloppet" ends in "oppet", "öppet" folded: too short a tail to trust without diacritics.
    expect(classify('vasaloppet').intent).toBeNull();
  });

  test.each([
    ['sanity docs', 'sanity'],
    ['hemnet app', 'hemnet'],
    ['kivra logga in', 'kivra'],
    ['1177 logga in', '1177'],
    ['sparebank 1 nettbank', 'sparebank 1'],
    ['obos min side', 'obos'],
    ['adlibris hjälp', 'adlibris'],
  ])('a section word next to an unknown service: %s', (query, name) => {
    const result = classify(query);
    expect(result.intent).toBe('navigational');
    expect(result.matches).toContainEqual({
      intent: 'navigational',
      term: name,
      rule: 'unknown service',
    });
  });

  test('a section word in a sentence or beside known words is no unknown service', () => {
    expect(classify('help with taxes').intent).toBeNull();
    expect(classify('hjälp med deklarationen').intent).toBeNull();
    expect(classify('how to write docs').intent).toBe('informational');
    expect(classify('ladda ner appen gratis till iphone').matches).not.toContainEqual(
      expect.objectContaining({ rule: 'unknown service' })
    );
  });

  test('exact terms win over fuzzy ones of the same weight', () => {
    // Exact "rabattkod" (transactional) beside a typo of "jämförelse" (commercial), and the reverse.
    expect(classify('rabattkod jämförrelse').intent).toBe('transactional');
    expect(classify('rabbattkod jämförelse').intent).toBe('commercial');
    // Exact beats folded: "bäst" (commercial) and "kop" folded (transactional) weigh 3 each.
    const both = classify('bäst kopa', { locale: 'sv' });
    expect(both.scores.commercial).toBeGreaterThan(both.scores.transactional);
    // A word spelt right is matched once, exactly, not again by the fuzzy rules.
    expect(classify('priser').matches).toEqual([
      { intent: 'transactional', term: 'priser', rule: 'action modifier' },
    ]);
  });

  test('site terms fire like any rule, folded and misspelt too, and are explained', () => {
    const site = createClassifier(
      {},
      {
        siteTerms: [
          { term: 'provkörning', language: 'sv', intent: 'transactional' },
          { term: 'bogus', language: 'sv', intent: 'nonsense' as never },
          { term: 'prov*', language: 'sv', intent: 'commercial' },
        ],
      }
    );
    expect(classify('provkörning elbil').intent).toBeNull();
    expect(site.classify('provkörning elbil')).toMatchObject({
      intent: 'transactional',
      matches: [{ intent: 'transactional', term: 'provkörning', rule: 'site term' }],
    });
    expect(site.classify('provkorning elbil').matches).toContainEqual({
      intent: 'transactional',
      term: 'provkorning',
      rule: 'site term (folded)',
    });
    expect(site.classify('provkörnig elbil').matches).toContainEqual({
      intent: 'transactional',
      term: 'provkörnig',
      rule: 'site term (typo)',
    });
    expect(site.classify('bogus').intent).toBeNull();
    // Taken literally: "prov*" is the word "prov", not a stem.
    expect(site.classify('provrum').intent).toBeNull();
    expect(site.classify('prov').intent).toBe('commercial');
  });
});

describe('free trials, advice about an action, public services (issue 26)', () => {
  test.each([
    ['testa appen gratis i tre veckor', 'sv'],
    ['prova premium gratis', 'sv'],
    ['prøv tjenesten gratis i 30 dager', 'nb'],
    ['prov gratis i 7 dager', 'nb'],
    ['try the pro plan free', 'en'],
  ])('a try word and a free word make a free trial: %s', (query, locale) => {
    const result = classify(query, { locale });
    expect(result.intent).toBe('transactional');
    expect(result.matches.map((m) => m.rule)).toContain('free trial');
  });

  test('a free word or a try word alone is no trial', () => {
    expect(classify('gratis parkering').intent).toBeNull();
    expect(classify('prova på').intent).toBeNull();
    expect(classify('free will').intent).toBeNull();
  });

  test.each([
    ['ways to pay less when you order takeaway', 'en'],
    ['tips for buying a second-hand bike', 'en'],
    ['sätt att spara pengar när du handlar mat och köper kläder', 'sv'],
    ['tips för att boka billiga hotell', 'sv'],
    ['måter å spare på når du kjøper møbler', 'nb'],
    ['tips til å bestille reise billig', 'nb'],
  ])('advice about buying is informational: %s', (query, locale) => {
    const result = classify(query, { locale });
    expect(result.intent).toBe('informational');
    expect(result.scores.transactional).toBe(0);
    expect(result.matches.map((m) => m.rule)).toContain('advice on an action');
  });

  test('the buying word alone stays transactional', () => {
    expect(classify('buy a second-hand bike').intent).toBe('transactional');
    expect(classify('boka billiga hotell', { locale: 'sv' }).intent).toBe('transactional');
  });

  test.each([
    'svt play',
    'sveriges radio',
    'nrk tv',
    'dr tv',
    'yle areena',
    'skatteverket',
    'skat.dk',
    'omavero',
    'postnord',
    'posti',
    'helsenorge',
    'sundhed.dk',
    'kela',
    'försäkringskassan',
  ])('a national public service by name is navigational: %s', (query) => {
    expect(classify(query).intent).toBe('navigational');
  });

  test('a short word that is also a service name elsewhere is not one alone', () => {
    expect(classify('dr who').intent).toBeNull();
  });
});
