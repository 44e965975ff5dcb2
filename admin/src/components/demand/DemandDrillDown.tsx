import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  Modal,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tooltip,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Download, Pencil, Plus } from '@strapi/icons';
import { useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useNavigate } from 'react-router-dom';
import {
  MANAGE_DEMAND,
  useGetDemandCellQuery,
  useSaveDemandOverrideMutation,
  type CellQuery,
  type DemandMetric,
} from '../../api/demand';
import { INTENTS } from '../../journeys';
import type { DemandLayer, OpenDemandCell } from './DemandLayer';
import { messageOf, useIntentLabel, useMetricLabel, useStageLabel, useT } from './shared';

const PAGE_SIZE = 20;
const KEEP = '';

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

/** The query's intent and stage as an admin sets them; '' keeps the classifier's and the mapping's. */
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
  const [intent, setIntent] = React.useState(row.overridden ? row.intent : KEEP);
  const [stage, setStage] = React.useState(row.overridden && row.stage ? row.stage : KEEP);
  const [saving, setSaving] = React.useState(false);

  const save = async () => {
    setSaving(true);
    try {
      // Keeping both drops the override: the query goes back to where it was classified.
      await saveOverride({
        journey: layer.scope.journey,
        locale: row.locale,
        query: row.query,
        intent: intent === KEEP ? null : intent,
        stage: stage === KEEP ? null : stage,
      }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('demand.override.saved', '“{query}” is now counted where you put it.', {
          query: row.query,
        }),
      });
      onSaved();
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Tr>
      <Td colSpan={6}>
        <Flex gap={3} wrap="wrap" alignItems="flex-end" paddingTop={2} paddingBottom={2}>
          <Box minWidth="18rem">
            <Field.Root name="override-intent">
              <Field.Label>
                {t('demand.override.intent', 'Search intent of this query')}
              </Field.Label>
              <SingleSelect
                value={intent}
                onChange={(value: string | number) => setIntent(String(value))}
                data-testid="demand-override-intent"
              >
                <SingleSelectOption value={KEEP}>
                  {t('demand.override.classifier', 'As classified ({intent})', {
                    intent: intentLabel(row.classifiedIntent),
                  })}
                </SingleSelectOption>
                {INTENTS.map((i) => (
                  <SingleSelectOption key={i} value={i}>
                    {intentLabel(i)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
          <Box minWidth="18rem">
            <Field.Root name="override-stage">
              <Field.Label>{t('demand.override.stage', 'Stage of this query')}</Field.Label>
              <SingleSelect
                value={stage}
                onChange={(value: string | number) => setStage(String(value))}
                data-testid="demand-override-stage"
              >
                <SingleSelectOption value={KEEP}>
                  {t('demand.override.mapping', 'From the journey’s intent mapping')}
                </SingleSelectOption>
                {layer.scope.stages.map((s) => (
                  <SingleSelectOption key={s.key} value={s.key}>
                    {stageLabel(s.key)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
          </Box>
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
  const error = answerError ? messageOf(answerError) : null;
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
                <Box minWidth="18rem">
                  <Field.Root name="demand-create-type">
                    <Field.Label>{t('cell.createType', 'Content type of the draft')}</Field.Label>
                    <SingleSelect
                      value={createType}
                      onChange={(value: string | number) => setCreateType(String(value))}
                    >
                      {creatable.map((ct) => (
                        <SingleSelectOption key={ct.uid} value={ct.uid}>
                          {ct.name}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Box>
              )}
            </Flex>
            {error && <Typography textColor="danger600">{error}</Typography>}
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
                <Table colCount={6} rowCount={rows.length + 1}>
                  <Thead>
                    <Tr>
                      <Th>
                        <Typography variant="sigma">{t('demand.query', 'Query')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">
                          {t('demand.perMonth', '{metric} a month', {
                            metric: metricLabel(metric),
                          })}
                        </Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">
                          {t('demand.ctrPosition', 'CTR · position')}
                        </Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">{t('demand.status', 'Status')}</Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">
                          {t('demand.bestMatch', 'Best matching document')}
                        </Typography>
                      </Th>
                      <Th>
                        <Typography variant="sigma">
                          {t('demand.imports.actions', 'Actions')}
                        </Typography>
                      </Th>
                    </Tr>
                  </Thead>
                  <Tbody>
                    {rows.map((row) => {
                      const key = `${row.locale}:${row.query}`;
                      const link = matchLink(row);
                      return (
                        <React.Fragment key={key}>
                          <Tr
                            data-testid="demand-query-row"
                            data-served={row.served ? 'true' : 'false'}
                          >
                            <Td>
                              <Flex direction="column" alignItems="flex-start" gap={1}>
                                <Typography fontWeight="bold">{row.query}</Typography>
                                <Typography variant="pi" textColor="neutral600">
                                  {row.locale}
                                  {row.stage && row.stage !== open.stage
                                    ? ` · ${stageLabel(row.stage)}`
                                    : ''}
                                </Typography>
                              </Flex>
                            </Td>
                            <Td>
                              <Typography>{number(row.monthly)}</Typography>
                            </Td>
                            <Td>
                              <Typography>
                                {row.ctr === null || row.ctr === undefined
                                  ? '—'
                                  : formatNumber(row.ctr, {
                                      style: 'percent',
                                      maximumFractionDigits: 1,
                                    })}
                                {' · '}
                                {number(row.position, 1)}
                              </Typography>
                            </Td>
                            <Td>
                              <Flex gap={1} wrap="wrap">
                                {row.served ? (
                                  <Badge
                                    backgroundColor="success100"
                                    textColor="success700"
                                    data-testid="demand-served"
                                  >
                                    {t('demand.served', 'Served')}
                                  </Badge>
                                ) : (
                                  <Badge
                                    backgroundColor="danger100"
                                    textColor="danger700"
                                    data-testid="demand-unserved"
                                  >
                                    {t('demand.unserved', 'Unserved')}
                                  </Badge>
                                )}
                                {row.almostThere && (
                                  <Badge
                                    backgroundColor="warning100"
                                    textColor="warning700"
                                    data-testid="demand-almost"
                                  >
                                    {t('demand.almostThere', 'Almost there')}
                                  </Badge>
                                )}
                                {row.overridden && (
                                  <Badge
                                    backgroundColor="secondary100"
                                    textColor="secondary700"
                                    data-testid="demand-overridden"
                                  >
                                    {t('demand.overridden', 'Overridden')}
                                  </Badge>
                                )}
                              </Flex>
                            </Td>
                            <Td>
                              {row.match && link ? (
                                <Flex direction="column" alignItems="flex-start" gap={1}>
                                  <Link to={link} data-testid="demand-match">
                                    {row.match.title ?? row.match.documentId}
                                  </Link>
                                  <Flex gap={2}>
                                    <Tooltip
                                      label={
                                        row.match.terms.length
                                          ? t('demand.terms', 'Matched: {terms}', {
                                              terms: row.match.terms
                                                .map(
                                                  (term) =>
                                                    `${term.term} (${formatNumber(term.weight, {
                                                      maximumFractionDigits: 2,
                                                    })})`
                                                )
                                                .join(', '),
                                            })
                                          : t('demand.noTerms', 'No terms matched')
                                      }
                                    >
                                      <Typography
                                        variant="pi"
                                        tabIndex={0}
                                        style={{ textDecoration: 'underline dotted' }}
                                        data-testid="demand-score"
                                      >
                                        {t('demand.scoreOf', 'score {score}', {
                                          score: formatNumber(row.match.score, {
                                            maximumFractionDigits: 2,
                                          }),
                                        })}
                                      </Typography>
                                    </Tooltip>
                                    {!row.match.sameCell && (
                                      <Typography variant="pi" textColor="neutral600">
                                        {t('demand.otherCell', 'in another cell')}
                                      </Typography>
                                    )}
                                  </Flex>
                                </Flex>
                              ) : (
                                <Typography textColor="neutral600">—</Typography>
                              )}
                            </Td>
                            <Td>
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
                                    onClick={() => setEditing(editing === key ? null : key)}
                                    data-testid="demand-override"
                                  >
                                    <Pencil />
                                  </IconButton>
                                )}
                              </Flex>
                            </Td>
                          </Tr>
                          {editing === key && (
                            <OverrideRow
                              row={row}
                              layer={layer}
                              onCancel={() => setEditing(null)}
                              onSaved={() => setEditing(null)}
                            />
                          )}
                        </React.Fragment>
                      );
                    })}
                  </Tbody>
                </Table>
                {(answer?.meta.pagination.pageCount ?? 1) > 1 && (
                  <Flex gap={2} justifyContent="flex-end">
                    <Button
                      variant="tertiary"
                      disabled={page <= 1}
                      onClick={() => setPage((p) => p - 1)}
                    >
                      {t('cell.previous', 'Previous')}
                    </Button>
                    <Typography variant="pi">
                      {page} / {answer?.meta.pagination.pageCount}
                    </Typography>
                    <Button
                      variant="tertiary"
                      disabled={page >= (answer?.meta.pagination.pageCount ?? 1)}
                      onClick={() => setPage((p) => p + 1)}
                    >
                      {t('cell.next', 'Next')}
                    </Button>
                  </Flex>
                )}
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
