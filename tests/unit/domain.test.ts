import {
  configProblems,
  validateConfig,
  configuredJourneys,
  DEFAULT_CONFIG,
} from '../../server/src/domain/config';
import { buildMatrix, mergeCells, mergeUntagged } from '../../server/src/domain/coverage';
import { INTENTS, translatedName, isIntent } from '../../server/src/domain/intents';
import { planImport, summariseImport } from '../../server/src/domain/journey-import';
import {
  CUSTOMER_JOURNEY,
  DEFAULT_JOURNEYS,
  stageForIntent,
} from '../../server/src/domain/journeys';
import { keyProblem } from '../../server/src/domain/keys';

describe('keys', () => {
  test.each(['awareness', 'b2b', 'post-purchase', 'a1'])('%s is a valid key', (key) => {
    expect(keyProblem(key)).toBeNull();
  });
  test.each([
    ['Awareness', 'lowercase slug'],
    ['two words', 'lowercase slug'],
    ['-lead', 'lowercase slug'],
    ['', 'non-empty'],
    [undefined, 'non-empty'],
    ['x'.repeat(65), '64'],
  ])('%s is refused (%s)', (key, reason) => {
    expect(keyProblem(key)).toContain(reason);
  });
});

describe('default journey', () => {
  test('is the seeds customer journey: five stages with en, sv and nb names', () => {
    expect(DEFAULT_JOURNEYS).toEqual([CUSTOMER_JOURNEY]);
    expect(CUSTOMER_JOURNEY.stages.map((s) => [s.key, s.names?.sv])).toEqual([
      ['awareness', 'Medvetenhet'],
      ['consideration', 'Övervägande'],
      ['decision', 'Beslut / köp'],
      ['usage', 'Användning'],
      ['loyalty', 'Lojalitet / efterköp'],
    ]);
    expect(CUSTOMER_JOURNEY.stages.every((s) => s.names?.nb && s.colour && s.customerGoal)).toBe(
      true
    );
    expect(configProblems(DEFAULT_JOURNEYS.length ? { journeys: DEFAULT_JOURNEYS } : {})).toEqual(
      []
    );
  });

  test('maps each intent to its stage, and never to a stage the journey lacks', () => {
    expect(INTENTS.map((i) => stageForIntent(CUSTOMER_JOURNEY, i))).toEqual([
      'awareness',
      'consideration',
      'decision',
      // Navigational: no fixed stage, the query's other words decide (see the classifier).
      null,
      'decision',
    ]);
    const funnel = {
      stages: [{ key: 'top' }, { key: 'bottom' }],
      intentStages: { commercial: 'bottom' },
    };
    expect(stageForIntent(funnel, 'commercial')).toBe('bottom');
    expect(stageForIntent(funnel, 'informational')).toBeNull();
  });
});

describe('config validation', () => {
  test('accepts the default config and an empty one', () => {
    expect(configProblems(DEFAULT_CONFIG)).toEqual([]);
    expect(configProblems({})).toEqual([]);
    expect(configuredJourneys({})).toBe(DEFAULT_JOURNEYS);
  });

  test('names every problem by its key', () => {
    const problems = configProblems({
      contentTypes: ['article'],
      thinThreshold: -1,
      intent: { brands: 'acme' },
    });
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('contentTypes[0]'),
        expect.stringContaining('thinThreshold'),
        expect.stringContaining('intent.brands'),
      ])
    );
  });

  test('finds duplicates and dangling intent mappings once the shape is right', () => {
    const journey = {
      key: 'j',
      name: 'J',
      intentStages: { local: 'nowhere' },
      stages: [
        { key: 'a', name: 'A' },
        { key: 'a', name: 'A again' },
      ],
    };
    expect(configProblems({ journeys: [journey], contentTypes: ['api::a.a', 'api::a.a'] })).toEqual(
      [
        'journeys[0] ("j").stages[1] ("a").key: duplicate stage key "a" in journey "j"',
        'journeys[0] ("j").intentStages.local: unknown stage key "nowhere"; stages of "j": a, a',
        'contentTypes[1]: duplicate uid "api::a.a"',
      ]
    );
    expect(() => validateConfig({ journeys: [journey] })).toThrow(
      'Invalid config for plugin "journey"'
    );
  });

  test('refuses unknown languages in translated names', () => {
    const journey = {
      key: 'j',
      name: 'J',
      names: { de: 'Reise' },
      stages: [{ key: 'a', name: 'A' }],
    };
    expect(configProblems({ journeys: [journey] })).toEqual([
      expect.stringContaining('journeys[0] ("j").names: has an unknown language'),
    ]);
  });
});

describe('intents', () => {
  test('names fall back to the default name and map Norwegian variants to nb', () => {
    const names = { sv: 'Medvetenhet', nb: 'Bevissthet' };
    expect(translatedName('Awareness', names, 'sv-SE')).toBe('Medvetenhet');
    expect(translatedName('Awareness', names, 'no')).toBe('Bevissthet');
    expect(translatedName('Awareness', names, 'nn')).toBe('Bevissthet');
    expect(translatedName('Awareness', names, 'de')).toBe('Awareness');
    expect(translatedName('Awareness', null, 'sv')).toBe('Awareness');
    expect(isIntent('local')).toBe(true);
    expect(isIntent('impulsive')).toBe(false);
  });
});

