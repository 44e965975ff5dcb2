import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  IconButton,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Download, Drag, Pencil, Plus, Trash, Upload } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { STAGE_COLOURS as PALETTE } from '../../../server/src/domain/keys';
import { INTENTS, stageStyle, useLocalName } from '../journeys';
import { getTranslation } from '../utils/getTranslation';
import {
  LANGUAGES,
  LIST_FIELDS,
  formToStage,
  moveItem,
  stageToForm,
  type StageForm,
} from './settings-form';

interface Stage {
  id: number;
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour?: string | null;
  position: number;
  [field: string]: unknown;
}

interface Journey {
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  description?: string | null;
  intentStages?: Record<string, string | null> | null;
  stages: Stage[];
}

interface ApiError {
  response?: { data?: { error?: { message?: string; details?: Record<string, unknown> } } };
  message?: string;
}

const errorOf = (e: unknown) => {
  const error = (e as ApiError).response?.data?.error;
  return { message: error?.message ?? (e as ApiError).message ?? 'Error', details: error?.details };
};

const useT = () => {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
};

const TextField = ({
  name,
  label,
  value,
  onChange,
  hint,
  multiline = false,
  required = false,
}: {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  multiline?: boolean;
  required?: boolean;
}) => (
  <Field.Root name={name} hint={hint} required={required}>
    <Field.Label>{label}</Field.Label>
    {multiline ? (
      <Textarea value={value} onChange={(e) => onChange(e.target.value)} />
    ) : (
      <TextInput value={value} onChange={(e) => onChange(e.target.value)} />
    )}
    <Field.Hint />
  </Field.Root>
);

/** The frame of the settings' edit dialogs: title, fields, the last save's error, Cancel, Save. */
const EditModal = ({
  title,
  error,
  onClose,
  onSave,
  children,
}: {
  title: string;
  error: string | null;
  onClose: () => void;
  onSave: () => void;
  children: React.ReactNode;
}) => {
  const t = useT();
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            {children}
            {error && <Typography textColor="danger600">{error}</Typography>}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          <Button onClick={onSave}>{t('settings.save', 'Save')}</Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Name, key and the name in each language: alike for journeys and stages. */
const NameFields = ({
  name,
  keyValue,
  names,
  onName,
  onKey,
  onNames,
}: {
  name: string;
  keyValue: string;
  names: (lang: string) => string;
  onName: (value: string) => void;
  onKey: (value: string) => void;
  onNames: (lang: string, value: string) => void;
}) => {
  const t = useT();
  return (
    <>
      <Flex gap={4} alignItems="flex-start">
        <Box flex="1">
          <TextField
            name="name"
            label={t('settings.field.name', 'Name')}
            value={name}
            onChange={onName}
            required
          />
        </Box>
        <Box flex="1">
          <TextField
            name="key"
            label={t('settings.field.key', 'Key')}
            hint={t('settings.field.keyHint', 'Used by the API and filters; tags are kept')}
            value={keyValue}
            onChange={onKey}
            required
          />
        </Box>
      </Flex>
      <Flex gap={4} alignItems="flex-start">
        {LANGUAGES.map((lang) => (
          <Box flex="1" key={lang}>
            <TextField
              name={`names.${lang}`}
              label={t(`settings.field.name.${lang}`, `Name (${lang})`)}
              value={names(lang)}
              onChange={(value) => onNames(lang, value)}
            />
          </Box>
        ))}
      </Flex>
    </>
  );
};

/** Saves through the dialog's callback and keeps the server's message to show in the dialog. */
const useSubmit = (onSave: (data: Record<string, unknown>) => Promise<void>) => {
  const [error, setError] = React.useState<string | null>(null);
  const submit = async (data: Record<string, unknown>) => {
    try {
      await onSave(data);
    } catch (e) {
      setError(errorOf(e).message);
    }
  };
  return { error, submit };
};

/** Create or edit a stage: names in every language, colour and the journey-map fields. */
const StageModal = ({
  stage,
  onClose,
  onSave,
}: {
  stage: Stage | null;
  onClose: () => void;
  onSave: (data: Record<string, unknown>) => Promise<void>;
}) => {
  const t = useT();
  const [form, setForm] = React.useState<StageForm>(stageToForm(stage));
  const { error, submit } = useSubmit(onSave);
  const set = (field: keyof StageForm) => (value: string) =>
    setForm((current) => ({ ...current, [field]: value }));
  const save = () => submit(formToStage(form));
  return (
    <EditModal
      title={stage ? t('settings.stage.edit', 'Edit stage') : t('settings.stage.add', 'Add stage')}
      error={error}
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
      <Field.Root name="colour">
        <Field.Label>{t('settings.field.colour', 'Colour')}</Field.Label>
        <Flex gap={2} wrap="wrap">
          {PALETTE.map((colour) => (
            <IconButton
              key={colour}
              label={colour}
              variant={form.colour.toUpperCase() === colour ? 'secondary' : 'ghost'}
              onClick={() => set('colour')(colour)}
            >
              <span style={{ ...stageStyle(colour), width: '1.4rem', height: '1.4rem' }} />
            </IconButton>
          ))}
          <Box width="12rem">
            <TextInput
              aria-label={t('settings.field.colour', 'Colour')}
              value={form.colour}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) => set('colour')(e.target.value)}
            />
          </Box>
        </Flex>
      </Field.Root>
      <TextField
        name="description"
        label={t('settings.field.description', 'Description')}
        value={form.description}
        onChange={set('description')}
        multiline
      />
      <Typography variant="delta" tag="h3">
        {t('settings.map', 'Journey map')}
      </Typography>
      <TextField
        name="customerGoal"
        label={t('settings.field.customerGoal', 'Customer goal')}
        value={form.customerGoal}
        onChange={set('customerGoal')}
        multiline
      />
      <TextField
        name="feelings"
        label={t('settings.field.feelings', 'Feelings')}
        value={form.feelings}
        onChange={set('feelings')}
        multiline
      />
      {LIST_FIELDS.map((field) => (
        <TextField
          key={field}
          name={field}
          label={t(`settings.field.${field}`, field)}
          hint={t('settings.field.onePerLine', 'One per line')}
          value={form[field]}
          onChange={set(field)}
          multiline
        />
      ))}
    </EditModal>
  );
};

