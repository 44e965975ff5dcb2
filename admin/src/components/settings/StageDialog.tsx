import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  MultiSelect,
  MultiSelectOption,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { defaultExpectedIntents } from '../../../../server/src/domain/expected';
import { INTENTS } from '../../../../server/src/domain/intents';
import { STAGE_COLOURS as PALETTE } from '../../../../server/src/domain/keys';
import {
  errorOf,
  useUpdateJourneyStageMutation,
  type Journey,
  type Stage,
} from '../../api/journeys';
import { stageStyle, useLocalName } from '../../journeys';
import {
  EMOTION_SCALE,
  EXPECTED_DEFAULT,
  LANGUAGES,
  LIST_FIELDS,
  formToStage,
  stageProblems,
  stageToForm,
  type StageForm,
} from '../../pages/settings-form';
import { EditModal, NameFields, TextField, useSubmit, useT } from './shared';

/** The stage fields one can edit alone, as the journey map's cells do. */
export const STAGE_FIELDS = [
  'name',
  'names',
  'colour',
  'description',
  'customerGoal',
  'feelings',
  ...LIST_FIELDS,
  'emotion',
  'nextStages',
] as const;
export type StageField = (typeof STAGE_FIELDS)[number];

type SetField = (field: keyof StageForm) => (value: string) => void;

const ColourField = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => {
  const t = useT();
  return (
    <Field.Root name="colour">
      <Field.Label>{t('settings.field.colour', 'Colour')}</Field.Label>
      <Flex gap={2} wrap="wrap">
        {PALETTE.map((colour) => (
          <IconButton
            key={colour}
            label={colour}
            variant={value.toUpperCase() === colour ? 'secondary' : 'ghost'}
            onClick={() => onChange(colour)}
          >
            <span style={{ ...stageStyle(colour), width: '1.4rem', height: '1.4rem' }} />
          </IconButton>
        ))}
        <Box width="12rem">
          <TextInput
            aria-label={t('settings.field.colour', 'Colour')}
            value={value}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => onChange(e.target.value)}
          />
        </Box>
      </Flex>
    </Field.Root>
  );
};

/** −2 … +2 by name: a select, so that only the scale's values can be chosen. */
const EmotionField = ({ value, onChange }: { value: string; onChange: (v: string) => void }) => {
  const t = useT();
  return (
    <Field.Root
      name="emotion"
      hint={t(
        'settings.field.emotionHint',
        'How customers feel at this stage; the map draws it as a curve'
      )}
    >
      <Field.Label>{t('settings.field.emotion', 'Emotion')}</Field.Label>
      <SingleSelect
        value={value}
        placeholder={t('settings.emotion.none', 'Not set')}
        onChange={(v: string | number) => onChange(String(v))}
        onClear={() => onChange('')}
        clearLabel={t('settings.emotion.none', 'Not set')}
      >
        {EMOTION_SCALE.map(({ score, label }) => (
          <SingleSelectOption key={score} value={String(score)}>
            {t(`settings.emotion.${label}`, `${label} (${score})`)}
          </SingleSelectOption>
        ))}
      </SingleSelect>
      <Field.Hint />
    </Field.Root>
  );
};

/** The journey's other stages, in order, that customers often go back or skip to from this one. */
const NextStagesField = ({
  value,
  onChange,
  stages,
}: {
  value: string;
  onChange: (v: string) => void;
  stages: Stage[];
}) => {
  const t = useT();
  const localName = useLocalName();
  const chosen = value.split('\n').filter(Boolean);
  return (
    <Field.Root
      name="nextStages"
      hint={t(
        'settings.field.nextStagesHint',
        'Stages customers often go back or skip to from here; served first by /api/journey/next'
      )}
    >
      <Field.Label>{t('settings.field.nextStages', 'Next stages')}</Field.Label>
      <MultiSelect
        value={chosen}
        withTags
        placeholder={t('settings.field.nextStagesNone', 'None: the next in order')}
        onChange={(keys: string[]) =>
          // Kept in the journey's order, whatever order they were clicked in.
          onChange(
            stages
              .map((s) => s.key)
              .filter((k) => keys.includes(k))
              .join('\n')
          )
        }
        onClear={() => onChange('')}
      >
        {stages.map((s) => (
          <MultiSelectOption key={s.key} value={s.key}>
            {localName(s)}
          </MultiSelectOption>
        ))}
      </MultiSelect>
      <Field.Hint />
    </Field.Root>
  );
};

