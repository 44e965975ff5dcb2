import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import type { AnalyticsDocumentRow, AnalyticsResponse } from '../../api/analytics';
import { DataTable, FilterSelect, useT } from '../common';
import { Link, Panel, useAnalyticsStageName } from './parts';
import { count, percent, sortedStages } from './analytics-view';

/** The entry's title, leading to its edit view when the reader may open it. */
const Title = ({ row }: { row: AnalyticsDocumentRow }) =>
  row.editPath ? (
    <Typography>
      <Link to={row.editPath} data-testid="analytics-doc-link">
        {row.title}
      </Link>
    </Typography>
  ) : (
    <Typography>{row.title}</Typography>
  );

const DocumentTable = ({
  title,
  rows,
  testId,
}: {
  title: string;
  rows: AnalyticsDocumentRow[];
  testId: string;
}) => {
  const t = useT();
  const { locale } = useIntl();
  return (
    <Box data-testid={testId}>
      <Box paddingBottom={2}>
        <Typography variant="epsilon" tag="h3">
          {title}
        </Typography>
      </Box>
      <DataTable
        columns={[
          {
            key: 'title',
            header: t('analytics.content.entry', 'Entry'),
            cell: (row: AnalyticsDocumentRow) => <Title row={row} />,
          },
          {
            key: 'views',
            header: t('analytics.content.views', 'Views'),
            cell: (row: AnalyticsDocumentRow) => count(row.views, locale),
          },
          {
            key: 'progression',
            header: t('analytics.content.progression', 'Moved on'),
            cell: (row: AnalyticsDocumentRow) => percent(row.progressionShare, locale),
          },
          {
            key: 'exit',
            header: t('analytics.content.exit', 'Left'),
            cell: (row: AnalyticsDocumentRow) => percent(row.exitShare, locale),
          },
          {
            key: 'helpful',
            header: t('analytics.content.helpful', 'Helpful'),
            cell: (row: AnalyticsDocumentRow) =>
              row.helpfulYes + row.helpfulNo === 0
                ? '–'
                : t('analytics.content.helpfulCounts', '{yes} yes · {no} no', {
                    yes: row.helpfulYes,
                    no: row.helpfulNo,
                  }),
          },
        ]}
        rows={rows}
        rowKey={(row) => `${row.contentType}:${row.documentId}:${row.locale ?? ''}`}
        empty={t('analytics.content.none', 'No entry here has enough views yet to compare.')}
      />
    </Box>
  );
};

/**
 * Per stage: the entries after which readers most often went on to a later stage, and those
 * after which they most often left.
 */
export const StageContent = ({
  answer,
  stage,
  onStage,
}: {
  answer: AnalyticsResponse;
  stage: string | undefined;
  onStage: (stage: string | undefined) => void;
}) => {
  const t = useT();
  const stageName = useAnalyticsStageName();
  const stages = sortedStages(answer.stages);
  const current =
    stages.find((s) => s.stage.key === stage) ?? stages.find((s) => s.views > 0) ?? stages[0];
  if (!current) return null;
  const detail = answer.perStage.find((d) => d.stageDocumentId === current.stage.documentId);
  const helpful = detail?.helpful ?? { yes: 0, no: 0 };
  return (
    <Panel
      title={t('analytics.content.title', 'Content per stage')}
      hint={t(
        'analytics.content.hint',
        'Entries that move readers on to a later stage, and entries where readers leave.'
      )}
      testId="analytics-content"
      action={
        <FilterSelect
          label={t('analytics.content.stage', 'Stage')}
          value={current.stage.key}
          options={stages.map((s) => ({ value: s.stage.key, label: stageName(s.stage) }))}
          onChange={onStage}
          testId="analytics-content-stage"
        />
      }
    >
      <Flex direction="column" alignItems="stretch" gap={6}>
        <Typography textColor="neutral600" data-testid="analytics-content-helpful">
          {t('analytics.content.stageHelpful', 'Was this helpful? at {stage}: {yes} yes, {no} no', {
            stage: stageName(current.stage),
            yes: helpful.yes,
            no: helpful.no,
          })}
        </Typography>
        <DocumentTable
          title={t('analytics.content.movers', 'Moves readers on')}
          rows={detail?.movers ?? []}
          testId="analytics-movers"
        />
        <DocumentTable
          title={t('analytics.content.dropOffs', 'Drop-off points')}
          rows={detail?.dropOffs ?? []}
          testId="analytics-dropoffs"
        />
      </Flex>
    </Panel>
  );
};
