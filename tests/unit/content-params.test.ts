import {
  ParamError,
  checkKnownParams,
  integerParam,
  listParam,
  nextStageCandidates,
  paginationParams,
  sortParam,
  stringParam,
} from '../../server/src/domain/content-params';

const STAGES = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'];

const problem = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return error as ParamError;
  }
  throw new Error('expected a ParamError');
};

describe('list and string parameters', () => {
  test('accept one value or a comma list, trimmed', () => {
    expect(listParam({ stage: 'awareness' }, 'stage', STAGES)).toEqual(['awareness']);
    expect(listParam({ stage: ' awareness, decision ' }, 'stage', STAGES)).toEqual([
      'awareness',
      'decision',
    ]);
    expect(listParam({}, 'stage', STAGES)).toBeUndefined();
    expect(listParam({ stage: '' }, 'stage', STAGES)).toBeUndefined();
  });

  test('refuse a value named twice, naming the parameter and the value', () => {
    const error = problem(() =>
      listParam({ stage: ' awareness, decision,awareness ' }, 'stage', STAGES)
    );
    expect(error.parameter).toBe('stage');
    expect(error.message).toBe(
      `Invalid stage "awareness"; valid values: each of ${STAGES.join(', ')} at most once`
    );
  });

  test('name the parameter, the bad value and the valid values', () => {
    const error = problem(() => listParam({ stage: 'awareness,nirvana' }, 'stage', STAGES));
    expect(error.message).toBe(`Invalid stage "nirvana"; valid values: ${STAGES.join(', ')}`);
    expect(error.parameter).toBe('stage');
  });

  test.each([[['a', 'b']], [{ $ne: 'x' }], [42]])('refuse %p where a string goes', (value) => {
    expect(problem(() => stringParam({ stage: value }, 'stage')).message).toContain(
      'a single string'
    );
  });

  test('cut very long values in the message', () => {
    const error = problem(() => listParam({ stage: 'x'.repeat(5000) }, 'stage', STAGES));
    expect(error.message.length).toBeLessThan(400);
  });
});

describe('pagination', () => {
  test('defaults to page 1 of 10', () => {
    expect(paginationParams({})).toEqual({ offset: 0, limit: 10, style: 'page', page: 1 });
  });
  test('page/pageSize and start/limit', () => {
    expect(paginationParams({ page: '3', pageSize: '20' })).toEqual({
      offset: 40,
      limit: 20,
      style: 'page',
      page: 3,
    });
    expect(paginationParams({ start: '5', limit: '4' })).toEqual({
      offset: 5,
      limit: 4,
      style: 'offset',
      page: 2,
    });
  });
  test.each([
    [{ pageSize: '101' }, 'pageSize'],
    [{ page: '0' }, 'page'],
    [{ page: '-1' }, 'page'],
    [{ page: '1.5' }, 'page'],
    [{ limit: '1e3' }, 'limit'],
    [{ start: '99999999999999' }, 'start'],
    [{ page: '1', start: '0' }, 'not both'],
  ])('%p is refused, naming %s', (query, text) => {
    expect(problem(() => paginationParams(query)).message).toContain(text);
  });
  test('integers are bounded', () => {
    expect(integerParam({ n: '7' }, 'n', { min: 1, max: 10 })).toBe(7);
    expect(problem(() => integerParam({ n: '11' }, 'n', { min: 1, max: 10 })).message).toContain(
      'from 1 to 10'
    );
  });
});

describe('sort', () => {
  const fields = ['publishedAt', 'title'];
  test('defaults to newest first', () => {
    expect(sortParam({}, fields)).toEqual({ field: 'publishedAt', order: 'desc' });
  });
  test('takes field:order on a shared field', () => {
    expect(sortParam({ sort: 'title:ASC' }, fields)).toEqual({ field: 'title', order: 'asc' });
    expect(sortParam({ sort: 'title' }, fields)).toEqual({ field: 'title', order: 'asc' });
  });
  test.each([
    'secretNote:asc',
    'title:sideways',
    'title:asc,publishedAt:desc',
    'title;drop table x',
  ])('%s is refused with the valid sorts', (sort) => {
    expect(problem(() => sortParam({ sort }, fields)).message).toContain('publishedAt:desc');
  });
});

describe('next stage', () => {
  test('goes forward, then falls back to the same stage', () => {
    expect(nextStageCandidates(STAGES, 'consideration')).toEqual([
      { key: 'decision', reason: 'next' },
      { key: 'usage', reason: 'later' },
      { key: 'loyalty', reason: 'later' },
      { key: 'consideration', reason: 'same' },
    ]);
  });
  test('the last stage serves itself', () => {
    expect(nextStageCandidates(STAGES, 'loyalty')).toEqual([{ key: 'loyalty', reason: 'same' }]);
  });
});

test('unknown parameters are named, with the known ones', () => {
  expect(problem(() => checkKnownParams({ stages: 'x' }, ['stage', 'intent'])).message).toBe(
    'Invalid query parameter "stages"; valid values: stage, intent'
  );
});
