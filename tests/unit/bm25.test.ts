import {
  analyze,
  Bm25Index,
  combinedStats,
  explain,
  idf,
  K1,
  queryTerms,
  saturate,
  search,
  type IndexDocument,
} from '../../server/src/domain/bm25';
import {
  csvField,
  cutoffOffset,
  expectedCtr,
  isAlmostThere,
  monthlyFactor,
  opportunityLabel,
  periodDays,
  rankOpportunities,
  toCsv,
} from '../../server/src/domain/demand-rank';

const DOCS: IndexDocument[] = [
  { title: 'Best trail running shoes 2025', slug: 'best-trail-running-shoes' },
  { title: 'How to choose running shoes', slug: 'choose-running-shoes' },
  { title: 'Your first marathon', slug: 'marathon-training-plan', keyword: 'marathon plan' },
  { title: 'Löparskor för dam', slug: 'loparskor-dam' },
  { title: 'Opening hours of our stores' },
];

describe('analysis', () => {
  test('tokens of the classifier, stopwords of the language dropped, diacritics folded', () => {
    expect(analyze('How to choose running shoes', 'en')).toEqual(['choose', 'running', 'shos']);
    expect(analyze('Bästa löparskorna för trail', 'sv')).toEqual(['basta', 'loparskorna', 'trail']);
    expect(analyze('Løpesko i nærheten', 'nb')).toEqual(['lopesko', 'narheten']);
    // Every spelling of a Nordic letter meets the others.
    expect(analyze('köpa', 'sv')).toEqual(analyze('kopa', 'sv'));
    expect(analyze('köpa', 'sv')).toEqual(analyze('koepa', 'sv'));
    // A slug reads as words.
    expect(analyze('best-trail-running-shoes')).toEqual(['best', 'trail', 'running', 'shos']);
    expect(analyze(null)).toEqual([]);
  });

  test('a query counts each word once', () => {
    expect(queryTerms('shoes shoes running', 'en')).toEqual(['shos', 'running']);
  });

  test('idf and saturation as documented', () => {
    expect(idf(10, 0)).toBeCloseTo(Math.log(1 + 10.5 / 0.5));
    expect(idf(10, 10)).toBeCloseTo(Math.log(1 + 0.5 / 10.5));
    expect(idf(10, 10)).toBeGreaterThan(0);
    expect(saturate(1)).toBeCloseTo(1);
    expect(saturate(0)).toBe(0);
    // Saturates towards k1 + 1: a word repeated is worth less each time.
    expect(saturate(100)).toBeLessThan(K1 + 1);
    expect(saturate(2) - saturate(1)).toBeLessThan(saturate(1) - saturate(0));
  });
});

describe('scoring', () => {
  const index = new Bm25Index(DOCS, 'en');
  const stats = combinedStats([index]);

  test('a title holding every word of the query at about average length scores near 1', () => {
    const e = explain('choose running shoes', DOCS[1], stats, 'en');
    expect(e.score).toBe(1);
    expect(e.terms.map((t) => t.term)).toEqual(['choose', 'running', 'shos']);
    for (const t of e.terms) expect(t.fields.title).toBe(1);
  });

  test('a missing rare word costs more than a missing common one', () => {
    // "running" is in two titles, "trail" in one: missing "trail" costs more.
    const noTrail = explain('trail running', DOCS[1], stats, 'en');
    const noRunning = explain('trail running', { title: 'Trail guide' }, stats, 'en');
    expect(noTrail.score).toBeLessThan(noRunning.score);
    const trail = noTrail.terms.find((t) => t.term === 'trail');
    expect(trail).toMatchObject({ tf: 0, contribution: 0, weight: 0 });
  });

  test('the normalised score is Σ idf·min(1, s) over the query self-score, term weights add up to it', () => {
    const e = explain('marathon training plan', DOCS[2], stats, 'en');
    const selfScore = e.terms.reduce((sum, t) => sum + t.idf, 0);
    expect(e.selfScore).toBeCloseTo(selfScore, 3);
    expect(e.terms.reduce((sum, t) => sum + t.weight, 0)).toBeCloseTo(e.score, 3);
    // The slug alone gives "training" part of a word: its weight 0.6 in a slug as long as most.
    const training = e.terms.find((t) => t.term === 'training');
    expect(training?.fields).toEqual({ title: 0, slug: 1, keyword: 0 });
    expect(training?.tf).toBeCloseTo(0.6, 3);
    expect(training!.weight).toBeLessThan(training!.idf / selfScore);
    // "marathon" is in the title, the slug and the keyword: capped at a whole word.
    const marathon = e.terms.find((t) => t.term === 'marathon');
    expect(marathon!.weight).toBeCloseTo(marathon!.idf / selfScore, 3);
    expect(marathon!.contribution).toBeGreaterThan(marathon!.idf);
    expect(e.raw).toBeGreaterThan(e.score * selfScore);
  });

  test('a repeated word does not make up for a missing one', () => {
    const e = explain('trail shoes', { title: 'Shoes shoes shoes shoes' }, stats, 'en');
    expect(e.score).toBeLessThanOrEqual(0.5);
  });
});

