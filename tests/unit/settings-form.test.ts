import {
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
    };
    const form = stageToForm(stage);
    expect(form.touchpoints).toBe('Reviews\nComparison pages');
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
      names: null,
    });
    expect(stageToForm(null).key).toBe('');
  });

  test('moveItem moves one item and ignores moves out of range', () => {
    expect(moveItem(['a', 'b', 'c', 'd'], 3, 1)).toEqual(['a', 'd', 'b', 'c']);
    expect(moveItem(['a', 'b', 'c'], 0, 2)).toEqual(['b', 'c', 'a']);
    expect(moveItem(['a', 'b'], 0, 5)).toEqual(['a', 'b']);
    expect(moveItem(['a', 'b'], -1, 0)).toEqual(['a', 'b']);
  });
});

describe('stageProblems', () => {
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
