import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  NumberInput,
  ProgressBar,
  Typography,
} from '@strapi/design-system';
import { Check } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useJourneyContentTypesQuery, useJourneySummaries, useLocales } from '../api/lookups';
import {
  useAcceptSuggestionsMutation,
  useRunSuggestionsMutation,
  useSkipSuggestionsMutation,
  useSuggestionRun,
  useSuggestionsQuery,
  type AcceptBody,
  type QueueRow,
  type QueueStatus,
} from '../api/queue';
import { errorMessage } from '../api/tags';
import { waitingOnPublish, type WrittenDocuments } from '../api/publish';
import {
  ContentTypeFilter,
  ErrorNotice,
  FilterBar,
  JourneyPage,
  FilterSelect,
  JourneyFilter,
  LocaleFilter,
  Pager,
  PublishNotice,
  useT,
  useUrlFilters,
} from '../components/common';
import { SiteTermsSection } from '../components/SiteTermsSection';
import { INTENTS } from '../journeys';
import { EditDialog } from './review-queue/EditDialog';
import { QueueTable } from './review-queue/QueueTable';

const NONE = 'none';
const PAGE_SIZE = 20;

/** Filters live in the URL, as on the coverage page; any change but the page's starts at page 1. */
const FILTERS = ['contentType', 'locale', 'journey', 'intent', 'page'] as const;

const RunProgress = ({ status }: { status: QueueStatus | undefined }) => {
  const t = useT();
  if (!status || (!status.running && !status.finishedAt)) return null;
  return (
    <Box paddingBottom={4} data-testid="queue-progress">
      <Typography variant="pi" textColor="neutral600">
        {status.running
          ? t(
              'queue.running',
              'Computing suggestions: {processed} of {total, plural, one {# entry} other {# entries}}',
              {
                processed: status.processed,
                total: status.total,
              }
            )
          : t(
              'queue.finished',
              'Suggestions computed for {total, plural, one {# entry} other {# entries}}',
              {
                total: status.total,
              }
            )}
      </Typography>
      <ProgressBar
        style={{ width: '100%', maxWidth: '48rem' }}
        value={status.total ? Math.round((100 * status.processed) / status.total) : 100}
        aria-label={t('queue.progress', 'Progress of the suggestion run')}
      />
    </Box>
  );
};

/** A row's own suggestion as an accepted item. */
const itemOf = (row: QueueRow) => ({
  documentId: row.documentId,
  intent: row.suggestion?.intent ?? null,
  ...(row.suggestion?.stage ? { stage: row.suggestion.stage.documentId } : {}),
});

/**
 * Review queue: the untagged entries of a journey-aware type with the classifier's suggestion,
 * accepted one by one, after an edit, or all above a confidence; and a background run that
 * computes suggestions for the whole backlog.
 */