/**
 * The intents the coverage matrix expects content for in this stage: only their empty cells are
 * gaps there. Until someone chooses, the journey's intent mapping decides, and the field says so.
 */
const ExpectedIntentsField = ({
  value,
  onChange,
  defaults,
}: {
  value: string;
  onChange: (v: string) => void;
  defaults: string[];
}) => {
  const t = useT();
  const intentName = (intent: string) =>
    t(`intent.${intent}`, intent.charAt(0).toUpperCase() + intent.slice(1));
  const isDefault = value === EXPECTED_DEFAULT;
  const chosen = isDefault ? defaults : value.split('\n').filter(Boolean);
  return (
    <Field.Root
      name="expectedIntents"
      hint={
        isDefault
          ? t(
              'settings.field.expectedIntentsDefault',
              'The default, from the intent mapping: {intents}. Only empty cells of these intents are gaps on the coverage page.',
              { intents: defaults.map(intentName).join(', ') || '—' }
            )
          : t(
              'settings.field.expectedIntentsHint',
              'Only empty cells of these intents are gaps on the coverage page; the tags stay as they are.'
            )
      }
    >
      <Field.Label>{t('settings.field.expectedIntents', 'Expected search intents')}</Field.Label>
      <Flex gap={2} alignItems="flex-start">
        <Box flex="1">
          <MultiSelect
            value={chosen}
            withTags
            placeholder={t('settings.field.expectedIntentsNone', 'None: no gaps in this stage')}
            onChange={(intents: string[]) =>
              onChange(INTENTS.filter((i) => intents.includes(i)).join('\n'))
            }
            onClear={() => onChange('')}
            data-testid="stage-expected-intents"
          >
            {INTENTS.map((intent) => (
              <MultiSelectOption key={intent} value={intent}>
                {intentName(intent)}
              </MultiSelectOption>
            ))}
          </MultiSelect>
        </Box>
        {!isDefault && (
          <Button
            variant="tertiary"
            onClick={() => onChange(EXPECTED_DEFAULT)}
            data-testid="stage-expected-default"
          >
            {t('settings.field.expectedIntentsReset', 'Use the default')}
          </Button>
        )}
      </Flex>
      <Field.Hint />
    </Field.Root>
  );
};

/** The input of one stage field; the dialog shows them all, the map's cell editor one. */
const StageFieldInput = ({
  field,
  form,
  set,
  otherStages = [],
}: {
  field: StageField;
  form: StageForm;
  set: SetField;
  /** The journey's other stages, the choices of nextStages. */
  otherStages?: Stage[];
}) => {
  const t = useT();
  switch (field) {
    case 'emotion':
      return <EmotionField value={form.emotion} onChange={set('emotion')} />;
    case 'nextStages':
      return (
        <NextStagesField
          value={form.nextStages}
          onChange={set('nextStages')}
          stages={otherStages}
        />
      );
    case 'name':
      return (
        <TextField
          name="name"
          label={t('settings.field.name', 'Name')}
          value={form.name}
          onChange={set('name')}
          required
        />
      );
    case 'names':
      return (
        <Flex gap={4} alignItems="flex-start">
          {LANGUAGES.map((lang) => (
            <Box flex="1" key={lang}>
              <TextField
                name={`names.${lang}`}
                label={t(`settings.field.name.${lang}`, `Name (${lang})`)}
                value={form[`names.${lang}`]}
                onChange={set(`names.${lang}`)}
              />
            </Box>
          ))}
        </Flex>
      );
    case 'colour':
      return <ColourField value={form.colour} onChange={set('colour')} />;
    case 'description':
      return (
        <TextField
          name="description"
          label={t('settings.field.description', 'Description')}
          value={form.description}
          onChange={set('description')}
          multiline
        />
      );
    case 'customerGoal':
    case 'feelings':
      return (
        <TextField
          name={field}
          label={
            field === 'customerGoal'
              ? t('settings.field.customerGoal', 'Customer goal')
              : t('settings.field.feelings', 'Feelings')
          }
          value={form[field]}
          onChange={set(field)}
          multiline
        />
      );
    default:
      return (
        <TextField
          name={field}
          label={t(`settings.field.${field}`, field)}
          hint={t('settings.field.onePerLine', 'One per line')}
          value={form[field]}
          onChange={set(field)}
          multiline
        />
      );
  }
};

