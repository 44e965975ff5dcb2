import { draftExposure, filtersReachLocalizations } from '../../server/src/domain/draft-guard';

describe('draftExposure', () => {
  test('status draft is an exposure; published and absent are not', () => {
    expect(draftExposure({ status: 'draft' })).toBe('status');
    expect(draftExposure({ status: 'published' })).toBeNull();
    expect(draftExposure({})).toBeNull();
  });

  test('a filter through localizations, at any depth, is an exposure', () => {
    expect(draftExposure({ filters: { localizations: { title: { $contains: 'x' } } } })).toBe(
      'localizations'
    );
    expect(
      draftExposure({
        filters: { $and: [{ title: { $eq: 'a' } }, { $or: [{ localizations: { id: 1 } }] }] },
      })
    ).toBe('localizations');
    expect(draftExposure({ filters: { title: { $eq: 'localizations' } } })).toBeNull();
  });

  test('a very deep filter does not overflow the stack', () => {
    let filters: Record<string, unknown> = { localizations: { id: 1 } };
    for (let i = 0; i < 100_000; i += 1) filters = { $and: [filters] };
    expect(filtersReachLocalizations(filters)).toBe(true);
  });
});