export const ReviewQueuePage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const [filters, setFilters] = useUrlFilters(FILTERS, 'page');
  const page = Math.max(1, Number(filters.page) || 1);
  const { data: types } = useJourneyContentTypesQuery();
  const locales = useLocales();
  const journeyList = useJourneySummaries();
  const [threshold, setThreshold] = React.useState<number>(80);
  const [editing, setEditing] = React.useState<QueueRow | null>(null);
  // The drafts the last accept wrote, offered to publish until the next accept.
  const [written, setWritten] = React.useState<WrittenDocuments[] | undefined>(undefined);

  const contentType = filters.contentType ?? types?.[0]?.uid;
  const scope = {
    contentType: contentType ?? '',
    locale: filters.locale,
    journey: filters.journey,
  };
  const status = useSuggestionRun();
  const {
    data: answer,
    error,
    isLoading,
  } = useSuggestionsQuery(
    { ...scope, contentType: contentType ?? '', intent: filters.intent, page, pageSize: PAGE_SIZE },
    { skip: !contentType }
  );
  const [acceptSuggestions, { isLoading: accepting }] = useAcceptSuggestionsMutation();
  const [skipSuggestions, { isLoading: skipping }] = useSkipSuggestionsMutation();
  const [runSuggestions] = useRunSuggestionsMutation();
  const busy = accepting || skipping;

  const failed = (e: unknown) => toggleNotification({ type: 'danger', message: errorMessage(e) });

  const accept = async (body: Omit<AcceptBody, keyof typeof scope>) => {
    try {
      const data = await acceptSuggestions({ ...scope, ...body }).unwrap();
      const onDrafts = waitingOnPublish(data.written).length > 0;
      setWritten(data.written);
      toggleNotification({
        type: 'success',
        message: [
          onDrafts
            ? t(
                'publish.waiting',
                '{count, plural, one {# entry tagged} other {# entries tagged}}, saved on the drafts: publish to make the tags live',
                { count: data.changed }
              )
            : t('queue.tagged', '{count, plural, one {# entry tagged} other {# entries tagged}}', {
                count: data.changed,
              }),
          ...(data.skipped.length
            ? [
                t(
                  'queue.skippedCount',
                  '{count, plural, one {# was skipped} other {# were skipped}}',
                  {
                    count: data.skipped.length,
                  }
                ),
              ]
            : []),
        ].join('; '),
      });
    } catch (e) {
      failed(e);
    }
  };

  const skip = (row: QueueRow) =>
    skipSuggestions({ ...scope, documentIds: [row.documentId] })
      .unwrap()
      .catch(failed);

  const run = () =>
    runSuggestions({ ...(contentType ? { contentType } : {}), locale: filters.locale })
      .unwrap()
      .catch(failed);

  const rows = answer?.data ?? [];
  const min = threshold / 100;
  const aboveOnPage = rows.filter(
    (r) => r.suggestion?.intent && r.suggestion.confidence >= min && !r.skipped
  );

  return (
    <JourneyPage
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
      outside={
        <>
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
        </>
      }
    >
      <RunProgress status={status} />
      <FilterBar>
        <ContentTypeFilter
          types={types ?? []}
          value={contentType ?? ''}
          onChange={(value) => setFilters({ contentType: value })}
          testId="queue-filter-type"
        />
        <LocaleFilter
          locales={locales}
          allLabel={t('queue.defaultLocale', 'Default locale')}
          value={filters.locale}
          onChange={(locale) => setFilters({ locale })}
        />
        <JourneyFilter
          journeys={journeyList}
          minWidth="16rem"
          value={filters.journey ?? journeyList[0]?.key}
          onChange={(journey) => setFilters({ journey })}
        />
        <FilterSelect
          label={t('queue.suggestedIntent', 'Suggested intent')}
          minWidth="18rem"
          allLabel={t('queue.anyIntent', 'Any suggested intent')}
          value={filters.intent}
          options={[
            ...INTENTS.map((i) => ({ value: i, label: t(`intent.${i}`, i) })),
            { value: NONE, label: t('queue.noClearIntent', 'No clear intent') },
          ]}
          onChange={(intent) => setFilters({ intent })}
          testId="queue-filter-intent"
        />
      </FilterBar>
      <Flex gap={3} wrap="wrap" paddingBottom={4} alignItems="flex-end">
        <Box minWidth="14rem">
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
              items: aboveOnPage.map(itemOf),
            })
          }
        >
          {t(
            'queue.acceptPage',
            'Accept {count, plural, one {# entry} other {# entries}} above {threshold}% on this page',
            {
              count: aboveOnPage.length,
              threshold,
            }
          )}
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
            {t(
              'queue.counts',
              '{untagged, plural, one {# untagged entry} other {# untagged entries}}, {computed} with a computed suggestion',
              {
                untagged: answer.meta.untagged,
                computed: answer.meta.computed,
              }
            )}
          </Typography>
        )}
      </Flex>

      <ErrorNotice error={error} />
      {written && (
        <Box paddingBottom={4}>
          <PublishNotice written={written} />
        </Box>
      )}
      {types && types.length === 0 && (
        <Typography>{t('queue.noTypes', 'No content type is journey-aware yet.')}</Typography>
      )}
      <QueueTable
        rows={answer?.data}
        loading={isLoading}
        busy={busy}
        onAccept={(row) => row.suggestion && accept({ items: [itemOf(row)] })}
        onEdit={setEditing}
        onSkip={skip}
      />
      <Pager
        page={page}
        pageCount={answer?.meta.pagination.pageCount}
        onPage={(next) => setFilters({ page: next > 1 ? next : undefined })}
      />
      <SiteTermsSection />
    </JourneyPage>
  );
};

export default ReviewQueuePage;