describe('search', () => {
  const index = new Bm25Index(DOCS, 'en');
  const stats = combinedStats([index]);

  test('finds the best document, its score as explain computes it', () => {
    const result = search([index], queryTerms('best trail running shoes', 'en'), stats);
    expect(result.best?.doc).toBe(0);
    const e = explain('best trail running shoes', DOCS[0], stats, 'en');
    expect(result.best?.score).toBeCloseTo(e.score, 3);
    expect(result.best?.raw).toBeCloseTo(e.raw, 3);
  });

  test('the same result as scoring every document (the pruning loses nothing)', () => {
    const queries = [
      'running shoes',
      'trail running shoes women',
      'marathon plan',
      'opening hours stores',
      'löparskor dam',
      'shoes',
      'nothing here',
    ];
    for (const q of queries) {
      const result = search([index], queryTerms(q, 'en'), stats);
      const scored = DOCS.map((d, doc) => ({ doc, ...explain(q, d, stats, 'en') }))
        .filter((s) => s.raw > 0)
        .sort((a, b) => b.score - a.score || b.raw - a.raw);
      expect([q, result.best?.doc ?? null]).toEqual([q, scored[0]?.doc ?? null]);
    }
  });

  test('exact on a larger random collection, with and without a cell', () => {
    // A seeded generator and a Zipf-like vocabulary: a few words everywhere, most rare.
    let seed = 7;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const words = Array.from({ length: 300 }, (_, i) => `word${i}`);
    const pick = () => words[Math.floor(words.length * rand() ** 3)];
    const docs = Array.from({ length: 400 }, () => ({
      title: Array.from({ length: 2 + Math.floor(rand() * 6) }, pick).join(' '),
      slug: rand() < 0.5 ? Array.from({ length: 3 }, pick).join('-') : null,
    }));
    const big = new Bm25Index(docs, 'en');
    const bigStats = combinedStats([big]);
    const inCell = (_: number, doc: number) => doc % 7 === 0;
    for (let n = 0; n < 150; n += 1) {
      const q = Array.from({ length: 1 + Math.floor(rand() * 4) }, pick).join(' ');
      const scored = docs.map((d, doc) => ({ doc, ...explain(q, d, bigStats, 'en') }));
      const top = (list: typeof scored) =>
        list.filter((s) => s.raw > 0).sort((a, b) => b.score - a.score || b.raw - a.raw)[0];
      const expected = top(scored);
      const expectedInCell = top(scored.filter((s) => inCell(0, s.doc) && s.score >= 0.5));
      const result = search([big], queryTerms(q, 'en'), bigStats, { inCell, cellThreshold: 0.5 });
      expect(result.best?.score ?? null).toBeCloseTo(expected?.score ?? NaN, 3);
      if (expectedInCell) expect(result.bestInCell?.score).toBeCloseTo(expectedInCell.score, 3);
      else expect(result.bestInCell).toBeNull();
    }
  });

  test('the best of the cell is returned apart, only at or above the threshold', () => {
    const inCell = (_: number, doc: number) => doc === 1;
    const terms = queryTerms('best trail running shoes', 'en');
    const low = search([index], terms, stats, { inCell, cellThreshold: 0.1 });
    expect(low.best?.doc).toBe(0);
    expect(low.bestInCell?.doc).toBe(1);
    const high = search([index], terms, stats, { inCell, cellThreshold: 0.9 });
    expect(high.bestInCell).toBeNull();
  });

  test('documents not allowed are never returned', () => {
    const result = search([index], queryTerms('running shoes', 'en'), stats, {
      allowed: (_, doc) => doc !== 0 && doc !== 1,
    });
    expect(result.best).toBeNull();
  });

  test('several indexes search as one collection, with combined statistics', () => {
    const a = new Bm25Index(DOCS.slice(0, 2), 'en');
    const b = new Bm25Index(DOCS.slice(2), 'en');
    const both = combinedStats([a, b]);
    expect(both.documents).toBe(5);
    expect(both.documentFrequency('running')).toBe(2);
    const result = search([a, b], queryTerms('marathon plan', 'en'), both);
    expect(result.best).toMatchObject({ index: 1, doc: 0 });
  });

  test('memory is reported', () => {
    expect(index.bytes).toBeGreaterThan(0);
    expect(index.terms).toBeGreaterThan(10);
  });
});

