import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  MANAGE_DEMAND,
  useSaveDemandOverrideMutation,
  type DemandMetric,
  type UnplacedQuery,
} from '../../api/demand';
import { INTENTS } from '../../journeys';
import { DataTable, FilterSelect, messageOf, useT } from '../common';
import { useMonthly, type DemandLayer } from './DemandLayer';
import { useIntentLabel, useMetricLabel, useStageLabel } from './shared';

/**
 * One unplaced query's intent and stage, saved as the drill-down's overrides are: an intent
 * alone places it where the journey maps that intent, a stage puts it there.
 */
const PlaceQuery = ({ row, layer }: { row: UnplacedQuery; layer: DemandLayer }) => {
  const t = useT();
  const intentLabel = useIntentLabel();
  const stageLabel = useStageLabel(layer.scope.stages);
  const [saveOverride, { isLoading }] = useSaveDemandOverrideMutation();
  const { toggleNotification } = useNotification();
  const [intent, setIntent] = React.useState<string | undefined>(undefined);
  const [stage, setStage] = React.useState<string | undefined>(undefined);
  const save = async () => {
    try {
      await saveOverride({
        journey: layer.scope.journey,
        locale: row.locale,
        query: row.query,
        intent: intent ?? null,
        stage: stage ?? null,
      }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('demand.override.saved', '“{query}” is now counted where you put it.', {
          query: row.query,
        }),
      });
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) ?? 'Error' });
    }
  };
  return (
    <Flex gap={2} wrap="wrap">
      <FilterSelect
        name="unplaced-intent"
        minWidth="14rem"
        testId="demand-unplaced-intent"
        label={t('demand.unplaced.intentOf', 'Search intent of “{query}”', { query: row.query })}
        allLabel={t('demand.unplaced.noIntent', 'Intent: as classified')}
        value={intent}
        options={INTENTS.map((i) => ({ value: i, label: intentLabel(i) }))}
        onChange={setIntent}
      />
      <FilterSelect
        name="unplaced-stage"
        minWidth="14rem"
        testId="demand-unplaced-stage"
        label={t('demand.unplaced.stageOf', 'Stage of “{query}”', { query: row.query })}
        allLabel={t('demand.unplaced.noStage', 'Stage: from the intent')}
        value={stage}
        options={layer.scope.stages.map((s) => ({ value: s.key, label: stageLabel(s.key) }))}
        onChange={setStage}
      />
      <Button
        variant="secondary"
        loading={isLoading}
        disabled={!intent && !stage}
        onClick={save}
        data-testid="demand-unplaced-save"
      >
        {t('demand.unplaced.place', 'Place')}
      </Button>
    </Flex>
  );
};

/**
 * Demand that no stage takes (queries without an intent, or with one the journey maps nowhere):
 * counted in the totals, in no cell and in no priority line, so it gets a line of its own with
 * its biggest queries, each of which an admin can place.
 */
export const UnplacedDemand = ({ layer }: { layer: DemandLayer }) => {
  const t = useT();
  const monthly = useMonthly();
  const intentLabel = useIntentLabel();
  const metricLabel = useMetricLabel();
  const { formatNumber } = useIntl();
  const {
    allowedActions: { canManage },
  } = useRBAC(MANAGE_DEMAND);
  const unplaced = layer.matrix?.totals.unplaced;
  if (!layer.metric || !layer.matrix || !unplaced || unplaced.monthly <= 0) return null;
  const metric = layer.metric as DemandMetric;
  const share = layer.matrix.totals.monthly
    ? Math.round((unplaced.monthly / layer.matrix.totals.monthly) * 100)
    : 0;
  const top = unplaced.top ?? [];
  return (
    <Box
      background="neutral0"
      padding={6}
      shadow="tableShadow"
      hasRadius
      data-testid="demand-unplaced"
    >
      <Typography variant="delta" tag="h2">
        {t('demand.unplaced', 'Unplaced demand')}
      </Typography>
      <Box paddingTop={2} paddingBottom={3}>
        <Typography tag="p" data-testid="demand-unplaced-line">
          {t(
            'demand.unplaced.line',
            '{demand} ({share}% of the total) from {queries, plural, one {# query} other {# queries}} with no stage: counted in the total, in no cell.',
            {
              demand: monthly(metric, unplaced.monthly, false),
              share,
              queries: unplaced.queries,
            }
          )}
        </Typography>
        {canManage && (
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t(
              'demand.unplaced.hint',
              'Give a query an intent or a stage to count it in a cell; the intent mapping decides the stage when you give only an intent.'
            )}
          </Typography>
        )}
      </Box>
      {top.length > 0 && (
        <DataTable
          rows={top}
          rowKey={(row) => `${row.locale}\u0000${row.query}`}
          rowTestId={() => 'demand-unplaced-row'}
          columns={[
            {
              key: 'query',
              header: t('demand.query', 'Query'),
              cell: (row) => <Typography fontWeight="bold">{row.query}</Typography>,
            },
            { key: 'locale', header: t('coverage.locale', 'Locale'), cell: (row) => row.locale },
            {
              key: 'intent',
              header: t('demand.preview.byIntent', 'Search intent'),
              cell: (row) => intentLabel(row.intent),
            },
            {
              key: 'demand',
              header: t('demand.perMonth', '{metric} a month', { metric: metricLabel(metric) }),
              cell: (row) => formatNumber(Math.round(row.monthly)),
            },
            ...(canManage
              ? [
                  {
                    key: 'place',
                    header: t('demand.unplaced.placeIt', 'Place it'),
                    cell: (row: UnplacedQuery) => <PlaceQuery row={row} layer={layer} />,
                  },
                ]
              : []),
          ]}
        />
      )}
    </Box>
  );
};
