import * as React from 'react';
import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Check, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  ANALYTICS_TOOLS,
  useDeleteAnalyticsImportMutation,
  useGetAnalyticsImportsQuery,
  useGetAnalyticsUrlPatternsQuery,
  useImportAnalyticsMutation,
  usePreviewAnalyticsImportMutation,
  useSaveAnalyticsUrlPatternsMutation,
  type AnalyticsUpload,
} from '../../api/analytics-imports';
import type {
  AnalyticsImportPreview,
  AnalyticsImportSummary,
  AnalyticsTool,
} from '../../../../server/src/domain/analytics-types';
import { errorMessage } from '../../api/tags';
import { DataTable, useT } from '../common';
import { FilePicker } from '../common/FilePicker';
import { FormField } from '../demand/FormField';

const TOOL_NAMES: Record<AnalyticsTool, string> = {
  ga4: 'Google Analytics 4 (Pages and screens)',
  'ga4-bigquery': 'Google Analytics 4 (BigQuery export)',
  matomo: 'Matomo (Pages)',
  plausible: 'Plausible (pages, entry pages, exit pages)',
  umami: 'Umami',
};

/** URL pattern per journey-aware content type: how a page path names one of its documents. */
const UrlPatterns = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const { data } = useGetAnalyticsUrlPatternsQuery();
  const [save, { isLoading }] = useSaveAnalyticsUrlPatternsMutation();
  const [draft, setDraft] = React.useState<Record<string, string> | null>(null);
  const patterns = draft ?? data?.patterns ?? {};
  const types = data?.types ?? [];

  return (
    <Box paddingTop={4} data-testid="analytics-url-patterns">
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {t('analyticsImport.patterns.title', 'URL patterns')}
      </Typography>
      <Flex direction="column" alignItems="stretch" gap={3} paddingTop={2}>
        {types.map((type) => (
          <FormField
            key={type.uid}
            name={`pattern-${type.uid}`}
            minWidth="24rem"
            label={type.name}
            hint={t(
              'analyticsImport.patterns.hint',
              'Placeholders: {placeholders}. Origin, query string and trailing slash are ignored.',
              {
                placeholders: [...(type.localized ? ['locale'] : []), ...type.fields]
                  .map((f) => `{${f}}`)
                  .join(', '),
              }
            )}
          >
            <TextInput
              value={patterns[type.uid] ?? ''}
              placeholder={type.localized ? '/{locale}/guides/{slug}' : '/blog/{slug}'}
              data-testid={`analytics-pattern-${type.uid}`}
              onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                setDraft({ ...patterns, [type.uid]: e.target.value })
              }
            />
          </FormField>
        ))}
        <Box>
          <Button
            startIcon={<Check />}
            loading={isLoading}
            disabled={!draft}
            data-testid="analytics-patterns-save"
            onClick={async () => {
              try {
                await save(patterns).unwrap();
                setDraft(null);
                toggleNotification({ type: 'success', message: t('settings.saved', 'Saved') });
              } catch (e) {
                toggleNotification({ type: 'danger', message: errorMessage(e) });
              }
            }}
          >
            {t('analyticsImport.patterns.save', 'Save patterns')}
          </Button>
        </Box>
      </Flex>
    </Box>
  );
};

/** What the file would import: matched and unmatched pages, the unmatched paths first. */
const PreviewSummary = ({ preview }: { preview: AnalyticsImportPreview }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  return (
    <Box paddingTop={4} data-testid="analytics-import-preview">
      <Typography tag="p" fontWeight="bold">
        {t(
          'analyticsImport.preview.summary',
          '{rows, plural, one {# page} other {# pages}} from {from} to {to}: {matched, plural, one {# matched a document} other {# matched documents}}, {unmatched, plural, one {# matched no document} other {# matched no documents}}.',
          {
            rows: preview.rows,
            matched: preview.matched,
            unmatched: preview.unmatched,
            from: preview.periodFrom,
            to: preview.periodTo,
          }
        )}
      </Typography>
      {preview.unmatchedSample.length > 0 && (
        <Box paddingTop={3}>
          <Typography variant="sigma" textColor="neutral600">
            {t('analyticsImport.preview.unmatched', 'Pages that matched no document')}
          </Typography>
          <DataTable
            rows={preview.unmatchedSample}
            rowKey={(row) => row.path}
            rowTestId={() => 'analytics-unmatched-row'}
            columns={[
              { key: 'path', header: t('analyticsImport.path', 'Path'), cell: (row) => row.path },
              {
                key: 'views',
                header: t('analyticsImport.views', 'Views'),
                cell: (row) => formatNumber(row.views),
              },
            ]}
          />
        </Box>
      )}
      {preview.sample.some((row) => row.match) && (
        <Box paddingTop={3}>
          <Typography variant="sigma" textColor="neutral600">
            {t('analyticsImport.preview.matched', 'First rows and their documents')}
          </Typography>
          <DataTable
            rows={preview.sample}
            rowKey={(row) => `${row.line}`}
            columns={[
              { key: 'path', header: t('analyticsImport.path', 'Path'), cell: (row) => row.path },
              {
                key: 'views',
                header: t('analyticsImport.views', 'Views'),
                cell: (row) => formatNumber(row.views),
              },
              {
                key: 'document',
                header: t('analyticsImport.document', 'Document'),
                cell: (row) =>
                  row.match
                    ? `${row.match.title}${row.match.locale ? ` (${row.match.locale})` : ''}`
                    : '—',
              },
            ]}
          />
        </Box>
      )}
    </Box>
  );
};

