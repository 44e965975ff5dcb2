import * as React from 'react';
import {
  Badge,
  Box,
  Button,
  Field,
  Flex,
  IconButton,
  Loader,
  Modal,
  NumberInput,
  ProgressBar,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
} from '@strapi/design-system';
import { Check, Cross, Pencil } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useSearchParams } from 'react-router-dom';
import {
  percent,
  type AcceptItem,
  type QueueAnswer,
  type QueueRow,
  type QueueStatus,
} from '../api/queue';
import { errorMessage, type ApplyResult } from '../api/tags';
import { JourneyTabs } from '../components/JourneyTabs';
import { SiteTermsSection } from '../components/SiteTermsSection';
import { StagePicker } from '../components/StagePicker';
import { INTENTS, stageStyle, useEditorJourneys, useLocalName, type Intent } from '../journeys';
import { getTranslation } from '../utils/getTranslation';

const ALL = '*';
const NONE = 'none';
const PAGE_SIZE = 20;

interface TypeInfo {
  uid: string;
  name: string;
}

type Filters = {
  contentType?: string;
  locale?: string;
  journey?: string;
  intent?: string;
  page: number;
};

/** Filters live in the URL, as on the coverage page, so a view can be shared as a link. */
const useFilters = (): [Filters, (patch: Partial<Filters>) => void] => {
  const [params, setParams] = useSearchParams();
  const filters: Filters = {
    contentType: params.get('contentType') ?? undefined,
    locale: params.get('locale') ?? undefined,
    journey: params.get('journey') ?? undefined,
    intent: params.get('intent') ?? undefined,
    page: Math.max(1, Number(params.get('page')) || 1),
  };
  const update = (patch: Partial<Filters>) => {
    const next = new URLSearchParams(params);
    // Any other filter change starts again at page 1.
    if (!('page' in patch)) next.delete('page');
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === ALL || value === '' || value === 1) next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next, { replace: true });
  };
  return [filters, update];
};

