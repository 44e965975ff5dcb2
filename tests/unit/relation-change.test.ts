import { idsAfter, relationChange } from '../../server/src/domain/relation-change';

describe('relationChange reads a relation the way the document service applies it', () => {
  test.each([
    ['absent: left as it is', undefined, undefined],
    ['null: cleared', null, { set: [], connect: [], disconnect: [] }],
    ['a documentId', 'abc', { set: [{ documentId: 'abc' }], connect: [], disconnect: [] }],
    ['a numeric string is an id', '12', { set: [{ id: 12 }], connect: [], disconnect: [] }],
    ['a number', 7, { set: [{ id: 7 }], connect: [], disconnect: [] }],
    [
      'a long-hand object',
      { documentId: 'abc', locale: null },
      { set: [{ documentId: 'abc' }], connect: [], disconnect: [] },
    ],
    ['an empty list: cleared', [], { set: [], connect: [], disconnect: [] }],
    [
      'a list of both',
      ['abc', { id: 3 }],
      { set: [{ documentId: 'abc' }, { id: 3 }], connect: [], disconnect: [] },
    ],
    ['{ set: [] }: cleared', { set: [] }, { set: [], connect: [], disconnect: [] }],
    [
      "the content manager's shape",
      { connect: [{ id: 4, documentId: 'abc', position: { end: true } }], disconnect: [{ id: 2 }] },
      { connect: [{ documentId: 'abc' }], disconnect: [{ id: 2 }] },
    ],
    ['{ set: null } changes nothing', { set: null }, { connect: [], disconnect: [] }],
  ])('%s', (_, value, expected) => {
    expect(relationChange(value)).toEqual(expected);
  });
});

describe('idsAfter', () => {
  test('set replaces, connect adds once, disconnect removes unless reconnected', () => {
    expect(idsAfter([1, 2], { set: [3], connect: [4], disconnect: [3] })).toEqual([3]);
    expect(idsAfter([1, 2], { connect: [2, 3], disconnect: [] })).toEqual([1, 2, 3]);
    expect(idsAfter([1, 2], { connect: [], disconnect: [1, 9] })).toEqual([2]);
    expect(idsAfter([1, 2], { connect: [1], disconnect: [1] })).toEqual([2, 1]);
  });
});