/** The file, its tool and period, the preview and the import. */
const ImportForm = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [file, setFile] = React.useState<File | null>(null);
  const [tool, setTool] = React.useState<AnalyticsUpload['tool']>('auto');
  const [from, setFrom] = React.useState('');
  const [to, setTo] = React.useState('');
  const [goal, setGoal] = React.useState('');
  const [preview, setPreview] = React.useState<AnalyticsImportPreview | null>(null);
  const [runPreview, previewState] = usePreviewAnalyticsImportMutation();
  const [runImport, importState] = useImportAnalyticsMutation();
  const stale = () => setPreview(null);
  const upload = (): AnalyticsUpload | null => (file ? { file, tool, from, to, goal } : null);
  const orderError =
    from && to && from > to ? t('demand.period.order', 'The end comes before the start.') : null;

  return (
    <Box paddingTop={6} data-testid="analytics-import-form">
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {t('analyticsImport.form.title', 'Import an export')}
      </Typography>
      <Flex gap={4} wrap="wrap" alignItems="flex-start" paddingTop={2}>
        <FormField name="analytics-tool" minWidth="20rem" label={t('analyticsImport.tool', 'Tool')}>
          <SingleSelect
            value={tool}
            data-testid="analytics-tool"
            onChange={(value: string | number) => {
              setTool(String(value) as AnalyticsUpload['tool']);
              stale();
            }}
          >
            <SingleSelectOption value="auto">
              {t('analyticsImport.tool.auto', 'Recognise from the columns')}
            </SingleSelectOption>
            {ANALYTICS_TOOLS.map((id) => (
              <SingleSelectOption key={id} value={id}>
                {TOOL_NAMES[id]}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </FormField>
        <FormField
          name="analytics-from"
          minWidth="12rem"
          label={t('demand.period.from', 'From')}
          hint={t('analyticsImport.period.hint', 'Leave empty when the file states its dates.')}
        >
          <Field.Input
            type="date"
            value={from}
            data-testid="analytics-from"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              setFrom(e.target.value);
              stale();
            }}
          />
        </FormField>
        <FormField
          name="analytics-to"
          minWidth="12rem"
          label={t('demand.period.to', 'To')}
          error={orderError}
        >
          <Field.Input
            type="date"
            value={to}
            data-testid="analytics-to"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
              setTo(e.target.value);
              stale();
            }}
          />
        </FormField>
        <FormField
          name="analytics-goal"
          minWidth="12rem"
          label={t('analyticsImport.goal', 'Goal for conversions')}
          hint={t('analyticsImport.goal.hint', 'Key events and conversions count as this goal.')}
        >
          <TextInput
            value={goal}
            placeholder="conversion"
            data-testid="analytics-goal"
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setGoal(e.target.value)}
          />
        </FormField>
      </Flex>
      <Box paddingTop={3} maxWidth="40rem">
        <Field.Root name="analytics-file">
          <Field.Label>
            {t('analyticsImport.file', 'Export file (CSV, TSV or BigQuery JSON)')}
          </Field.Label>
          <FilePicker
            accept=".csv,.tsv,.txt,.json,.ndjson,text/csv,application/json"
            file={file}
            testId="analytics-file"
            onFile={(next) => {
              setFile(next);
              stale();
            }}
          />
        </Field.Root>
      </Box>
      <Flex gap={2} paddingTop={3}>
        <Button
          variant="secondary"
          disabled={!file || !!orderError}
          loading={previewState.isLoading}
          data-testid="analytics-preview"
          onClick={async () => {
            const body = upload();
            if (!body) return;
            try {
              setPreview(await runPreview(body).unwrap());
            } catch (e) {
              setPreview(null);
              toggleNotification({ type: 'danger', message: errorMessage(e) });
            }
          }}
        >
          {t('analyticsImport.preview', 'Preview')}
        </Button>
        <Button
          disabled={!preview}
          loading={importState.isLoading}
          data-testid="analytics-import"
          onClick={async () => {
            const body = upload();
            if (!body) return;
            try {
              const result = await runImport(body).unwrap();
              toggleNotification({
                type: 'success',
                message: t(
                  'analyticsImport.imported',
                  'Imported: {matched, plural, one {# page} other {# pages}} matched documents; {replaced, plural, =0 {nothing replaced} one {# earlier import replaced} other {# earlier imports replaced}}.',
                  { matched: result.import.matched, replaced: result.replaced.length }
                ),
              });
              setPreview(null);
              setFile(null);
            } catch (e) {
              toggleNotification({ type: 'danger', message: errorMessage(e) });
            }
          }}
        >
          {t('analyticsImport.import', 'Import')}
        </Button>
      </Flex>
      {preview && <PreviewSummary preview={preview} />}
    </Box>
  );
};