describe('demand rules', () => {
  test('monthly factor: 30.4375 days over the period, monthly volumes as they are', () => {
    expect(periodDays('2026-01-01..2026-01-28')).toBe(28);
    expect(periodDays('2026-01-01..2026-03-31')).toBe(90);
    expect(periodDays('monthly')).toBeNull();
    expect(monthlyFactor('2026-01-01..2026-01-28')).toBeCloseTo(30.4375 / 28);
    expect(monthlyFactor('monthly')).toBe(1);
  });

  test('expected CTR by position, interpolated between positions', () => {
    expect(expectedCtr(1)).toBe(0.28);
    expect(expectedCtr(10)).toBe(0.02);
    expect(expectedCtr(9.5)).toBeCloseTo(0.0225);
    expect(expectedCtr(15)).toBe(0.01);
    expect(expectedCtr(25)).toBe(0.005);
  });

  test('almost there: position 8 to 20, impressions at the cutoff, CTR below the curve', () => {
    const row = { impressions: 1000, ctr: 0.01, position: 9.5 };
    expect(isAlmostThere(row, 1000)).toBe(true);
    expect(isAlmostThere(row, 1001)).toBe(false);
    expect(isAlmostThere({ ...row, position: 7.9 }, 0)).toBe(false);
    expect(isAlmostThere({ ...row, position: 20, ctr: 0.005 }, 0)).toBe(true);
    expect(isAlmostThere({ ...row, position: 20.1, ctr: 0.001 }, 0)).toBe(false);
    expect(isAlmostThere({ ...row, ctr: 0.03 }, 0)).toBe(false);
    expect(isAlmostThere({ ...row, impressions: 9 }, 0)).toBe(false);
    expect(isAlmostThere({ impressions: null, ctr: null, position: null }, 0)).toBe(false);
    // The top 20 %: of 10 queries the 2nd sets the cutoff, of 1 query the 1st.
    expect(cutoffOffset(10)).toBe(1);
    expect(cutoffOffset(1)).toBe(0);
    expect(cutoffOffset(11)).toBe(2);
  });

  test('ranking: gaps and thin cells by monthly demand, never "no intent"', () => {
    const base = { stageName: 'S', queries: 1, unserved: 1, unservedMonthly: 1 };
    const ranked = rankOpportunities(
      [
        {
          ...base,
          stage: 'a',
          stagePosition: 0,
          intent: 'commercial',
          locale: 'en',
          monthly: 10,
          supply: 0,
        },
        {
          ...base,
          stage: 'b',
          stagePosition: 1,
          intent: 'commercial',
          locale: 'en',
          monthly: 50,
          supply: 1,
        },
        {
          ...base,
          stage: 'c',
          stagePosition: 2,
          intent: 'commercial',
          locale: 'en',
          monthly: 90,
          supply: 2,
        },
        {
          ...base,
          stage: 'd',
          stagePosition: 3,
          intent: 'none',
          locale: 'en',
          monthly: 99,
          supply: 0,
        },
        {
          ...base,
          stage: 'e',
          stagePosition: 4,
          intent: 'local',
          locale: 'en',
          monthly: 0,
          supply: 0,
        },
      ],
      2,
      'impressions'
    );
    expect(ranked.map((r) => [r.stage, r.kind])).toEqual([
      ['b', 'thin'],
      ['a', 'gap'],
    ]);
  });

  test('ranking: a cell the stage does not expect is ranked by its demand, never called a gap', () => {
    const base = { stageName: 'S', queries: 1, unserved: 1, unservedMonthly: 1, locale: 'en' };
    const ranked = rankOpportunities(
      [
        { ...base, stage: 'a', stagePosition: 0, intent: 'transactional', monthly: 80, supply: 0 },
        {
          ...base,
          stage: 'a',
          stagePosition: 0,
          intent: 'informational',
          monthly: 40,
          supply: 0,
          expected: true,
        },
        {
          ...base,
          stage: 'b',
          stagePosition: 1,
          intent: 'local',
          monthly: 90,
          supply: 0,
          expected: false,
        },
        {
          ...base,
          stage: 'b',
          stagePosition: 1,
          intent: 'commercial',
          monthly: 60,
          supply: 1,
          expected: false,
        },
        // Enough documents: not ranked, expected or not.
        {
          ...base,
          stage: 'b',
          stagePosition: 1,
          intent: 'navigational',
          monthly: 99,
          supply: 2,
          expected: false,
        },
      ],
      2,
      'impressions'
    );
    expect(ranked.map((r) => [r.stage, r.intent, r.kind])).toEqual([
      ['b', 'local', 'unexpected'],
      ['a', 'transactional', 'gap'],
      ['b', 'commercial', 'unexpected'],
      ['a', 'informational', 'gap'],
    ]);
  });

  test('label', () => {
    expect(
      opportunityLabel(
        {
          stage: 'consideration',
          stageName: 'Consideration',
          intent: 'commercial',
          locale: 'sv',
          monthly: 18400.4,
          supply: 1,
          queries: 3,
          unserved: 1,
          unservedMonthly: 1,
        },
        'impressions'
      )
    ).toBe('Consideration × commercial (sv): 18,400 impressions a month, 1 document');
  });

  test('CSV: RFC 4180 quoting, formulas defused, CRLF, BOM', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a, b')).toBe('"a, b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField(-3)).toBe('-3');
    expect(csvField(null)).toBe('');
    expect(toCsv(['a', 'b'], [[1, 'x;y']])).toBe('\ufeffa,b\r\n1,"x;y"\r\n');
  });
});
