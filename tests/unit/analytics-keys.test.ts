import {
  addDelta,
  deltaRowCount,
  emptyDeltaSet,
  mergeDeltaSets,
  rowDocumentId,
  rowKey,
} from '../../server/src/domain/analytics/keys';

/*
 * The buffer keys rows by their plain identity and hashes each distinct row once, at flush: the
 * same row must land on the same key and documentId on every instance, and different rows never
 * on one.
 */
const drop = (day: string, reason: string) => ({ day, reason });

test('deltas of one row add up; another day or reason is another row', () => {
  const set = emptyDeltaSet();
  addDelta(set, 'drops', drop('2026-12-07', 'bot'), { dropped: 2 });
  addDelta(set, 'drops', drop('2026-12-07', 'bot'), { dropped: 3 });
  addDelta(set, 'drops', drop('2026-12-08', 'bot'), { dropped: 1 });
  addDelta(set, 'drops', drop('2026-12-07', 'dnt'), { dropped: 1 });
  expect(deltaRowCount(set)).toBe(3);
  expect([...set.drops.values()].map((d) => d.counts.dropped)).toEqual([5, 1, 1]);
});

test('merging adds counter by counter and empties the source', () => {
  const into = emptyDeltaSet();
  const from = emptyDeltaSet();
  addDelta(into, 'drops', drop('2026-12-07', 'bot'), { dropped: 2 });
  addDelta(from, 'drops', drop('2026-12-07', 'bot'), { dropped: 5 });
  addDelta(from, 'drops', drop('2026-12-07', 'dnt'), { dropped: 1 });
  mergeDeltaSets(into, from);
  expect(deltaRowCount(from)).toBe(0);
  expect(
    Object.fromEntries([...into.drops.values()].map((d) => [d.values.reason, d.counts]))
  ).toEqual({ bot: { dropped: 7 }, dnt: { dropped: 1 } });
});

test('a row key is the day and a digest of table and identity; its documentId comes from it', () => {
  const key = rowKey('drops', drop('2026-12-07', 'bot'));
  expect(key).toMatch(/^2026-12-07:[0-9a-f]{40}$/);
  expect(rowKey('drops', drop('2026-12-07', 'bot'))).toBe(key);
  expect(rowKey('drops', drop('2026-12-07', 'dnt'))).not.toBe(key);
  // A value that contains the separator of another does not collide with it.
  const a = rowKey('transitions', {
    day: '2026-12-07',
    journeyDocumentId: 'j',
    fromStageDocumentId: 'a","b',
    toStageDocumentId: 'c',
    entryLocale: '',
  });
  const b = rowKey('transitions', {
    day: '2026-12-07',
    journeyDocumentId: 'j',
    fromStageDocumentId: 'a',
    toStageDocumentId: 'b","c',
    entryLocale: '',
  });
  expect(a).not.toBe(b);
  const id = rowDocumentId(key);
  expect(id).toHaveLength(24);
  expect(id).toMatch(/^[0-9a-f]{24}$/);
  expect(key.split(':')[1].startsWith(id)).toBe(true);
  expect(rowDocumentId(`2026-12:${key.split(':')[1]}`)).toBe(id);
});