const otherStagesOf = (journey: Journey, stage: Stage | null) =>
  journey.stages.filter((s) => s.documentId !== stage?.documentId);

const useStageForm = (stage: Stage | null) => {
  const [form, setForm] = React.useState<StageForm>(stageToForm(stage));
  const set: SetField = (field) => (value) =>
    setForm((current) => ({ ...current, [field]: value }));
  const reset = (next: Stage) => setForm(stageToForm(next));
  return { form, set, reset };
};

/** Create or edit a stage: names in every language, colour and the journey-map fields. */
export const StageDialog = ({
  stage,
  journey,
  onClose,
  onSave,
}: {
  stage: Stage | null;
  journey: Journey;
  onClose: () => void;
  onSave: (data: Record<string, unknown>) => Promise<void>;
}) => {
  const t = useT();
  const { form, set } = useStageForm(stage);
  const { error, submit } = useSubmit(onSave);
  const [problems, setProblems] = React.useState<string[]>([]);
  const otherStages = otherStagesOf(journey, stage);
  const save = () => {
    const data = formToStage(form);
    const found = stageProblems(
      data,
      otherStages.map((s) => s.key)
    );
    setProblems(found);
    if (found.length) return undefined;
    // The server refuses the save (409) when someone changed the stage since it was loaded.
    if (stage?.updatedAt) data.expectedUpdatedAt = stage.updatedAt;
    return submit(data);
  };
  return (
    <EditModal
      title={stage ? t('settings.stage.edit', 'Edit stage') : t('settings.stage.add', 'Add stage')}
      error={problems.length ? problems.join('; ') : error}
      onClose={onClose}
      onSave={save}
    >
      <NameFields
        name={form.name}
        keyValue={form.key}
        names={(lang) => form[`names.${lang}` as keyof StageForm]}
        onName={set('name')}
        onKey={set('key')}
        onNames={(lang, value) => set(`names.${lang}` as keyof StageForm)(value)}
      />
      <StageFieldInput field="colour" form={form} set={set} />
      <StageFieldInput field="description" form={form} set={set} />
      <ExpectedIntentsField
        value={form.expectedIntents}
        onChange={set('expectedIntents')}
        defaults={defaultExpectedIntents(
          {
            intentStages: journey.intentStages ?? undefined,
            stages: [...otherStages, { key: form.key }],
          },
          form.key
        )}
      />
      <Typography variant="delta" tag="h3">
        {t('settings.map', 'Journey map')}
      </Typography>
      <StageFieldInput field="customerGoal" form={form} set={set} />
      <StageFieldInput field="feelings" form={form} set={set} />
      {LIST_FIELDS.map((field) => (
        <StageFieldInput key={field} field={field} form={form} set={set} />
      ))}
      <StageFieldInput field="emotion" form={form} set={set} />
      <StageFieldInput field="nextStages" form={form} set={set} otherStages={otherStages} />
    </EditModal>
  );
};

/**
 * Edits one field of one stage, for the journey map's edit in place: the dialog's input and
 * validation, saved with the stage's `updatedAt` so that a change someone made since is not
 * overwritten unseen (the server answers 409 and this shows its message).
 */
