import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Radio,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Eye, Upload } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import {
  MANAGE_DEMAND,
  periodOf,
  useDeleteDemandImportMutation,
  useGetDemandImportsQuery,
  useGetDemandSourcesQuery,
  useImportDemandMutation,
  usePreviewDemandMutation,
  type DemandImport,
  type DemandUpload,
  type Mapping,
  type Preview,
} from '../api/demand';
import { useGetJourneysQuery } from '../api/journeys';
import { useLocales } from '../api/lookups';
import { JourneyTabs } from '../components/JourneyTabs';
import { ErrorNotice, FilePicker, JourneyFilter, messageOf, useT } from '../components/common';
import { ColumnMapping } from '../components/demand/ColumnMapping';
import { ImportList } from '../components/demand/ImportList';
import { FormField } from '../components/demand/FormField';
import { ModelSummary } from '../components/demand/ModelSummary';
import { PreviewResult } from '../components/demand/PreviewResult';

const ACCEPT =
  '.csv,.tsv,.txt,.json,text/csv,text/tab-separated-values,text/plain,application/json';

/**
 * Search demand: import a Search Console or keyword-tool export for a journey, see what it
 * would store before it is stored (and map the columns when the headers are unknown), and the
 * list of imports. Overrides live in the coverage page's cell drill-down, where the queries are.
 */
