import type { CoverageCell } from '../../server/src/domain/coverage';
import { rankGaps, waitingByType } from '../../admin/src/components/widgets/widget-model';

const ART = 'api::article.article';
const PAGE = 'api::page.page';
const cell = (
  stage: string,
  intent: CoverageCell['intent'],
  published: number,
  draftOnly = 0
): CoverageCell => ({ stage, intent, contentType: ART, locale: 'en', published, draftOnly });

const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'] as const;
/** Every intent of a stage covered once, except the ones named. */
const coveredExcept = (stage: string, ...missing: string[]) =>
  INTENTS.filter((intent) => !missing.includes(intent)).map((intent) => cell(stage, intent, 1));

describe('rankGaps', () => {
  const cells = [
    ...coveredExcept('awareness', 'local'),
    ...coveredExcept('consideration', 'commercial', 'transactional'),
    // A draft is no coverage: the widget counts what the coverage page calls a gap.
    cell('decision', 'informational', 0, 3),
    ...coveredExcept('decision', 'informational'),
    // Entries without an intent are never a gap.
    cell('decision', null, 0),
  ];
  const stages = ['awareness', 'consideration', 'decision'];

  test('without demand: in stage order, then intent order, with no demand figure', () => {
    expect(rankGaps(cells, stages, 3, null)).toEqual([
      { stage: 'awareness', intent: 'local', monthly: null },
      { stage: 'consideration', intent: 'commercial', monthly: null },
      { stage: 'consideration', intent: 'transactional', monthly: null },
      { stage: 'decision', intent: 'informational', monthly: null },
    ]);
  });

  test('with demand: most searched first, summed over locales; equal demand keeps stage order', () => {
    const demand = [
      { stage: 'consideration', intent: 'transactional', monthly: 120 },
      { stage: 'decision', intent: 'informational', monthly: 900 },
      { stage: 'decision', intent: 'informational', monthly: 100 },
      // Demand on a covered cell does not make it a gap.
      { stage: 'awareness', intent: 'informational', monthly: 5000 },
    ];
    expect(rankGaps(cells, stages, 3, demand)).toEqual([
      { stage: 'decision', intent: 'informational', monthly: 1000 },
      { stage: 'consideration', intent: 'transactional', monthly: 120 },
      { stage: 'awareness', intent: 'local', monthly: 0 },
      { stage: 'consideration', intent: 'commercial', monthly: 0 },
    ]);
  });

  test('only the cells a stage expects are gaps, as on the coverage page', () => {
    const expected = {
      awareness: { informational: true, local: false },
      consideration: { commercial: true, transactional: false },
      decision: { informational: false },
    };
    expect(rankGaps(cells, stages, 3, null, expected)).toEqual([
      { stage: 'consideration', intent: 'commercial', monthly: null },
    ]);
  });

  test('a stage with no cells at all is five gaps', () => {
    expect(rankGaps([], ['retention'], 3, null).map((g) => g.intent)).toEqual([...INTENTS]);
  });
});

describe('waitingByType', () => {
  test('the queue counts per type, most first; types with none, or not counted, left out', () => {
    const counts = [
      { contentType: ART, untagged: 4 },
      { contentType: PAGE, untagged: 5 },
      { contentType: 'api::faq.faq', untagged: 0 },
    ];
    const types = [
      { uid: ART, name: 'Article' },
      { uid: PAGE, name: 'Page' },
      { uid: 'api::faq.faq', name: 'FAQ' },
      { uid: 'api::secret.secret', name: 'Secret' },
    ];
    expect(waitingByType(counts, types)).toEqual([
      { uid: PAGE, name: 'Page', count: 5 },
      { uid: ART, name: 'Article', count: 4 },
    ]);
  });
});
