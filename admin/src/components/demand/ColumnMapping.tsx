import {
  Box,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { MAPPING_FIELDS, type Mapping, type MetricColumn } from '../../api/demand';
import { DataTable } from '../common';
import { useT } from '../common';

const NOT_IN_FILE = '';

/**
 * Shown when the file's headers are not ones the server knows: the user says which column holds
 * the query and which hold the numbers, looking at the file's first raw rows, before anything is
 * stored.
 */
export const ColumnMapping = ({
  columns,
  rawSample,
  mapping,
  onChange,
}: {
  columns: string[];
  rawSample: string[][];
  mapping: Mapping;
  onChange: (mapping: Mapping) => void;
}) => {
  const t = useT();
  const labels: Record<MetricColumn, string> = {
    query: t('demand.query', 'Query'),
    clicks: t('demand.metric.clicks', 'Clicks'),
    impressions: t('demand.metric.impressions', 'Impressions'),
    ctr: t('demand.ctr', 'CTR'),
    position: t('demand.position', 'Position'),
    volume: t('demand.metric.volume', 'Search volume'),
  };
  const set = (field: MetricColumn, column: string) => {
    const next = { ...mapping };
    if (column === NOT_IN_FILE) delete next[field];
    else next[field] = column;
    onChange(next);
  };
  return (
    <Flex
      direction="column"
      alignItems="stretch"
      gap={4}
      background="neutral100"
      padding={4}
      hasRadius
      data-testid="demand-mapping"
    >
      <Typography fontWeight="bold" tag="p">
        {t(
          'demand.mapping.title',
          'The columns were not recognised: say which column holds the query and which hold the numbers.'
        )}
      </Typography>
      <Flex gap={3} wrap="wrap" alignItems="flex-start">
        {MAPPING_FIELDS.map((field) => (
          <Box key={field} minWidth="16rem">
            <Field.Root name={`mapping-${field}`} required={field === 'query'}>
              <Field.Label>{labels[field]}</Field.Label>
              <SingleSelect
                value={mapping[field] ?? NOT_IN_FILE}
                onChange={(value: string | number) => set(field, String(value))}
                data-testid={`demand-mapping-${field}`}
              >
                {field !== 'query' && (
                  <SingleSelectOption value={NOT_IN_FILE}>
                    {t('demand.mapping.none', 'Not in the file')}
                  </SingleSelectOption>
                )}
                {columns.map((column) => (
                  <SingleSelectOption key={column} value={column}>
                    {column}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
        ))}
      </Flex>
      {rawSample.length > 0 && (
        <Box>
          <Typography variant="pi" textColor="neutral600" tag="p">
            {t('demand.mapping.raw', 'The first rows of the file, as they are')}
          </Typography>
          <DataTable<{ cells: string[]; line: number }>
            rows={rawSample.map((cells, line) => ({ cells, line }))}
            rowKey={(row) => row.line}
            columns={columns.map((column, j) => ({
              key: column,
              header: column,
              cell: (row) => row.cells[j] ?? '',
            }))}
          />
        </Box>
      )}
    </Flex>
  );
};
