import { Box, Flex, Loader, Typography } from '@strapi/design-system';
import { Page } from '@strapi/strapi/admin';
import { useAnalyticsQuery, type AnalyticsResponse } from '../api/analytics';
import { useJourneySummaries, useLocales } from '../api/lookups';
import {
  AnalyticsControls,
  DEFAULT_DAYS,
  type AnalyticsFilters,
} from '../components/analytics/AnalyticsControls';
import { AnalyticsEmpty } from '../components/analytics/AnalyticsEmpty';
import { EffectPanel } from '../components/analytics/EffectPanel';
import { Funnel } from '../components/analytics/Funnel';
import { StageContent } from '../components/analytics/StageContent';
import { TransitionMatrix } from '../components/analytics/TransitionMatrix';
import { isEmpty, periodArgs } from '../components/analytics/analytics-view';
import { ErrorNotice, JourneyPage, useT, useUrlFilters } from '../components/common';

export const READ_ANALYTICS = [{ action: 'plugin::journey.analytics.read', subject: null }];

const FILTERS = ['journey', 'period', 'from', 'to', 'locale', 'source', 'stage'] as const;

/** Where the period's figures come from: collected events and the imports that overlap it. */
const Sources = ({ answer }: { answer: AnalyticsResponse }) => {
  const t = useT();
  const parts = [
    ...(answer.sources.events ? [t('analytics.source.events', 'Collected events')] : []),
    ...answer.sources.imports.map((i) =>
      t('analytics.sources.import', 'import from {tool} ({from} – {to})', {
        tool: i.tool,
        from: i.periodFrom,
        to: i.periodTo,
      })
    ),
  ];
  const dropped = Object.values(answer.dropped).reduce((sum, n) => sum + n, 0);
  return (
    <Typography variant="pi" textColor="neutral600" data-testid="analytics-sources">
      {t('analytics.sources', '{from} – {to}. Sources: {sources}.', {
        from: answer.period.from,
        to: answer.period.to,
        sources: parts.length ? parts.join(', ') : '–',
      })}
      {dropped > 0 &&
        ` ${t('analytics.dropped', '{count, plural, one {# event was} other {# events were}} not counted (unknown, unpublished or refused).', { count: dropped })}`}
    </Typography>
  );
};

/**
 * Journey analytics: how sessions move through a journey's stages (funnel and moves between
 * stages), which entries move readers on or lose them, and whether a change made a difference.
 */
export const AnalyticsPage = () => {
  const t = useT();
  const [filters, setFilters] = useUrlFilters(FILTERS);
  const journeys = useJourneySummaries();
  const locales = useLocales();
  const period = filters.period ?? String(DEFAULT_DAYS);
  const range = periodArgs(
    period === 'range'
      ? { from: filters.from ?? '', to: filters.to ?? '' }
      : { preset: Number(period) || DEFAULT_DAYS }
  );
  const source =
    filters.source === 'events' || filters.source === 'imports' ? filters.source : undefined;
  const query = useAnalyticsQuery(
    { journey: filters.journey, ...range, locale: filters.locale, source },
    { skip: !range }
  );
  const answer = range ? query.currentData : undefined;
  const onChange = (patch: Partial<AnalyticsFilters>) => setFilters(patch);

  return (
    <JourneyPage
      title={t('analytics.title', 'Journey analytics')}
      subtitle={t(
        'analytics.subtitle',
        'How readers move through the journey’s stages, which entries move them on, and where they leave.'
      )}
    >
      <AnalyticsControls
        filters={filters}
        journeys={journeys}
        journeyValue={filters.journey ?? answer?.journey.key}
        locales={locales}
        onChange={onChange}
      />
      <ErrorNotice error={query.error} testId="analytics-error" />
      {range && query.isFetching && !answer && (
        <Flex justifyContent="center" padding={8}>
          <Loader>{t('analytics.loading', 'Loading journey analytics…')}</Loader>
        </Flex>
      )}
      {answer && isEmpty(answer) && (
        <AnalyticsEmpty
          filtered={Boolean(filters.locale || source || period !== String(DEFAULT_DAYS))}
        />
      )}
      {answer && !isEmpty(answer) && (
        <Flex direction="column" alignItems="stretch" gap={6} data-testid="analytics-content-root">
          <Sources answer={answer} />
          <Funnel answer={answer} />
          <TransitionMatrix answer={answer} />
          <StageContent
            answer={answer}
            stage={filters.stage}
            onStage={(stage) => setFilters({ stage })}
          />
          <EffectPanel key={answer.journey.documentId} answer={answer} locale={filters.locale} />
        </Flex>
      )}
      <Box paddingBottom={6} />
    </JourneyPage>
  );
};

/** The route's element: only roles that may read analytics see the page (the routes refuse others). */
export const ProtectedAnalyticsPage = () => (
  <Page.Protect permissions={READ_ANALYTICS}>
    <AnalyticsPage />
  </Page.Protect>
);

export default ProtectedAnalyticsPage;
