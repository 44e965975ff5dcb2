import * as React from 'react';
import { Box, Button, Typography, VisuallyHidden } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import styled from 'styled-components';
import type { AnalyticsResponse } from '../../api/analytics';
import { DataTable, useT } from '../common';
import { Panel, StageName, useAnalyticsStageName } from './parts';
import { count, transitionMatrix, transitionRows, type MatrixCell } from './analytics-view';

const Grid = styled.table`
  border-collapse: separate;
  border-spacing: 0.4rem;
  th {
    text-align: left;
    font-weight: normal;
    color: ${({ theme }) => theme.colors.neutral800};
  }
`;

/** A cell: the shading is a swatch beside the number, so the number stays on the theme's surface. */
const Cell = styled.td`
  min-width: 8rem;
  padding: ${({ theme }) => `${theme.spaces[2]} ${theme.spaces[3]}`};
  border-radius: ${({ theme }) => theme.borderRadius};
  border: 1px solid ${({ theme }) => theme.colors.neutral200};
  background: ${({ theme }) => theme.colors.neutral0};
  color: ${({ theme }) => theme.colors.neutral800};
  white-space: nowrap;
  &:focus-visible,
  &:focus {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
`;

const Blank = styled.td`
  min-width: 8rem;
  border-radius: ${({ theme }) => theme.borderRadius};
  background: ${({ theme }) => theme.colors.neutral100};
`;

const Swatch = styled.span<{ $colour: string | null; $intensity: number }>`
  display: inline-block;
  width: 1.6rem;
  height: 1.6rem;
  margin-right: ${({ theme }) => theme.spaces[2]};
  vertical-align: middle;
  border-radius: ${({ theme }) => theme.borderRadius};
  border: 1px solid ${({ theme }) => theme.colors.neutral300};
  background: ${({ $colour, theme }) => $colour ?? theme.colors.neutral500};
  /* Shading by moves: an empty cell's swatch is nearly blank, the busiest one full. */
  opacity: ${({ $intensity }) => ($intensity > 0 ? 0.2 + 0.8 * $intensity : 0.05)};
`;

/**
 * Moves between stages: from-stage rows × to-stage columns, shaded in the from-stage's colour
 * by the number of moves. A grid for the keyboard (one tab stop, arrow keys move between cells,
 * each cell says what it counts) and a table of the same figures for those who prefer a list.
 */