export const DemandPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const {
    isLoading: rbacLoading,
    allowedActions: { canManage },
  } = useRBAC(MANAGE_DEMAND);
  const [params, setParams] = useSearchParams();
  const { data: journeys = [], error: journeysError } = useGetJourneysQuery();
  const locales = useLocales();
  const journey = journeys.find((j) => j.key === params.get('journey')) ?? journeys[0] ?? null;
  const importsQuery = useGetDemandImportsQuery(journey?.key ?? '', { skip: !journey });
  // The model summary is a help, not the page: without it the imports still show.
  const { currentData: sources = null } = useGetDemandSourcesQuery(journey?.key ?? '', {
    skip: !journey,
  });
  const imports = importsQuery.data ?? null;
  const [previewDemand] = usePreviewDemandMutation();
  const [importDemand] = useImportDemandMutation();
  const [deleteDemandImport] = useDeleteDemandImportMutation();
  // What the last preview or import said; until then, what loading the page said.
  const [actionError, setActionError] = React.useState<string | null>(null);
  const loadError = journeysError ?? importsQuery.error;
  const error = actionError ?? messageOf(loadError);

  const [file, setFile] = React.useState<File | null>(null);
  // The site's default language until another is chosen.
  const [chosenLocale, setLocale] = React.useState('');
  const locale = chosenLocale || locales.find((l) => l.isDefault)?.code || locales[0]?.code || '';
  const [source, setSource] = React.useState('');
  const [monthly, setMonthly] = React.useState(false);
  const [from, setFrom] = React.useState('');
  const [to, setTo] = React.useState('');
  const [mapping, setMapping] = React.useState<Mapping | null>(null);
  // The file's columns and first raw rows, from the preview that asked for a mapping.
  const [fileColumns, setFileColumns] = React.useState<Pick<Preview, 'columns' | 'rawSample'>>({
    columns: [],
    rawSample: [],
  });
  const [preview, setPreview] = React.useState<Preview | null>(null);
  const [busy, setBusy] = React.useState<'preview' | 'import' | null>(null);
  const fileInput = React.useRef<HTMLInputElement>(null);

  // Any change to what would be sent makes the preview stale: it must be seen again.
  const stale = () => setPreview(null);

  const periodValid =
    monthly || (/^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) && from <= to);
  const complete = Boolean(journey && file && locale && source.trim() && periodValid);

  const form = (): DemandUpload => ({
    file: file as File,
    journey: journey?.key ?? '',
    locale,
    source: source.trim(),
    period: periodOf({ monthly, from, to }),
    mapping,
  });

  const runPreview = async () => {
    setBusy('preview');
    try {
      const answer = await previewDemand(form()).unwrap();
      setPreview(answer);
      if (!answer.mappingRecognised || mapping) {
        setMapping(mapping ?? answer.mapping ?? {});
        setFileColumns({ columns: answer.columns, rawSample: answer.rawSample });
      }
      setActionError(null);
    } catch (e) {
      setPreview(null);
      setActionError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const runImport = async () => {
    setBusy('import');
    try {
      const { import: stored, replaced } = await importDemand(form()).unwrap();
      toggleNotification({
        type: 'success',
        message: replaced
          ? t(
              'demand.imported.replaced',
              '{count, plural, one {# query} other {# queries}} imported from {source}; they replace the previous import of that period.',
              { count: stored.rowsStored ?? 0, source: stored.source }
            )
          : t(
              'demand.imported',
              '{count, plural, one {# query} other {# queries}} imported from {source}.',
              {
                count: stored.rowsStored ?? 0,
                source: stored.source,
              }
            ),
      });
      setPreview(null);
      setMapping(null);
      setFile(null);
      if (fileInput.current) fileInput.current.value = '';
      setActionError(null);
    } catch (e) {
      setActionError(messageOf(e));
    } finally {
      setBusy(null);
    }
  };

  const deleteImport = async (item: DemandImport) => {
    try {
      await deleteDemandImport(item.id).unwrap();
      toggleNotification({
        type: 'success',
        message: t('demand.imports.deleted', 'Import {source} deleted.', { source: item.source }),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) ?? 'Error' });
    }
  };

  // A mapping once asked for stays on screen, so that it can be corrected after a preview.
  // The preview has numbers once it has a mapping: the headers' own or the one given.
  const showMapping = mapping !== null;
  const usable = preview !== null && preview.mapping !== null;

  return (
    <Page.Main>
      <Page.Title>{t('demand.title', 'Search demand')}</Page.Title>
      <Layouts.Header
        title={t('demand.title', 'Search demand')}
        subtitle={t(
          'demand.subtitle',
          'Queries from Search Console or a keyword tool, per journey and language: the demand beside your coverage.'
        )}
      />
      <Layouts.Content>
        <JourneyTabs />
        <Flex direction="column" alignItems="stretch" gap={6}>
          <Box maxWidth="32rem">
            <JourneyFilter
              journeys={journeys}
              value={journey?.key ?? ''}
              onChange={(value) => {
                setParams({ journey: value ?? '' }, { replace: true });
                stale();
              }}
            />
          </Box>

          {!rbacLoading && canManage && (
            <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
              <Flex direction="column" alignItems="stretch" gap={4}>
                <Typography variant="delta" tag="h2">
                  {t('demand.import.title', 'Import search demand')}
                </Typography>
                <Flex gap={4} wrap="wrap" alignItems="flex-start">
                  <FormField
                    name="demand-file"
                    minWidth="28rem"
                    required
                    label={t('demand.import.file', 'File')}
                    hint={t(
                      'demand.import.fileHint',
                      'Search Console Queries export, a keyword tool export, or the Search Analytics API’s JSON rows; CSV or TSV, comma, semicolon or tab separated.'
                    )}
                  >
                    <FilePicker
                      ref={fileInput}
                      accept={ACCEPT}
                      file={file}
                      testId="demand-file"
                      onFile={(chosen) => {
                        setFile(chosen);
                        setMapping(null);
                        stale();
                      }}
                    />
                  </FormField>
                  <FormField
                    name="demand-locale"
                    minWidth="16rem"
                    required
                    label={t('demand.import.locale', 'Language of the queries')}
                  >
                    <SingleSelect
                      value={locale}
                      onChange={(value: string | number) => {
                        setLocale(String(value));
                        stale();
                      }}
                      data-testid="demand-locale"
                    >
                      {locales.map((l) => (
                        <SingleSelectOption key={l.code} value={l.code}>
                          {l.name}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </FormField>
                  <FormField
                    name="demand-source"
                    minWidth="20rem"
                    required
                    label={t('demand.source', 'Source')}
                    hint={t(
                      'demand.import.sourceHint',
                      'Importing the same source and period again replaces it.'
                    )}
                  >
                    <TextInput
                      value={source}
                      placeholder={t('demand.import.sourcePlaceholder', 'Search Console')}
                      onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                        setSource(e.target.value);
                        stale();
                      }}
                      data-testid="demand-source"
                    />
                  </FormField>
                </Flex>
                <Flex gap={6} wrap="wrap" alignItems="flex-end">
                  <Field.Root name="demand-period">
                    <Field.Label>{t('demand.period', 'Period')}</Field.Label>
                    <Radio.Group
                      value={monthly ? 'monthly' : 'range'}
                      onValueChange={(value: string) => {
                        setMonthly(value === 'monthly');
                        stale();
                      }}
                      aria-label={t('demand.period', 'Period')}
                    >
                      <Radio.Item value="range" data-testid="demand-period-range">
                        {t('demand.period.range', 'From – to (the dates of the export)')}
                      </Radio.Item>
                      <Radio.Item value="monthly" data-testid="demand-period-monthly">
                        {t('demand.period.monthly', 'Monthly volume')}
                      </Radio.Item>
                    </Radio.Group>
                  </Field.Root>
                  {!monthly && (
                    <>
                      <FormField
                        name="demand-from"
                        minWidth="14rem"
                        required
                        label={t('demand.period.from', 'From')}
                      >
                        <Field.Input
                          type="date"
                          value={from}
                          data-testid="demand-from"
                          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                            setFrom(e.target.value);
                            stale();
                          }}
                        />
                      </FormField>
                      <FormField
                        name="demand-to"
                        minWidth="14rem"
                        required
                        label={t('demand.period.to', 'To')}
                        error={
                          from && to && from > to
                            ? t('demand.period.order', 'The end comes before the start.')
                            : null
                        }
                      >
                        <Field.Input
                          type="date"
                          value={to}
                          data-testid="demand-to"
                          onChange={(e: React.ChangeEvent<HTMLInputElement>) => {
                            setTo(e.target.value);
                            stale();
                          }}
                        />
                      </FormField>
                    </>
                  )}
                </Flex>

                {showMapping && (
                  <ColumnMapping
                    columns={fileColumns.columns}
                    rawSample={fileColumns.rawSample}
                    mapping={mapping ?? {}}
                    onChange={(next) => {
                      setMapping(next);
                      stale();
                    }}
                  />
                )}

                <ErrorNotice error={error} inline testId="demand-error" />

                <Flex gap={2}>
                  <Button
                    variant="secondary"
                    startIcon={<Eye />}
                    disabled={!complete || (showMapping && !mapping?.query)}
                    loading={busy === 'preview'}
                    onClick={runPreview}
                    data-testid="demand-preview-button"
                  >
                    {showMapping
                      ? t('demand.import.previewAgain', 'Preview again')
                      : t('demand.import.preview', 'Preview')}
                  </Button>
                  <Button
                    startIcon={<Upload />}
                    disabled={!usable || preview.rowsValid === 0}
                    loading={busy === 'import'}
                    onClick={runImport}
                    data-testid="demand-import-button"
                  >
                    {t('demand.import.apply', 'Import')}
                  </Button>
                </Flex>

                {usable && <PreviewResult preview={preview} stages={journey?.stages ?? []} />}
              </Flex>
            </Box>
          )}
          {!rbacLoading && !canManage && (
            <Typography textColor="neutral600" data-testid="demand-read-only">
              {t(
                'demand.readOnly',
                'Importing search demand needs the permission “Journey: manage search demand”.'
              )}
            </Typography>
          )}

          <Box>
            <Box paddingBottom={3}>
              <Typography variant="delta" tag="h2">
                {t('demand.imports.title', 'Imports')}
              </Typography>
            </Box>
            {sources && (
              <Box paddingBottom={3}>
                <ModelSummary sources={sources} locales={locales} />
              </Box>
            )}
            {imports && (
              <ImportList
                imports={imports}
                locales={locales}
                canManage={canManage}
                onDelete={deleteImport}
              />
            )}
          </Box>
        </Flex>
      </Layouts.Content>
    </Page.Main>
  );
};

export default DemandPage;
