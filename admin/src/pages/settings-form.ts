/** Pure helpers of the settings page, kept apart so they are tested without a browser. */
import { schemaProblems, stageSchema } from '../../../server/src/domain/config';
import { EMOTIONS } from '../../../server/src/domain/journeys';

export const LANGUAGES = ['en', 'sv', 'nb'] as const;
export const LIST_FIELDS = ['touchpoints', 'painPoints', 'kpis', 'opportunities'] as const;
const TEXT_FIELDS = ['key', 'name', 'colour', 'description', 'customerGoal', 'feelings'] as const;

/** The emotion scale, −2 … +2, with the labels the map and the dialog show. */
export const EMOTION_SCALE = Object.entries(EMOTIONS)
  .map(([score, label]) => ({ score: Number(score), label }))
  .sort((a, b) => a.score - b.score);

/**
 * The form's `expectedIntents` when the stage has made no choice and takes the default from the
 * intent mapping; an empty string is a choice too: the stage expects no intent.
 */
export const EXPECTED_DEFAULT = '*';

/**
 * `emotion` is the score as text ('' for none), `nextStages` the chosen keys one per line,
 * `expectedIntents` the chosen intents one per line or EXPECTED_DEFAULT: the form keeps every
 * field a string, as its inputs do.
 */
export type StageForm = Record<
  | (typeof TEXT_FIELDS)[number]
  | (typeof LIST_FIELDS)[number]
  | 'emotion'
  | 'nextStages'
  | 'expectedIntents'
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
  const emotion = stage?.emotion;
  form.emotion = typeof emotion === 'number' ? String(emotion) : '';
  form.nextStages = Array.isArray(stage?.nextStages) ? stage.nextStages.join('\n') : '';
  form.expectedIntents = Array.isArray(stage?.expectedIntents)
    ? stage.expectedIntents.join('\n')
    : EXPECTED_DEFAULT;
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
  // A score that is no number stays as typed, so that validation names it rather than dropping it.
  const emotion = form.emotion.trim();
  stage.emotion = emotion === '' ? null : Number.isNaN(Number(emotion)) ? emotion : Number(emotion);
  const next = form.nextStages.split('\n').filter(Boolean);
  stage.nextStages = next.length ? next : null;
  // Null goes back to the default; an empty list keeps "expects nothing".
  stage.expectedIntents =
    form.expectedIntents === EXPECTED_DEFAULT
      ? null
      : form.expectedIntents.split('\n').filter(Boolean);
  return stage;
};

/**
 * What the server would refuse in a stage the form produced, with the server's own schema and
 * messages, so a dialog or a map cell says it before sending. Nulls are "clear this field": the
 * server drops them before it validates, and so does this.
 */
export const stageProblems = (
  stage: Record<string, unknown>,
  /** The keys of the journey's stages, for `nextStages`; unchecked when not given. */
  journeyStageKeys?: string[]
): string[] => {
  const problems = schemaProblems(
    stageSchema,
    Object.fromEntries(Object.entries(stage).filter(([, v]) => v !== null && v !== undefined)),
    'stage'
  );
  const next = Array.isArray(stage.nextStages) ? (stage.nextStages as string[]) : [];
  if (journeyStageKeys) {
    for (const key of next.filter((k) => !journeyStageKeys.includes(k))) {
      problems.push(
        `stage.nextStages: unknown stage key "${key}"; valid: ${journeyStageKeys.join(', ')}`
      );
    }
  }
  return problems;
};

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
