import * as React from 'react';
import {
  Box,
  Button,
  Field,
  Flex,
  Loader,
  Modal,
  Radio,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { PriceTag } from '@strapi/icons';
import {
  unstable_useDocumentLayout as useDocumentLayout,
  useDocumentRBAC,
  useNotification,
  useQueryParams,
  useTable,
} from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { useDocumentCountQuery } from '../api/lookups';
import {
  errorMessage,
  useJourneyBulkPreviewQuery,
  useJourneyBulkTagsMutation,
  type ApplyResult,
  type BulkBody,
} from '../api/tags';
import { INTENTS, useLocalName, type Intent } from '../journeys';
import { useEditorJourneys } from '../api/journeys';
import { getTranslation } from '../utils/getTranslation';
import { PublishNotice, useDebounced } from './common';
import { waitingOnPublish } from '../api/publish';
import { findStage, StagePicker } from './StagePicker';

type Mode = 'add' | 'remove' | 'set';
/** 'keep' leaves each entry's intent alone; 'clear' removes it. */
type IntentChoice = Intent | 'keep' | 'clear';
type Scope = 'selected' | 'matching';

interface ListQuery {
  filters?: Record<string, unknown>;
  _q?: string;
  plugins?: { i18n?: { locale?: string } };
}

interface BulkProps {
  documents: Array<{ documentId: string }>;
  model: string;
}

/** The list view's own query from its URL: what "all matching entries" means. */
const useListQuery = () => {
  const [{ query }] = useQueryParams<ListQuery>();
  const locale = query.plugins?.i18n?.locale;
  const filters = query.filters && Object.keys(query.filters).length ? query.filters : undefined;
  const _q = query._q || undefined;
  return { locale, filters, _q };
};

/** "/admin" or wherever the admin is served: notification links are plain anchors. */
const adminBase = () => {
  const at = window.location.pathname.indexOf('/content-manager');
  return at >= 0 ? window.location.pathname.slice(0, at) : '/admin';
};

const BulkTagModal = ({ documents, model, onClose }: BulkProps & { onClose: () => void }) => {
  const { formatMessage } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const localName = useLocalName();
  const { toggleNotification } = useNotification();
  const selectRow = useTable('JourneyBulkTag', (state) => state.selectRow, false);
  const { journeys, failed } = useEditorJourneys(model);
  const { locale, filters, _q } = useListQuery();
  const [apply, { isLoading: applying }] = useJourneyBulkTagsMutation();

  const [mode, setMode] = React.useState<Mode>('add');
  const [stages, setStages] = React.useState<string[]>([]);
  const [intent, setIntent] = React.useState<IntentChoice>('keep');
  // What Apply wrote: while set, the dialog offers to publish the drafts it wrote.
  const [done, setDone] = React.useState<ApplyResult | null>(null);
  const [scope, setScope] = React.useState<Scope>('selected');
  // How many entries the list's filters match, across all its pages.
  const { data: matchingCount } = useDocumentCountQuery({ model, filters, _q, locale });
  const matching = matchingCount ?? null;

  const nothingToDo = mode !== 'set' && stages.length === 0 && intent === 'keep';

  const body = (dryRun: boolean): BulkBody => ({
    contentType: model,
    ...(locale ? { locale } : {}),
    ...(scope === 'selected'
      ? { documentIds: documents.map((d) => d.documentId) }
      : // No filters: every entry of the type (in the locale), as the list shows them.
        { filters: filters ?? {}, ...(_q ? { _q } : {}) }),
    ...(mode === 'set' || stages.length ? { stages: { [mode]: stages } } : {}),
    ...(intent === 'keep' ? {} : { intent: intent === 'clear' ? null : intent }),
    dryRun,
  });

  // The preview is the server's own dry run, so it counts what Apply will do; asked once the
  // choices rest for a moment. A stale count beside new choices would mislead: only the answer
  // for the current choices (currentData) is shown.
  const previewBody = useDebounced(body(true), 250);
  const settled = JSON.stringify(previewBody) === JSON.stringify(body(true));
  const answer = useJourneyBulkPreviewQuery(previewBody, { skip: nothingToDo || !settled });
  const preview = settled ? answer.currentData : undefined;
  const previewError = settled && answer.error ? errorMessage(answer.error) : null;

  const stageLabel = (documentId: string) => {
    const found = journeys && findStage(journeys, documentId);
    return found ? localName(found.stage) : documentId;
  };
  const intentName = (i: Intent) =>
    formatMessage({ id: getTranslation(`intent.${i}`), defaultMessage: i });

  const changes = [
    ...(mode === 'add' ? stages.map((s) => `+${stageLabel(s)}`) : []),
    ...(mode === 'remove' ? stages.map((s) => `−${stageLabel(s)}`) : []),
    ...(mode === 'set'
      ? [
          stages.length
            ? t('bulk.preview.set', 'stages → {stages}', {
                stages: stages.map(stageLabel).join(', '),
              })
            : t('bulk.preview.setNone', 'no stages'),
        ]
      : []),
    ...(intent === 'clear' ? [t('bulk.preview.clearIntent', 'intent cleared')] : []),
    ...(intent !== 'keep' && intent !== 'clear'
      ? [
          t('bulk.preview.intent', 'intent → {intent}', {
            intent: intentName(intent).toLowerCase(),
          }),
        ]
      : []),
  ];

  const onApply = async () => {
    try {
      const { data } = await apply(body(false)).unwrap();
      const onDrafts = waitingOnPublish(data.written).length > 0;
      toggleNotification({
        type: 'success',
        message: onDrafts
          ? t(
              'publish.waiting',
              '{count, plural, one {# entry tagged} other {# entries tagged}}, saved on the drafts: publish to make the tags live',
              { count: data.changed }
            )
          : t(
              'bulk.done',
              '{changed, plural, one {# entry tagged} other {# entries tagged}}, {unchanged, plural, other {# unchanged}}',
              {
                changed: data.changed,
                unchanged: data.unchanged,
              }
            ),
        link: {
          label: t('bulk.undoLink', 'Undo in Recent tag changes'),
          url: `${adminBase()}/plugins/journey/changes`,
        },
      });
      // Drafts were written: the dialog stays, to offer publishing exactly those entries. The
      // selection is kept until it closes, since the bar that holds the dialog goes with it.
      if (onDrafts) setDone(data);
      else {
        selectRow?.([]);
        onClose();
      }
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: (error as { message?: string })?.message ?? errorMessage(error),
      });
    }
  };

  if (done) {
    return (
      <>
        <Modal.Body>
          <Flex direction="column" alignItems="stretch" gap={3} data-testid="bulk-tag-done">
            <PublishNotice written={done.written} />
            {done.unchanged > 0 && (
              <Typography variant="pi" textColor="neutral600">
                {t(
                  'bulk.done.unchanged',
                  '{count, plural, one {# entry} other {# entries}} unchanged',
                  {
                    count: done.unchanged,
                  }
                )}
              </Typography>
            )}
          </Flex>
        </Modal.Body>
        <Modal.Footer>
          <Box />
          <Button
            variant="tertiary"
            onClick={() => {
              selectRow?.([]);
              onClose();
            }}
            data-testid="bulk-close"
          >
            {t('bulk.close', 'Close')}
          </Button>
        </Modal.Footer>
      </>
    );
  }

  return (
    <>
      <Modal.Body>
        {failed ? (
          <Typography textColor="danger600">
            {t('panel.unavailable', 'Journeys could not be loaded.')}
          </Typography>
        ) : !journeys ? (
          <Loader small />
        ) : (
          <Flex direction="column" alignItems="stretch" gap={5} data-testid="bulk-tag-modal">
            <Field.Root name="journey-bulk-scope">
              <Field.Label>{t('bulk.scope', 'Entries')}</Field.Label>
              <Radio.Group
                value={scope}
                onValueChange={(value: string) => setScope(value as Scope)}
                aria-label={t('bulk.scope', 'Entries')}
              >
                <Radio.Item value="selected" data-testid="bulk-scope-selected">
                  {t(
                    'bulk.scope.selected',
                    '{count, plural, one {The # selected entry} other {The # selected entries}}',
                    {
                      count: documents.length,
                    }
                  )}
                </Radio.Item>
                <Radio.Item
                  value="matching"
                  data-testid="bulk-scope-matching"
                  disabled={matching === null}
                >
                  {/* Until the count is in, the label names no number rather than a placeholder. */}
                  {filters || _q
                    ? matching == null
                      ? t('bulk.scope.matching.loading', 'All entries matching the current filters')
                      : t(
                          'bulk.scope.matching',
                          '{count, plural, one {The # entry matching the current filters} other {All # entries matching the current filters}}',
                          {
                            count: matching,
                          }
                        )
                    : matching == null
                      ? t('bulk.scope.all.loading', 'All entries of this type')
                      : t(
                          'bulk.scope.all',
                          '{count, plural, one {The # entry of this type} other {All # entries of this type}}',
                          {
                            count: matching,
                          }
                        )}
                </Radio.Item>
              </Radio.Group>
            </Field.Root>

            <Field.Root name="journey-bulk-mode">
              <Field.Label>{t('bulk.stages', 'Journey stages')}</Field.Label>
              <Radio.Group
                value={mode}
                onValueChange={(value: string) => setMode(value as Mode)}
                aria-label={t('bulk.stages', 'Journey stages')}
              >
                <Radio.Item value="add" data-testid="bulk-mode-add">
                  {t('bulk.mode.add', 'Add these stages')}
                </Radio.Item>
                <Radio.Item value="remove" data-testid="bulk-mode-remove">
                  {t('bulk.mode.remove', 'Remove these stages')}
                </Radio.Item>
                <Radio.Item value="set" data-testid="bulk-mode-set">
                  {t('bulk.mode.set', 'Replace all stages with these')}
                </Radio.Item>
              </Radio.Group>
            </Field.Root>
            <StagePicker
              journeys={journeys}
              selected={stages}
              testId="bulk-stage"
              onToggle={(documentId) =>
                setStages((current) =>
                  current.includes(documentId)
                    ? current.filter((s) => s !== documentId)
                    : [...current, documentId]
                )
              }
            />

            <Field.Root name="journey-bulk-intent">
              <Field.Label>{t('panel.intent', 'Search intent')}</Field.Label>
              <SingleSelect
                value={intent}
                onChange={(value: string | number) => setIntent(String(value) as IntentChoice)}
                data-testid="bulk-intent"
              >
                <SingleSelectOption value="keep">
                  {t('bulk.intent.keep', 'Leave as it is')}
                </SingleSelectOption>
                <SingleSelectOption value="clear">
                  {t('bulk.intent.clear', 'Clear the intent')}
                </SingleSelectOption>
                {INTENTS.map((i) => (
                  <SingleSelectOption key={i} value={i}>
                    {intentName(i)}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            </Field.Root>

            <Box
              background="neutral100"
              padding={4}
              hasRadius
              aria-live="polite"
              data-testid="bulk-preview"
            >
              {nothingToDo ? (
                <Typography textColor="neutral600">
                  {t('bulk.preview.empty', 'Choose stages or an intent to see what will change.')}
                </Typography>
              ) : previewError ? (
                <Typography textColor="danger600">{previewError}</Typography>
              ) : preview ? (
                <Flex direction="column" alignItems="stretch" gap={1}>
                  <Typography fontWeight="bold" data-testid="bulk-preview-summary">
                    {t(
                      'bulk.preview.summary',
                      '{count, plural, one {# entry} other {# entries}}: {changes}',
                      {
                        count: preview.matched,
                        changes: changes.join(', '),
                      }
                    )}
                    {preview.unchanged > 0 &&
                      `; ${t(
                        'bulk.preview.already',
                        '{count, plural, one {# entry already had it} other {# entries already had it}}',
                        {
                          count: preview.unchanged,
                        }
                      )}`}
                  </Typography>
                  {Object.entries(preview.perStage)
                    .filter(([, tally]) => tally.already > 0)
                    .map(([ref, tally]) => (
                      <Typography key={ref} variant="pi" textColor="neutral600">
                        {t(
                          'bulk.preview.stageAlready',
                          '{stage}: {count, plural, one {# entry already had it} other {# entries already had it}}',
                          {
                            stage: stageLabel(ref),
                            count: tally.already,
                          }
                        )}
                      </Typography>
                    ))}
                  {preview.skipped.length > 0 && (
                    <Typography variant="pi" textColor="warning600">
                      {t(
                        'bulk.preview.skipped',
                        '{count, plural, one {# entry skipped} other {# entries skipped}}: {reason}',
                        {
                          count: preview.skipped.length,
                          reason: [...new Set(preview.skipped.map((s) => s.reason))].join(', '),
                        }
                      )}
                    </Typography>
                  )}
                </Flex>
              ) : (
                <Loader small />
              )}
            </Box>
          </Flex>
        )}
      </Modal.Body>
      <Modal.Footer>
        <Button variant="tertiary" onClick={onClose}>
          {t('settings.cancel', 'Cancel')}
        </Button>
        <Button
          onClick={onApply}
          loading={applying}
          disabled={nothingToDo || !preview || preview.changed === 0}
          data-testid="bulk-apply"
        >
          {preview
            ? t('bulk.apply.count', 'Apply to {count, plural, one {# entry} other {# entries}}', {
                count: preview.changed,
              })
            : t('bulk.apply', 'Apply')}
        </Button>
      </Modal.Footer>
    </>
  );
};

/**
 * List view bulk action: add, remove or replace stages and set or clear the intent of the
 * selected entries (or of everything the list's filters match), in one request. Shown only for
 * journey-aware types, as the list's columns are.
 */
export const BulkTagAction = ({ documents, model }: BulkProps) => {
  const { formatMessage } = useIntl();
  const { list } = useDocumentLayout(model);
  const ids = documents.map((d) => d.documentId).join(',');
  // One component identity per selection: a new one on every render would remount the modal
  // and lose what the editor chose.
  const Content = React.useMemo(
    () =>
      function JourneyBulkTagContent({ onClose }: { onClose: () => void }) {
        return <BulkTagModal documents={documents} model={model} onClose={onClose} />;
      },
    [ids, model]
  );
  // As the content manager's own actions do: no button for a role that may not update the type
  // (a locale it may not update is refused by the route, and the preview says so). canUpdate is
  // absent, not false, when the role has no update permission on the type at all.
  const canUpdate = useDocumentRBAC('JourneyBulkTag', (state) => state.canUpdate);
  const options = list?.options as { journey?: { enabled?: boolean } } | undefined;
  if (options?.journey?.enabled !== true || !canUpdate) return null;
  return {
    label: formatMessage({ id: getTranslation('bulk.action'), defaultMessage: 'Tag' }),
    icon: <PriceTag />,
    variant: 'tertiary' as const,
    dialog: {
      type: 'modal' as const,
      title: formatMessage({
        id: getTranslation('bulk.title'),
        defaultMessage: 'Journey stages and search intent',
      }),
      content: Content,
    },
  };
};
