import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Switch,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import {
  DEMAND_METRICS,
  demandPeriod,
  useExportDemandCsvMutation,
  useGetDemandMatrixQuery,
  type DemandMetric,
  type MatrixCell,
  type RankingLine,
} from '../../api/demand';
import { messageOf, useT } from '../common';
import {
  useCompact,
  useIntentLabel,
  useMetricLabel,
  useStageLabel,
  type NamedStage,
} from './shared';

export interface LayerScope {
  journey?: string;
  stages: NamedStage[];
  contentType?: string;
  locale?: string;
  types: Array<{ uid: string; kind: string; name: string }>;
  locales: Array<{ code: string; name: string; isDefault?: boolean }>;
}

export interface OpenDemandCell {
  stage: string;
  intent: string;
}

/**
 * The coverage page's demand layer: on when the URL says `demand=<metric>`, so a view with
 * demand can be shared as a link like the other filters. Holds the matrix answer, the cell
 * whose queries are open and the served/unserved threshold the drill-down and export share.
 */
export const useDemandLayer = (scope: LayerScope) => {
  const { toggleNotification } = useNotification();
  const [params, setParams] = useSearchParams();
  const raw = params.get('demand');
  const metric = (DEMAND_METRICS as string[]).includes(raw ?? '') ? (raw as DemandMetric) : null;
  const [open, setOpen] = React.useState<OpenDemandCell | null>(null);
  const [threshold, setThreshold] = React.useState<number | null>(null);
  const [exportDemandCsv] = useExportDemandCsvMutation();
  const { currentData: matrix = null, error: matrixError } = useGetDemandMatrixQuery(
    {
      journey: scope.journey ?? '',
      locale: scope.locale,
      contentType: scope.contentType,
      metric: metric ?? 'impressions',
    },
    { skip: !metric || !scope.journey }
  );
  const error = messageOf(matrixError);

  const setMetric = (next: DemandMetric | null) => {
    const updated = new URLSearchParams(params);
    if (next) updated.set('demand', next);
    else updated.delete('demand');
    setParams(updated, { replace: true });
  };

  const cell = (stage: string, intent: string): MatrixCell | undefined =>
    matrix?.cells.find((c) => c.stage === stage && c.intent === intent);

  /** The ranked opportunities as the server writes them, saved as a CSV file. */
  const exportCsv = async () => {
    try {
      await exportDemandCsv({
        journey: scope.journey,
        metric: metric ?? 'impressions',
        threshold: threshold ?? undefined,
        locale: scope.locale,
      }).unwrap();
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) ?? 'Error' });
    }
  };

  return {
    scope,
    metric,
    setMetric,
    matrix,
    error,
    cell,
    open,
    setOpen,
    threshold,
    setThreshold,
    exportCsv,
  };
};

export type DemandLayer = ReturnType<typeof useDemandLayer>;

