import {
  Badge,
  Box,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { Preview, Totals } from '../../api/demand';
import { useIntentLabel, useStageLabel, useT, type NamedStage } from './shared';

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
  return (
    <Box>
      <Box paddingBottom={2}>
        <Typography variant="delta" tag="h3">
          {title}
        </Typography>
      </Box>
      <Table colCount={5} rowCount={keys.length + 1}>
        <Thead>
          <Tr>
            <Th>
              <Typography variant="sigma">{title}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('demand.queries', 'Queries')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('demand.metric.clicks', 'Clicks')}</Typography>
            </Th>
            <Th>
              <Typography variant="sigma">
                {t('demand.metric.impressions', 'Impressions')}
              </Typography>
            </Th>
            <Th>
              <Typography variant="sigma">{t('demand.metric.volume', 'Search volume')}</Typography>
            </Th>
          </Tr>
        </Thead>
        <Tbody>
          {keys.map((key) => (
            <Tr key={key} data-testid={`${testId}-${key}`}>
              <Td>
                <Typography fontWeight="bold">{label(key)}</Typography>
              </Td>
              <Td>
                <Typography>{formatNumber(rows[key].queries)}</Typography>
              </Td>
              <Td>
                <Typography>{formatNumber(rows[key].clicks)}</Typography>
              </Td>
              <Td>
                <Typography>{formatNumber(rows[key].impressions)}</Typography>
              </Td>
              <Td>
                <Typography>{formatNumber(rows[key].volume)}</Typography>
              </Td>
            </Tr>
          ))}
        </Tbody>
      </Table>
    </Box>
  );
};

/** What an import would store: counts, skipped lines with their reasons, intents and stages. */
export const PreviewResult = ({ preview, stages }: { preview: Preview; stages: NamedStage[] }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const intentLabel = useIntentLabel();
  const stageLabel = useStageLabel(stages);
  const metric = (value: number | null) => (value === null ? '—' : formatNumber(value));
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
              '{count, plural, one {The skipped row and why} other {The # skipped rows and why}}',
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
          <Table colCount={8} rowCount={preview.sample.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('demand.query', 'Query')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('demand.metric.clicks', 'Clicks')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('demand.metric.impressions', 'Impressions')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('demand.ctr', 'CTR')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('demand.position', 'Position')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('demand.metric.volume', 'Search volume')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('demand.preview.byIntent', 'Search intent')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('coverage.stage', 'Stage')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {preview.sample.map((row) => (
                <Tr key={row.line} data-testid="demand-preview-sample-row">
                  <Td>
                    <Typography>{row.query}</Typography>
                  </Td>
                  <Td>
                    <Typography>{metric(row.clicks)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{metric(row.impressions)}</Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {row.ctr === null
                        ? '—'
                        : formatNumber(row.ctr, { style: 'percent', maximumFractionDigits: 1 })}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>
                      {row.position === null
                        ? '—'
                        : formatNumber(row.position, { maximumFractionDigits: 1 })}
                    </Typography>
                  </Td>
                  <Td>
                    <Typography>{metric(row.volume)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{intentLabel(row.intent)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{stageLabel(row.stage)}</Typography>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        </Box>
      )}
    </Flex>
  );
};
