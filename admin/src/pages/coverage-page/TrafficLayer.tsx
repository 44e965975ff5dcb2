import { Badge, Box, Flex, Switch, Typography, VisuallyHidden } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import { useAnalyticsTrafficQuery } from '../../api/analytics';
import { useGetJourneysQuery } from '../../api/journeys';
import { messageOf, useT } from '../../components/common';
import { useCompact } from '../../components/demand/shared';
import { TRAFFIC_MIN_VIEWS, trafficCells, type TrafficFigures } from './traffic';

const READ_ANALYTICS = [{ action: 'plugin::journey.analytics.read', subject: null }];

export interface TrafficScope {
  journey?: string;
  contentType?: string;
  locale?: string;
  /** Published documents of a cell in the current view, by stage key and column. */
  publishedIn: (stage: string, column: string) => number;
}

/**
 * The coverage page's traffic layer, beside supply and demand: on when the URL says
 * `traffic=on` (so a view with it can be shared, like `demand=`), and only for admins who may
 * read analytics. Views and the progression rate per stage × intent over the last 30 days.
 */
export const useTrafficLayer = (scope: TrafficScope) => {
  const [params, setParams] = useSearchParams();
  const {
    allowedActions: { canRead },
  } = useRBAC(READ_ANALYTICS);
  const on = canRead && params.get('traffic') === 'on';
  const { data: journeys } = useGetJourneysQuery();
  const journey = journeys?.find((j) => j.key === scope.journey);
  const { currentData: answer = null, error } = useAnalyticsTrafficQuery(
    { journey: journey?.key, contentType: scope.contentType, locale: scope.locale },
    { skip: !on || !journey }
  );
  const stages = journey?.stages ?? [];
  const keyOf = new Map(stages.map((s) => [s.documentId, s.key]));
  const figures = answer
    ? trafficCells(
        answer.cells,
        (id) => keyOf.get(id),
        stages[stages.length - 1]?.key,
        scope.publishedIn
      )
    : null;

  const setOn = (next: boolean) => {
    const updated = new URLSearchParams(params);
    if (next) updated.set('traffic', 'on');
    else updated.delete('traffic');
    setParams(updated, { replace: true });
  };

  return {
    allowed: canRead,
    on,
    setOn,
    period: answer?.period ?? null,
    error: messageOf(error),
    cell: (stage: string, column: string): TrafficFigures | undefined =>
      figures?.get(`${stage}|${column}`),
    poorCount: figures ? [...figures.values()].filter((f) => f.poor).length : 0,
  };
};

export type TrafficLayer = ReturnType<typeof useTrafficLayer>;

/** The switch beside the demand layer's, with what the numbers mean once it is on. */
export const TrafficToggle = ({ layer }: { layer: TrafficLayer }) => {
  const t = useT();
  const { formatDate } = useIntl();
  if (!layer.allowed) return null;
  const day = (iso: string) =>
    formatDate(`${iso}T00:00:00Z`, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  return (
    <Flex gap={3} alignItems="center" wrap="wrap" data-testid="traffic-layer">
      <Switch
        checked={layer.on}
        onCheckedChange={(on: boolean) => layer.setOn(on)}
        aria-label={t('traffic.layer', 'Traffic')}
        onLabel={t('demand.layer.on', 'On')}
        offLabel={t('demand.layer.off', 'Off')}
        data-testid="traffic-layer-toggle"
      />
      <Typography>{t('traffic.layer', 'Traffic')}</Typography>
      {layer.on && layer.period && (
        <Typography variant="pi" textColor="neutral600" data-testid="traffic-layer-hint">
          {t(
            'traffic.hint',
            'Views and the share that moved on to a later stage, {from} – {to}; “Low progression”: content and at least {min} views, but under half the journey’s rate.',
            { from: day(layer.period.from), to: day(layer.period.to), min: TRAFFIC_MIN_VIEWS }
          )}
        </Typography>
      )}
      {layer.error && <Typography textColor="danger600">{layer.error}</Typography>}
    </Flex>
  );
};

/** One cell's traffic under its count: views, progression rate, and the flag when poor. */
export const TrafficCellNote = ({
  layer,
  stage,
  intent,
}: {
  layer: TrafficLayer;
  stage: string;
  intent: string;
}) => {
  const t = useT();
  const compact = useCompact();
  const { formatNumber } = useIntl();
  if (!layer.on) return null;
  const figures = layer.cell(stage, intent);
  if (!figures || figures.views === 0) return null;
  const rate =
    figures.rate === null
      ? '—'
      : formatNumber(figures.rate, { style: 'percent', maximumFractionDigits: 0 });
  return (
    <Box
      paddingTop={1}
      data-testid={`traffic-cell-${stage}-${intent}`}
      data-views={figures.views}
      data-poor={figures.poor ? 'true' : 'false'}
    >
      <Flex gap={1} wrap="wrap">
        {/* Short for the narrow cell; the hidden sentence below says it in full. */}
        <Typography variant="pi" textColor="neutral700" aria-hidden>
          {`${t('traffic.views', '{count, plural, one {{value} view} other {{value} views}}', {
            count: figures.views,
            value: compact(figures.views),
          })} · ${t('traffic.movedOn', '{rate} on', { rate })}`}
        </Typography>
        {figures.poor && (
          <Badge backgroundColor="warning100" textColor="warning700">
            {t('traffic.poor', 'Low progression')}
          </Badge>
        )}
      </Flex>
      <VisuallyHidden>
        {t(
          'traffic.cellHint',
          'Traffic: {count, plural, one {# view} other {# views}}, {rate} moved on to a later stage',
          { count: figures.views, rate }
        )}
      </VisuallyHidden>
    </Box>
  );
};
