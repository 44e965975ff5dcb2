import { Badge, Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Preview, PreviewRow, Totals } from '../../api/demand';
import { DataTable, type DataColumn } from '../common';
import { useT } from '../common';
import { useIntentLabel, useStageLabel, type NamedStage } from './shared';

const SKIPPED_SHOWN = 10;

const Figure = ({ label, value, testId }: { label: string; value: number; testId: string }) => {
  const { formatNumber } = useIntl();
  return (
    <Box background="neutral100" padding={4} hasRadius minWidth="14rem">
      <Typography variant="pi" textColor="neutral600" tag="p">
        {label}
      </Typography>
      <Typography variant="beta" tag="p" data-testid={testId}>
        {formatNumber(value)}
      </Typography>
    </Box>
  );
};

const TotalsTable = ({
  title,
  rows,
  label,
  testId,
}: {
  title: string;
  rows: Record<string, Totals>;
  label: (key: string) => string;
  testId: string;
}) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const keys = Object.keys(rows).sort((a, b) => rows[b].queries - rows[a].queries);
  const figure = (field: keyof Totals, header: string): DataColumn<string> => ({
    key: field,
    header,
    cell: (key) => formatNumber(rows[key][field]),
  });
  return (
    <Box>
      <Box paddingBottom={2}>
        <Typography variant="delta" tag="h3">
          {title}
        </Typography>
      </Box>
      <DataTable
        rows={keys}
        rowKey={(key) => key}
        rowTestId={(key) => `${testId}-${key}`}
        columns={[
          {
            key: 'label',
            header: title,
            cell: (key) => <Typography fontWeight="bold">{label(key)}</Typography>,
          },
          figure('queries', t('demand.queries', 'Queries')),
          figure('clicks', t('demand.metric.clicks', 'Clicks')),
          figure('impressions', t('demand.metric.impressions', 'Impressions')),
          figure('volume', t('demand.metric.volume', 'Search volume')),
        ]}
      />
    </Box>
  );
};

/** What an import would store: counts, skipped lines with their reasons, intents and stages. */
export const PreviewResult = ({ preview, stages }: { preview: Preview; stages: NamedStage[] }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const intentLabel = useIntentLabel();
  const stageLabel = useStageLabel(stages);
  const metricColumn = (
    key: 'clicks' | 'impressions' | 'volume',
    header: string
  ): DataColumn<PreviewRow> => ({
    key,
    header,
    cell: (row) => (row[key] === null ? '—' : formatNumber(row[key] as number)),
  });
  return (
    <Flex direction="column" alignItems="stretch" gap={5} data-testid="demand-preview">
      <Flex gap={3} wrap="wrap">
        <Figure
          label={t('demand.preview.read', 'Rows read')}
          value={preview.rowsRead}
          testId="demand-preview-read"
        />
        <Figure
          label={t('demand.preview.valid', 'Queries to import')}
          value={preview.rowsValid}
          testId="demand-preview-valid"
        />
        <Figure
          label={t('demand.preview.skipped', 'Rows skipped')}
          value={preview.skippedCount}
          testId="demand-preview-skipped"
        />
        <Box padding={4}>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t('demand.preview.format', 'Format')}
          </Typography>
          <Badge>
            {preview.format === 'search-console'
              ? t('demand.format.searchConsole', 'Search Console')
              : preview.format === 'keyword-volume'
                ? t('demand.format.keywordVolume', 'Keyword volume')
                : t('demand.format.custom', 'Custom columns')}
          </Badge>
        </Box>
      </Flex>

      {preview.skipped.length > 0 && (
        <Box background="warning100" padding={4} hasRadius>
          <Typography fontWeight="bold" tag="p">
            {t(
              'demand.preview.skippedWhy',
              'Why {count, plural, one {# row was} other {# rows were}} skipped',
              { count: preview.skippedCount }
            )}
          </Typography>
          {preview.skipped.slice(0, SKIPPED_SHOWN).map((s) => (
            <Typography tag="p" key={s.line} data-testid="demand-preview-skipped-line">
              {t('demand.preview.line', 'Line {line}: {reason}', {
                line: s.line,
                reason: s.reason,
              })}
            </Typography>
          ))}
          {preview.skippedCount > SKIPPED_SHOWN && (
            <Typography tag="p" textColor="neutral600">
              {t('demand.preview.more', '…and {count, plural, one {# more} other {# more}}', {
                count: preview.skippedCount - SKIPPED_SHOWN,
              })}
            </Typography>
          )}
        </Box>
      )}

      {preview.byIntent && (
        <TotalsTable
          title={t('demand.preview.byIntent', 'Search intent')}
          rows={preview.byIntent}
          label={intentLabel}
          testId="demand-preview-intent"
        />
      )}
      {preview.byStage && (
        <TotalsTable
          title={t('coverage.stage', 'Stage')}
          rows={preview.byStage}
          label={(key) => (key === 'none' ? t('demand.noStage', 'No stage') : stageLabel(key))}
          testId="demand-preview-stage"
        />
      )}

      {preview.sample.length > 0 && (
        <Box>
          <Box paddingBottom={2}>
            <Typography variant="delta" tag="h3">
              {t('demand.preview.sample', 'Sample')}
            </Typography>
          </Box>
          <DataTable
            rows={preview.sample}
            rowKey={(row) => row.line}
            rowTestId={() => 'demand-preview-sample-row'}
            columns={[
              { key: 'query', header: t('demand.query', 'Query'), cell: (row) => row.query },
              metricColumn('clicks', t('demand.metric.clicks', 'Clicks')),
              metricColumn('impressions', t('demand.metric.impressions', 'Impressions')),
              {
                key: 'ctr',
                header: t('demand.ctr', 'CTR'),
                cell: (row) =>
                  row.ctr === null
                    ? '—'
                    : formatNumber(row.ctr, { style: 'percent', maximumFractionDigits: 1 }),
              },
              {
                key: 'position',
                header: t('demand.position', 'Position'),
                cell: (row) =>
                  row.position === null
                    ? '—'
                    : formatNumber(row.position, { maximumFractionDigits: 1 }),
              },
              metricColumn('volume', t('demand.metric.volume', 'Search volume')),
              {
                key: 'intent',
                header: t('demand.preview.byIntent', 'Search intent'),
                cell: (row) => intentLabel(row.intent),
              },
              {
                key: 'stage',
                header: t('coverage.stage', 'Stage'),
                cell: (row) => stageLabel(row.stage),
              },
            ]}
          />
        </Box>
      )}
    </Flex>
  );
};
