import {
  importProblems,
  journeyProblems,
  schemaProblems,
  stageSchema,
} from '../../server/src/domain/config';
import { CUSTOMER_JOURNEY } from '../../server/src/domain/journeys';
import { LANGUAGES } from '../../server/src/domain/intents';
import { planImport, summariseImport } from '../../server/src/domain/journey-import';
import { STARTER_KEYS, starterFile, starterSummaries } from '../../server/src/starters';

describe('starter journeys', () => {
  test('there is one per audience, the B2C customer journey first', () => {
    expect(STARTER_KEYS).toEqual(['customer', 'b2b', 'candidate', 'investor', 'donor']);
    expect(starterSummaries().map((s) => [s.key, s.stages])).toEqual([
      ['customer', 5],
      ['b2b', 6],
      ['candidate', 6],
      ['investor', 5],
      ['donor', 6],
    ]);
  });

  test.each(STARTER_KEYS)(
    '%s passes the import validation, alone and beside the default',
    async (key) => {
      const file = starterFile(key)!;
      expect(file).toMatchObject({ version: 1, plugin: 'journey', siteTerms: [] });
      expect(file.journeys).toHaveLength(1);
      expect(await importProblems(file.journeys)).toEqual([]);
      // Beside a stored customer journey: the customer starter then updates it, the others add one.
      expect(await importProblems(file.journeys, [CUSTOMER_JOURNEY])).toEqual([]);
      const summary = summariseImport(planImport([], file.journeys));
      expect(summary.create).toBe(1 + file.journeys[0].stages.length);
    }
  );

  test.each(STARTER_KEYS)('%s is named in every language and fills the journey map', (key) => {
    const [journey] = starterFile(key)!.journeys;
    expect(journey.key).toBe(key);
    expect(Object.keys(journey.names ?? {}).sort()).toEqual([...LANGUAGES].sort());
    expect(journey.description).toBeTruthy();
    const stageKeys = journey.stages.map((s) => s.key);
    for (const target of Object.values(journey.intentStages ?? {})) {
      if (target !== null) expect(stageKeys).toContain(target);
    }
    expect(Object.values(journey.intentStages ?? {}).filter(Boolean).length).toBeGreaterThan(2);
    const colours = journey.stages.map((s) => s.colour);
    expect(new Set(colours).size).toBe(colours.length);
    for (const stage of journey.stages) {
      expect(Object.keys(stage.names ?? {}).sort()).toEqual([...LANGUAGES].sort());
      for (const lang of LANGUAGES) expect(stage.names?.[lang]).toBeTruthy();
      expect(stage.customerGoal).toBeTruthy();
      expect(stage.feelings).toBeTruthy();
      for (const list of [stage.touchpoints, stage.painPoints, stage.kpis, stage.opportunities]) {
        expect(list?.length).toBeGreaterThan(0);
      }
      expect([-2, -1, 0, 1, 2]).toContain(stage.emotion);
      expect(schemaProblems(stageSchema, stage)).toEqual([]);
    }
    // Where customers loop back or skip, the starter says so.
    expect(journey.stages.some((s) => s.nextStages?.length)).toBe(true);
    expect(journeyProblems(journey, 'journey')).toEqual([]);
  });

  test('the customer starter is the default customer journey, with the map fields added', () => {
    const [journey] = starterFile('customer')!.journeys;
    const { stages, ...fields } = CUSTOMER_JOURNEY;
    expect(journey).toMatchObject(fields);
    expect(journey.stages.map((s) => s.key)).toEqual(stages.map((s) => s.key));
    journey.stages.forEach((stage, i) => expect(stage).toMatchObject(stages[i]));
  });

  test('a fetched starter is a copy: changing its key leaves the next fetch as it was', () => {
    const file = starterFile('b2b')!;
    file.journeys[0].key = 'partners';
    expect(starterFile('b2b')!.journeys[0].key).toBe('b2b');
    expect(starterFile('nope')).toBeUndefined();
    expect(starterFile('__proto__')).toBeUndefined();
  });
});
