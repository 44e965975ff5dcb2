import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Dialog,
  Flex,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ClockCounterClockwise } from '@strapi/icons';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import {
  errorMessage,
  personName,
  type Pagination,
  type TagChange,
  type UndoResult,
} from '../api/tags';
import { JourneyTabs } from '../components/JourneyTabs';
import { getTranslation } from '../utils/getTranslation';

const PAGE_SIZE = 20;

/**
 * Recent tag changes: every bulk change and accepted queue batch, with who, when and how many
 * entries, and Undo, which restores the entries' previous tags unless they changed since.
 */
export const TagChangesPage = () => {
  const { formatMessage, formatDate, formatTime } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, post } = useFetchClient();
  const [page, setPage] = React.useState(1);
  const [changes, setChanges] = React.useState<TagChange[] | null>(null);
  const [pagination, setPagination] = React.useState<Pagination | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [confirming, setConfirming] = React.useState<TagChange | null>(null);
  const [undoing, setUndoing] = React.useState(false);
  const [result, setResult] = React.useState<{ change: TagChange; undo: UndoResult } | null>(null);
  const [version, setVersion] = React.useState(0);

  React.useEffect(() => {
    let cancelled = false;
    get<{ data: TagChange[]; meta: { pagination: Pagination } }>('/journey/tags/changes', {
      params: { page, pageSize: PAGE_SIZE },
    })
      .then(({ data }) => {
        if (cancelled) return;
        setChanges(data.data);
        setPagination(data.meta.pagination);
        setError(null);
      })
      .catch((e) => !cancelled && setError(errorMessage(e)));
    return () => {
      cancelled = true;
    };
  }, [get, page, version]);

  const undo = async (change: TagChange) => {
    setUndoing(true);
    try {
      const { data } = await post<{ data: UndoResult }>(
        `/journey/tags/changes/${change.id}/undo`,
        {}
      );
      setResult({ change, undo: data.data });
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setUndoing(false);
      setConfirming(null);
      setVersion((v) => v + 1);
    }
  };

  const kindName = (kind: TagChange['kind']) =>
    t(`changes.kind.${kind}`, { bulk: 'Bulk', queue: 'Review queue', undo: 'Undo' }[kind]);
  const when = (date: string) =>
    `${formatDate(date, { dateStyle: 'medium' })} ${formatTime(date, { timeStyle: 'short' })}`;

  return (
    <Page.Main>
      <Page.Title>{t('changes.title', 'Recent tag changes')}</Page.Title>
      <Layouts.Header
        title={t('changes.title', 'Recent tag changes')}
        subtitle={t(
          'changes.subtitle',
          'Bulk tagging and accepted suggestions. Undo puts back the tags entries had before.'
        )}
      />
      <Layouts.Content>
        <JourneyTabs />
        {result && (
          <Box paddingBottom={4} role="status" aria-live="polite" data-testid="changes-undo-result">
            <Typography fontWeight="bold">
              {result.undo.skipped.length
                ? t('changes.undone.skipped', 'Restored {restored}, skipped {skipped}: {reasons}', {
                    restored: result.undo.restored,
                    skipped: result.undo.skipped.length,
                    reasons: [...new Set(result.undo.skipped.map((s) => s.reason))].join(', '),
                  })
                : t('changes.undone', 'Restored {restored}', { restored: result.undo.restored })}
            </Typography>
            {result.undo.remaining > 0 && (
              <Typography tag="p" data-testid="changes-undo-left">
                {t('changes.undone.left', '{remaining} left for someone who may edit them', {
                  remaining: result.undo.remaining,
                })}
              </Typography>
            )}
            {result.undo.skipped.length > 0 && (
              <Typography variant="pi" textColor="neutral600" tag="p">
                {result.undo.skipped
                  .slice(0, 20)
                  .map((s) => `${s.documentId} (${s.reason})`)
                  .join(', ')}
              </Typography>
            )}
          </Box>
        )}
        {error && (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{error}</Typography>
          </Box>
        )}
        {changes && (
          <Table colCount={7} rowCount={changes.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('changes.when', 'When')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('changes.who', 'Who')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('changes.kind', 'Kind')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('cell.type', 'Type')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('cell.locale', 'Locale')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('changes.entries', 'Entries')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('changes.change', 'Change')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {changes.length === 0 && (
                <Tr>
                  <Td colSpan={7}>
                    <Typography>{t('changes.empty', 'No tag changes yet.')}</Typography>
                  </Td>
                </Tr>
              )}
              {changes.map((change) => (
                <Tr key={change.id} data-testid={`change-row-${change.id}`}>
                  <Td>
                    <Typography>{when(change.createdAt)}</Typography>
                  </Td>
                  <Td>
                    <Typography>{personName(change.user)}</Typography>
                  </Td>
                  <Td>
                    <Badge>{kindName(change.kind)}</Badge>
                  </Td>
                  <Td>
                    <Typography>{change.contentType.split('.').pop()}</Typography>
                  </Td>
                  <Td>
                    <Typography>{change.locale ?? '—'}</Typography>
                  </Td>
                  <Td>
                    <Typography data-testid="change-entries">{change.counts.entries}</Typography>
                  </Td>
                  <Td>
                    <Flex gap={3} justifyContent="space-between">
                      <Typography variant="pi" textColor="neutral700">
                        {change.label ?? ''}
                      </Typography>
                      {change.state === 'partially-undone' && (
                        <Typography
                          variant="pi"
                          textColor="neutral600"
                          data-testid="change-partial"
                        >
                          {change.counts.remaining > 0
                            ? t(
                                'changes.partial',
                                '{restored} of {entries} restored; {remaining} left for someone who may edit them',
                                {
                                  restored: change.counts.restored ?? 0,
                                  entries: change.counts.entries,
                                  remaining: change.counts.remaining,
                                }
                              )
                            : t('changes.partialDone', '{restored} of {entries} restored', {
                                restored: change.counts.restored ?? 0,
                                entries: change.counts.entries,
                              })}
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
                            onClick={() => setConfirming(change)}
                            data-testid="change-undo"
                          >
                            {t('changes.undo', 'Undo')}
                          </Button>
                        )
                      )}
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        {pagination && pagination.pageCount > 1 && (
          <Flex gap={2} paddingTop={4} justifyContent="flex-end">
            <Button variant="tertiary" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('cell.previous', 'Previous')}
            </Button>
            <Typography>
              {page} / {pagination.pageCount}
            </Typography>
            <Button
              variant="tertiary"
              disabled={page >= pagination.pageCount}
              onClick={() => setPage(page + 1)}
            >
              {t('cell.next', 'Next')}
            </Button>
          </Flex>
        )}
      </Layouts.Content>
      {confirming && (
        <Dialog.Root open onOpenChange={(open: boolean) => !open && setConfirming(null)}>
          <Dialog.Content>
            <Dialog.Header>{t('changes.confirm.title', 'Undo this change?')}</Dialog.Header>
            <Dialog.Body>
              <Typography textAlign="center">
                {t(
                  'changes.confirm.body',
                  '{count} entries get back the tags they had before. Entries changed since are left alone.',
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
                onClick={() => undo(confirming)}
                data-testid="change-undo-confirm"
              >
                {t('changes.undo', 'Undo')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        </Dialog.Root>
      )}
    </Page.Main>
  );
};

export default TagChangesPage;
