import {
  changeState,
  relabel,
  settles,
  undoCounts,
  visiblePerson,
} from '../../server/src/domain/tag-history';

describe('undo state of a change', () => {
  test('only entries the caller may not update stay open', () => {
    expect(settles('not permitted')).toBe(false);
    expect(settles('changed since')).toBe(true);
    expect(settles('stage deleted since')).toBe(true);
    expect(settles('not found in locale en')).toBe(true);
  });

  test('counts what is left; a closed change has nothing left', () => {
    expect(undoCounts(10, { restored: 3, skipped: 1 }, false)).toEqual({
      entries: 10,
      restored: 3,
      skipped: 1,
      remaining: 6,
    });
    expect(undoCounts(10, { restored: 0, skipped: 0 }, true).remaining).toBe(0);
  });

  test('open, partially undone, undone', () => {
    const counts = (restored: number, skipped: number) =>
      undoCounts(10, { restored, skipped }, false);
    expect(changeState(counts(0, 0), false)).toBe('open');
    expect(changeState(counts(3, 0), false)).toBe('partially-undone');
    expect(changeState(counts(0, 2), false)).toBe('partially-undone');
    expect(changeState(counts(0, 0), true)).toBe('undone');
  });
});

describe('labels counted for the caller', () => {
  test('a bulk change, a review-queue batch and an undo', () => {
    expect(relabel('45 entries: +customer/usage, intent → local', 7)).toBe(
      '7 entries: +customer/usage, intent → local'
    );
    expect(relabel('45 entries: -customer/usage', 1)).toBe('1 entry: -customer/usage');
    expect(relabel('1 entry: stages = (none)', 0)).toBe('0 entries: stages = (none)');
    expect(relabel('Accepted 12 suggestions (customer)', 1)).toBe(
      'Accepted 1 suggestion (customer)'
    );
    expect(relabel('Undo of #12: 45 entries: +customer/usage', 3)).toBe(
      'Undo of #12: 3 entries: +customer/usage'
    );
    expect(relabel('Undo of #12', 3)).toBe('Undo of #12');
  });

  test('a label without a count, or none, is left as it is', () => {
    expect(relabel('Imported', 3)).toBe('Imported');
    expect(relabel(null, 3)).toBeNull();
  });
});

describe('who made a change', () => {
  const person = { firstname: 'Kai', lastname: 'Doe', email: 'kai@example.com' };

  test('the e-mail address only for callers who may read admin users', () => {
    expect(visiblePerson(person, true)).toEqual(person);
    expect(visiblePerson(person, false)).toEqual({
      firstname: 'Kai',
      lastname: 'Doe',
      email: null,
    });
    expect(visiblePerson(null, false)).toBeNull();
  });
});