/** Create or edit a journey's own fields and which stage each search intent points to. */
const JourneyModal = ({
  journey,
  onClose,
  onSave,
}: {
  journey: Journey | null;
  onClose: () => void;
  onSave: (data: Record<string, unknown>) => Promise<void>;
}) => {
  const t = useT();
  const localName = useLocalName();
  const [key, setKey] = React.useState(journey?.key ?? '');
  const [name, setName] = React.useState(journey?.name ?? '');
  const [names, setNames] = React.useState<Record<string, string>>({ ...(journey?.names ?? {}) });
  const [description, setDescription] = React.useState(journey?.description ?? '');
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
    };
    if (journey) data.intentStages = intentStages;
    return submit(data);
  };
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

interface Usage {
  contentType: string;
  documents: number;
}

/**
 * Deleting a stage or journey: asks first, and when entries use it, names them and asks where to
 * move them. The server refuses to drop tags, so this dialog is the person-facing side of that rule.
 */
const DeleteDialog = ({
  target,
  journeys,
  onClose,
  onDeleted,
}: {
  target: { kind: 'stage'; stage: Stage; journey: Journey } | { kind: 'journey'; journey: Journey };
  journeys: Journey[];
  onClose: () => void;
  onDeleted: () => void;
}) => {
  const t = useT();
  const localName = useLocalName();
  const { del } = useFetchClient();
  const [usage, setUsage] = React.useState<Usage[] | null>(null);
  const [moveTo, setMoveTo] = React.useState('');
  const [error, setError] = React.useState<string | null>(null);
  const excluded =
    target.kind === 'stage'
      ? [target.stage.documentId]
      : target.journey.stages.map((s) => s.documentId);
  const options = journeys.flatMap((j) =>
    j.stages
      .filter((s) => !excluded.includes(s.documentId))
      .map((s) => ({ value: `${j.key}.${s.key}`, label: `${localName(j)} › ${localName(s)}` }))
  );
  const name = target.kind === 'stage' ? localName(target.stage) : localName(target.journey);
  const url =
    target.kind === 'stage'
      ? `/journey/stages/${target.stage.documentId}`
      : `/journey/journeys/${target.journey.key}`;

  const confirm = async () => {
    try {
      await del(url, { params: moveTo ? { moveTo } : {} });
      onDeleted();
    } catch (e) {
      const { message, details } = errorOf(e);
      if (details && Array.isArray(details.usage)) setUsage(details.usage as Usage[]);
      else setError(message);
    }
  };
  const total = usage?.reduce((sum, u) => sum + u.documents, 0) ?? 0;

  return (
    <Dialog.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Dialog.Content>
        <Dialog.Header>{t('settings.delete.title', 'Delete {name}?', { name })}</Dialog.Header>
        <Dialog.Body>
          <Flex direction="column" alignItems="stretch" gap={3} width="100%">
            {usage ? (
              <>
                <Typography data-testid="journey-delete-usage">
                  {t(
                    'settings.delete.inUse',
                    '{count} entries are tagged with {name}. Choose a stage to move them to.',
                    { count: total, name }
                  )}
                </Typography>
                {usage.map((u) => (
                  <Typography key={u.contentType} variant="pi" textColor="neutral600">
                    {u.contentType.split('.').pop()}: {u.documents}
                  </Typography>
                ))}
                <SingleSelect
                  aria-label={t('settings.delete.moveTo', 'Move entries to')}
                  placeholder={t('settings.delete.moveTo', 'Move entries to')}
                  value={moveTo}
                  onChange={(value: string | number) => setMoveTo(String(value))}
                >
                  {options.map((o) => (
                    <SingleSelectOption key={o.value} value={o.value}>
                      {o.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </>
            ) : (
              <Typography>{t('settings.delete.confirm', 'This cannot be undone.')}</Typography>
            )}
            {error && <Typography textColor="danger600">{error}</Typography>}
          </Flex>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button variant="tertiary" fullWidth>
              {t('settings.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button variant="danger-light" fullWidth disabled={!!usage && !moveTo} onClick={confirm}>
            {usage && moveTo
              ? t('settings.delete.moveAndDelete', 'Move and delete')
              : t('settings.delete.action', 'Delete')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};

interface ImportResult {
  dryRun: boolean;
  summary: Record<string, number>;
  changes: Array<{ kind: string; action: string; journey: string; stage?: string }>;
}

/** Import shows what would change (a dry run on the server) before anything is written. */
const ImportModal = ({ onClose, onImported }: { onClose: () => void; onImported: () => void }) => {
  const t = useT();
  const { post } = useFetchClient();
  const [text, setText] = React.useState('');
  const [preview, setPreview] = React.useState<ImportResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const send = async (dryRun: boolean) => {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      setError(t('settings.import.notJson', 'This is not valid JSON.'));
      return;
    }
    try {
      const { data } = await post<ImportResult>('/journey/journeys/import', payload, {
        params: { dryRun: String(dryRun) },
      });
      setError(null);
      if (dryRun) setPreview(data);
      else onImported();
    } catch (e) {
      setError(errorOf(e).message);
    }
  };
  const readFile = async (file?: File) => {
    if (!file) return;
    setText(await file.text());
    setPreview(null);
  };
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{t('settings.import.title', 'Import journeys')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Typography variant="pi" textColor="neutral600">
              {t(
                'settings.import.hint',
                'Paste or choose a file written by Export. Nothing is deleted; you see the changes before they are applied.'
              )}
            </Typography>
            <input
              type="file"
              accept="application/json,.json"
              aria-label={t('settings.import.file', 'Journeys file')}
              onChange={(e) => readFile(e.target.files?.[0])}
            />
            <Field.Root name="import">
              <Field.Label>{t('settings.import.json', 'JSON')}</Field.Label>
              <Textarea
                value={text}
                onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
                  setText(e.target.value);
                  setPreview(null);
                }}
              />
            </Field.Root>
            {preview && (
              <Box data-testid="journey-import-preview">
                <Typography fontWeight="bold">
                  {t(
                    'settings.import.summary',
                    '{create} to create, {update} to update, {unchanged} unchanged, {kept} kept',
                    {
                      create: preview.summary.create ?? 0,
                      update: preview.summary.update ?? 0,
                      unchanged: preview.summary.unchanged ?? 0,
                      kept: preview.summary.kept ?? 0,
                    }
                  )}
                </Typography>
                {preview.changes
                  .filter((c) => c.action !== 'unchanged')
                  .map((c) => (
                    <Typography key={`${c.journey}.${c.stage ?? ''}`} tag="p" variant="pi">
                      {t(`settings.import.action.${c.action}`, c.action)}:{' '}
                      {c.stage ? `${c.journey} › ${c.stage}` : c.journey}
                    </Typography>
                  ))}
              </Box>
            )}
            {error && <Typography textColor="danger600">{error}</Typography>}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          {preview ? (
            <Button onClick={() => send(false)}>
              {t('settings.import.apply', 'Apply import')}
            </Button>
          ) : (
            <Button onClick={() => send(true)} disabled={!text.trim()}>
              {t('settings.import.preview', 'Preview changes')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** Up and down by one place: the keyboard's way to reorder, beside drag and drop. */
const MoveButtons = ({
  index,
  count,
  onMove,
}: {
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
}) => {
  const t = useT();
  return (
    <>
      <IconButton
        label={t('settings.moveUp', 'Move up')}
        variant="ghost"
        disabled={index === 0}
        onClick={() => onMove(index, index - 1)}
      >
        <ArrowUp />
      </IconButton>
      <IconButton
        label={t('settings.moveDown', 'Move down')}
        variant="ghost"
        disabled={index === count - 1}
        onClick={() => onMove(index, index + 1)}
      >
        <ArrowDown />
      </IconButton>
    </>
  );
};

/** A stage row: drag it by the handle, or move it with the arrow buttons from the keyboard. */
const StageRow = ({
  stage,
  index,
  count,
  onMove,
  onEdit,
  onDelete,
  dragging,
}: {
  stage: Stage;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onEdit: () => void;
  onDelete: () => void;
  dragging: { from: number | null; set: (from: number | null) => void };
}) => {
  const t = useT();
  const localName = useLocalName();
  return (
    <Box
      draggable
      onDragStart={(e: React.DragEvent) => {
        e.dataTransfer.effectAllowed = 'move';
        e.dataTransfer.setData('text/plain', stage.key);
        dragging.set(index);
      }}
      onDragOver={(e: React.DragEvent) => e.preventDefault()}
      onDrop={(e: React.DragEvent) => {
        e.preventDefault();
        if (dragging.from !== null && dragging.from !== index) onMove(dragging.from, index);
        dragging.set(null);
      }}
      onDragEnd={() => dragging.set(null)}
      data-testid={`journey-settings-stage-${stage.key}`}
      background={dragging.from === index ? 'primary100' : 'neutral0'}
      borderColor="neutral150"
      hasRadius
      padding={3}
    >
      <Flex gap={3}>
        <Box style={{ cursor: 'grab' }} color="neutral500" aria-hidden>
          <Drag />
        </Box>
        <span style={stageStyle(stage.colour ?? null)} />
        <Flex direction="column" alignItems="flex-start" flex="1">
          <Typography fontWeight="bold">{localName(stage)}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {stage.key}
            {stage.names
              ? ` · ${LANGUAGES.map((l) => stage.names?.[l])
                  .filter(Boolean)
                  .join(' / ')}`
              : ''}
          </Typography>
        </Flex>
        <MoveButtons index={index} count={count} onMove={onMove} />
        <IconButton label={t('settings.stage.edit', 'Edit stage')} variant="ghost" onClick={onEdit}>
          <Pencil />
        </IconButton>
        <IconButton
          label={t('settings.stage.delete', 'Delete stage')}
          variant="ghost"
          onClick={onDelete}
        >
          <Trash />
        </IconButton>
      </Flex>
    </Box>
  );
};

type Editing =
  | { kind: 'journey'; journey: Journey | null }
  | { kind: 'stage'; journey: Journey; stage: Stage | null }
  | null;

type Deleting =
  { kind: 'stage'; stage: Stage; journey: Journey } | { kind: 'journey'; journey: Journey } | null;

export const SettingsPage = () => {
  const t = useT();
  const localName = useLocalName();
  const { get, post, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [journeys, setJourneys] = React.useState<Journey[] | null>(null);
  const [editing, setEditing] = React.useState<Editing>(null);
  const [deleting, setDeleting] = React.useState<Deleting>(null);
  const [importing, setImporting] = React.useState(false);
  const [dragFrom, setDragFrom] = React.useState<number | null>(null);

  const load = React.useCallback(
    () =>
      get<{ data: Journey[] }>('/journey/journeys')
        .then(({ data }) => setJourneys(data.data))
        .catch((e) => toggleNotification({ type: 'danger', message: errorOf(e).message })),
    [get, toggleNotification]
  );
  React.useEffect(() => {
    load();
  }, [load]);

  const saved = () => {
    setEditing(null);
    toggleNotification({ type: 'success', message: t('settings.saved', 'Saved') });
    return load();
  };

  const moveStage = async (journey: Journey, from: number, to: number) => {
    const keys = moveItem(
      journey.stages.map((s) => s.key),
      from,
      to
    );
    // Shown at once; the server's answer then replaces it.
    setJourneys((all) =>
      (all ?? []).map((j) =>
        j.key === journey.key
          ? { ...j, stages: keys.map((k) => j.stages.find((s) => s.key === k) as Stage) }
          : j
      )
    );
    try {
      await put(`/journey/journeys/${journey.key}/stages/order`, { stages: keys });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorOf(e).message });
    }
    await load();
  };

  const moveJourney = async (from: number, to: number) => {
    const keys = moveItem(
      (journeys ?? []).map((j) => j.key),
      from,
      to
    );
    try {
      await put('/journey/journeys/order', { journeys: keys });
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorOf(e).message });
    }
    await load();
  };

  const exportJourneys = async () => {
    const { data } = await get('/journey/journeys/export');
    const url = URL.createObjectURL(
      new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' })
    );
    const link = document.createElement('a');
    link.href = url;
    link.download = 'journeys.json';
    link.click();
    URL.revokeObjectURL(url);
  };

  return (
    <Page.Main>
      <Page.Title>{t('settings.title', 'Journeys')}</Page.Title>
      <Layouts.Header
        title={t('settings.title', 'Journeys')}
        subtitle={t(
          'settings.subtitle',
          'The journeys your content is tagged with, their stages in order, and the journey map.'
        )}
        primaryAction={
          <Button
            startIcon={<Plus />}
            onClick={() => setEditing({ kind: 'journey', journey: null })}
          >
            {t('settings.journey.add', 'Add journey')}
          </Button>
        }
        secondaryAction={
          <Flex gap={2}>
            <Button variant="tertiary" startIcon={<Download />} onClick={exportJourneys}>
              {t('settings.export', 'Export')}
            </Button>
            <Button variant="tertiary" startIcon={<Upload />} onClick={() => setImporting(true)}>
              {t('settings.import', 'Import')}
            </Button>
          </Flex>
        }
      />
      <Layouts.Content>
        <Flex direction="column" alignItems="stretch" gap={6}>
          {(journeys ?? []).map((journey, journeyIndex) => (
            <Box
              key={journey.key}
              background="neutral0"
              padding={6}
              shadow="tableShadow"
              hasRadius
              data-testid={`journey-settings-${journey.key}`}
            >
              <Flex gap={3} paddingBottom={4}>
                <Flex direction="column" alignItems="flex-start" flex="1">
                  <Typography variant="delta" tag="h2">
                    {localName(journey)}
                  </Typography>
                  <Typography variant="pi" textColor="neutral600">
                    {journey.key}
                    {journey.description ? ` · ${journey.description}` : ''}
                  </Typography>
                </Flex>
                <MoveButtons
                  index={journeyIndex}
                  count={journeys?.length ?? 0}
                  onMove={moveJourney}
                />
                <Button
                  variant="secondary"
                  startIcon={<Pencil />}
                  onClick={() => setEditing({ kind: 'journey', journey })}
                >
                  {t('settings.journey.edit', 'Edit journey')}
                </Button>
                <Button
                  variant="danger-light"
                  startIcon={<Trash />}
                  onClick={() => setDeleting({ kind: 'journey', journey })}
                >
                  {t('settings.journey.delete', 'Delete journey')}
                </Button>
              </Flex>
              <Flex direction="column" alignItems="stretch" gap={2}>
                {journey.stages.map((stage, index) => (
                  <StageRow
                    key={stage.documentId}
                    stage={stage}
                    index={index}
                    count={journey.stages.length}
                    onMove={(from, to) => moveStage(journey, from, to)}
                    onEdit={() => setEditing({ kind: 'stage', journey, stage })}
                    onDelete={() => setDeleting({ kind: 'stage', stage, journey })}
                    dragging={{ from: dragFrom, set: setDragFrom }}
                  />
                ))}
              </Flex>
              <Box paddingTop={4}>
                <Button
                  variant="tertiary"
                  startIcon={<Plus />}
                  onClick={() => setEditing({ kind: 'stage', journey, stage: null })}
                >
                  {t('settings.stage.add', 'Add stage')}
                </Button>
              </Box>
            </Box>
          ))}
        </Flex>
      </Layouts.Content>

      {editing?.kind === 'journey' && (
        <JourneyModal
          journey={editing.journey}
          onClose={() => setEditing(null)}
          onSave={async (data) => {
            if (editing.journey) await put(`/journey/journeys/${editing.journey.key}`, data);
            else await post('/journey/journeys', data);
            await saved();
          }}
        />
      )}
      {editing?.kind === 'stage' && (
        <StageModal
          stage={editing.stage}
          onClose={() => setEditing(null)}
          onSave={async (data) => {
            if (editing.stage) await put(`/journey/stages/${editing.stage.documentId}`, data);
            else await post(`/journey/journeys/${editing.journey.key}/stages`, data);
            await saved();
          }}
        />
      )}
      {deleting && (
        <DeleteDialog
          target={deleting}
          journeys={journeys ?? []}
          onClose={() => setDeleting(null)}
          onDeleted={() => {
            setDeleting(null);
            toggleNotification({ type: 'success', message: t('settings.deleted', 'Deleted') });
            load();
          }}
        />
      )}
      {importing && (
        <ImportModal
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            toggleNotification({ type: 'success', message: t('settings.imported', 'Imported') });
            load();
          }}
        />
      )}
    </Page.Main>
  );
};

export default SettingsPage;
