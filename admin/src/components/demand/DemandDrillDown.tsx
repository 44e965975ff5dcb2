import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  Modal,
  NumberInput,
  Td,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download, Pencil, Plus } from '@strapi/icons';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useNavigate } from 'react-router-dom';
import {
  MANAGE_DEMAND,
  useGetDemandCellQuery,
  useSaveDemandOverrideMutation,
  type CellQuery,
  type DemandMetric,
} from '../../api/demand';
import { INTENTS } from '../../journeys';
import {
  DataTable,
  ErrorNotice,
  FilterSelect,
  messageOf,
  Pager,
  useT,
  type DataColumn,
} from '../common';
import type { DemandLayer, OpenDemandCell } from './DemandLayer';
import { QueryMatchCell, QueryStatus } from './QueryCells';
import { useIntentLabel, useMetricLabel, useStageLabel } from './shared';

const PAGE_SIZE = 20;

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

/** The query's intent and stage as an admin sets them, or the classifier's and the mapping's. */
const OverrideRow = ({
  row,
  layer,
  onSaved,
  onCancel,
}: {
  row: CellQuery;
  layer: DemandLayer;
  onSaved: () => void;
  onCancel: () => void;
}) => {
  const t = useT();
  const intentLabel = useIntentLabel();
  const stageLabel = useStageLabel(layer.scope.stages);
  const [saveOverride] = useSaveDemandOverrideMutation();
  const { toggleNotification } = useNotification();
  // Undefined keeps the classifier's intent and the mapping's stage (the selects' first option).
  const [intent, setIntent] = React.useState(row.overridden ? row.intent : undefined);
  const [stage, setStage] = React.useState(row.overridden && row.stage ? row.stage : undefined);
  const [saving, setSaving] = React.useState(false);

  const save = async () => {
    setSaving(true);
    try {
      // Keeping both drops the override: the query goes back to where it was classified.
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
      onSaved();
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) ?? 'Error' });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Tr>
      <Td colSpan={6}>
        <Flex gap={3} wrap="wrap" alignItems="flex-end" paddingTop={2} paddingBottom={2}>
          <FilterSelect
            visibleLabel
            name="override-intent"
            minWidth="18rem"
            testId="demand-override-intent"
            label={t('demand.override.intent', 'Search intent of this query')}
            allLabel={t('demand.override.classifier', 'As classified ({intent})', {
              intent: intentLabel(row.classifiedIntent),
            })}
            value={intent}
            options={INTENTS.map((i) => ({ value: i, label: intentLabel(i) }))}
            onChange={setIntent}
          />
          <FilterSelect
            visibleLabel
            name="override-stage"
            minWidth="18rem"
            testId="demand-override-stage"
            label={t('demand.override.stage', 'Stage of this query')}
            allLabel={t('demand.override.mapping', 'From the journey’s intent mapping')}
            value={stage}
            options={layer.scope.stages.map((s) => ({ value: s.key, label: stageLabel(s.key) }))}
            onChange={setStage}
          />
          <Button loading={saving} onClick={save} data-testid="demand-override-save">
            {t('demand.override.save', 'Save')}
          </Button>
          <Button variant="tertiary" onClick={onCancel}>
            {t('settings.cancel', 'Cancel')}
          </Button>
        </Flex>
      </Td>
    </Tr>
  );
};

/**
 * A cell's search queries, top demand first: served or not by a published document, the best
 * match with its score and the terms that made it, CTR and position where the file had them,
 * and per unserved query a draft to start from it. The threshold decides served; changing it
 * reloads.
 */
