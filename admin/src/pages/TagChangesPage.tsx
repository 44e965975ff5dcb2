import * as React from 'react';
import { Badge, Button, Dialog, Flex, Typography } from '@strapi/design-system';
import { ClockCounterClockwise } from '@strapi/icons';
import { useIntl } from 'react-intl';
import {
  personName,
  useTagChangesQuery,
  useUndoTagChangeMutation,
  type TagChange,
  type UndoResult,
} from '../api/tags';
import {
  CountNotice,
  DataTable,
  ErrorNotice,
  JourneyPage,
  Pager,
  reasons,
  useT,
  type DataColumn,
} from '../components/common';

const PAGE_SIZE = 20;

/** What the last undo did: restored, skipped and why, left for someone else. */
const UndoNotice = ({ undo }: { undo: UndoResult }) => {
  const t = useT();
  return (
    <CountNotice
      testId="changes-undo-result"
      title={
        undo.skipped.length
          ? t(
              'changes.undone.skipped',
              'Restored {restored, plural, one {# entry} other {# entries}}, skipped {skipped, plural, one {# entry} other {# entries}}: {reasons}',
              {
                restored: undo.restored,
                skipped: undo.skipped.length,
                reasons: reasons(undo.skipped),
              }
            )
          : t('changes.undone', 'Restored {restored, plural, one {# entry} other {# entries}}', {
              restored: undo.restored,
            })
      }
      lines={[
        {
          count: undo.remaining,
          small: false,
          testId: 'changes-undo-left',
          text: t(
            'changes.undone.left',
            '{remaining, plural, one {# entry is left for someone who may edit it} other {# entries are left for someone who may edit them}}',
            {
              remaining: undo.remaining,
            }
          ),
        },
      ]}
      items={undo.skipped.map((s) => `${s.documentId} (${s.reason})`)}
    />
  );
};

/** The change's label, how far it is undone, and Undo while something is left to restore. */
const ChangeCell = ({
  change,
  when,
  onUndo,
}: {
  change: TagChange;
  when: (date: string) => string;
  onUndo: () => void;
}) => {
  const t = useT();
  const restored = { restored: change.counts.restored ?? 0, entries: change.counts.entries };
  return (
    <Flex gap={3} justifyContent="space-between">
      <Typography variant="pi" textColor="neutral700">
        {change.label ?? ''}
      </Typography>
      {change.state === 'partially-undone' && (
        <Typography variant="pi" textColor="neutral600" data-testid="change-partial">
          {change.counts.remaining > 0
            ? t(
                'changes.partial',
                '{restored} of {entries, plural, one {# entry} other {# entries}} restored; {remaining, plural, one {# is left for someone who may edit it} other {# are left for someone who may edit them}}',
                { ...restored, remaining: change.counts.remaining }
              )
            : t(
                'changes.partialDone',
                '{restored} of {entries, plural, one {# entry} other {# entries}} restored',
                restored
              )}
        </Typography>
      )}
      {change.undoneAt ? (
        <Typography variant="pi" textColor="neutral600" data-testid="change-undone">
          {t('changes.undoneBy', 'Undone {when} by {who}', {
            when: when(change.undoneAt),
            who: personName(change.undoneBy),
          })}
        </Typography>
      ) : (
        change.canUndo && (
          <Button
            size="S"
            variant="secondary"
            startIcon={<ClockCounterClockwise />}
            onClick={onUndo}
            data-testid="change-undo"
          >
            {t('changes.undo', 'Undo')}
          </Button>
        )
      )}
    </Flex>
  );
};

/**
 * Recent tag changes: every bulk change and accepted queue batch, with who, when and how many
 * entries, and Undo, which restores the entries' previous tags unless they changed since.
 */
