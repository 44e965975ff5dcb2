import {
  EMOTION_SCALE,
  EXPECTED_DEFAULT,
  formToStage,
  moveItem,
  stageProblems,
  stageToForm,
} from '../../admin/src/pages/settings-form';

describe('settings form helpers', () => {
  test('a stage goes into the form and back unchanged, lists one item per line', () => {
    const stage = {
      key: 'consideration',
      name: 'Consideration',
      names: { en: 'Consideration', sv: 'Övervägande', nb: 'Vurdering' },
      colour: '#0C75AF',
      description: 'Comparing options',
      customerGoal: 'Find the right shoe',
      feelings: 'Curious, unsure',
      touchpoints: ['Reviews', 'Comparison pages'],
      painPoints: ['Too many models'],
      kpis: ['Time on comparison pages'],
      opportunities: ['A size guide on every product page'],
      emotion: -1,
      nextStages: ['awareness', 'decision'],
      expectedIntents: ['commercial', 'informational'],
    };
    const form = stageToForm(stage);
    expect(form.touchpoints).toBe('Reviews\nComparison pages');
    expect(form.emotion).toBe('-1');
    expect(form['names.sv']).toBe('Övervägande');
    expect(formToStage(form)).toEqual(stage);
  });

  test('blank fields become null, so that clearing a field clears it', () => {
    const form = stageToForm({ key: 'usage', name: 'Usage', kpis: ['Returns'], names: null });
    form.kpis = '  \n ';
    expect(formToStage(form)).toEqual({
      key: 'usage',
      name: 'Usage',
      colour: null,
      description: null,
      customerGoal: null,
      feelings: null,
      touchpoints: null,
      painPoints: null,
      kpis: null,
      opportunities: null,
      names: null,
      emotion: null,
      nextStages: null,
      // No choice made: the default from the intent mapping.
      expectedIntents: null,
    });
    expect(stageToForm(null).key).toBe('');
  });

  test('expected intents: unset is the default, an empty list a choice of none', () => {
    const unset = stageToForm({ key: 'usage', name: 'Usage' });
    expect(unset.expectedIntents).toBe(EXPECTED_DEFAULT);
    expect(formToStage(unset).expectedIntents).toBeNull();
    const none = stageToForm({ key: 'usage', name: 'Usage', expectedIntents: [] });
    expect(none.expectedIntents).toBe('');
    expect(formToStage(none).expectedIntents).toEqual([]);
    expect(stageProblems(formToStage(none))).toEqual([]);
    none.expectedIntents = 'informational\nshopping';
    expect(stageProblems(formToStage(none))).toEqual([
      expect.stringMatching(/^stage\.expectedIntents\[1\]: must be one of: informational, /),
    ]);
  });

  test('moveItem moves one item and ignores moves out of range', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], -1, 0)).toEqual(['a', 'b']);
  });
});

describe('stageProblems', () => {
  test('emotion is a whole score from -2 to 2, as the server requires', () => {
    const form = stageToForm({ key: 'usage', name: 'Usage', emotion: 0 });
    expect(form.emotion).toBe('0');
    expect(formToStage(form).emotion).toBe(0);
    expect(EMOTION_SCALE.map((e) => `${e.score} ${e.label}`)).toEqual([
      '-2 frustrated',
      '-1 unhappy',
      '0 neutral',
      '1 content',
      '2 delighted',
    ]);
    // Text is refused too (with yup's type message); the select cannot produce it.
    form.emotion = 'happy';
    expect(stageProblems(formToStage(form))).toEqual([expect.stringMatching(/^stage\.emotion: /)]);
    for (const bad of ['3', '1.5', '-3']) {
      form.emotion = bad;
      expect(stageProblems(formToStage(form))).toEqual([
        expect.stringMatching(/^stage\.emotion: must be a whole number from -2 to 2/),
      ]);
    }
  });

  test('nextStages must name other stages of the journey, never the stage itself', () => {
    const form = stageToForm({ key: 'usage', name: 'Usage', nextStages: ['loyalty'] });
    const keys = ['awareness', 'decision', 'loyalty'];
    expect(stageProblems(formToStage(form), keys)).toEqual([]);
    form.nextStages = 'loyalty\ngone';
    expect(stageProblems(formToStage(form), keys)).toEqual([
      'stage.nextStages: unknown stage key "gone"; valid: awareness, decision, loyalty',
    ]);
    form.nextStages = 'usage';
    expect(stageProblems(formToStage(form), keys).join('\n')).toMatch(
      /nextStages: must not name the stage itself/
    );
  });

  test('names what the server would refuse, with its messages, and accepts cleared fields', () => {
    const form = stageToForm({ key: 'usage', name: 'Usage' });
    expect(stageProblems(formToStage(form))).toEqual([]);
    form.key = 'Not a key';
    form.colour = 'red';
    form.name = '';
    const problems = stageProblems(formToStage(form));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^stage\.key: must be a lowercase slug/),
        expect.stringMatching(/^stage.*colour: must be a hex colour like #4945FF/),
      ])
    );
    expect(problems.some((p) => /name/.test(p))).toBe(true);
  });

  test('a list longer than the server allows is refused before it is sent', () => {
    const form = stageToForm({ key: 'usage', name: 'Usage' });
    form.kpis = Array.from({ length: 31 }, (_, i) => `kpi ${i}`).join('\n');
    expect(stageProblems(formToStage(form))).toEqual([
      expect.stringMatching(/kpis: must have at most 30 items/),
    ]);
  });
});
