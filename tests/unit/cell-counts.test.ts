import {
  cellDeltas,
  cellKey,
  cellsFor,
  changeOf,
  contributions,
  recountDeltas,
  stampOf,
  sumDeltas,
  MAX_NAMED_DOCUMENTS,
  type Cell,
  type DocumentRow,
} from '../../server/src/domain/cell-counts';
import { configProblems } from '../../server/src/domain/config';

const UID = 'api::article.article';
// Stages 1 and 2 belong to journey 10, stage 3 to journey 20, stage 9 to none.
const JOURNEYS = new Map([
  [1, 10],
  [2, 10],
  [3, 20],
]);

const row = (over: Partial<DocumentRow>): DocumentRow => ({
  documentId: 'd1',
  locale: 'en',
  published: false,
  intent: 'informational',
  stageIds: [1],
  ...over,
});

/** The contributions as "key published/draftOnly/rows" lines: readable expectations. */
const lines = (cells: Map<string, Cell> | Cell[]) =>
  [...(cells instanceof Map ? cells.values() : cells)]
    .map((c) => `${cellKey(c)} ${c.published}/${c.draftOnly}/${c.rows}`)
    .sort();

describe('contributions of a document', () => {
  test('a draft alone counts as draft only in its stage and its journey', () => {
    expect(lines(contributions(UID, [row({})], JOURNEYS))).toEqual([
      `journey:10|informational|en|${UID} 0/1/1`,
      `stage:1|informational|en|${UID} 0/1/1`,
    ]);
  });

  test('published with a draft: published once, the draft is a row but not draft only', () => {
    const rows = [row({ published: true }), row({ published: false })];
    expect(lines(contributions(UID, rows, JOURNEYS))).toEqual([
      `journey:10|informational|en|${UID} 1/0/2`,
      `stage:1|informational|en|${UID} 1/0/2`,
    ]);
  });

  test('a published twin in another locale does not hide a draft', () => {
    const rows = [row({ published: true, locale: 'sv' }), row({ published: false })];
    expect(lines(contributions(UID, rows, JOURNEYS))).toEqual([
      `journey:10|informational|en|${UID} 0/1/1`,
      `journey:10|informational|sv|${UID} 1/0/1`,
      `stage:1|informational|en|${UID} 0/1/1`,
      `stage:1|informational|sv|${UID} 1/0/1`,
    ]);
  });

  test('two stages of one journey count once in the journey, once in each stage', () => {
    const rows = [row({ published: true, stageIds: [1, 2, 3, 9], intent: null })];
    expect(lines(contributions(UID, rows, JOURNEYS))).toEqual([
      `journey:10||en|${UID} 1/0/1`,
      `journey:20||en|${UID} 1/0/1`,
      `stage:1||en|${UID} 1/0/1`,
      `stage:2||en|${UID} 1/0/1`,
      `stage:3||en|${UID} 1/0/1`,
      `stage:9||en|${UID} 1/0/1`,
    ]);
  });

  test('a row without stages is untagged; a duplicated link counts once', () => {
    const rows = [row({ stageIds: [] }), row({ documentId: 'd2', stageIds: [3, 3] })];
    expect(lines(contributions(UID, rows, JOURNEYS))).toEqual([
      `journey:20|informational|en|${UID} 0/1/1`,
      `stage:3|informational|en|${UID} 0/1/1`,
      `untagged:0|informational|en|${UID} 0/1/1`,
    ]);
  });
});

