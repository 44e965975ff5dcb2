import * as React from 'react';
import {
  Box,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import {
  errorOf,
  useGetJourneyStartersQuery,
  useLazyGetJourneyStarterQuery,
  type Journey,
  type JourneysFile,
} from '../../api/journeys';
import { INTENTS, useLocalName } from '../../journeys';
import { ImportPreview, useImport } from './ImportExport';
import { EditModal, NameFields, TextField, useSubmit, useT } from './shared';

const EMPTY = '';

/** "signup, purchase" as the list the server keeps; an empty field clears the goals. */
export const goalList = (text: string): string[] | null => {
  const names = text
    .split(/[,\s]+/)
    .map((g) => g.trim())
    .filter(Boolean);
  return names.length ? names : null;
};

/**
 * A starter journey is an import: its file goes through the same dry run, preview and apply as a
 * file from Export, so it passes the same checks. Only its key can be changed here, for when a
 * journey with that key exists already (the import would otherwise update that journey).
 */
const StarterImport = ({
  file,
  existingKeys,
  onClose,
  onImported,
  picker,
}: {
  file: JourneysFile;
  existingKeys: string[];
  onClose: () => void;
  onImported: () => void;
  picker: React.ReactNode;
}) => {
  const t = useT();
  const original = file.journeys[0];
  const [key, setKey] = React.useState(original.key);
  const { preview, error, send, reset } = useImport(onImported);
  const payload = () => ({ ...file, journeys: [{ ...original, key: key.trim() }] });
  const taken = existingKeys.includes(key.trim());
  return (
    <EditModal
      title={t('settings.journey.add', 'Add journey')}
      error={error}
      onClose={onClose}
      onSave={() => send(payload(), !preview)}
      saveLabel={
        preview
          ? t('settings.import.apply', 'Apply import')
          : t('settings.import.preview', 'Preview changes')
      }
      saveDisabled={!key.trim()}
    >
      {picker}
      <Typography variant="pi" textColor="neutral600">
        {t(
          'settings.starter.hint',
          'A starter is imported like a file: you see what it creates before it is applied, then edit its stages.'
        )}
      </Typography>
      <TextField
        name="key"
        label={t('settings.field.key', 'Key')}
        hint={t('settings.field.keyHint', 'Used by the API and filters; tags are kept')}
        value={key}
        onChange={(value) => {
          setKey(value);
          reset();
        }}
        required
      />
      {taken && (
        <Typography textColor="warning600" data-testid="journey-starter-key-taken">
          {t(
            'settings.starter.keyTaken',
            'A journey with the key "{key}" exists already: choose another key, or the import updates that journey.',
            { key: key.trim() }
          )}
        </Typography>
      )}
      {preview && <ImportPreview preview={preview} />}
    </EditModal>
  );
};

/** Create or edit a journey's own fields and which stage each search intent points to. */
export const JourneyDialog = ({
  journey,
  existingKeys = [],
  onClose,
  onSave,
  onImported,
}: {
  journey: Journey | null;
  /** The journeys' keys, to warn when a starter's key is taken. */
  existingKeys?: string[];
  onClose: () => void;
  onSave: (data: Record<string, unknown>) => Promise<void>;
  /** After a starter was imported. */
  onImported?: () => void;
}) => {
  const t = useT();
  const localName = useLocalName();
  const [readStarter] = useLazyGetJourneyStarterQuery();
  // None when the server cannot say: the dialog then offers an empty journey only.
  const { data: starters = [] } = useGetJourneyStartersQuery();
  const [starter, setStarter] = React.useState(EMPTY);
  const [starterFile, setStarterFile] = React.useState<JourneysFile | null>(null);
  const [starterError, setStarterError] = React.useState<string | null>(null);
  const chooseStarter = async (value: string) => {
    setStarter(value);
    setStarterFile(null);
    setStarterError(null);
    if (value === EMPTY) return;
    try {
      setStarterFile(await readStarter(value).unwrap());
    } catch (e) {
      setStarterError(errorOf(e).message);
    }
  };
  const picker =
    !journey && starters.length > 0 ? (
      <Field.Root name="starter">
        <Field.Label>{t('settings.starter.label', 'Start from')}</Field.Label>
        <SingleSelect
          value={starter}
          onChange={(value: string | number) => chooseStarter(String(value))}
          data-testid="journey-starter"
        >
          <SingleSelectOption value={EMPTY}>
            {t('settings.starter.empty', 'Empty journey')}
          </SingleSelectOption>
          {starters.map((s) => (
            <SingleSelectOption key={s.key} value={s.key}>
              {`${localName(s)} (${t('settings.starter.stages', '{count, plural, one {# stage} other {# stages}}', { count: s.stages })})`}
            </SingleSelectOption>
          ))}
        </SingleSelect>
        {starterError && <Typography textColor="danger600">{starterError}</Typography>}
      </Field.Root>
    ) : null;
  const [key, setKey] = React.useState(journey?.key ?? '');
  const [name, setName] = React.useState(journey?.name ?? '');
  const [names, setNames] = React.useState<Record<string, string>>({ ...(journey?.names ?? {}) });
  const [description, setDescription] = React.useState(journey?.description ?? '');
  // Typed as one line, "signup, purchase": the server checks each name and names the field.
  const [goals, setGoals] = React.useState((journey?.goals ?? []).join(', '));
  const [intentStages, setIntentStages] = React.useState<Record<string, string | null>>({
    ...(journey?.intentStages ?? {}),
  });
  const { error, submit } = useSubmit(onSave);
  const save = () => {
    const cleanNames = Object.fromEntries(Object.entries(names).filter(([, v]) => v.trim()));
    const data: Record<string, unknown> = {
      key: key.trim(),
      name: name.trim(),
      // Blank means cleared: null tells the server to clear what was there.
      names: Object.keys(cleanNames).length ? cleanNames : null,
      description: description.trim() || null,
      goals: goalList(goals),
    };
    if (journey) data.intentStages = intentStages;
    // The server refuses the save (409) when someone changed the journey since it was loaded.
    if (journey?.updatedAt) data.expectedUpdatedAt = journey.updatedAt;
    return submit(data);
  };
  if (starterFile && starterFile.journeys?.length === 1) {
    return (
      <StarterImport
        key={starter}
        file={starterFile}
        existingKeys={existingKeys}
        onClose={onClose}
        onImported={onImported ?? onClose}
        picker={picker}
      />
    );
  }
  return (
    <EditModal
      title={
        journey
          ? t('settings.journey.edit', 'Edit journey')
          : t('settings.journey.add', 'Add journey')
      }
      error={error}
      onClose={onClose}
      onSave={save}
    >
      {picker}
      <NameFields
        name={name}
        keyValue={key}
        names={(lang) => names[lang] ?? ''}
        onName={setName}
        onKey={setKey}
        onNames={(lang, value) => setNames((n) => ({ ...n, [lang]: value }))}
      />
      <TextField
        name="description"
        label={t('settings.field.description', 'Description')}
        value={description}
        onChange={setDescription}
        multiline
      />
      <TextField
        name="goals"
        label={t('settings.field.goals', 'Goals')}
        hint={t(
          'settings.field.goals.hint',
          'Goals the analytics count, separated by commas, such as signup, purchase: lowercase letters, digits, - and _, at most 20.'
        )}
        value={goals}
        onChange={setGoals}
      />
      {journey && journey.stages.length > 0 && (
        <>
          <Typography variant="delta" tag="h3">
            {t('settings.intentStages', 'Stage for each search intent')}
          </Typography>
          <Flex gap={4} wrap="wrap">
            {INTENTS.map((intent) => (
              <Box key={intent} minWidth="20rem">
                <Field.Root name={`intentStages.${intent}`}>
                  <Field.Label>{t(`intent.${intent}`, intent)}</Field.Label>
                  <SingleSelect
                    value={intentStages[intent] ?? ''}
                    placeholder={t('settings.intentStages.none', 'Decided by the query')}
                    onChange={(value: string | number) =>
                      setIntentStages((m) => ({ ...m, [intent]: String(value) }))
                    }
                    onClear={() => setIntentStages((m) => ({ ...m, [intent]: null }))}
                  >
                    {journey.stages.map((s) => (
                      <SingleSelectOption key={s.key} value={s.key}>
                        {localName(s)}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Box>
            ))}
          </Flex>
        </>
      )}
    </EditModal>
  );
};
