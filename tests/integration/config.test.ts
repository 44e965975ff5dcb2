import { bootError, startApp } from '../helpers/app';

const stage = (key: string) => ({ key, name: key });
const journey = (extra: Record<string, unknown> = {}) => ({
  key: 'b2b',
  name: 'B2B buyer',
  stages: [stage('problem'), stage('solution'), stage('vendor')],
  ...extra,
});

describe('a wrong plugin config stops Strapi at boot, naming the key', () => {
  test.each([
    [
      'an unknown stage key in an intent mapping',
      { journeys: [journey({ intentStages: { commercial: 'consideration' } })] },
      'journeys[0] ("b2b").intentStages.commercial: unknown stage key "consideration"; stages of "b2b": problem, solution, vendor',
    ],
    [
      'duplicate stage keys',
      { journeys: [journey({ stages: [stage('problem'), stage('problem')] })] },
      'journeys[0] ("b2b").stages[1] ("problem").key: duplicate stage key "problem" in journey "b2b"',
    ],
    [
      'duplicate journey keys',
      { journeys: [journey(), journey()] },
      'journeys[1] ("b2b").key: duplicate journey key "b2b"',
    ],
    [
      'a content type uid that does not exist',
      { contentTypes: ['api::page.page', 'api::missing.missing'] },
      'contentTypes[1]: content type "api::missing.missing" does not exist',
    ],
    ['a wrong type', { thinThreshold: 'two' }, 'thinThreshold'],
    [
      'a wrong analytics value',
      { analytics: { flushIntervalMs: 50 } },
      'analytics.flushIntervalMs: must be at least 100',
    ],
    [
      'a key that is not a slug',
      { journeys: [journey({ key: 'B2B Buyer' })] },
      'journeys[0] ("B2B Buyer").key: must be a lowercase slug',
    ],
    ['an unknown key', { journies: [] }, 'unknown key: journies'],
    [
      'an unknown intent in the terms',
      { intent: { terms: { sv: { impulsive: ['nu'] } } } },
      'intent.terms.sv',
    ],
  ])('%s', async (_what, pluginConfig, message) => {
    const error = await bootError({ pluginConfig });
    expect(error.message).toContain('Invalid config for plugin "journey"');
    expect(error.message).toContain(message);
  });
});

test('a config with problems of different kinds reports all of them at once', async () => {
  const error = await bootError({
    pluginConfig: {
      contentTypes: ['api::missing.missing'],
      thinThreshold: 'two',
      journeys: [
        journey({ stages: [stage('problem'), { key: 'solution', name: 'x'.repeat(300) }] }),
      ],
    },
  });
  expect(error.message).toContain('Invalid config for plugin "journey"');
  expect(error.message).toContain(
    'contentTypes[0]: content type "api::missing.missing" does not exist'
  );
  expect(error.message).toContain('thinThreshold: must be a `number` type');
  expect(error.message).toContain(
    'journeys[0] ("b2b").stages[1] ("solution").name: must be at most 255 characters'
  );
});

describe('a valid plugin config', () => {
  test('creates its own journeys on first boot instead of the default one', async () => {
    const app = await startApp({
      pluginConfig: {
        contentTypes: ['api::page.page'],
        thinThreshold: 3,
        journeys: [
          journey({ intentStages: { informational: 'problem', commercial: 'solution' } }),
          { key: 'partner', name: 'Partner', stages: [stage('recruit')] },
        ],
      },
    });
    try {
      const journeys = await app.strapi.plugin('journey').service('journeys').list();
      expect(journeys.map((j: { key: string }) => j.key)).toEqual(['b2b', 'partner']);
      expect(journeys[0].stages.map((s: { key: string }) => s.key)).toEqual([
        'problem',
        'solution',
        'vendor',
      ]);
      expect(journeys[0].intentStages).toMatchObject({
        informational: 'problem',
        commercial: 'solution',
      });
      const coverage = await app.strapi
        .plugin('journey')
        .service('coverage')
        .compute({ journey: 'b2b' });
      expect(coverage.thinThreshold).toBe(3);
    } finally {
      await app.stop();
    }
  });
});