describe('coverage maths', () => {
  const ART = 'api::article.article';
  const cells = mergeCells([
    {
      contentType: ART,
      state: 'published',
      rows: [
        { stage: 'awareness', intent: 'informational', locale: 'en', count: '3' },
        { stage: 'decision', intent: null, locale: 'sv', count: 1 },
      ],
    },
    {
      contentType: ART,
      state: 'draftOnly',
      rows: [
        { stage: 'awareness', intent: 'informational', locale: 'en', count: 2 },
        { stage: 'loyalty', intent: 'commercial', locale: 'en', count: 1 },
      ],
    },
  ]);

  test('merges published and draft-only counts into one cell, accepting string counts', () => {
    expect(cells).toEqual([
      {
        stage: 'awareness',
        intent: 'informational',
        contentType: ART,
        locale: 'en',
        published: 3,
        draftOnly: 2,
      },
      {
        stage: 'decision',
        intent: null,
        contentType: ART,
        locale: 'sv',
        published: 1,
        draftOnly: 0,
      },
      {
        stage: 'loyalty',
        intent: 'commercial',
        contentType: ART,
        locale: 'en',
        published: 0,
        draftOnly: 1,
      },
    ]);
  });

  test('builds a matrix with totals, gaps and thin cells', () => {
    const matrix = buildMatrix(
      cells,
      ['awareness', 'consideration', 'decision', 'usage', 'loyalty'],
      2
    );
    expect(matrix.rows.awareness.informational).toEqual({
      published: 3,
      draftOnly: 2,
      expected: true,
      gap: false,
      thin: false,
    });
    // "No intent" is counted but never flagged: fewer untagged intents is better, not thinner.
    expect(matrix.rows.decision.none).toEqual({
      published: 1,
      draftOnly: 0,
      expected: false,
      gap: false,
      thin: false,
    });
    expect(matrix.rows.awareness.none).toEqual({
      published: 0,
      draftOnly: 0,
      expected: false,
      gap: false,
      thin: false,
    });
    // Drafts do not fill a gap: nothing is live there.
    expect(matrix.rows.loyalty.commercial).toEqual({
      published: 0,
      draftOnly: 1,
      expected: true,
      gap: true,
      thin: false,
    });
    expect(matrix.rows.consideration.local.gap).toBe(true);
    expect(matrix.stageTotals.awareness).toEqual({ published: 3, draftOnly: 2 });
    expect(matrix.intentTotals.none).toEqual({ published: 1, draftOnly: 0 });
    expect(matrix.total).toEqual({ published: 4, draftOnly: 3 });
  });

  test('in the drafts-only view, flags judge the drafts-only counts', () => {
    const matrix = buildMatrix(
      cells,
      ['awareness', 'consideration', 'decision', 'usage', 'loyalty'],
      2,
      'draftOnly'
    );
    // Two drafts-only documents: enough, so neither gap nor thin.
    expect(matrix.rows.awareness.informational).toMatchObject({ gap: false, thin: false });
    // One drafts-only document and nothing published: thin in this view, not a gap.
    expect(matrix.rows.loyalty.commercial).toMatchObject({ gap: false, thin: true });
    // Published only: no drafts here, so a gap in this view.
    expect(matrix.rows.decision.informational.draftOnly).toBe(0);
    expect(matrix.rows.decision.informational.gap).toBe(true);
    expect(matrix.rows.decision.none).toMatchObject({ gap: false, thin: false });
  });

  test('ignores cells of stages outside the journey', () => {
    const matrix = buildMatrix(cells, ['awareness'], 2);
    expect(Object.keys(matrix.rows)).toEqual(['awareness']);
    expect(matrix.total).toEqual({ published: 3, draftOnly: 2 });
  });

  test('merges untagged counts per content type and locale', () => {
    expect(
      mergeUntagged([
        {
          contentType: ART,
          state: 'published',
          rows: [{ intent: null, locale: 'en', count: '2' }],
        },
        { contentType: ART, state: 'draftOnly', rows: [{ intent: null, locale: 'en', count: 1 }] },
      ])
    ).toEqual([{ contentType: ART, locale: 'en', published: 2, draftOnly: 1 }]);
  });
});

describe('journey import planning', () => {
  const current = [
    {
      key: 'customer',
      name: 'Customer',
      stages: [
        { key: 'a', name: 'A', colour: '#111111' },
        { key: 'b', name: 'B' },
      ],
    },
  ];

  test('lists creations, updates, unchanged and kept stages; never deletions', () => {
    const changes = planImport(current, [
      {
        key: 'customer',
        name: 'Customer',
        stages: [
          { key: 'a', name: 'Alpha' },
          { key: 'c', name: 'C' },
        ],
      },
      { key: 'new', name: 'New', stages: [{ key: 'x', name: 'X' }] },
    ]);
    expect(changes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'unchanged', kind: 'journey', journey: 'customer' }),
        expect.objectContaining({
          action: 'update',
          kind: 'stage',
          stage: 'a',
          fields: { name: { from: 'A', to: 'Alpha' } },
        }),
        expect.objectContaining({
          action: 'create',
          kind: 'stage',
          journey: 'customer',
          stage: 'c',
        }),
        expect.objectContaining({ action: 'kept', kind: 'stage', journey: 'customer', stage: 'b' }),
        expect.objectContaining({ action: 'create', kind: 'journey', journey: 'new' }),
        expect.objectContaining({
          action: 'create',
          kind: 'stage',
          journey: 'new',
          stage: 'x',
          position: 0,
        }),
      ])
    );
    expect(changes.some((c) => (c.action as string) === 'delete')).toBe(false);
    expect(summariseImport(changes)).toEqual({ create: 3, update: 1, unchanged: 1, kept: 1 });
  });

  test('an identical file changes nothing', () => {
    const summary = summariseImport(planImport(current, current));
    expect(summary).toEqual({ create: 0, update: 0, unchanged: 3, kept: 0 });
  });
});
