import { Badge, Box, Flex, IconButton, Typography } from '@strapi/design-system';
import { Check, Cross, Pencil } from '@strapi/icons';
import { percent, type QueueRow } from '../../api/queue';
import { DataTable, useT, type DataColumn } from '../../components/common';
import { stageStyle, useLocalName } from '../../journeys';

/** Long text wrapped, so that the actions stay in view beside it. */
const Wrapped = ({ width, children }: { width: string; children: React.ReactNode }) => (
  <Box maxWidth={width} style={{ whiteSpace: 'normal' }}>
    {children}
  </Box>
);

const SuggestedStage = ({ row }: { row: QueueRow }) => {
  const localName = useLocalName();
  const stage = row.suggestion?.stage;
  if (!stage) return <Typography textColor="neutral600">—</Typography>;
  return (
    <Flex gap={2}>
      <span style={stageStyle(stage.colour ?? stage.color ?? null)} />
      <Typography>{localName({ name: stage.name, names: stage.names ?? null })}</Typography>
    </Flex>
  );
};

interface QueueTableProps {
  rows: QueueRow[] | undefined;
  loading: boolean;
  busy: boolean;
  onAccept: (row: QueueRow) => void;
  onEdit: (row: QueueRow) => void;
  onSkip: (row: QueueRow) => void;
}

/** The queue's rows: the suggestion, its confidence and terms, and accept, edit or skip. */
export const QueueTable = ({ rows, loading, busy, onAccept, onEdit, onSkip }: QueueTableProps) => {
  const t = useT();
  const columns: Array<DataColumn<QueueRow>> = [
    {
      key: 'title',
      header: t('cell.title', 'Title'),
      cell: (row) => (
        <Wrapped width="24rem">
          <Typography fontWeight="bold" data-testid="queue-title">
            {row.title ?? row.documentId}
          </Typography>
        </Wrapped>
      ),
    },
    {
      key: 'intent',
      header: t('queue.suggestedIntent', 'Suggested intent'),
      cell: (row) =>
        row.suggestion?.intent ? (
          <Badge data-testid="queue-intent">
            {t(`intent.${row.suggestion.intent}`, row.suggestion.intent)}
          </Badge>
        ) : (
          <Typography textColor="neutral600" data-testid="queue-intent">
            {t('queue.noClearIntent', 'No clear intent')}
          </Typography>
        ),
    },
    {
      key: 'stage',
      header: t('queue.stage', 'Stage'),
      cell: (row) => <SuggestedStage row={row} />,
    },
    {
      key: 'confidence',
      header: t('queue.confidence', 'Confidence'),
      cell: (row) => (
        <Typography data-testid="queue-confidence">
          {row.suggestion ? `${percent(row.suggestion.confidence)}%` : '—'}
        </Typography>
      ),
    },
    {
      key: 'terms',
      header: t('queue.terms', 'Terms that fired'),
      cell: (row) => (
        <Wrapped width="26rem">
          <Typography variant="pi" textColor="neutral600">
            {row.suggestion?.matches.length
              ? row.suggestion.matches.map((m) => `${m.term} (${m.rule})`).join(', ')
              : '—'}
          </Typography>
        </Wrapped>
      ),
    },
    {
      key: 'actions',
      header: t('queue.actions', 'Actions'),
      cell: (row) => (
        <Flex gap={1}>
          {[
            {
              id: 'accept',
              label: t('queue.accept', 'Accept'),
              icon: <Check />,
              off: !row.suggestion?.intent,
              run: onAccept,
            },
            {
              id: 'edit-open',
              label: t('queue.edit', 'Edit, then accept'),
              icon: <Pencil />,
              run: onEdit,
            },
            { id: 'skip', label: t('queue.skip', 'Skip'), icon: <Cross />, run: onSkip },
          ].map((action) => (
            <IconButton
              key={action.id}
              label={action.label}
              disabled={busy || action.off === true}
              onClick={() => action.run(row)}
              data-testid={`queue-${action.id}`}
            >
              {action.icon}
            </IconButton>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <DataTable
      columns={columns}
      rows={rows}
      loading={loading}
      rowKey={(row) => row.documentId}
      rowTestId={(row) => `queue-row-${row.documentId}`}
      empty={t('queue.empty', 'Nothing to review here.')}
    />
  );
};
