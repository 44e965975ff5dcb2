import * as React from 'react';
import {
  Button,
  Flex,
  Loader,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import styled from 'styled-components';
import { useT } from './useT';

export interface DataColumn<Row> {
  key: string;
  /** The header; a string is set as the design system's small capitals (sigma). */
  header: React.ReactNode;
  /** The cell; a string or number is set as plain text. */
  cell: (row: Row) => React.ReactNode;
  /** Attributes of the cell (a test id, a data flag). */
  cellProps?: (row: Row) => Record<string, string | undefined>;
  /** Stays in view when the table scrolls sideways: the first column, that names the rows. */
  sticky?: boolean;
}

/*
 * A wide table scrolls inside the design system's wrapper; the column naming the rows stays at its
 * left edge, on the table's own surface so that the cells scrolling under it do not show through.
 */
export const StickyTd = styled(Td)`
  position: sticky;
  left: 0;
  z-index: 1;
  background: ${({ theme }) => theme.colors.neutral0};
  box-shadow: 1px 0 0 ${({ theme }) => theme.colors.neutral150};
`;

const StickyTh = styled(Th)`
  position: sticky;
  left: 0;
  z-index: 1;
  background: ${({ theme }) => theme.colors.neutral0};
  box-shadow: 1px 0 0 ${({ theme }) => theme.colors.neutral150};
`;

export interface DataTableProps<Row> {
  columns: Array<DataColumn<Row>>;
  /** null while the first answer is still loading. */
  rows: Row[] | null | undefined;
  rowKey: (row: Row) => string | number;
  rowTestId?: (row: Row) => string;
  /** Shown in one full-width row when there are no rows; without it, an empty body. */
  empty?: React.ReactNode;
  /** Rows after the data rows (totals), in the same columns. */
  footerRows?: React.ReactNode;
  loading?: boolean;
  /** Attributes of a row beside its test id (a data flag the tests read). */
  rowProps?: (row: Row) => Record<string, string | undefined>;
  /** A row under a row, across all columns (an editor opened from it); nothing when null. */
  rowAfter?: (row: Row) => React.ReactNode;
}

const text = (node: React.ReactNode, variant?: 'sigma') =>
  typeof node === 'string' || typeof node === 'number' ? (
    <Typography variant={variant}>{node}</Typography>
  ) : (
    node
  );

/** A table of the design system from its columns: headers, rows, an empty line, a loader. */
export const DataTable = <Row,>({
  columns,
  rows,
  rowKey,
  rowTestId,
  empty,
  footerRows,
  loading = false,
  rowProps,
  rowAfter,
}: DataTableProps<Row>) => {
  if (!rows) return loading ? <Loader small /> : null;
  const extra = footerRows ? React.Children.count(footerRows) : 0;
  return (
    <Table colCount={columns.length} rowCount={rows.length + 1 + extra}>
      <Thead>
        <Tr>
          {columns.map((column) => {
            const Cell = column.sticky ? StickyTh : Th;
            return <Cell key={column.key}>{text(column.header, 'sigma')}</Cell>;
          })}
        </Tr>
      </Thead>
      <Tbody>
        {rows.length === 0 && empty !== undefined && (
          <Tr>
            <Td colSpan={columns.length}>{text(empty)}</Td>
          </Tr>
        )}
        {rows.map((row) => (
          <React.Fragment key={rowKey(row)}>
            <Tr data-testid={rowTestId?.(row)} {...rowProps?.(row)}>
              {columns.map((column) => {
                const Cell = column.sticky ? StickyTd : Td;
                return (
                  <Cell key={column.key} {...column.cellProps?.(row)}>
                    {text(column.cell(row))}
                  </Cell>
                );
              })}
            </Tr>
            {rowAfter?.(row)}
          </React.Fragment>
        ))}
        {footerRows}
      </Tbody>
    </Table>
  );
};

/** Previous, "page / pages", Next; nothing when everything fits on one page. */
export const Pager = ({
  page,
  pageCount,
  onPage,
  small = false,
}: {
  page: number;
  pageCount: number | undefined;
  onPage: (page: number) => void;
  /** The smaller page figures of a dialog. */
  small?: boolean;
}) => {
  const t = useT();
  if (!pageCount || pageCount <= 1) return null;
  return (
    <Flex gap={2} paddingTop={small ? 0 : 4} justifyContent="flex-end">
      <Button variant="tertiary" disabled={page <= 1} onClick={() => onPage(page - 1)}>
        {t('cell.previous', 'Previous')}
      </Button>
      <Typography variant={small ? 'pi' : undefined}>
        {page} / {pageCount}
      </Typography>
      <Button variant="tertiary" disabled={page >= pageCount} onClick={() => onPage(page + 1)}>
        {t('cell.next', 'Next')}
      </Button>
    </Flex>
  );
};
