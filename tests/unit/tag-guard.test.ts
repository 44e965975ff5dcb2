import { linkedStageRefs } from '../../server/src/document-middlewares/tag-write-locks';

describe('linkedStageRefs: the stages a write links, in every shape the document service takes', () => {
  test('shorthand ids and documentIds, alone or in an array', () => {
    expect(linkedStageRefs('abc123def')).toEqual([{ documentId: 'abc123def' }]);
    expect(linkedStageRefs(7)).toEqual([{ id: 7 }]);
    // Strapi reads a numeric string as an id.
    expect(linkedStageRefs(['12', 'docx'])).toEqual([{ id: 12 }, { documentId: 'docx' }]);
  });

  test('long-hand objects, set and connect; disconnect links nothing', () => {
    // With `set`, Strapi replaces the relation and ignores connect and disconnect.
    expect(
      linkedStageRefs({
        set: [{ documentId: 'a' }, { id: 3 }],
        connect: [{ documentId: 'b', position: { end: true } }],
      })
    ).toEqual([{ documentId: 'a' }, { id: 3 }]);
    expect(
      linkedStageRefs({
        connect: [{ documentId: 'b', position: { end: true } }],
        disconnect: ['c'],
      })
    ).toEqual([{ documentId: 'b' }]);
    expect(linkedStageRefs({ documentId: 'd', id: 4 })).toEqual([{ documentId: 'd' }]);
  });

  test('nothing to link', () => {
    expect(linkedStageRefs(undefined)).toEqual([]);
    expect(linkedStageRefs(null)).toEqual([]);
    expect(linkedStageRefs({ disconnect: ['x'] })).toEqual([]);
    expect(linkedStageRefs([])).toEqual([]);
  });
});
