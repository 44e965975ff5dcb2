import { buildMatrix, type CoverageCell } from '../../server/src/domain/coverage';
import { matrixCsv, neutraliseFormula, stageSummaries } from '../../admin/src/pages/coverage-view';

const ART = 'api::article.article';
const PAGE = 'api::page.page';
const cell = (
  stage: string,
  intent: CoverageCell['intent'],
  locale: string | null,
  published: number,
  contentType = ART
): CoverageCell => ({
  stage,
  intent,
  contentType,
  locale,
  published,
  draftOnly: 0,
});

const cells = [
  cell('awareness', 'informational', 'en', 3),
  cell('awareness', 'informational', 'sv', 1),
  cell('decision', 'transactional', 'en', 2),
  cell('decision', 'local', null, 1, PAGE),
];
const stages = ['awareness', 'decision', 'loyalty'];
const matrix = buildMatrix(cells, stages, 2);

test('summaries name empty stages, missing languages and missing intents', () => {
  const lines = stageSummaries(cells, stages, ['en', 'sv'], matrix);
  expect(lines).toContainEqual({ stage: 'loyalty', kind: 'empty' });
  expect(lines).toContainEqual({ stage: 'awareness', kind: 'intent', detail: 'transactional' });
  // decision has a page (no locale) that counts for Swedish too
  expect(lines).not.toContainEqual({ stage: 'decision', kind: 'locale', detail: 'sv' });
  expect(lines.filter((l) => l.stage === 'loyalty')).toHaveLength(1);
});

test('At a glance names only the intents a stage expects', () => {
  const expected = {
    awareness: { informational: true, commercial: false, transactional: false },
    decision: { transactional: true, local: true, navigational: true },
    loyalty: { transactional: true },
  };
  const lines = stageSummaries(
    cells,
    stages,
    [],
    buildMatrix(cells, stages, 2, 'published', expected)
  );
  expect(lines).toEqual([
    // navigational is expected in decision and has nothing; the others it lacks are not expected
    { stage: 'decision', kind: 'intent', detail: 'navigational' },
    { stage: 'loyalty', kind: 'empty' },
  ]);
});

test('a language without a stage is named', () => {
  const svLess = [cell('awareness', 'informational', 'en', 3)];
  const lines = stageSummaries(
    svLess,
    ['awareness'],
    ['en', 'sv'],
    buildMatrix(svLess, ['awareness'], 2)
  );
  expect(lines).toContainEqual({ stage: 'awareness', kind: 'locale', detail: 'sv' });
});

test('CSV holds both counts per cell, quoted where needed', () => {
  const csv = matrixCsv(
    stages.map((key) => ({ key })),
    matrix,
    ['informational', 'transactional', 'none'],
    (s) => (s.key === 'awareness' ? 'Awareness, "top"' : s.key)
  );
  const [header, first] = csv.trim().split('\n');
  expect(header).toBe(
    'stage,informational published,informational drafts only,transactional published,transactional drafts only,none published,none drafts only,total published'
  );
  expect(first).toBe('"Awareness, ""top""",4,0,0,0,0,0,4');
});

test('CSV neutralises cells a spreadsheet would run as a formula (OWASP: leading quote)', () => {
  const names: Record<string, string> = {
    awareness: '=HYPERLINK("http://evil","x")',
    decision: '-2+3',
    loyalty: '@SUM(A1)',
  };
  const csv = matrixCsv(
    stages.map((key) => ({ key })),
    matrix,
    ['informational'],
    (s) => names[s.key] ?? s.key
  );
  expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
  expect(csv).toContain("'-2+3,");
  expect(csv).toContain("'@SUM(A1),");
  expect(csv.split('\n').filter((l) => /^[=+\-@\t]/.test(l))).toEqual([]);
});

test('a carriage return at the start is neutralised and quoted; plain names are untouched', () => {
  expect(neutraliseFormula('\rcmd')).toBe("'\rcmd");
  expect(neutraliseFormula('+1+1')).toBe("'+1+1");
  expect(neutraliseFormula('\tTabbed')).toBe("'\tTabbed");
  expect(neutraliseFormula('Awareness')).toBe('Awareness');
  const csv = matrixCsv([{ key: 'awareness' }], matrix, ['informational'], () => '\rcmd');
  expect(csv.split('\n')[1].startsWith(`"'\rcmd"`)).toBe(true);
});