/** The stored imports, newest first; deleting one takes its rows out of every figure. */
const ImportsTable = () => {
  const t = useT();
  const { formatDate } = useIntl();
  const { toggleNotification } = useNotification();
  const { data: imports } = useGetAnalyticsImportsQuery();
  const [remove, { isLoading }] = useDeleteAnalyticsImportMutation();
  const [confirming, setConfirming] = React.useState<AnalyticsImportSummary | null>(null);

  return (
    <Box paddingTop={6} data-testid="analytics-imports">
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {t('analyticsImport.list.title', 'Imports')}
      </Typography>
      <DataTable
        rows={imports}
        rowKey={(item) => item.id}
        rowTestId={() => 'analytics-import-row'}
        empty={t('analyticsImport.list.empty', 'No analytics imported yet.')}
        columns={[
          {
            key: 'tool',
            header: t('analyticsImport.tool', 'Tool'),
            cell: (item) => TOOL_NAMES[item.tool] ?? item.tool,
          },
          {
            key: 'file',
            header: t('analyticsImport.fileName', 'File'),
            cell: (item) => item.fileName ?? '—',
          },
          {
            key: 'period',
            header: t('demand.period', 'Period'),
            cell: (item) => `${item.periodFrom} – ${item.periodTo}`,
          },
          {
            key: 'pages',
            header: t('analyticsImport.pages', 'Pages'),
            cell: (item) =>
              t(
                'analyticsImport.list.pages',
                '{matched, plural, one {# page matched} other {# pages matched}}, {unmatched, plural, one {# page unmatched} other {# pages unmatched}}',
                { matched: item.matched, unmatched: item.unmatched }
              ),
          },
          {
            key: 'at',
            header: t('demand.imports.by', 'Imported'),
            cell: (item) =>
              formatDate(item.importedAt, { dateStyle: 'medium', timeStyle: 'short' }),
          },
          {
            key: 'actions',
            header: t('demand.imports.actions', 'Actions'),
            cell: (item) => (
              <IconButton
                label={t('analyticsImport.delete', 'Delete import')}
                variant="ghost"
                data-testid="analytics-import-delete"
                onClick={() => setConfirming(item)}
              >
                <Trash />
              </IconButton>
            ),
          },
        ]}
      />
      {confirming && (
        <Dialog.Root open onOpenChange={(open: boolean) => !open && setConfirming(null)}>
          <Dialog.Content>
            <Dialog.Header>{t('demand.imports.confirmTitle', 'Delete this import?')}</Dialog.Header>
            <Dialog.Body>
              <Typography textAlign="center" tag="p">
                {t(
                  'analyticsImport.delete.body',
                  'Its figures for {from} – {to} leave the analytics.',
                  { from: confirming.periodFrom, to: confirming.periodTo }
                )}
              </Typography>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.Cancel>
                <Button fullWidth variant="tertiary">
                  {t('settings.cancel', 'Cancel')}
                </Button>
              </Dialog.Cancel>
              <Button
                fullWidth
                variant="danger-light"
                loading={isLoading}
                data-testid="analytics-import-delete-confirm"
                onClick={async () => {
                  try {
                    await remove(confirming.id).unwrap();
                  } catch (e) {
                    toggleNotification({ type: 'danger', message: errorMessage(e) });
                  } finally {
                    setConfirming(null);
                  }
                }}
              >
                {t('demand.imports.deleteConfirm', 'Delete')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Root>
      )}
    </Box>
  );
};

/**
 * Settings → Journey → Analytics imports: page exports of GA4, Matomo, Plausible or Umami
 * counted into the journey analytics instead of (or beside) the plugin's own collection. Only
 * for roles that manage analytics: the patterns route answers 403 to others, and the section
 * stays hidden.
 */
export const AnalyticsImports = () => {
  const t = useT();
  const patterns = useGetAnalyticsUrlPatternsQuery();
  if (!patterns.data || patterns.isError) return null;
  return (
    <Box
      marginTop={6}
      background="neutral0"
      padding={6}
      shadow="tableShadow"
      hasRadius
      data-testid="analytics-imports-section"
    >
      <Typography variant="delta" tag="h2">
        {t('analyticsImport.title', 'Analytics imports')}
      </Typography>
      <Box paddingTop={2}>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'analyticsImport.hint',
            'Import page views, entrances, exits and conversions from your analytics tool. Each page is matched to a published document through its type’s URL pattern and counted at the document’s stages. A new import from the same tool for an overlapping period replaces the earlier one.'
          )}
        </Typography>
      </Box>
      <UrlPatterns />
      <ImportForm />
      <ImportsTable />
    </Box>
  );
};