const useT = () => {
  const { formatMessage } = useIntl();
  return (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
};

/** Edit then accept: the editor's own intent and stage for one entry. */
const EditDialog = ({
  row,
  contentType,
  journeyKey,
  onAccept,
  onClose,
}: {
  row: QueueRow;
  contentType: string;
  journeyKey: string | undefined;
  onAccept: (item: AcceptItem) => void;
  onClose: () => void;
}) => {
  const t = useT();
  const { formatMessage } = useIntl();
  const { journeys } = useEditorJourneys(contentType);
  const shown = (journeys ?? []).filter((j) => !journeyKey || j.key === journeyKey).slice(0, 1);
  const [intent, setIntent] = React.useState<Intent | ''>(row.suggestion?.intent ?? '');
  const [stage, setStage] = React.useState<string | null>(
    row.suggestion?.stage?.documentId ?? null
  );
  return (
    <Modal.Root open onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header>
          <Modal.Title>{row.title ?? row.documentId}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={4} data-testid="queue-edit">
            <Field.Root name="queue-edit-intent">
              <Field.Label>{t('panel.intent', 'Search intent')}</Field.Label>
              <SingleSelect
                value={intent}
                placeholder={t('panel.noIntent', 'No intent')}
                onChange={(value: string | number) => setIntent(String(value) as Intent)}
                onClear={() => setIntent('')}
              >
                {INTENTS.map((i) => (
                  <SingleSelectOption key={i} value={i}>
                    {formatMessage({ id: getTranslation(`intent.${i}`), defaultMessage: i })}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>
            <Typography variant="sigma" textColor="neutral600">
              {t('queue.stage', 'Stage')}
            </Typography>
            <StagePicker
              journeys={shown}
              selected={stage ? [stage] : []}
              testId="queue-edit-stage"
              onToggle={(documentId) => setStage((s) => (s === documentId ? null : documentId))}
            />
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Button variant="tertiary" onClick={onClose}>
            {t('settings.cancel', 'Cancel')}
          </Button>
          <Button
            disabled={!intent && !stage}
            data-testid="queue-edit-accept"
            onClick={() => onAccept({ documentId: row.documentId, intent: intent || null, stage })}
          >
            {t('queue.accept', 'Accept')}
          </Button>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * Review queue: the untagged entries of a journey-aware type with the classifier's suggestion,
 * accepted one by one, after an edit, or all above a confidence; and a background run that
 * computes suggestions for the whole backlog.
 */
export const ReviewQueuePage = () => {
  const t = useT();
  const { formatMessage } = useIntl();
  const localName = useLocalName();
  const { get, post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [filters, setFilters] = useFilters();
  const [types, setTypes] = React.useState<TypeInfo[] | null>(null);
  const [locales, setLocales] = React.useState<Array<{ code: string; name: string }>>([]);
  const [journeyList, setJourneyList] = React.useState<Array<{ key: string; name: string }>>([]);
  const [answer, setAnswer] = React.useState<QueueAnswer | null>(null);
  const [error, setError] = React.useState<string | null>(null);
  const [loading, setLoading] = React.useState(false);
  const [threshold, setThreshold] = React.useState<number>(80);
  const [editing, setEditing] = React.useState<QueueRow | null>(null);
  const [busy, setBusy] = React.useState(false);
  const [status, setStatus] = React.useState<QueueStatus | null>(null);
  const [version, setVersion] = React.useState(0);

  const contentType = filters.contentType ?? types?.[0]?.uid;

  React.useEffect(() => {
    get<{ data: Array<{ uid: string; info: { displayName: string }; pluginOptions?: unknown }> }>(
      '/content-manager/content-types'
    )
      .then(({ data }) =>
        setTypes(
          data.data
            .filter(
              (ct) =>
                (ct.pluginOptions as { journey?: { enabled?: boolean } } | undefined)?.journey
                  ?.enabled === true
            )
            .map((ct) => ({ uid: ct.uid, name: ct.info.displayName }))
        )
      )
      .catch(() => setTypes([]));
    get<Array<{ code: string; name: string }>>('/i18n/locales')
      .then(({ data }) => setLocales(data))
      .catch(() => setLocales([]));
    get<{ data: Array<{ key: string; name: string }> }>('/journey/journeys')
      .then(({ data }) => setJourneyList(data.data))
      .catch(() => setJourneyList([]));
  }, [get]);

  React.useEffect(() => {
    if (!contentType) return undefined;
    let cancelled = false;
    setLoading(true);
    get<QueueAnswer>('/journey/suggestions', {
      params: {
        contentType,
        ...(filters.locale ? { locale: filters.locale } : {}),
        ...(filters.journey ? { journey: filters.journey } : {}),
        ...(filters.intent ? { intent: filters.intent } : {}),
        page: filters.page,
        pageSize: PAGE_SIZE,
      },
    })
      .then(({ data }) => {
        if (cancelled) return;
        setAnswer(data);
        setError(null);
      })
      .catch((e) => !cancelled && setError(errorMessage(e)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [get, contentType, filters.locale, filters.journey, filters.intent, filters.page, version]);

  // The background run: polled while it runs, then the page reloads its suggestions.
  const poll = React.useCallback(
    () =>
      get<{ data: QueueStatus }>('/journey/suggestions/status')
        .then(({ data }) => setStatus(data.data))
        .catch(() => undefined),
    [get]
  );
  React.useEffect(() => {
    poll();
  }, [poll]);
  React.useEffect(() => {
    if (!status?.running) return undefined;
    const timer = setTimeout(() => {
      poll().then(() => setVersion((v) => v + 1));
    }, 1000);
    return () => clearTimeout(timer);
  }, [status, poll]);

  const intentName = (intent: string) =>
    formatMessage({ id: getTranslation(`intent.${intent}`), defaultMessage: intent });

  const report = (data: ApplyResult) => {
    toggleNotification({
      type: 'success',
      message: t('queue.accepted', '{changed} entries tagged, {skipped} skipped', {
        changed: data.changed,
        skipped: data.skipped.length,
      }),
    });
    setVersion((v) => v + 1);
  };

  const accept = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      const { data } = await post<{ data: ApplyResult }>('/journey/suggestions/accept', {
        contentType,
        ...(filters.locale ? { locale: filters.locale } : {}),
        ...(filters.journey ? { journey: filters.journey } : {}),
        ...body,
      });
      report(data.data);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const acceptRow = (row: QueueRow) =>
    row.suggestion &&
    accept({
      items: [
        {
          documentId: row.documentId,
          intent: row.suggestion.intent,
          ...(row.suggestion.stage ? { stage: row.suggestion.stage.documentId } : {}),
        },
      ],
    });

  const skip = async (row: QueueRow) => {
    setBusy(true);
    try {
      await post('/journey/suggestions/skip', {
        contentType,
        ...(filters.locale ? { locale: filters.locale } : {}),
        documentIds: [row.documentId],
      });
      setVersion((v) => v + 1);
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    } finally {
      setBusy(false);
    }
  };

  const rows = answer?.data ?? [];
  const min = threshold / 100;
  const aboveOnPage = rows.filter(
    (r) => r.suggestion?.intent && r.suggestion.confidence >= min && !r.skipped
  );
  const pagination = answer?.meta.pagination;

  const run = async () => {
    try {
      await post('/journey/suggestions/run', {
        ...(contentType ? { contentType } : {}),
        ...(filters.locale ? { locale: filters.locale } : {}),
      });
      await poll();
    } catch (e) {
      toggleNotification({ type: 'danger', message: errorMessage(e) });
    }
  };

  return (
    <Page.Main>
      <Page.Title>{t('queue.title', 'Review queue')}</Page.Title>
      <Layouts.Header
        title={t('queue.title', 'Review queue')}
        subtitle={t(
          'queue.subtitle',
          'Untagged entries with a suggested search intent and stage. Accept, edit or skip.'
        )}
        primaryAction={
          <Button
            variant="secondary"
            onClick={run}
            disabled={status?.running === true}
            data-testid="queue-run"
          >
            {t('queue.run', 'Compute suggestions for the whole backlog')}
          </Button>
        }
      />
      <Layouts.Content>
        <JourneyTabs />
        {status && (status.running || status.finishedAt) && (
          <Box paddingBottom={4} data-testid="queue-progress">
            <Typography variant="pi" textColor="neutral600">
              {status.running
                ? t('queue.running', 'Computing suggestions: {processed} of {total}', {
                    processed: status.processed,
                    total: status.total,
                  })
                : t('queue.finished', 'Suggestions computed for {total} entries', {
                    total: status.total,
                  })}
            </Typography>
            <ProgressBar
              style={{ width: '100%', maxWidth: '48rem' }}
              value={status.total ? Math.round((100 * status.processed) / status.total) : 100}
              aria-label={t('queue.progress', 'Progress of the suggestion run')}
            />
          </Box>
        )}
        <Flex gap={4} wrap="wrap" paddingBottom={4} alignItems="flex-end">
          <Box minWidth="20rem">
            <SingleSelect
              aria-label={t('coverage.contentType', 'Content type')}
              value={contentType ?? ''}
              onChange={(value: string | number) => setFilters({ contentType: String(value) })}
              data-testid="queue-filter-type"
            >
              {(types ?? []).map((ct) => (
                <SingleSelectOption key={ct.uid} value={ct.uid}>
                  {ct.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="16rem">
            <SingleSelect
              aria-label={t('coverage.locale', 'Locale')}
              value={filters.locale ?? ALL}
              onChange={(value: string | number) => setFilters({ locale: String(value) })}
            >
              <SingleSelectOption value={ALL}>
                {t('queue.defaultLocale', 'Default locale')}
              </SingleSelectOption>
              {locales.map((l) => (
                <SingleSelectOption key={l.code} value={l.code}>
                  {l.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="16rem">
            <SingleSelect
              aria-label={t('coverage.journey', 'Journey')}
              value={filters.journey ?? journeyList[0]?.key ?? ''}
              onChange={(value: string | number) => setFilters({ journey: String(value) })}
            >
              {journeyList.map((j) => (
                <SingleSelectOption key={j.key} value={j.key}>
                  {j.name}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Box>
          <Box minWidth="18rem">
            <SingleSelect
              aria-label={t('queue.suggestedIntent', 'Suggested intent')}
              value={filters.intent ?? ALL}
              onChange={(value: string | number) => setFilters({ intent: String(value) })}
              data-testid="queue-filter-intent"
            >
              <SingleSelectOption value={ALL}>
                {t('queue.anyIntent', 'Any suggested intent')}
              </SingleSelectOption>
              {INTENTS.map((i) => (
                <SingleSelectOption key={i} value={i}>
                  {intentName(i)}
                </SingleSelectOption>
              ))}
              <SingleSelectOption value={NONE}>
                {t('queue.noClearIntent', 'No clear intent')}
              </SingleSelectOption>
            </SingleSelect>
          </Box>
        </Flex>

        <Flex gap={3} wrap="wrap" paddingBottom={4} alignItems="flex-end">
          <Box width="14rem">
            <Field.Root name="queue-threshold">
              <Field.Label>{t('queue.threshold', 'Confidence at least (%)')}</Field.Label>
              <NumberInput
                value={threshold}
                onValueChange={(value: number | undefined) =>
                  setThreshold(Math.min(100, Math.max(0, value ?? 0)))
                }
                data-testid="queue-threshold"
              />
            </Field.Root>
          </Box>
          <Button
            variant="secondary"
            startIcon={<Check />}
            disabled={busy || aboveOnPage.length === 0}
            data-testid="queue-accept-page"
            onClick={() =>
              accept({
                minConfidence: min,
                items: aboveOnPage.map((r) => ({
                  documentId: r.documentId,
                  intent: r.suggestion?.intent ?? null,
                  ...(r.suggestion?.stage ? { stage: r.suggestion.stage.documentId } : {}),
                })),
              })
            }
          >
            {t('queue.acceptPage', 'Accept {count} above {threshold}% on this page', {
              count: aboveOnPage.length,
              threshold,
            })}
          </Button>
          <Button
            variant="secondary"
            startIcon={<Check />}
            disabled={busy || rows.length === 0}
            data-testid="queue-accept-filter"
            onClick={() =>
              accept({
                minConfidence: min,
                ...(filters.intent && filters.intent !== NONE
                  ? { filter: { intent: filters.intent } }
                  : {}),
              })
            }
          >
            {t('queue.acceptFilter', 'Accept all above {threshold}% in this filter', {
              threshold,
            })}
          </Button>
          {answer && (
            <Typography variant="pi" textColor="neutral600" data-testid="queue-counts">
              {t('queue.counts', '{untagged} untagged, {computed} with a computed suggestion', {
                untagged: answer.meta.untagged,
                computed: answer.meta.computed,
              })}
            </Typography>
          )}
        </Flex>

        {error && (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{error}</Typography>
          </Box>
        )}
        {types && types.length === 0 && (
          <Typography>{t('queue.noTypes', 'No content type is journey-aware yet.')}</Typography>
        )}
        {loading && !answer && <Loader small />}

        {answer && (
          <Table colCount={6} rowCount={rows.length + 1}>
            <Thead>
              <Tr>
                <Th>
                  <Typography variant="sigma">{t('cell.title', 'Title')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">
                    {t('queue.suggestedIntent', 'Suggested intent')}
                  </Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('queue.stage', 'Stage')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('queue.confidence', 'Confidence')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('queue.terms', 'Terms that fired')}</Typography>
                </Th>
                <Th>
                  <Typography variant="sigma">{t('queue.actions', 'Actions')}</Typography>
                </Th>
              </Tr>
            </Thead>
            <Tbody>
              {rows.length === 0 && (
                <Tr>
                  <Td colSpan={6}>
                    <Typography>{t('queue.empty', 'Nothing to review here.')}</Typography>
                  </Td>
                </Tr>
              )}
              {rows.map((row) => {
                const s = row.suggestion;
                const colour = s?.stage?.colour ?? s?.stage?.color ?? null;
                return (
                  <Tr key={row.documentId} data-testid={`queue-row-${row.documentId}`}>
                    <Td>
                      <Box maxWidth="24rem" style={{ whiteSpace: 'normal' }}>
                        <Typography fontWeight="bold" data-testid="queue-title">
                          {row.title ?? row.documentId}
                        </Typography>
                      </Box>
                    </Td>
                    <Td>
                      {s?.intent ? (
                        <Badge data-testid="queue-intent">{intentName(s.intent)}</Badge>
                      ) : (
                        <Typography textColor="neutral600" data-testid="queue-intent">
                          {t('queue.noClearIntent', 'No clear intent')}
                        </Typography>
                      )}
                    </Td>
                    <Td>
                      {s?.stage ? (
                        <Flex gap={2}>
                          <span style={stageStyle(colour)} />
                          <Typography>
                            {localName({ name: s.stage.name, names: s.stage.names ?? null })}
                          </Typography>
                        </Flex>
                      ) : (
                        <Typography textColor="neutral600">—</Typography>
                      )}
                    </Td>
                    <Td>
                      <Typography data-testid="queue-confidence">
                        {s ? `${percent(s.confidence)}%` : '—'}
                      </Typography>
                    </Td>
                    <Td>
                      {/* Wrapped, so that the actions stay in view beside long explanations. */}
                      <Box maxWidth="26rem" style={{ whiteSpace: 'normal' }}>
                        <Typography variant="pi" textColor="neutral600">
                          {s?.matches.length
                            ? s.matches.map((m) => `${m.term} (${m.rule})`).join(', ')
                            : '—'}
                        </Typography>
                      </Box>
                    </Td>
                    <Td>
                      <Flex gap={1}>
                        <IconButton
                          label={t('queue.accept', 'Accept')}
                          disabled={busy || !s?.intent}
                          onClick={() => acceptRow(row)}
                          data-testid="queue-accept"
                        >
                          <Check />
                        </IconButton>
                        <IconButton
                          label={t('queue.edit', 'Edit, then accept')}
                          disabled={busy}
                          onClick={() => setEditing(row)}
                          data-testid="queue-edit-open"
                        >
                          <Pencil />
                        </IconButton>
                        <IconButton
                          label={t('queue.skip', 'Skip')}
                          disabled={busy}
                          onClick={() => skip(row)}
                          data-testid="queue-skip"
                        >
                          <Cross />
                        </IconButton>
                      </Flex>
                    </Td>
                  </Tr>
                );
              })}
            </Tbody>
          </Table>
        )}
        {pagination && pagination.pageCount > 1 && (
          <Flex gap={2} paddingTop={4} justifyContent="flex-end">
            <Button
              variant="tertiary"
              disabled={filters.page <= 1}
              onClick={() => setFilters({ page: filters.page - 1 })}
            >
              {t('cell.previous', 'Previous')}
            </Button>
            <Typography>
              {filters.page} / {pagination.pageCount}
            </Typography>
            <Button
              variant="tertiary"
              disabled={filters.page >= pagination.pageCount}
              onClick={() => setFilters({ page: filters.page + 1 })}
            >
              {t('cell.next', 'Next')}
            </Button>
          </Flex>
        )}
        <SiteTermsSection />
      </Layouts.Content>
      {editing && contentType && (
        <EditDialog
          row={editing}
          contentType={contentType}
          journeyKey={filters.journey ?? journeyList[0]?.key}
          onClose={() => setEditing(null)}
          onAccept={(item) => {
            setEditing(null);
            accept({ items: [item] });
          }}
        />
      )}
    </Page.Main>
  );
};

export default ReviewQueuePage;