const DrillDown = ({ layer, open }: { layer: DemandLayer; open: OpenDemandCell }) => {
  const t = useT();
  const { formatNumber } = useIntl();
  const navigate = useNavigate();
  const stageLabel = useStageLabel(layer.scope.stages);
  const intentLabel = useIntentLabel();
  const metricLabel = useMetricLabel();
  const {
    allowedActions: { canManage },
  } = useRBAC(MANAGE_DEMAND);
  const metric: DemandMetric = layer.metric ?? 'impressions';
  const [page, setPage] = React.useState(1);
  const [editing, setEditing] = React.useState<string | null>(null);
  const [thresholdInput, setThresholdInput] = React.useState<number | undefined>(
    layer.threshold ?? undefined
  );
  const creatable = layer.scope.types.filter(
    (ct) => !layer.scope.contentType || ct.uid === layer.scope.contentType
  );
  const [createType, setCreateType] = React.useState(creatable[0]?.uid ?? '');

  // The page shown stays until the next one is in, as it did when this fetched by hand.
  const { data: answer = null, error: answerError } = useGetDemandCellQuery({
    journey: layer.scope.journey,
    stage: open.stage,
    intent: open.intent,
    locale: layer.scope.locale,
    metric,
    threshold: layer.threshold ?? undefined,
    page,
    pageSize: PAGE_SIZE,
  });
  const error = messageOf(answerError);
  // Until one is chosen here, each answer's threshold (the server's default) fills the field.
  React.useEffect(() => {
    if (answer && layer.threshold === null) setThresholdInput(answer.meta.threshold);
  }, [answer, layer.threshold]);

  const applyThreshold = () => {
    if (thresholdInput === undefined) return;
    const clamped = Math.min(1, Math.max(0, thresholdInput));
    setThresholdInput(clamped);
    setPage(1);
    layer.setThreshold(clamped);
  };

  const createDraft = (row: CellQuery) => {
    const type = layer.scope.types.find((ct) => ct.uid === createType);
    if (!type || !layer.scope.journey) return;
    const params = new URLSearchParams();
    if (layer.scope.locales.some((l) => l.code === row.locale))
      params.set('plugins[i18n][locale]', row.locale);
    params.set('journeyStage', `${layer.scope.journey}.${row.stage ?? open.stage}`);
    if (row.intent !== 'none') params.set('journeyIntent', row.intent);
    params.set('journeyTitle', row.query);
    navigate(`${typePath(type.kind, type.uid)}/create?${params.toString()}`);
  };

  const matchLink = (row: CellQuery) => {
    const match = row.match;
    if (!match) return null;
    const type = layer.scope.types.find((ct) => ct.uid === match.contentType);
    const base = typePath(type?.kind ?? 'collectionType', match.contentType);
    return `${base}${type?.kind === 'singleType' ? '' : `/${match.documentId}`}?plugins[i18n][locale]=${row.locale}`;
  };

  const rows = answer?.data ?? [];
  const number = (value: number | null, digits = 0) =>
    value === null || value === undefined
      ? '—'
      : formatNumber(value, { maximumFractionDigits: digits });

  const keyOf = (row: CellQuery) => `${row.locale}:${row.query}`;
  const columns: Array<DataColumn<CellQuery>> = [
    {
      key: 'query',
      header: t('demand.query', 'Query'),
      cell: (row) => (
        <Flex direction="column" alignItems="flex-start" gap={1}>
          <Typography fontWeight="bold">{row.query}</Typography>
          <Typography variant="pi" textColor="neutral600">
            {row.locale}
            {row.stage && row.stage !== open.stage ? ` · ${stageLabel(row.stage)}` : ''}
          </Typography>
        </Flex>
      ),
    },
    {
      key: 'monthly',
      header: t('demand.perMonth', '{metric} a month', { metric: metricLabel(metric) }),
      cell: (row) => number(row.monthly),
    },
    {
      key: 'ctr',
      header: t('demand.ctrPosition', 'CTR · position'),
      cell: (row) =>
        `${
          row.ctr === null || row.ctr === undefined
            ? '—'
            : formatNumber(row.ctr, { style: 'percent', maximumFractionDigits: 1 })
        } · ${number(row.position, 1)}`,
    },
    {
      key: 'status',
      header: t('demand.status', 'Status'),
      cell: (row) => <QueryStatus row={row} />,
    },
    {
      key: 'match',
      header: t('demand.bestMatch', 'Best matching document'),
      cell: (row) => <QueryMatchCell row={row} link={matchLink(row)} />,
    },
    {
      key: 'actions',
      header: t('demand.imports.actions', 'Actions'),
      cell: (row) => (
        <Flex gap={1}>
          {!row.served && creatable.length > 0 && (
            <Button
              size="S"
              variant="secondary"
              startIcon={<Plus />}
              onClick={() => createDraft(row)}
              data-testid="demand-create-draft"
            >
              {t('demand.createDraft', 'Create a draft from this query')}
            </Button>
          )}
          {canManage && (
            <IconButton
              label={t('demand.override', 'Change intent or stage')}
              variant="ghost"
              onClick={() => setEditing(editing === keyOf(row) ? null : keyOf(row))}
              data-testid="demand-override"
            >
              <Pencil />
            </IconButton>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Modal.Root open onOpenChange={(o: boolean) => !o && layer.setOpen(null)}>
      <Modal.Content style={{ maxWidth: 'min(150rem, 95vw)' }}>
        <Modal.Header>
          <Modal.Title>
            {t('demand.cell.title', '{stage} × {intent}: search queries', {
              stage: stageLabel(open.stage),
              intent: intentLabel(open.intent),
            })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="demand-drilldown">
            <Flex gap={4} wrap="wrap" alignItems="flex-end">
              <Box minWidth="16rem">
                <Field.Root
                  name="demand-threshold"
                  hint={t(
                    'demand.threshold.hint',
                    'A query is served when a published document scores at least this (0 to 1).'
                  )}
                >
                  <Field.Label>{t('demand.threshold', 'Match threshold')}</Field.Label>
                  <NumberInput
                    value={thresholdInput}
                    step={0.05}
                    onValueChange={(value: number | undefined) => setThresholdInput(value)}
                    onKeyDown={(e: React.KeyboardEvent) => e.key === 'Enter' && applyThreshold()}
                    onBlur={applyThreshold}
                    data-testid="demand-threshold"
                  />
                  <Field.Hint />
                </Field.Root>
              </Box>
              {creatable.length > 1 && (
                <FilterSelect
                  visibleLabel
                  name="demand-create-type"
                  minWidth="18rem"
                  label={t('cell.createType', 'Content type of the draft')}
                  value={createType}
                  options={creatable.map((ct) => ({ value: ct.uid, label: ct.name }))}
                  onChange={(value) => setCreateType(value ?? '')}
                />
              )}
            </Flex>
            <ErrorNotice error={error} inline />
            {answer && rows.length === 0 && (
              <Typography data-testid="demand-cell-empty">
                {t('demand.cell.empty', 'No search queries in this cell.')}
              </Typography>
            )}
            {rows.length > 0 && (
              <>
                <Typography variant="pi" textColor="neutral600">
                  {t('demand.cell.count', '{total, plural, one {# query} other {# queries}}', {
                    total: answer?.meta.pagination.total ?? rows.length,
                  })}
                </Typography>
                <DataTable
                  rows={rows}
                  rowKey={keyOf}
                  rowTestId={() => 'demand-query-row'}
                  rowProps={(row) => ({ 'data-served': row.served ? 'true' : 'false' })}
                  columns={columns}
                  rowAfter={(row) =>
                    editing === keyOf(row) && (
                      <OverrideRow
                        row={row}
                        layer={layer}
                        onCancel={() => setEditing(null)}
                        onSaved={() => setEditing(null)}
                      />
                    )
                  }
                />
                <Pager
                  small
                  page={page}
                  pageCount={answer?.meta.pagination.pageCount}
                  onPage={setPage}
                />
              </>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={() => layer.setOpen(null)}>
            {t('cell.close', 'Close')}
          </Button>
          <Button variant="secondary" startIcon={<Download />} onClick={layer.exportCsv}>
            {t('demand.export', 'Export demand CSV')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/** One drill-down per opened cell: a new cell starts on its first page. */
export const DemandDrillDown = ({ layer }: { layer: DemandLayer }) =>
  layer.open ? (
    <DrillDown key={`${layer.open.stage}-${layer.open.intent}`} layer={layer} open={layer.open} />
  ) : null;
