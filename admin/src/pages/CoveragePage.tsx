import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link as RouterLink, useSearchParams } from 'react-router-dom';
import styled from 'styled-components';
import { buildMatrix, type CoverageCell } from '../../../server/src/domain/coverage';
import { CellEntries, type Cell } from '../components/CellEntries';
import { JourneyTabs } from '../components/JourneyTabs';
import { TrendSection } from '../components/TrendChart';
import { DemandDrillDown } from '../components/demand/DemandDrillDown';
import {
  DemandCellNote,
  DemandToggle,
  DemandTotals,
  PriorityList,
  useDemandLayer,
} from '../components/demand/DemandLayer';
import { getTranslation } from '../utils/getTranslation';
import { matrixCsv, stageSummaries, type Column } from './coverage-view';

export const INTENT_COLUMNS: Column[] = [
  'informational',
  'commercial',
  'transactional',
  'navigational',
  'local',
  'none',
];

interface Stage {
  key: string;
  name: string;
  names: Record<string, string> | null;
  colour: string | null;
}

interface Coverage {
  journey: { key: string; name: string; stages: Stage[] };
  contentTypes: string[];
  types: Array<{ uid: string; kind: string; name: string }>;
  thinThreshold: number;
  cells: CoverageCell[];
  untagged: Array<{
    contentType: string;
    locale: string | null;
    published: number;
    draftOnly: number;
  }>;
}

interface JourneySummary {
  key: string;
  name: string;
}

type Filters = {
  journey?: string;
  contentType?: string;
  locale?: string;
  /** One stage only: where the journey map's gap count leads. */
  stage?: string;
  state: 'published' | 'draftOnly';
};

const ALL = '*';

/** The browser's default link blue fails contrast on the dark theme; text colour plus underline reads in both. */
const Link = styled(RouterLink)`
  color: ${({ theme }) => theme.colors.neutral800};
  text-decoration: underline;
`;

/** Filters live in the URL so that a view can be shared as a link. */
const useFilters = (): [Filters, (patch: Partial<Filters>) => void] => {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    journey: params.get('journey') ?? undefined,
    contentType: params.get('contentType') ?? undefined,
    locale: params.get('locale') ?? undefined,
    stage: params.get('stage') ?? undefined,
    state: params.get('state') === 'draftOnly' ? 'draftOnly' : 'published',
  };
  const update = (patch: Partial<Filters>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === ALL || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next, { replace: true });
  };
  return [filters, update];
};

const useStageName = () => {
  const { locale } = useIntl();
  const lang = locale.split('-')[0] === 'no' ? 'nb' : locale.split('-')[0];
  return (stage: Stage) => stage.names?.[lang] || stage.name;
};

const Dot = ({ colour }: { colour: string | null }) => (
  <Box
    display="inline-block"
    width="1.2rem"
    height="1.2rem"
    hasRadius
    background="neutral200"
    style={colour ? { background: colour, borderRadius: '50%' } : { borderRadius: '50%' }}
  />
);

const downloadCsv = (name: string, csv: string) => {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  URL.revokeObjectURL(url);
};

