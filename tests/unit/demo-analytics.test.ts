import { addDelta, emptyDeltaSet, type DeltaSet } from '../../server/src/domain/analytics/keys';
import { demoRollups, type DemoDocument } from '../../demo/src/seed/analytics';

const STAGES = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'].map(
  (key, position) => ({ documentId: `s-${key}`, key, position })
);

// Two documents per stage in English, fewer in Swedish (no loyalty, as the demo's gap).
const DOCUMENTS: DemoDocument[] = STAGES.flatMap((stage) =>
  ['en', 'sv'].flatMap((locale) =>
    locale === 'sv' && stage.key === 'loyalty'
      ? []
      : [1, 2].map((n) => ({
          contentType: 'api::article.article',
          documentId: `${stage.key}-${n}`,
          locale,
          intent: n === 1 ? 'informational' : 'commercial',
          stages: [stage.documentId],
        }))
  )
);

const run = (seed = 7) => {
  const set = emptyDeltaSet();
  const result = demoRollups(
    { journeyDocumentId: 'j', stages: STAGES, documents: DOCUMENTS, today: '2026-12-07', seed },
    (table, values, counts) => addDelta(set, table as never, values as never, counts as never)
  );
  return { set, ...result };
};

const sum = (set: DeltaSet, table: keyof DeltaSet, column: string, where = {}) =>
  [...set[table].values()]
    .filter((d) =>
      Object.entries(where).every(([k, v]) => (d.values as Record<string, unknown>)[k] === v)
    )
    .reduce((n, d) => n + ((d.counts as Record<string, number>)[column] ?? 0), 0);

describe('the demo’s seeded analytics', () => {
  const { set, sessions } = run();

  test('cover 90 days ending today, in events rows only', () => {
    const days = new Set([...set.stages.values()].map((d) => d.values.day));
    expect(days.size).toBe(90);
    expect([...days].sort()[89]).toBe('2026-12-07');
    expect([...days].sort()[0]).toBe('2026-09-09');
    expect([...set.stages.values()].every((d) => d.values.source === 'events')).toBe(true);
    expect(sessions).toBeGreaterThan(5000);
  });

  test('make a funnel that narrows stage by stage', () => {
    const funnel = STAGES.map((s) =>
      sum(set, 'stages', 'sessions', { stageDocumentId: s.documentId })
    );
    for (let i = 1; i < funnel.length; i += 1) expect(funnel[i]).toBeLessThan(funnel[i - 1]);
    expect(funnel[0]).toBe(sessions);
  });

  test('hold together like collected figures: exits between 0 and views, entries = sessions', () => {
    for (const delta of set.documents.values()) {
      const c = delta.counts as Record<string, number>;
      expect(c.exits ?? 0).toBeGreaterThanOrEqual(0);
      expect(c.exits ?? 0).toBeLessThanOrEqual(c.views ?? 0);
    }
    expect(sum(set, 'stages', 'entries')).toBe(sessions);
  });

  test('move back and forth between stages', () => {
    const back = [...set.transitions.values()].filter(
      (d) =>
        STAGES.findIndex((s) => s.documentId === d.values.fromStageDocumentId) >
        STAGES.findIndex((s) => s.documentId === d.values.toStageDocumentId)
    );
    expect(back.length).toBeGreaterThan(0);
    expect(sum(set, 'stages', 'returns')).toBeGreaterThan(0);
  });

  test('answer helpfulness often on some stages and rarely on loyalty', () => {
    const answers = (key: string) =>
      sum(set, 'stages', 'helpfulYes', { stageDocumentId: `s-${key}` }) +
      sum(set, 'stages', 'helpfulNo', { stageDocumentId: `s-${key}` });
    expect(answers('consideration')).toBeGreaterThan(100);
    expect(answers('loyalty')).toBeLessThan(20);
  });

  test('count each goal at the furthest and the first stage alike', () => {
    const furthest = sum(set, 'goals', 'conversions', {
      attribution: 'furthest',
      goal: 'purchase',
    });
    const first = sum(set, 'goals', 'conversions', { attribution: 'first', goal: 'purchase' });
    expect(furthest).toBeGreaterThan(0);
    expect(furthest).toBe(first);
  });

  test('never send Swedish readers to a stage without Swedish content', () => {
    expect(sum(set, 'stages', 'views', { stageDocumentId: 's-loyalty', entryLocale: 'sv' })).toBe(
      0
    );
  });

  test('are the same on every run with the same seed', () => {
    expect(sum(run().set, 'stages', 'views')).toBe(sum(set, 'stages', 'views'));
  });
});