export const TransitionMatrix = ({ answer }: { answer: AnalyticsResponse }) => {
  const t = useT();
  const { locale } = useIntl();
  const stageName = useAnalyticsStageName();
  const matrix = transitionMatrix(answer.stages, answer.transitions);
  const [asTable, setAsTable] = React.useState(false);
  const size = matrix.stages.length;
  const [chosen, setActive] = React.useState<[number, number]>([0, 1]);
  // Another journey may have fewer stages: the tab stop then goes back to the first cell.
  const active: [number, number] =
    chosen[0] < size && chosen[1] < size && chosen[0] !== chosen[1] ? chosen : [0, 1];
  const gridRef = React.useRef<HTMLTableElement>(null);

  const label = (cell: MatrixCell) =>
    t(
      'analytics.matrix.cell',
      'From {from} to {to}: {moves, plural, one {# move} other {# moves}}',
      { from: stageName(cell.from), to: stageName(cell.to), moves: cell.moves }
    );

  const move = (row: number, column: number) => {
    const next: [number, number] = [
      Math.min(size - 1, Math.max(0, row)),
      Math.min(size - 1, Math.max(0, column)),
    ];
    // The diagonal has no cell: step over it in the direction of travel.
    if (next[0] === next[1]) {
      const step =
        column !== active[1] ? Math.sign(column - active[1]) : Math.sign(row - active[0]);
      if (column !== active[1]) next[1] += step;
      else next[0] += step;
      if (next[0] < 0 || next[1] < 0 || next[0] >= size || next[1] >= size) return;
    }
    setActive(next);
    gridRef.current?.querySelector<HTMLElement>(`[data-cell="${next[0]}-${next[1]}"]`)?.focus();
  };

  const onKeyDown = (event: React.KeyboardEvent, row: number, column: number) => {
    const keys: Record<string, [number, number]> = {
      ArrowUp: [row - 1, column],
      ArrowDown: [row + 1, column],
      ArrowLeft: [row, column - 1],
      ArrowRight: [row, column + 1],
      Home: [row, row === 0 ? 1 : 0],
      End: [row, row === size - 1 ? size - 2 : size - 1],
    };
    const target = keys[event.key];
    if (!target) return;
    event.preventDefault();
    move(target[0], target[1]);
  };

  return (
    <Panel
      title={t('analytics.matrix.title', 'Moves between stages')}
      hint={t(
        'analytics.matrix.hint',
        'Rows: the stage a reader came from; columns: the stage of their next view. Darker cells: more moves.'
      )}
      testId="analytics-matrix"
      action={
        <Button
          variant="tertiary"
          onClick={() => setAsTable((value) => !value)}
          data-testid="analytics-matrix-toggle"
        >
          {asTable
            ? t('analytics.matrix.showGrid', 'Show as matrix')
            : t('analytics.matrix.showTable', 'Show as table')}
        </Button>
      }
    >
      {size < 2 && (
        <Typography textColor="neutral600">
          {t('analytics.matrix.oneStage', 'The journey needs two stages for moves between them.')}
        </Typography>
      )}
      {size >= 2 && !asTable && (
        <Box overflow="auto">
          <Grid
            role="grid"
            ref={gridRef}
            aria-label={t('analytics.matrix.title', 'Moves between stages')}
            data-testid="analytics-matrix-grid"
          >
            <thead>
              <tr>
                <td>
                  <VisuallyHidden>
                    {t('analytics.matrix.corner', 'Rows: from; columns: to')}
                  </VisuallyHidden>
                </td>
                {matrix.stages.map((stage) => (
                  <th key={stage.documentId} scope="col" role="columnheader">
                    <StageName stage={stage} />
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {matrix.rows.map((cells, row) => (
                <tr key={matrix.stages[row].documentId}>
                  <th scope="row" role="rowheader">
                    <StageName stage={matrix.stages[row]} />
                  </th>
                  {cells.map((cell, column) =>
                    cell ? (
                      <Cell
                        key={cell.to.documentId}
                        role="gridcell"
                        tabIndex={active[0] === row && active[1] === column ? 0 : -1}
                        aria-label={label(cell)}
                        data-cell={`${row}-${column}`}
                        data-testid={`analytics-matrix-${cell.from.key}-${cell.to.key}`}
                        data-moves={cell.moves}
                        onKeyDown={(event) => onKeyDown(event, row, column)}
                        onFocus={() => setActive([row, column])}
                      >
                        <Swatch
                          $colour={cell.from.colour}
                          $intensity={cell.intensity}
                          aria-hidden
                        />
                        <Typography>{count(cell.moves, locale)}</Typography>
                      </Cell>
                    ) : (
                      <Blank
                        key={`self-${row}`}
                        role="gridcell"
                        aria-label={t('analytics.matrix.same', 'Same stage')}
                      />
                    )
                  )}
                </tr>
              ))}
            </tbody>
          </Grid>
        </Box>
      )}
      {size >= 2 && asTable && (
        <Box data-testid="analytics-matrix-table">
          <DataTable
            columns={[
              {
                key: 'from',
                header: t('analytics.matrix.from', 'From'),
                cell: (cell: MatrixCell) => <StageName stage={cell.from} />,
              },
              {
                key: 'to',
                header: t('analytics.matrix.to', 'To'),
                cell: (cell: MatrixCell) => <StageName stage={cell.to} />,
              },
              {
                key: 'moves',
                header: t('analytics.matrix.moves', 'Moves'),
                cell: (cell: MatrixCell) => count(cell.moves, locale),
                cellProps: (cell: MatrixCell) => ({ 'data-moves': String(cell.moves) }),
              },
            ]}
            rows={transitionRows(matrix)}
            rowKey={(cell) => `${cell.from.documentId}>${cell.to.documentId}`}
            rowTestId={(cell) => `analytics-move-${cell.from.key}-${cell.to.key}`}
            empty={t('analytics.matrix.none', 'No moves between stages in this period.')}
          />
        </Box>
      )}
    </Panel>
  );
};
