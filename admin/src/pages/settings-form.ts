/** Pure helpers of the settings page, kept apart so they are tested without a browser. */
import { schemaProblems, stageSchema } from '../../../server/src/domain/config';

export const LANGUAGES = ['en', 'sv', 'nb'] as const;
export const LIST_FIELDS = ['touchpoints', 'painPoints', 'kpis'] as const;
const TEXT_FIELDS = ['key', 'name', 'colour', 'description', 'customerGoal', 'feelings'] as const;

export type StageForm = Record<
  | (typeof TEXT_FIELDS)[number]
  | (typeof LIST_FIELDS)[number]
  | `names.${(typeof LANGUAGES)[number]}`,
  string
>;

type StageLike = Record<string, unknown> & { names?: Record<string, string> | null };

/** A stage as the form edits it: every field a string, lists one item per line. */
export const stageToForm = (stage: StageLike | null): StageForm => {
  const form = {} as StageForm;
  for (const field of TEXT_FIELDS) form[field] = String(stage?.[field] ?? '');
  for (const field of LIST_FIELDS) {
    const list = stage?.[field];
    form[field] = Array.isArray(list) ? list.join('\n') : '';
  }
  for (const lang of LANGUAGES) form[`names.${lang}`] = stage?.names?.[lang] ?? '';
  return form;
};

/**
 * The form back as the API's stage: blank text and empty lists are sent as null so that clearing a
 * field clears it, names only for languages that have one.
 */
export const formToStage = (form: StageForm): Record<string, unknown> => {
  const stage: Record<string, unknown> = {
    key: form.key.trim(),
    name: form.name.trim(),
  };
  for (const field of ['colour', 'description', 'customerGoal', 'feelings'] as const) {
    stage[field] = form[field].trim() || null;
  }
  for (const field of LIST_FIELDS) {
    const items = form[field]
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    stage[field] = items.length ? items : null;
  }
  const names = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, form[`names.${lang}`].trim()]).filter(([, v]) => v)
  );
  stage.names = Object.keys(names).length ? names : null;
  return stage;
};

/**
 * What the server would refuse in a stage the form produced, with the server's own schema and
 * messages, so a dialog or a map cell says it before sending. Nulls are "clear this field": the
 * server drops them before it validates, and so does this.
 */
export const stageProblems = (stage: Record<string, unknown>): string[] =>
  schemaProblems(
    stageSchema,
    Object.fromEntries(Object.entries(stage).filter(([, v]) => v !== null && v !== undefined)),
    'stage'
  );

/** The list with the item at `from` moved to `to`; out-of-range moves leave it as it is. */
export const moveItem = <T>(items: T[], from: number, to: number): T[] => {
  if (from < 0 || from >= items.length || to < 0 || to >= items.length || from === to) {
    return [...items];
  }
  const next = [...items];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
};
