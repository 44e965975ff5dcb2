import type { CoverageCell, CoverageMatrix } from '../../../server/src/domain/coverage';

export type Column =
  'informational' | 'commercial' | 'transactional' | 'navigational' | 'local' | 'none';

const INTENTS: Column[] = ['informational', 'commercial', 'transactional', 'navigational', 'local'];

export interface SummaryLine {
  stage: string;
  /** empty: nothing published in the stage; locale: nothing in that language; intent: an expected intent with nothing. */
  kind: 'empty' | 'locale' | 'intent';
  detail?: string;
}

/**
 * The sentences a marketer reads first: stages with nothing, languages that lack a stage, and
 * intents a stage does not serve. Entries of types without i18n count for every language.
 */
export const stageSummaries = (
  cells: CoverageCell[],
  stageKeys: string[],
  locales: string[],
  matrix: CoverageMatrix
): SummaryLine[] => {
  const lines: SummaryLine[] = [];
  for (const stage of stageKeys) {
    if (matrix.stageTotals[stage].published === 0) {
      lines.push({ stage, kind: 'empty' });
      continue;
    }
    for (const locale of locales) {
      const published = cells
        .filter((c) => c.stage === stage && (c.locale === locale || c.locale === null))
        .reduce((sum, c) => sum + c.published, 0);
      if (published === 0) lines.push({ stage, kind: 'locale', detail: locale });
    }
    // Only what the stage expects: an empty cell it does not expect is no gap to report.
    for (const intent of INTENTS) {
      const cell = matrix.rows[stage][intent];
      if (cell.expected && cell.published === 0)
        lines.push({ stage, kind: 'intent', detail: intent });
    }
  }
  return lines;
};

/**
 * A spreadsheet runs text that starts with one of these as a formula (a stage named
 * `=HYPERLINK(...)` would become a live link): OWASP's CSV-injection advice is a leading quote.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export const neutraliseFormula = (text: string) => (FORMULA_START.test(text) ? `'${text}` : text);

const csvField = (value: string | number) => {
  // Counts are numbers we computed; only names typed by editors can carry a formula.
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
  return /[",\n\r;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The matrix as shown, published and drafts-only per cell, for a spreadsheet. */
export const matrixCsv = <S extends { key: string }>(
  stages: S[],
  matrix: CoverageMatrix,
  columns: Column[],
  stageName: (stage: S) => string
) => {
  const header = [
    'stage',
    ...columns.flatMap((c) => [`${c} published`, `${c} drafts only`]),
    'total published',
  ];
  const rows = stages.map((stage) => [
    stageName(stage),
    ...columns.flatMap((c) => [
      matrix.rows[stage.key][c].published,
      matrix.rows[stage.key][c].draftOnly,
    ]),
    matrix.stageTotals[stage.key].published,
  ]);
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
};
