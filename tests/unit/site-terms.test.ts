import { createClassifier } from '../../server/src/intent/classifier';
import { proposeSiteTerms, type IntentChoice } from '../../server/src/domain/site-terms';

const { classify } = createClassifier();

const times = (n: number, choice: IntentChoice) => Array.from({ length: n }, () => choice);

describe('proposeSiteTerms', () => {
  const choices: IntentChoice[] = [
    ...times(3, { text: 'Provkörning av Volvo EX30', language: 'sv', intent: 'transactional' }),
    { text: 'provkörning hos oss i Mölndal', language: 'sv', intent: 'transactional' },
    { text: 'Provkörning, elbil', language: 'sv', intent: 'transactional' },
    // "elbil" is in choices of three intents: no clear signal.
    { text: 'Elbil eller laddhybrid?', language: 'sv', intent: 'commercial' },
    { text: 'Så laddar du din elbil', language: 'sv', intent: 'informational' },
    // "köpa" is already transactional in the lexicon: nothing to propose.
    ...times(4, { text: 'Köpa bil privat', language: 'sv', intent: 'transactional' }),
    // Norwegian choices are counted apart from the Swedish ones.
    ...times(3, { text: 'prøvekjøring Oslo', language: 'nb', intent: 'transactional' }),
    { text: 'Provkörning', language: 'nb', intent: 'informational' },
  ];

  test("proposes a word editors keep choosing one intent for, with counts ('provkörning' → transactional, chosen 5 times)", () => {
    const proposals = proposeSiteTerms(choices, classify);
    expect(proposals[0]).toEqual({
      term: 'provkörning',
      language: 'sv',
      intent: 'transactional',
      count: 5,
      total: 5,
    });
    expect(proposals).toContainEqual({
      term: 'prøvekjøring',
      language: 'nb',
      intent: 'transactional',
      count: 3,
      total: 3,
    });
  });

  test('leaves out words the lexicons already explain, words beside them, function words, numbers', () => {
    const terms = proposeSiteTerms(choices, classify).map((p) => `${p.language}:${p.term}`);
    expect(terms).not.toContain('sv:köpa');
    expect(terms).not.toContain('sv:elbil');
    expect(terms).not.toContain('sv:av');
    expect(terms).not.toContain('sv:ex30');
    // "volvo" (a brand) and "oslo" (a place) are the lexicon's own.
    expect(terms).not.toContain('sv:volvo');
    expect(terms).not.toContain('nb:oslo');
    // "bil" and "privat" come only with "köpa", which explains those choices already.
    expect(terms).not.toContain('sv:bil');
    expect(terms).not.toContain('sv:privat');
    // One Norwegian choice of "provkörning" is not enough.
    expect(terms).not.toContain('nb:provkörning');
  });

  test('minCount and minShare decide', () => {
    const mixed: IntentChoice[] = [
      ...times(4, { text: 'testkörning', language: 'sv', intent: 'transactional' }),
      { text: 'testkörning', language: 'sv', intent: 'informational' },
    ];
    // 4 of 5 is 0.8: enough by default.
    expect(proposeSiteTerms(mixed, classify)).toEqual([
      { term: 'testkörning', language: 'sv', intent: 'transactional', count: 4, total: 5 },
    ]);
    expect(proposeSiteTerms(mixed, classify, { minShare: 0.9 })).toEqual([]);
    expect(proposeSiteTerms(mixed, classify, { minCount: 5 })).toEqual([]);
  });

  test('counts a word once per choice, and skips malformed choices', () => {
    const proposals = proposeSiteTerms(
      [
        { text: 'provkörning provkörning provkörning', language: 'sv', intent: 'transactional' },
        { text: 'provkörning', language: 'sv', intent: 'transactional' },
        { text: 42 as never, language: 'sv', intent: 'transactional' },
        { text: 'provkörning', language: 'de' as never, intent: 'transactional' },
        { text: 'provkörning', language: 'sv', intent: 'purchase' as never },
        null as never,
      ],
      classify
    );
    expect(proposals).toEqual([]);
  });

  test('a proposal accepted as a site term explains itself: it is no longer proposed', () => {
    const taught = createClassifier(
      {},
      { siteTerms: [{ term: 'provkörning', language: 'sv', intent: 'transactional' }] }
    );
    const terms = proposeSiteTerms(choices, taught.classify).map((p) => p.term);
    expect(terms).not.toContain('provkörning');
    expect(taught.classify('Provkörning av Volvo EX30').matches).toContainEqual({
      intent: 'transactional',
      term: 'provkörning',
      rule: 'site term',
    });
  });
});