export const TagChangesPage = () => {
  const { formatDate, formatTime } = useIntl();
  const t = useT();
  const [page, setPage] = React.useState(1);
  const { data: answer, error: loadError } = useTagChangesQuery({ page, pageSize: PAGE_SIZE });
  const [undo, { isLoading: undoing, error: undoError }] = useUndoTagChangeMutation();
  const [confirming, setConfirming] = React.useState<TagChange | null>(null);
  const [result, setResult] = React.useState<UndoResult | null>(null);
  const changes = answer?.data;

  const onUndo = async (change: TagChange) => {
    const done = await undo(change);
    if ('data' in done && done.data) setResult(done.data);
    setConfirming(null);
  };

  const kindName = (kind: TagChange['kind']) =>
    t(`changes.kind.${kind}`, { bulk: 'Bulk', queue: 'Review queue', undo: 'Undo' }[kind]);
  const when = (date: string) =>
    `${formatDate(date, { dateStyle: 'medium' })} ${formatTime(date, { timeStyle: 'short' })}`;
  const columns: Array<DataColumn<TagChange>> = [
    { key: 'when', header: t('changes.when', 'When'), cell: (c) => when(c.createdAt) },
    { key: 'who', header: t('changes.who', 'Who'), cell: (c) => personName(c.user) },
    {
      key: 'kind',
      header: t('changes.kind', 'Kind'),
      cell: (c) => <Badge>{kindName(c.kind)}</Badge>,
    },
    {
      key: 'type',
      header: t('cell.type', 'Type'),
      cell: (c) => c.contentType.split('.').pop() ?? c.contentType,
    },
    { key: 'locale', header: t('cell.locale', 'Locale'), cell: (c) => c.locale ?? '—' },
    {
      key: 'entries',
      header: t('changes.entries', 'Entries'),
      cell: (c) => <Typography data-testid="change-entries">{c.counts.entries}</Typography>,
    },
    {
      key: 'change',
      header: t('changes.change', 'Change'),
      cell: (c) => <ChangeCell change={c} when={when} onUndo={() => setConfirming(c)} />,
    },
  ];

  return (
    <JourneyPage
      title={t('changes.title', 'Recent tag changes')}
      subtitle={t(
        'changes.subtitle',
        'Bulk tagging and accepted suggestions. Undo puts back the tags entries had before.'
      )}
      outside={
        <>
          {confirming && (
            <Dialog.Root open onOpenChange={(open: boolean) => !open && setConfirming(null)}>
              <Dialog.Content>
                <Dialog.Header>{t('changes.confirm.title', 'Undo this change?')}</Dialog.Header>
                <Dialog.Body>
                  <Typography textAlign="center">
                    {t(
                      'changes.confirm.body',
                      '{count, plural, one {# entry gets back the tags it had before.} other {# entries get back the tags they had before.}} Entries changed since are left alone.',
                      {
                        count:
                          confirming.state === 'partially-undone'
                            ? confirming.counts.remaining
                            : confirming.counts.entries,
                      }
                    )}
                  </Typography>
                </Dialog.Body>
                <Dialog.Footer>
                  <Dialog.Cancel>
                    <Button fullWidth variant="tertiary">
                      {t('settings.cancel', 'Cancel')}
                    </Button>
                  </Dialog.Cancel>
                  <Button
                    fullWidth
                    loading={undoing}
                    onClick={() => onUndo(confirming)}
                    data-testid="change-undo-confirm"
                  >
                    {t('changes.undo', 'Undo')}
                  </Button>
                </Dialog.Footer>
              </Dialog.Content>
            </Dialog.Root>
          )}
        </>
      }
    >
      {result && <UndoNotice undo={result} />}
      <ErrorNotice error={undoError ?? loadError} />
      <DataTable
        columns={columns}
        rows={changes}
        rowKey={(change) => change.id}
        rowTestId={(change) => `change-row-${change.id}`}
        empty={t('changes.empty', 'No tag changes yet.')}
      />
      <Pager page={page} pageCount={answer?.meta.pagination.pageCount} onPage={setPage} />
    </JourneyPage>
  );
};

export default TagChangesPage;
