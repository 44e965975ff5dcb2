import * as React from 'react';
import { Badge, Flex, Td, Tr, Typography, VisuallyHidden } from '@strapi/design-system';
import type { CoverageMatrix as Matrix } from '../../../../server/src/domain/coverage';
import type { CoverageStage } from '../../api/coverage';
import { DataTable, StickyTd, useT, type DataColumn } from '../../components/common';
import { DemandCellNote, type DemandLayer } from '../../components/demand/DemandLayer';
import type { Column } from '../coverage-view';
import { TrafficCellNote, type TrafficLayer } from './TrafficLayer';
import {
  columnNameOf,
  countIn,
  StageLabel,
  INTENT_COLUMNS,
  otherThan,
  useStageName,
  type CoverageState,
} from './shared';

interface MatrixProps {
  stages: CoverageStage[];
  matrix: Matrix;
  state: CoverageState;
  demand: DemandLayer;
  traffic: TrafficLayer;
  onOpen: (stage: CoverageStage, column: Column) => void;
}

/** One cell: the count, the other state's count, Gap or Thin, and a button to its entries. */
const MatrixCell = ({
  stage,
  column,
  matrix,
  state,
  demand,
  traffic,
  onOpen,
}: Omit<MatrixProps, 'stages'> & { stage: CoverageStage; column: Column }) => {
  const t = useT();
  const stageName = useStageName();
  const columnName = columnNameOf(t);
  const cell = matrix.rows[stage.key][column];
  const other = otherThan(state)(cell);
  const { gap, thin } = cell;
  // Empty where the stage expects nothing of this intent: shown, but as no problem.
  const idle = !cell.expected && column !== 'none' && countIn(state)(cell) === 0;
  return (
    <>
      <Flex
        gap={2}
        wrap="wrap"
        role="button"
        tabIndex={0}
        style={{ cursor: 'pointer' }}
        onClick={() => onOpen(stage, column)}
        onKeyDown={(e: React.KeyboardEvent) => {
          if (e.key === 'Enter' || e.key === ' ') onOpen(stage, column);
        }}
      >
        <Typography
          fontWeight="bold"
          textColor={gap ? 'danger600' : thin ? 'warning700' : idle ? 'neutral600' : 'neutral800'}
        >
          {countIn(state)(cell)}
        </Typography>
        {other > 0 && (
          <Typography variant="pi" textColor="neutral600">
            {state === 'published'
              ? t('coverage.draftsBeside', '{count, plural, one {+# draft} other {+# drafts}}', {
                  count: other,
                })
              : t(
                  'coverage.publishedBeside',
                  '{count, plural, one {# published} other {# published}}',
                  { count: other }
                )}
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
          {idle && `, ${t('coverage.notExpected', 'not expected in this stage')}`}
        </VisuallyHidden>
      </Flex>
      <DemandCellNote layer={demand} stage={stage.key} intent={column} />
      <TrafficCellNote layer={traffic} stage={stage.key} intent={column} />
    </>
  );
};

const Bold = ({ children }: { children: React.ReactNode }) => (
  <Typography fontWeight="bold">{children}</Typography>
);

/** Stages by search intent, with totals per stage and per intent. */
export const CoverageMatrix = ({ stages, ...props }: MatrixProps) => {
  const t = useT();
  const columnName = columnNameOf(t);
  const { matrix, state } = props;
  const count = countIn(state);
  const columns: Array<DataColumn<CoverageStage>> = [
    {
      key: 'stage',
      header: t('coverage.stage', 'Stage'),
      cell: (stage) => <StageLabel stage={stage} bold />,
      sticky: true,
    },
    ...INTENT_COLUMNS.map((column) => ({
      key: column,
      header: columnName(column),
      cellProps: (stage: CoverageStage) => ({
        'data-testid': `coverage-cell-${stage.key}-${column}`,
        'data-gap': matrix.rows[stage.key][column].gap ? 'true' : 'false',
        'data-expected': matrix.rows[stage.key][column].expected ? 'true' : 'false',
      }),
      cell: (stage: CoverageStage) => <MatrixCell stage={stage} column={column} {...props} />,
    })),
    {
      key: 'total',
      header: t('coverage.total', 'Total'),
      cell: (stage) => <Bold>{count(matrix.stageTotals[stage.key])}</Bold>,
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={stages}
      rowKey={(stage) => stage.key}
      rowTestId={(stage) => `coverage-row-${stage.key}`}
      footerRows={
        <Tr>
          <StickyTd>
            <Typography variant="sigma">{t('coverage.total', 'Total')}</Typography>
          </StickyTd>
          {INTENT_COLUMNS.map((column) => (
            <Td key={column}>
              <Bold>{count(matrix.intentTotals[column])}</Bold>
            </Td>
          ))}
          <Td>
            <Bold>{count(matrix.total)}</Bold>
          </Td>
        </Tr>
      }
    />
  );
};