export const CoveragePage = () => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get } = useFetchClient();
  const [filters, setFilters] = useFilters();
  const stageName = useStageName();
  const [journeys, setJourneys] = React.useState<JourneySummary[]>([]);
  const [locales, setLocales] = React.useState<
    Array<{ code: string; name: string; isDefault?: boolean }>
  >([]);
  const [openCell, setOpenCell] = React.useState<Cell | null>(null);
  const [coverage, setCoverage] = React.useState<Coverage | null>(null);
  const [error, setError] = React.useState<string | null>(null);

  React.useEffect(() => {
    get<{ data: JourneySummary[] }>('/journey/journeys')
      .then(({ data }) => setJourneys(data.data))
      .catch(() => setJourneys([]));
    get<Array<{ code: string; name: string }>>('/i18n/locales')
      .then(({ data }) => setLocales(data))
      .catch(() => setLocales([]));
  }, [get]);

  React.useEffect(() => {
    const params: Record<string, string> = {};
    if (filters.journey) params.journey = filters.journey;
    if (filters.contentType) params.contentType = filters.contentType;
    if (filters.locale) params.locale = filters.locale;
    get<Coverage>('/journey/coverage', { params })
      .then(({ data }) => {
        setCoverage(data);
        setError(null);
      })
      .catch((e: { response?: { data?: { error?: { message?: string } } }; message?: string }) =>
        setError(e.response?.data?.error?.message ?? e.message ?? 'Error')
      );
  }, [get, filters.journey, filters.contentType, filters.locale]);

  const stageKeys = coverage?.journey.stages.map((s) => s.key) ?? [];
  const matrix = coverage
    ? buildMatrix(coverage.cells, stageKeys, coverage.thinThreshold, filters.state)
    : null;
  const count = (c: { published: number; draftOnly: number }) =>
    filters.state === 'published' ? c.published : c.draftOnly;
  const other = (c: { published: number; draftOnly: number }) =>
    filters.state === 'published' ? c.draftOnly : c.published;
  const columnName = (column: Column) =>
    column === 'none'
      ? t('coverage.noIntent', 'No intent')
      : t(`intent.${column}`, column.charAt(0).toUpperCase() + column.slice(1));
  const allLocales = !filters.locale;
  const localeCodes = locales.map((l) => l.code);
  const summaries =
    coverage && matrix
      ? stageSummaries(coverage.cells, stageKeys, allLocales ? localeCodes : [], matrix)
      : [];
  const openEntries = (stage: Stage, column: Column) =>
    coverage &&
    setOpenCell({
      journey: coverage.journey.key,
      stage: { key: stage.key, label: stageName(stage) },
      intent: column,
      intentLabel: columnName(column),
      contentType: filters.contentType,
      locale: filters.locale,
      state: filters.state,
    });
  const shownStages = (coverage?.journey.stages ?? []).filter(
    (s) => !filters.stage || s.key === filters.stage
  );
  const demand = useDemandLayer({
    journey: coverage?.journey.key,
    stages: coverage?.journey.stages ?? [],
    contentType: filters.contentType,
    locale: filters.locale,
    types: coverage?.types ?? [],
    locales,
  });
  const untaggedTotal =
    coverage?.untagged.reduce((sum, u) => sum + u.published + u.draftOnly, 0) ?? 0;

  return (
    <Page.Main>
      <Page.Title>{t('coverage.title', 'Journey coverage')}</Page.Title>
      <Layouts.Header
        title={t('coverage.title', 'Journey coverage')}
        subtitle={t(
          'coverage.subtitle',
          'Published documents per stage and search intent. Empty cells are gaps.'
        )}
        primaryAction={
          coverage && matrix ? (
            <Button
              variant="secondary"
              startIcon={<Download />}
              onClick={() =>
                downloadCsv(
                  `coverage-${coverage.journey.key}.csv`,
                  matrixCsv(coverage.journey.stages, matrix, INTENT_COLUMNS, stageName)
                )
              }
            >
              {t('coverage.csv', 'Export CSV')}
            </Button>
          ) : undefined
        }
      />
      <Layouts.Content>
        <JourneyTabs />
        <Flex gap={4} wrap="wrap" paddingBottom={6} alignItems="flex-end">
          <Box minWidth="20rem">
            <SingleSelect
              aria-label={t('coverage.journey', 'Journey')}
              value={filters.journey ?? coverage?.journey.key ?? ''}
              onChange={(value: string | number) => setFilters({ journey: String(value) })}
            >
              {journeys.map((j) => (
                <SingleSelectOption key={j.key} value={j.key}>
                  {j.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="20rem">
            <SingleSelect
              aria-label={t('coverage.contentType', 'Content type')}
              value={filters.contentType ?? ALL}
              onChange={(value: string | number) => setFilters({ contentType: String(value) })}
            >
              <SingleSelectOption value={ALL}>
                {t('coverage.allTypes', 'All content types')}
              </SingleSelectOption>
              {(coverage?.contentTypes ?? []).map((uid) => (
                <SingleSelectOption key={uid} value={uid}>
                  {uid.split('.').pop()}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="16rem">
            <SingleSelect
              aria-label={t('coverage.locale', 'Locale')}
              value={filters.locale ?? ALL}
              onChange={(value: string | number) => setFilters({ locale: String(value) })}
            >
              <SingleSelectOption value={ALL}>
                {t('coverage.allLocales', 'All locales')}
              </SingleSelectOption>
              {locales.map((l) => (
                <SingleSelectOption key={l.code} value={l.code}>
                  {l.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="16rem">
            <SingleSelect
              aria-label={t('coverage.state', 'Status')}
              value={filters.state}
              onChange={(value: string | number) =>
                setFilters({ state: value === 'draftOnly' ? 'draftOnly' : undefined })
              }
            >
              <SingleSelectOption value="published">
                {t('coverage.published', 'Published')}
              </SingleSelectOption>
              <SingleSelectOption value="draftOnly">
                {t('coverage.drafts', 'Drafts only')}
              </SingleSelectOption>
            </SingleSelect>
          </Box>
        </Flex>
        <Flex gap={4} paddingBottom={6} wrap="wrap">
          <DemandToggle layer={demand} />
          <DemandTotals layer={demand} />
        </Flex>

        {error && (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{error}</Typography>
          </Box>
        )}

        {coverage && matrix && shownStages.length < coverage.journey.stages.length && (
          <Box paddingBottom={4}>
            <Button
              variant="tertiary"
              onClick={() => setFilters({ stage: undefined })}
              data-testid="coverage-stage-filter"
            >
              {t('coverage.stageFilter', 'Only {stage}: show all stages', {
                stage: shownStages.map(stageName).join(', '),
              })}
            </Button>
          </Box>
        )}

        {coverage && matrix && (
          <Flex direction="column" alignItems="stretch" gap={6}>
            <Table colCount={INTENT_COLUMNS.length + 2} rowCount={stageKeys.length + 2}>
              <Thead>
                <Tr>
                  <Th>
                    <Typography variant="sigma">{t('coverage.stage', 'Stage')}</Typography>
                  </Th>
                  {INTENT_COLUMNS.map((column) => (
                    <Th key={column}>
                      <Typography variant="sigma">{columnName(column)}</Typography>
                    </Th>
                  ))}
                  <Th>
                    <Typography variant="sigma">{t('coverage.total', 'Total')}</Typography>
                  </Th>
                </Tr>
              </Thead>
              <Tbody>
                {shownStages.map((stage) => (
                  <Tr key={stage.key} data-testid={`coverage-row-${stage.key}`}>
                    <Td>
                      <Flex gap={2}>
                        <Dot colour={stage.colour} />
                        <Typography fontWeight="bold">{stageName(stage)}</Typography>
                      </Flex>
                    </Td>
                    {INTENT_COLUMNS.map((column) => {
                      const cell = matrix.rows[stage.key][column];
                      const value = count(cell);
                      const { gap, thin } = cell;
                      return (
                        <Td
                          key={column}
                          data-testid={`coverage-cell-${stage.key}-${column}`}
                          data-gap={gap ? 'true' : 'false'}
                        >
                          <Flex
                            gap={2}
                            role="button"
                            tabIndex={0}
                            style={{ cursor: 'pointer' }}
                            onClick={() => openEntries(stage, column)}
                            onKeyDown={(e: React.KeyboardEvent) => {
                              if (e.key === 'Enter' || e.key === ' ') openEntries(stage, column);
                            }}
                          >
                            <Typography
                              fontWeight="bold"
                              textColor={gap ? 'danger600' : thin ? 'warning700' : 'neutral800'}
                            >
                              {value}
                            </Typography>
                            {other(cell) > 0 && (
                              <Typography variant="pi" textColor="neutral600">
                                {filters.state === 'published'
                                  ? t('coverage.draftsBeside', '+{count} drafts', {
                                      count: other(cell),
                                    })
                                  : t('coverage.publishedBeside', '{count} published', {
                                      count: other(cell),
                                    })}
                              </Typography>
                            )}
                            {gap && (
                              <Badge backgroundColor="danger100" textColor="danger700">
                                {t('coverage.gap', 'Gap')}
                              </Badge>
                            )}
                            {thin && (
                              <Badge backgroundColor="warning100" textColor="warning700">
                                {t('coverage.thin', 'Thin')}
                              </Badge>
                            )}
                            {/* After the visible count, so that the name contains what is seen and the count reads first (axe: label-content-name-mismatch). */}
                            <VisuallyHidden>
                              {`, ${t('coverage.openCell', 'Entries: {stage}, {intent}', {
                                stage: stageName(stage),
                                intent: columnName(column),
                              })}`}
                            </VisuallyHidden>
                          </Flex>
                          <DemandCellNote layer={demand} stage={stage.key} intent={column} />
                        </Td>
                      );
                    })}
                    <Td>
                      <Typography fontWeight="bold">
                        {count(matrix.stageTotals[stage.key])}
                      </Typography>
                    </Td>
                  </Tr>
                ))}
                <Tr>
                  <Td>
                    <Typography variant="sigma">{t('coverage.total', 'Total')}</Typography>
                  </Td>
                  {INTENT_COLUMNS.map((column) => (
                    <Td key={column}>
                      <Typography fontWeight="bold">
                        {count(matrix.intentTotals[column])}
                      </Typography>
                    </Td>
                  ))}
                  <Td>
                    <Typography fontWeight="bold">{count(matrix.total)}</Typography>
                  </Td>
                </Tr>
              </Tbody>
            </Table>

            <PriorityList layer={demand} />

            <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
              <Typography variant="delta" tag="h2">
                {t('coverage.summary', 'At a glance')}
              </Typography>
              <Box paddingTop={3}>
                {summaries.length === 0 ? (
                  <Typography>
                    {t('coverage.noGaps', 'Every stage has content for every intent.')}
                  </Typography>
                ) : (
                  summaries.map((line) => {
                    const stage = coverage.journey.stages.find(
                      (s) => s.key === line.stage
                    ) as Stage;
                    const text =
                      line.kind === 'empty'
                        ? t('coverage.line.empty', '{stage}: no published content', {
                            stage: stageName(stage),
                          })
                        : line.kind === 'locale'
                          ? t('coverage.line.locale', '{stage}: no {locale} content', {
                              stage: stageName(stage),
                              locale:
                                locales.find((l) => l.code === line.detail)?.name ??
                                line.detail ??
                                '',
                            })
                          : t('coverage.line.intent', '{stage}: nothing {intent}', {
                              stage: stageName(stage),
                              intent: columnName(line.detail as Column).toLowerCase(),
                            });
                    return (
                      <Typography
                        tag="p"
                        key={`${line.stage}-${line.kind}-${line.detail}`}
                        data-testid="coverage-summary-line"
                      >
                        {text}
                      </Typography>
                    );
                  })
                )}
              </Box>
            </Box>

            {allLocales && localeCodes.length > 0 && (
              <Box>
                <Box paddingBottom={3}>
                  <Typography variant="delta" tag="h2">
                    {t('coverage.perLocale', 'Per locale')}
                  </Typography>
                </Box>
                <Table colCount={localeCodes.length + 1} rowCount={stageKeys.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('coverage.stage', 'Stage')}</Typography>
                      </Th>
                      {locales.map((l) => (
                        <Th key={l.code}>
                          <Typography variant="sigma">{l.name}</Typography>
                        </Th>
                      ))}
                    </Tr>
                  </Thead>
                  <Tbody>
                    {coverage.journey.stages.map((stage) => (
                      <Tr key={stage.key}>
                        <Td>
                          <Flex gap={2}>
                            <Dot colour={stage.colour} />
                            <Typography>{stageName(stage)}</Typography>
                          </Flex>
                        </Td>
                        {localeCodes.map((code) => {
                          const value = coverage.cells
                            .filter(
                              (c) =>
                                c.stage === stage.key && (c.locale === code || c.locale === null)
                            )
                            .reduce((sum, c) => sum + count(c), 0);
                          return (
                            <Td key={code} data-testid={`coverage-locale-${stage.key}-${code}`}>
                              <Typography
                                fontWeight="bold"
                                textColor={value === 0 ? 'danger600' : 'neutral800'}
                              >
                                {value}
                              </Typography>
                            </Td>
                          );
                        })}
                      </Tr>
                    ))}
                  </Tbody>
                </Table>
              </Box>
            )}

            <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
              <Typography variant="delta" tag="h2">
                {/* The count leads to the review queue, where suggestions tag them in batches. */}
                <Link
                  to={`/plugins/journey/queue?${new URLSearchParams({
                    ...(filters.contentType ? { contentType: filters.contentType } : {}),
                    ...(filters.locale ? { locale: filters.locale } : {}),
                    ...(coverage.journey.key ? { journey: coverage.journey.key } : {}),
                  }).toString()}`}
                  data-testid="coverage-untagged-link"
                >
                  {t('coverage.untagged', 'Untagged: {count}', { count: untaggedTotal })}
                </Link>
              </Typography>
              <Box paddingTop={3}>
                <Typography variant="pi" textColor="neutral600">
                  {t('coverage.untaggedHint', 'Journey-aware entries with no stage at all.')}
                </Typography>
                {coverage.contentTypes.map((uid) => {
                  const n = coverage.untagged
                    .filter((u) => u.contentType === uid)
                    .reduce((sum, u) => sum + u.published + u.draftOnly, 0);
                  return (
                    <Box key={uid} paddingTop={2}>
                      <Link
                        to={`/content-manager/collection-types/${uid}?filters[$and][0][journeyStages][id][$null]=true${
                          filters.locale ? `&plugins[i18n][locale]=${filters.locale}` : ''
                        }`}
                      >
                        {uid.split('.').pop()}: {n}
                      </Link>
                    </Box>
                  );
                })}
              </Box>
            </Box>

            <TrendSection journey={coverage.journey.key} />
          </Flex>
        )}
      </Layouts.Content>
      {openCell && coverage && (
        <CellEntries
          cell={openCell}
          contentTypes={coverage.types}
          locales={locales}
          onClose={() => setOpenCell(null)}
        />
      )}
      <DemandDrillDown layer={demand} />
    </Page.Main>
  );
};

export default CoveragePage;