/** Off, or on with the metric to show: impressions, clicks or search volume. */
export const DemandToggle = ({ layer }: { layer: DemandLayer }) => {
  const t = useT();
  const metricLabel = useMetricLabel();
  return (
    <Flex gap={3} alignItems="center" data-testid="demand-layer">
      <Switch
        checked={layer.metric !== null}
        onCheckedChange={(on: boolean) => layer.setMetric(on ? 'impressions' : null)}
        aria-label={t('demand.layer', 'Search demand')}
        onLabel={t('demand.layer.on', 'On')}
        offLabel={t('demand.layer.off', 'Off')}
        data-testid="demand-layer-toggle"
      />
      <Typography>{t('demand.layer', 'Search demand')}</Typography>
      {layer.metric && (
        <Box minWidth="16rem">
          <SingleSelect
            aria-label={t('demand.metric', 'Demand metric')}
            value={layer.metric}
            onChange={(value: string | number) => layer.setMetric(value as DemandMetric)}
            data-testid="demand-metric"
          >
            {DEMAND_METRICS.map((m) => (
              <SingleSelectOption key={m} value={m}>
                {metricLabel(m)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
      )}
    </Flex>
  );
};

/** "18.4k impressions a month" in the words of the chosen metric. */
export const useMonthly = () => {
  const t = useT();
  const compact = useCompact();
  return (metric: DemandMetric, value: number, short: boolean) => {
    const count = Math.round(value);
    if (short) {
      const shown = compact(count);
      return metric === 'clicks'
        ? t(
            'demand.short.clicks',
            '{count, plural, one {{value} click/mo} other {{value} clicks/mo}}',
            { count, value: shown }
          )
        : metric === 'volume'
          ? t(
              'demand.short.volume',
              '{count, plural, one {{value} search/mo} other {{value} searches/mo}}',
              { count, value: shown }
            )
          : t(
              'demand.short.impressions',
              '{count, plural, one {{value} impr./mo} other {{value} impr./mo}}',
              { count, value: shown }
            );
    }
    return metric === 'clicks'
      ? t('demand.long.clicks', '{count, plural, one {# click} other {# clicks}} a month', {
          count,
        })
      : metric === 'volume'
        ? t('demand.long.volume', '{count, plural, one {# search} other {# searches}} a month', {
            count,
          })
        : t(
            'demand.long.impressions',
            '{count, plural, one {# impression} other {# impressions}} a month',
            { count }
          );
  };
};

/**
 * One matrix cell's demand beside its supply, as its own button (the cell's count opens the
 * entries; this opens the queries). A gap that people search for is what the layer is for, so
 * it stands out.
 */
export const DemandCellNote = ({
  layer,
  stage,
  intent,
}: {
  layer: DemandLayer;
  stage: string;
  intent: string;
}) => {
  const t = useT();
  const monthly = useMonthly();
  const stageLabel = useStageLabel(layer.scope.stages);
  const intentLabel = useIntentLabel();
  if (!layer.metric || !layer.matrix) return null;
  const cell = layer.cell(stage, intent);
  // Queries without this metric (volume rows under impressions) are no demand to show.
  if (!cell || cell.queries === 0 || cell.monthly <= 0) return null;
  const gap = cell.supply === 0 && cell.monthly > 0;
  // Each half kept whole (no-break spaces), so that a narrow cell breaks the note only at the
  // dot: the matrix with demand then fits a 1440 px screen instead of scrolling sideways.
  const whole = (part: string) => part.replace(/ /g, '\u00a0');
  const text = `${whole(monthly(layer.metric, cell.monthly, true))} · ${whole(
    t('demand.docs', '{count, plural, one {# doc} other {# docs}}', { count: cell.supply })
  )}`;
  return (
    <Box paddingTop={1}>
      <Button
        size="S"
        variant={gap ? 'danger-light' : 'tertiary'}
        onClick={() => layer.setOpen({ stage, intent })}
        data-testid={`demand-cell-${stage}-${intent}`}
        data-demand={Math.round(cell.monthly)}
        data-demand-gap={gap ? 'true' : 'false'}
        style={{ height: 'auto', minHeight: '3.2rem', textAlign: 'left' }}
      >
        <span style={{ whiteSpace: 'normal' }}>{text}</span>
        <VisuallyHidden>
          {`, ${t('demand.openCell', 'Search queries: {stage}, {intent}', {
            stage: stageLabel(stage),
            intent: intentLabel(intent),
          })}`}
        </VisuallyHidden>
      </Button>
    </Box>
  );
};

/**
 * "Gap" and "Thin" mean what the coverage page flags; a cell its stage does not expect is
 * ranked by its demand all the same, in neutral colours under its own word.
 */
const KIND_COLOURS: Record<RankingLine['kind'], { background: string; text: string }> = {
  gap: { background: 'danger100', text: 'danger700' },
  thin: { background: 'warning100', text: 'warning700' },
  unexpected: { background: 'neutral150', text: 'neutral700' },
};

/**
 * Gaps and thin cells ranked by demand, in words: "Consideration × commercial (sv): 18,400
 * impressions a month, 1 document".
 */
export const PriorityList = ({ layer, limit = 10 }: { layer: DemandLayer; limit?: number }) => {
  const t = useT();
  const monthly = useMonthly();
  const stageLabel = useStageLabel(layer.scope.stages);
  const intentLabel = useIntentLabel();
  if (!layer.metric) return null;
  const ranking = layer.matrix?.ranking ?? [];
  return (
    <Box background="neutral0" padding={6} shadow="tableShadow" hasRadius>
      <Flex justifyContent="space-between" alignItems="flex-start" gap={4}>
        <Box>
          <Typography variant="delta" tag="h2">
            {t('demand.priority', 'Priority')}
          </Typography>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t(
              'demand.priority.hint',
              'Gaps and thin cells, ranked by search demand: where people search and find little of yours.'
            )}
          </Typography>
        </Box>
        <Button
          variant="secondary"
          startIcon={<Download />}
          onClick={layer.exportCsv}
          data-testid="demand-export"
        >
          {t('demand.export', 'Export demand CSV')}
        </Button>
      </Flex>
      {layer.error && (
        <Box paddingTop={3}>
          <Typography textColor="danger600">{layer.error}</Typography>
        </Box>
      )}
      <Box paddingTop={3}>
        {layer.matrix && ranking.length === 0 && (
          <Typography data-testid="demand-priority-empty">
            {layer.matrix.totals.queries === 0
              ? t(
                  'demand.priority.noData',
                  'No search demand imported for this journey: import a file under Search demand.'
                )
              : t('demand.priority.none', 'No gap or thin cell has search demand.')}
          </Typography>
        )}
        {ranking.slice(0, limit).map((line, i) => (
          <Flex
            key={`${line.stage}-${line.intent}-${line.locale}`}
            gap={2}
            paddingTop={i === 0 ? 0 : 2}
            alignItems="center"
          >
            <Badge
              backgroundColor={KIND_COLOURS[line.kind].background}
              textColor={KIND_COLOURS[line.kind].text}
              data-testid="demand-priority-kind"
              data-kind={line.kind}
            >
              {line.kind === 'gap'
                ? t('coverage.gap', 'Gap')
                : line.kind === 'thin'
                  ? t('coverage.thin', 'Thin')
                  : t('demand.priority.unexpected', 'Searched, not expected')}
            </Badge>
            <Typography
              tag="p"
              data-testid="demand-priority-line"
              style={{ cursor: 'pointer', textDecoration: 'underline' }}
              role="button"
              tabIndex={0}
              onClick={() => layer.setOpen({ stage: line.stage, intent: line.intent })}
              onKeyDown={(e: React.KeyboardEvent) => {
                if (e.key === 'Enter' || e.key === ' ')
                  layer.setOpen({ stage: line.stage, intent: line.intent });
              }}
            >
              {t('demand.priority.line', '{stage} × {intent} ({locale}): {demand}, {documents}', {
                stage: stageLabel(line.stage),
                intent: intentLabel(line.intent).toLowerCase(),
                locale: line.locale,
                demand: monthly(layer.metric as DemandMetric, line.monthly, false),
                documents: t(
                  'demand.documents',
                  '{count, plural, =0 {no documents} one {# document} other {# documents}}',
                  { count: line.supply }
                ),
              })}
            </Typography>
          </Flex>
        ))}
      </Box>
    </Box>
  );
};

/**
 * The layer's totals under the toggle, so an empty layer is not mistaken for no demand. The
 * monthly figure says where it comes from: "≈15,428 impressions a month (46,126 over 91 days)".
 */
export const DemandTotals = ({ layer }: { layer: DemandLayer }) => {
  const t = useT();
  const monthly = useMonthly();
  const { formatNumber } = useIntl();
  if (!layer.metric || !layer.matrix) return null;
  const { totals } = layer.matrix;
  const period = demandPeriod(layer.matrix.meta?.imports, layer.metric);
  const perMonth = monthly(layer.metric, totals.monthly, false);
  const rate =
    period?.kind === 'days'
      ? t('demand.totals.rate', '≈{monthly} ({sum} over {period})', {
          monthly: perMonth,
          // Both are formatted text, not counts: the plural lives in demand.totals.days.
          sum: formatNumber(Math.round(totals.demand)),
          period:
            period.from === period.to
              ? t('demand.totals.days', '{count, plural, one {# day} other {# days}}', {
                  count: period.to,
                })
              : t('demand.totals.dayRange', '{from}–{to} days', {
                  from: period.from,
                  to: period.to,
                }),
        })
      : period?.kind === 'monthly'
        ? t('demand.totals.monthlyVolume', '{monthly} (monthly search volume)', {
            monthly: perMonth,
          })
        : perMonth;
  return (
    <Typography variant="pi" textColor="neutral600" data-testid="demand-totals">
      {t(
        'demand.totals.line',
        '{demand}, from {queries, plural, one {# query} other {# queries}}, {unserved, plural, other {# unserved}}',
        {
          demand: rate,
          queries: totals.queries,
          unserved: totals.unserved,
        }
      )}
    </Typography>
  );
};