export const StageFieldEditor = ({
  stage,
  field,
  journey,
  onSaved,
  onCancel,
  inline = false,
}: {
  stage: Stage;
  field: StageField;
  journey: Journey;
  /** Called with the journey as the server returns it after the save. */
  onSaved: (journey: Journey) => void;
  onCancel: () => void;
  /** In the page's flow (a map cell) instead of a dialog. */
  inline?: boolean;
}) => {
  const t = useT();
  const localName = useLocalName();
  const [updateStage] = useUpdateJourneyStageMutation();
  const box = React.useRef<HTMLDivElement>(null);
  // Opened from a map cell by keyboard: the caret goes into the field, as a dialog would put it.
  React.useEffect(() => {
    if (!inline) return;
    box.current?.querySelector<HTMLElement>('input, textarea, [role="combobox"], button')?.focus();
  }, [inline]);
  // The stage as last read: after a conflict, the server's current one, so a second save can win.
  const [base, setBase] = React.useState<Stage>(stage);
  const { form, set, reset } = useStageForm(stage);
  const [error, setError] = React.useState<{ message: string; current?: Stage } | null>(null);
  const [saving, setSaving] = React.useState(false);
  const otherStages = otherStagesOf(journey, stage);
  const save = async () => {
    const full = formToStage(form);
    const problems = stageProblems(
      full,
      otherStages.map((s) => s.key)
    );
    if (problems.length) {
      setError({ message: problems.join('; ') });
      return;
    }
    const patch: Record<string, unknown> = { [field]: full[field] };
    if (base.updatedAt) patch.expectedUpdatedAt = base.updatedAt;
    setSaving(true);
    try {
      onSaved(await updateStage({ documentId: stage.documentId, data: patch }).unwrap());
    } catch (e) {
      const { message, conflict, details } = errorOf(e);
      const current = conflict ? (details?.current as Stage | undefined) : undefined;
      setError({ message, current: current ?? undefined });
    } finally {
      setSaving(false);
    }
  };
  const loadCurrent = (current: Stage) => {
    setBase(current);
    reset(current);
    setError(null);
  };
  const title = t('settings.stage.editField', 'Edit {field} of {stage} ({journey})', {
    field: t(`settings.field.${field}`, field),
    stage: localName(stage),
    journey: localName(journey),
  });
  const message = error && (
    <Flex direction="column" alignItems="flex-start" gap={2}>
      <Typography
        textColor="danger600"
        role="alert"
        data-testid={error.current ? 'stage-conflict' : 'stage-field-error'}
      >
        {error.message}
      </Typography>
      {error.current && (
        <Button variant="secondary" size="S" onClick={() => loadCurrent(error.current as Stage)}>
          {t('settings.stage.loadCurrent', 'Load their change')}
        </Button>
      )}
    </Flex>
  );
  if (!inline) {
    return (
      <EditModal title={title} error={null} onClose={onCancel} onSave={save} saveDisabled={saving}>
        <StageFieldInput field={field} form={form} set={set} otherStages={otherStages} />
        {message}
      </EditModal>
    );
  }
  return (
    <Box
      ref={box}
      role="group"
      aria-label={title}
      padding={3}
      background="neutral0"
      hasRadius
      borderColor="neutral200"
      data-testid="stage-field-editor"
      onKeyDown={(e: React.KeyboardEvent) => {
        // Escape in an open select (a portal, whose events still bubble here) closes only it.
        const inPopup = (e.target as HTMLElement).closest?.('[role="listbox"], [role="option"]');
        if (e.key === 'Escape' && !e.defaultPrevented && !inPopup) onCancel();
      }}
    >
      <Flex direction="column" alignItems="stretch" gap={2}>
        <StageFieldInput field={field} form={form} set={set} otherStages={otherStages} />
        {message}
        <Flex gap={2} justifyContent="flex-end">
          <Button variant="tertiary" onClick={onCancel}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          <Button onClick={save} disabled={saving}>
            {t('settings.save', 'Save')}
          </Button>
        </Flex>
      </Flex>
    </Box>
  );
};