describe('deltas', () => {
  test('publishing adds a published row and takes the draft out of draft only', () => {
    const before = contributions(UID, [row({})], JOURNEYS);
    const after = contributions(UID, [row({}), row({ published: true })], JOURNEYS);
    expect(lines(cellDeltas(before, after))).toEqual([
      `journey:10|informational|en|${UID} 1/-1/1`,
      `stage:1|informational|en|${UID} 1/-1/1`,
    ]);
  });

  test('a write that changes no count still touches its cells, in key order', () => {
    const same = contributions(UID, [row({ stageIds: [2, 1] })], JOURNEYS);
    const deltas = cellDeltas(same, same);
    expect(deltas.map(cellKey)).toEqual(
      [...deltas.map(cellKey)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    );
    expect(lines(deltas)).toEqual([
      `journey:10|informational|en|${UID} 0/0/0`,
      `stage:1|informational|en|${UID} 0/0/0`,
      `stage:2|informational|en|${UID} 0/0/0`,
    ]);
  });

  test('retagging moves the row from the old cells to the new', () => {
    const before = contributions(UID, [row({ stageIds: [1] })], JOURNEYS);
    const after = contributions(UID, [row({ stageIds: [3], intent: 'local' })], JOURNEYS);
    expect(lines(cellDeltas(before, after))).toEqual([
      `journey:10|informational|en|${UID} 0/-1/-1`,
      `journey:20|local|en|${UID} 0/1/1`,
      `stage:1|informational|en|${UID} 0/-1/-1`,
      `stage:3|local|en|${UID} 0/1/1`,
    ]);
  });

  test('deltas of several writes add up', () => {
    const a = cellDeltas(new Map(), contributions(UID, [row({})], JOURNEYS));
    const b = cellDeltas(new Map(), contributions(UID, [row({ documentId: 'd2' })], JOURNEYS));
    expect(lines(sumDeltas([a, b]))).toEqual([
      `journey:10|informational|en|${UID} 0/2/2`,
      `stage:1|informational|en|${UID} 0/2/2`,
    ]);
  });

  test('a recount adds what differs, and brings cells no longer counted to zero', () => {
    const stored = [...contributions(UID, [row({}), row({ documentId: 'd2' })], JOURNEYS).values()];
    const counted = [...contributions(UID, [row({ stageIds: [2] })], JOURNEYS).values()];
    expect(lines(recountDeltas(stored, counted))).toEqual([
      `journey:10|informational|en|${UID} 0/-1/-1`,
      `stage:1|informational|en|${UID} 0/-2/-2`,
      `stage:2|informational|en|${UID} 0/1/1`,
    ]);
    expect(recountDeltas(counted, counted)).toEqual([]);
  });
});

describe('scopes, stamps and changes', () => {
  test('one stage or the whole journey is made of cells; another subset is not', () => {
    expect(cellsFor({ journeyId: 10, stageIds: null }, [])).toEqual({
      scope: 'journey',
      scopeIds: [10],
    });
    expect(cellsFor({ journeyId: 10, stageIds: [2, 1] }, [1, 2])).toEqual({
      scope: 'journey',
      scopeIds: [10],
    });
    expect(cellsFor({ journeyId: 10, stageIds: [2] }, [1, 2, 5])).toEqual({
      scope: 'stage',
      scopeIds: [2],
    });
    expect(cellsFor({ journeyId: 10, stageIds: [1, 2] }, [1, 2, 5])).toBeNull();
    expect(cellsFor({ journeyId: 10, stageIds: [] }, [1, 2])).toEqual({
      scope: 'stage',
      scopeIds: [],
    });
  });

  test('a stamp names the number of cells and their version sum', () => {
    expect(stampOf(3, '17')).toBe('3.17');
    expect(stampOf(0, null)).toBe('0.0');
  });

  test('a change names types, documents, locales, stages, journeys and intents', () => {
    const deltas = cellDeltas(
      contributions(UID, [row({ intent: null })], JOURNEYS),
      contributions(UID, [row({ stageIds: [3], locale: 'sv', intent: 'local' })], JOURNEYS)
    );
    expect(changeOf(deltas, ['d1', 'd1'])).toEqual({
      uids: [UID],
      documentIds: ['d1'],
      locales: ['en', 'sv'],
      stageIds: [1, 3],
      journeyIds: [10, 20],
      intents: ['local'],
    });
    const many = Array.from({ length: MAX_NAMED_DOCUMENTS + 1 }, (_, i) => `d${i}`);
    expect(changeOf(deltas, many).documentIds).toBeNull();
  });
});

describe('config: counts.selfCheck and counts.fullCheck', () => {
  test('a cron expression or false', () => {
    expect(configProblems({ counts: { selfCheck: '0 */10 * * * *' } })).toEqual([]);
    expect(configProblems({ counts: { selfCheck: '*/5 * * * *' } })).toEqual([]);
    expect(configProblems({ counts: { selfCheck: false } })).toEqual([]);
    expect(configProblems({ counts: { fullCheck: '0 15 3 * * *', selfCheck: false } })).toEqual([]);
    expect(configProblems({ counts: { fullCheck: false } })).toEqual([]);
  });

  test('anything else is refused naming the key', () => {
    expect(configProblems({ counts: { selfCheck: 'every ten minutes' } })).toEqual([
      expect.stringMatching(/^counts\.selfCheck: must be a cron expression/),
    ]);
    expect(configProblems({ counts: { selfCheck: true } })).toEqual([
      expect.stringMatching(/^counts\.selfCheck: must be a cron expression/),
    ]);
    expect(configProblems({ counts: { fullCheck: 'nightly' } })).toEqual([
      expect.stringMatching(/^counts\.fullCheck: must be a cron expression/),
    ]);
    expect(configProblems({ counts: { every: 5 } })).toEqual([
      expect.stringMatching(/^counts: has an unknown key: every/),
    ]);
  });
});
