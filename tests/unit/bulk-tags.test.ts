import {
  MAX_DOCUMENT_IDS,
  linkDiff,
  parseBulkBody,
  planState,
  resolveStageOps,
  sameState,
  summary,
  type StageRow,
} from '../../server/src/domain/bulk-tags';
import { ParamError } from '../../server/src/domain/content-params';
import { configProblems } from '../../server/src/domain/config';

const base = { contentType: 'api::article.article', documentIds: ['a'] };

const problem = (body: unknown) => {
  try {
    parseBulkBody(body);
  } catch (error) {
    expect(error).toBeInstanceOf(ParamError);
    return error as ParamError;
  }
  throw new Error('expected a ParamError');
};

describe('parseBulkBody', () => {
  test('reads a selection with stage operations, intent and dryRun', () => {
    expect(
      parseBulkBody({
        ...base,
        locale: 'sv',
        documentIds: ['a', 'b', 'a'],
        stages: { add: ['customer/decision'], remove: ['x1'] },
        intent: 'commercial',
        dryRun: true,
      })
    ).toEqual({
      contentType: 'api::article.article',
      locale: 'sv',
      documentIds: ['a', 'b'],
      stages: { add: ['customer/decision'], remove: ['x1'] },
      intent: 'commercial',
      dryRun: true,
    });
  });

  test('reads the list view query instead of a selection; null clears the intent', () => {
    expect(
      parseBulkBody({
        contentType: 'api::article.article',
        filters: { title: { $contains: 'x' } },
        _q: 'jacket',
        intent: null,
      })
    ).toEqual({
      contentType: 'api::article.article',
      filters: { title: { $contains: 'x' } },
      _q: 'jacket',
      stages: {},
      intent: null,
      dryRun: false,
    });
  });

  test.each([
    [{ ...base }, 'stages', /nothing to do/],
    [{ ...base, intent: 'buying' }, 'intent', /informational, commercial/],
    [{ ...base, stages: { add: 'x' } }, 'stages.add', /array of strings/],
    [{ ...base, stages: { put: ['x'] } }, 'stages.put', /stages\.add, stages\.remove/],
    [{ ...base, stages: { set: ['x'], add: ['y'] } }, 'stages.set', /not both/],
    [{ ...base, stages: { add: ['x'], remove: ['x'] } }, 'stages.remove', /not also/],
    [{ contentType: 'api::a.a', intent: 'local' }, 'documentIds', /filters/],
    [{ ...base, filters: {}, intent: 'local' }, 'documentIds', /either documentIds/],
    [{ ...base, documentIds: [], intent: 'local' }, 'documentIds', /at least one/],
    [{ ...base, documentIds: [''], intent: 'local' }, 'documentIds', /non-empty/],
    [{ ...base, filters: undefined, documentIds: 'a', intent: 'local' }, 'documentIds', /array/],
    [{ ...base, dryRun: 'yes', intent: 'local' }, 'dryRun', /true or false/],
    [{ ...base, intent: 'local', extra: 1 }, 'body key', /contentType/],
    [{ documentIds: ['a'], intent: 'local' }, 'contentType', /uid/],
    [[], 'body', /JSON object/],
  ])('%j → 400 on %s', (body, parameter, message) => {
    const error = problem(body);
    expect(error.parameter).toBe(parameter);
    expect(error.message).toMatch(message);
  });

  test(`at most ${MAX_DOCUMENT_IDS} documentIds`, () => {
    const ids = Array.from({ length: MAX_DOCUMENT_IDS }, (_, i) => `d${i}`);
    expect(parseBulkBody({ ...base, documentIds: ids, intent: 'local' }).documentIds).toHaveLength(
      MAX_DOCUMENT_IDS
    );
    const error = problem({ ...base, documentIds: [...ids, 'one more'], intent: 'local' });
    expect(error.message).toMatch(/10001 items.*at most 10000/);
  });
});

const STAGES: StageRow[] = [
  { id: 1, documentId: 'aw1', key: 'awareness', journeyKey: 'customer' },
  { id: 2, documentId: 'co2', key: 'consideration', journeyKey: 'customer' },
  { id: 7, documentId: 'in7', key: 'awareness', journeyKey: 'investors' },
];

describe('resolveStageOps', () => {
  test('accepts documentIds and journey/stage keys, without duplicates', () => {
    expect(
      resolveStageOps({ add: ['aw1', 'customer/awareness', 'investors/awareness'] }, STAGES)
    ).toEqual({ add: [1, 7] });
  });

  test('an unknown reference names the operation and every valid reference', () => {
    expect(() => resolveStageOps({ remove: ['customer/nope'] }, STAGES)).toThrow(
      /Invalid stages\.remove "customer\/nope"; valid values: customer\/awareness \(aw1\), customer\/consideration \(co2\), investors\/awareness \(in7\)/
    );
  });
});

describe('planState and linkDiff', () => {
  const current = { stageIds: [1, 3], intent: 'local' as const };

  test('add, remove, set, intent', () => {
    expect(planState(current, { add: [2, 1] })).toEqual({ stageIds: [1, 2, 3], intent: 'local' });
    expect(planState(current, { remove: [3, 9] }, null)).toEqual({ stageIds: [1], intent: null });
    expect(planState(current, { set: [5, 4] }, 'commercial')).toEqual({
      stageIds: [4, 5],
      intent: 'commercial',
    });
    expect(planState(current, {})).toEqual(current);
  });

  test('links to write', () => {
    expect(linkDiff(current, { stageIds: [3, 4], intent: null })).toEqual({
      remove: [1],
      add: [4],
    });
  });

  test('sameState ignores order', () => {
    expect(sameState(current, { stageIds: [3, 1], intent: 'local' })).toBe(true);
    expect(sameState(current, { stageIds: [1, 3], intent: null })).toBe(false);
    expect(sameState(current, { stageIds: [1], intent: 'local' })).toBe(false);
  });
});

test('summary says what a change did', () => {
  expect(
    summary(12, { add: ['co2'] }, 'commercial', (r) => (r === 'co2' ? 'Consideration' : r))
  ).toBe('12 entries: +Consideration, intent → commercial');
  expect(summary(1, { set: [] }, undefined)).toBe('1 entry: stages = (none)');
});

describe('history config', () => {
  test('defaults are valid, bad values name the key', () => {
    expect(configProblems({ contentTypes: [], history: { days: 90, maxChanges: 1000 } })).toEqual(
      []
    );
    const problems = configProblems({ history: { days: 0, maxChanges: 2.5, keep: 1 } });
    expect(problems).toEqual(
      expect.arrayContaining([
        'history.days: must be at least 1',
        'history.maxChanges: must be a whole number',
        expect.stringMatching(/^history: has an unknown key: keep/),
      ])
    );
  });
});
