import { Badge, Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useCoverageQuery, type CoverageStage } from '../../api/coverage';
import { useGetDemandMatrixQuery, type DemandMetric } from '../../api/demand';
import { useQueueCountsQuery } from '../../api/queue';
import { Link, useStageName } from '../../pages/coverage-page/shared';
import { useT } from '../common';
import { useIntentLabel } from '../demand/shared';
import { rankGaps, waitingByType } from './widget-model';

/** A widget's body is a fixed-height card on the home page: the top few lines, the rest a link away. */
const SHOWN = 5;

const COVERAGE = '/plugins/journey';

/**
 * The default journey's demand, when any was imported: a Search Console export has impressions,
 * a keyword tool's file only volume, so volume is asked for when impressions found no query.
 */
const useDemand = (journey: string | undefined) => {
  const skip = !journey;
  const impressions = useGetDemandMatrixQuery(
    { journey: journey ?? '', metric: 'impressions' },
    { skip }
  );
  const noImpressions = impressions.currentData?.totals.queries === 0;
  const volume = useGetDemandMatrixQuery(
    { journey: journey ?? '', metric: 'volume' },
    { skip: skip || !noImpressions }
  );
  const settled =
    impressions.isError ||
    (impressions.currentData && (!noImpressions || volume.currentData || volume.isError));
  const matrix = noImpressions ? volume.currentData : impressions.currentData;
  const metric: DemandMetric = noImpressions ? 'volume' : 'impressions';
  return {
    settled: skip || Boolean(settled),
    demand: matrix && matrix.totals.queries > 0 ? { metric, cells: matrix.cells } : null,
  };
};

export const CoverageWidget = () => {
  const t = useT();
  const stageName = useStageName();
  const intentLabel = useIntentLabel();
  const { data: coverage, isLoading, error } = useCoverageQuery({});
  const journey = coverage?.journey.key;
  const { settled, demand } = useDemand(journey);

  if (isLoading || (coverage && !settled)) return <Widget.Loading />;
  if (error || !coverage) return <Widget.Error />;

  const stages = new Map<string, CoverageStage>(coverage.journey.stages.map((s) => [s.key, s]));
  const gaps = rankGaps(
    coverage.cells,
    coverage.journey.stages.map((s) => s.key),
    coverage.thinThreshold,
    demand?.cells ?? null,
    coverage.expected
  );
  const journeyName = coverage.journey.name;
  if (gaps.length === 0) {
    return (
      <Widget.NoData>
        {t('widget.coverage.none', 'Every stage of {journey} has content for every intent.', {
          journey: journeyName,
        })}
      </Widget.NoData>
    );
  }
  const monthly = (count: number) =>
    demand?.metric === 'volume'
      ? t(
          'widget.coverage.searches',
          '{count, plural, one {# search a month} other {# searches a month}}',
          { count }
        )
      : t(
          'widget.coverage.impressions',
          '{count, plural, one {# impression a month} other {# impressions a month}}',
          { count }
        );
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="journey-widget-coverage">
      <Flex direction="column" alignItems="flex-start" gap={1}>
        <Typography variant="omega" fontWeight="bold" data-testid="journey-widget-gap-count">
          {t(
            'widget.coverage.count',
            '{count, plural, one {# gap in {journey}} other {# gaps in {journey}}}',
            {
              count: gaps.length,
              journey: journeyName,
            }
          )}
        </Typography>
        <Typography variant="pi" textColor="neutral600">
          {demand
            ? t('widget.coverage.byDemand', 'Most searched first')
            : t('widget.coverage.byStage', 'In stage order; import search demand to rank them')}
        </Typography>
      </Flex>
      <Flex tag="ol" direction="column" alignItems="stretch" gap={2}>
        {gaps.slice(0, SHOWN).map((gap) => {
          const stage = stages.get(gap.stage) as CoverageStage;
          const params = new URLSearchParams({ journey: coverage.journey.key, stage: gap.stage });
          if (demand) params.set('demand', demand.metric);
          return (
            <Flex
              tag="li"
              key={`${gap.stage}-${gap.intent}`}
              justifyContent="space-between"
              gap={2}
              data-testid="journey-widget-gap"
            >
              <Flex gap={2}>
                <Badge backgroundColor="danger100" textColor="danger700">
                  {t('coverage.gap', 'Gap')}
                </Badge>
                <Link to={`${COVERAGE}?${params}`}>
                  <Typography>
                    {t('widget.coverage.cell', '{stage} × {intent}', {
                      stage: stageName(stage),
                      intent: intentLabel(gap.intent),
                    })}
                  </Typography>
                </Link>
              </Flex>
              {gap.monthly !== null && (
                <Typography variant="pi" textColor="neutral600">
                  {monthly(Math.round(gap.monthly))}
                </Typography>
              )}
            </Flex>
          );
        })}
      </Flex>
      {gaps.length > SHOWN && (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'widget.coverage.more',
            '{count, plural, one {# more gap} other {# more gaps}} on the coverage page',
            {
              count: gaps.length - SHOWN,
            }
          )}
        </Typography>
      )}
    </Flex>
  );
};

export const QueueWidget = () => {
  const t = useT();
  const coverage = useCoverageQuery({});
  const types = coverage.data?.types ?? [];
  // The queue's own count per type, so the number is the one the queue shows when opened.
  const counts = useQueueCountsQuery(
    types.map((type) => type.uid),
    { skip: !coverage.data }
  );
  if (coverage.isLoading || (coverage.data && !counts.data && !counts.error)) {
    return <Widget.Loading />;
  }
  if (coverage.error || counts.error || !counts.data) return <Widget.Error />;
  const waiting = waitingByType(counts.data, types);
  const total = waiting.reduce((sum, type) => sum + type.count, 0);
  if (total === 0) {
    return (
      <Widget.NoData>{t('widget.queue.none', 'Every entry has a journey stage.')}</Widget.NoData>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="journey-widget-queue">
      <Typography variant="omega" fontWeight="bold" data-testid="journey-widget-queue-count">
        {t(
          'widget.queue.count',
          '{count, plural, one {# entry waiting for tags} other {# entries waiting for tags}}',
          { count: total }
        )}
      </Typography>
      <Flex tag="ul" direction="column" alignItems="stretch" gap={2}>
        {waiting.slice(0, SHOWN).map((type) => (
          <Flex
            tag="li"
            key={type.uid}
            justifyContent="space-between"
            gap={2}
            data-testid="journey-widget-queue-type"
          >
            <Link to={`${COVERAGE}/queue?${new URLSearchParams({ contentType: type.uid })}`}>
              <Typography>{type.name}</Typography>
            </Link>
            <Typography textColor="neutral600">
              {t('widget.queue.type', '{count, plural, one {# entry} other {# entries}}', {
                count: type.count,
              })}
            </Typography>
          </Flex>
        ))}
      </Flex>
    </Flex>
  );
};
