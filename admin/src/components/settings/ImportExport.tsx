import * as React from 'react';
import { Box, Button, Field, Flex, Textarea, Typography } from '@strapi/design-system';
import { Download, Upload } from '@strapi/icons';
import {
  errorOf,
  useImportJourneysMutation,
  useLazyExportJourneysQuery,
  type ImportResult,
} from '../../api/journeys';
import { saveText } from '../../utils/saveFile';
import { FilePicker } from '../common';
import { EditModal, useT } from './shared';

/**
 * A dry run, then the apply, of POST /journey/journeys/import: the import dialog and the starter
 * journeys both go this way, so a starter passes the same checks as any file.
 */
export const useImport = (onImported: () => void) => {
  const [importJourneys] = useImportJourneysMutation();
  const [preview, setPreview] = React.useState<ImportResult | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const send = async (payload: unknown, dryRun: boolean) => {
    try {
      const data = await importJourneys({ payload, dryRun }).unwrap();
      setError(null);
      if (dryRun) setPreview(data);
      else onImported();
    } catch (e) {
      setError(errorOf(e).message);
    }
  };
  const reset = () => setPreview(null);
  return { preview, error, setError, send, reset };
};

/** What an import would create, update and keep, as the dry run answered. */
export const ImportPreview = ({ preview }: { preview: ImportResult }) => {
  const t = useT();
  return (
    <Box data-testid="journey-import-preview">
      <Typography fontWeight="bold">
        {t(
          'settings.import.summary',
          '{create, plural, other {# to create}}, {update, plural, other {# to update}}, {unchanged, plural, other {# unchanged}}, {kept, plural, other {# kept}}',
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
  );
};

/** Import shows what would change (a dry run on the server) before anything is written. */
export const ImportDialog = ({
  onClose,
  onImported,
}: {
  onClose: () => void;
  onImported: () => void;
}) => {
  const t = useT();
  const [text, setText] = React.useState('');
  const [chosen, setChosen] = React.useState<File | null>(null);
  const { preview, error, setError, send: sendPayload, reset } = useImport(onImported);
  const send = async (dryRun: boolean) => {
    let payload: unknown;
    try {
      payload = JSON.parse(text);
    } catch {
      setError(t('settings.import.notJson', 'This is not valid JSON.'));
      return;
    }
    await sendPayload(payload, dryRun);
  };
  const readFile = async (file?: File) => {
    if (!file) return;
    setText(await file.text());
    reset();
  };
  // First a dry run that shows what would change; once it is seen, the same file applied.
  return (
    <EditModal
      title={t('settings.import.title', 'Import journeys')}
      error={error}
      onClose={onClose}
      onSave={() => send(!preview)}
      saveLabel={
        preview
          ? t('settings.import.apply', 'Apply import')
          : t('settings.import.preview', 'Preview changes')
      }
      saveDisabled={!preview && !text.trim()}
    >
      <Typography variant="pi" textColor="neutral600">
        {t(
          'settings.import.hint',
          'Paste or choose a file written by Export. Nothing is deleted; you see the changes before they are applied.'
        )}
      </Typography>
      <Field.Root name="import-file">
        <Field.Label>{t('settings.import.file', 'Journeys file')}</Field.Label>
        <FilePicker
          accept="application/json,.json"
          file={chosen}
          testId="journeys-import-file"
          onFile={(file) => {
            setChosen(file);
            readFile(file ?? undefined);
          }}
        />
      </Field.Root>
      <Field.Root name="import">
        <Field.Label>{t('settings.import.json', 'JSON')}</Field.Label>
        <Textarea
          value={text}
          onChange={(e: React.ChangeEvent<HTMLTextAreaElement>) => {
            setText(e.target.value);
            reset();
          }}
        />
      </Field.Root>
      {preview && <ImportPreview preview={preview} />}
    </EditModal>
  );
};

/** Export and Import, the header's secondary actions; Import opens its dialog. */
export const ImportExport = ({ onImported }: { onImported: () => void }) => {
  const t = useT();
  const [readExport] = useLazyExportJourneysQuery();
  const [importing, setImporting] = React.useState(false);
  const exportJourneys = async () => {
    const data = await readExport().unwrap();
    saveText('journeys.json', JSON.stringify(data, null, 2), 'application/json');
  };
  return (
    <>
      <Flex gap={2}>
        <Button variant="tertiary" startIcon={<Download />} onClick={exportJourneys}>
          {t('settings.export', 'Export')}
        </Button>
        <Button variant="tertiary" startIcon={<Upload />} onClick={() => setImporting(true)}>
          {t('settings.import', 'Import')}
        </Button>
      </Flex>
      {importing && (
        <ImportDialog
          onClose={() => setImporting(false)}
          onImported={() => {
            setImporting(false);
            onImported();
          }}
        />
      )}
    </>
  );
};
