import { journeyProblems, schemaProblems, stageSchema } from '../../server/src/domain/config';
import { nextStageCandidates } from '../../server/src/domain/content-params';
import { CUSTOMER_JOURNEY } from '../../server/src/domain/journeys';

const STAGES = CUSTOMER_JOURNEY.stages.map((s) => s.key);

describe('journey-map stage fields', () => {
  test('emotion is a whole number from -2 to 2, or null', () => {
    for (const emotion of [-2, -1, 0, 1, 2, null]) {
      expect(schemaProblems(stageSchema, { key: 'a', name: 'A', emotion })).toEqual([]);
    }
    for (const emotion of [3, -3, 1.5, '1', 'happy']) {
      const [problem] = schemaProblems(stageSchema, { key: 'a', name: 'A', emotion }, 'stage');
      expect(problem).toMatch(/^stage\.emotion: must be a whole number from -2 to 2 \(-2 /);
    }
  });

  test('opportunities is a list of short texts', () => {
    expect(schemaProblems(stageSchema, { key: 'a', name: 'A', opportunities: ['x'] })).toEqual([]);
    expect(schemaProblems(stageSchema, { key: 'a', name: 'A', opportunities: [''] })).toEqual([
      'opportunities[0]: must not be empty',
    ]);
  });

  test('nextStages are unique keys, not the stage itself, of stages of the journey', () => {
    const stage = (nextStages: unknown) => ({ key: 'a', name: 'A', nextStages });
    expect(schemaProblems(stageSchema, stage(['b']))).toEqual([]);
    expect(schemaProblems(stageSchema, stage(['a']))).toEqual([
      'nextStages: must not name the stage itself',
    ]);
    expect(schemaProblems(stageSchema, stage(['b', 'b']))).toEqual([
      'nextStages: names a stage twice',
    ]);
    expect(schemaProblems(stageSchema, stage(['Not a key']))[0]).toMatch(/^nextStages\[0\]: /);
    const journey = {
      key: 'j',
      name: 'J',
      stages: [stage(['b', 'c']), { key: 'b', name: 'B' }],
    };
    expect(journeyProblems(journey, 'journey')).toEqual([
      'journey ("j").stages[0] ("a").nextStages: unknown stage key "c"; stages of "j": a, b',
    ]);
    // An import keeps stages the file leaves out: they may be named.
    expect(journeyProblems(journey, 'journey', ['c'])).toEqual([]);
  });

  test('/next serves declared next stages first, then the following ones, then the stage', () => {
    expect(nextStageCandidates(STAGES, 'usage', ['consideration', 'usage', 'nope'])).toEqual([
      { key: 'consideration', reason: 'declared' },
      { key: 'loyalty', reason: 'next' },
      { key: 'usage', reason: 'same' },
    ]);
    expect(nextStageCandidates(STAGES, 'consideration', ['usage'])).toEqual([
      { key: 'usage', reason: 'declared' },
      { key: 'decision', reason: 'next' },
      { key: 'loyalty', reason: 'later' },
      { key: 'consideration', reason: 'same' },
    ]);
  });
});
