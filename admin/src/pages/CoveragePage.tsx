import * as React from 'react';
import { Box, Button, Flex } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { buildMatrix } from '../../../server/src/domain/coverage';
import { useCoverageQuery, type CoverageStage } from '../api/coverage';
import { useJourneySummaries, useLocales } from '../api/lookups';
import { CellEntries, type Cell } from '../components/CellEntries';
import {
  ContentTypeFilter,
  ErrorNotice,
  FilterBar,
  JourneyPage,
  FilterSelect,
  JourneyFilter,
  LocaleFilter,
  useT,
  useUrlFilters,
} from '../components/common';
import { TrendSection } from '../components/TrendChart';
import { DemandDrillDown } from '../components/demand/DemandDrillDown';
import {
  DemandToggle,
  DemandTotals,
  PriorityList,
  useDemandLayer,
} from '../components/demand/DemandLayer';
import { UnplacedDemand } from '../components/demand/UnplacedDemand';
import { CoverageMatrix } from './coverage-page/CoverageMatrix';
import { CoverageSummary, PerLocale, Untagged } from './coverage-page/CoverageDetails';
import { PendingPublish } from './coverage-page/PendingPublish';
import { TrafficToggle, useTrafficLayer } from './coverage-page/TrafficLayer';
import {
  columnNameOf,
  INTENT_COLUMNS,
  useStageName,
  type CoverageState,
} from './coverage-page/shared';
import { saveText } from '../utils/saveFile';
import { matrixCsv, type Column } from './coverage-view';

export { INTENT_COLUMNS };

/** `stage`: one stage only, where the journey map's gap count leads. */
const FILTERS = ['journey', 'contentType', 'locale', 'stage', 'state'] as const;

export const CoveragePage = () => {
  const t = useT();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const state: CoverageState = filters.state === 'draftOnly' ? 'draftOnly' : 'published';
  const stageName = useStageName();
  const columnName = columnNameOf(t);
  const journeys = useJourneySummaries();
  const locales = useLocales();
  const [openCell, setOpenCell] = React.useState<Cell | null>(null);
  const { data: coverage, error } = useCoverageQuery({
    journey: filters.journey,
    contentType: filters.contentType,
    locale: filters.locale,
  });

  const stages = coverage?.journey.stages ?? [];
  const matrix = coverage
    ? buildMatrix(
        coverage.cells,
        stages.map((s) => s.key),
        coverage.thinThreshold,
        state,
        coverage.expected
      )
    : null;
  const openEntries = (stage: CoverageStage, column: Column) =>
    coverage &&
    setOpenCell({
      journey: coverage.journey.key,
      stage: { key: stage.key, label: stageName(stage) },
      intent: column,
      intentLabel: columnName(column),
      contentType: filters.contentType,
      locale: filters.locale,
      state,
    });
  const shownStages = stages.filter((s) => !filters.stage || s.key === filters.stage);
  const demand = useDemandLayer({
    journey: coverage?.journey.key,
    stages,
    contentType: filters.contentType,
    locale: filters.locale,
    types: coverage?.types ?? [],
    locales,
  });
  const traffic = useTrafficLayer({
    journey: coverage?.journey.key,
    contentType: filters.contentType,
    locale: filters.locale,
    // Whatever the status filter shows, "content" here is what readers can reach: published.
    publishedIn: (stage, column) => matrix?.rows[stage]?.[column as Column]?.published ?? 0,
  });
  const details = coverage &&
    matrix && {
      coverage,
      matrix,
      state,
      locales,
      locale: filters.locale,
    };

  return (
    <JourneyPage
      title={t('coverage.title', 'Journey coverage')}
      subtitle={t(
        'coverage.subtitle',
        'Published documents per stage and search intent. Empty cells a stage expects are gaps.'
      )}
      primaryAction={
        coverage && matrix ? (
          <Button
            variant="secondary"
            startIcon={<Download />}
            onClick={() =>
              saveText(
                `coverage-${coverage.journey.key}.csv`,
                matrixCsv(stages, matrix, INTENT_COLUMNS, stageName),
                'text/csv;charset=utf-8'
              )
            }
          >
            {t('coverage.csv', 'Export CSV')}
          </Button>
        ) : undefined
      }
      outside={
        <>
          {openCell && coverage && (
            <CellEntries
              cell={openCell}
              contentTypes={coverage.types}
              locales={locales}
              onClose={() => setOpenCell(null)}
            />
          )}
          <DemandDrillDown layer={demand} />
        </>
      }
    >
      <FilterBar paddingBottom={6}>
        <JourneyFilter
          journeys={journeys}
          value={filters.journey ?? coverage?.journey.key}
          onChange={(journey) => setFilters({ journey })}
        />
        <ContentTypeFilter
          types={(coverage?.contentTypes ?? []).map((uid) => ({ uid }))}
          allLabel={t('coverage.allTypes', 'All content types')}
          value={filters.contentType}
          onChange={(contentType) => setFilters({ contentType })}
        />
        <LocaleFilter
          locales={locales}
          allLabel={t('coverage.allLocales', 'All locales')}
          value={filters.locale}
          onChange={(locale) => setFilters({ locale })}
        />
        <FilterSelect
          label={t('coverage.state', 'Status')}
          value={state}
          options={[
            { value: 'published', label: t('coverage.published', 'Published') },
            { value: 'draftOnly', label: t('coverage.drafts', 'Drafts only') },
          ]}
          onChange={(value) => setFilters({ state: value === 'draftOnly' ? value : undefined })}
        />
      </FilterBar>
      <Flex gap={4} paddingBottom={6} wrap="wrap">
        <DemandToggle layer={demand} />
        <DemandTotals layer={demand} />
        <TrafficToggle layer={traffic} />
      </Flex>

      <ErrorNotice error={error} />
      {coverage && (
        <PendingPublish
          scope={{
            journey: coverage.journey.key,
            contentType: filters.contentType,
            locale: filters.locale,
          }}
          typeName={(uid) => coverage.types.find((type) => type.uid === uid)?.name ?? uid}
        />
      )}

      {details && shownStages.length < stages.length && (
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

      {details && (
        <Flex direction="column" alignItems="stretch" gap={6}>
          <CoverageMatrix
            stages={shownStages}
            matrix={details.matrix}
            state={state}
            demand={demand}
            traffic={traffic}
            onOpen={openEntries}
          />
          <PriorityList layer={demand} />
          <UnplacedDemand layer={demand} />
          <CoverageSummary {...details} />
          {!filters.locale && locales.length > 0 && <PerLocale {...details} />}
          <Untagged
            coverage={details.coverage}
            contentType={filters.contentType}
            locale={filters.locale}
          />
          <TrendSection journey={details.coverage.journey.key} />
        </Flex>
      )}
    </JourneyPage>
  );
};

export default CoveragePage;
