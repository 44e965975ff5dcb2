import * as React from 'react';
import { Box, Field, Flex, Loader, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import {
  useAnalyticsChangesQuery,
  useAnalyticsEffectQuery,
  type AnalyticsRate,
  type AnalyticsResponse,
} from '../../api/analytics';
import { ErrorNotice, FilterSelect, useT } from '../common';
import { Panel, useAnalyticsStageName } from './parts';
import { isDay, percent, points, sortedStages } from './analytics-view';

export const DEFAULT_EFFECT_DAYS = 28;

const Rate = ({ title, rate, testId }: { title: string; rate: AnalyticsRate; testId: string }) => {
  const t = useT();
  const { locale } = useIntl();
  return (
    <Box
      padding={4}
      hasRadius
      borderColor="neutral200"
      background="neutral100"
      minWidth="18rem"
      data-testid={testId}
    >
      <Typography variant="sigma" textColor="neutral600" tag="h3">
        {title}
      </Typography>
      <Typography variant="alpha" tag="p">
        {percent(rate.rate, locale)}
      </Typography>
      <Typography variant="pi" textColor="neutral600">
        {t(
          'analytics.effect.sample',
          '{progressions} of {views, plural, one {# view} other {# views}} moved on ({from} – {to})',
          { progressions: rate.progressions, views: rate.views, from: rate.from, to: rate.to }
        )}
      </Typography>
    </Box>
  );
};

/**
 * Did a change help? The progression rate of a stage's views before and after a date (the day a
 * gap was filled, say), the difference and its 95% interval; or why the data cannot tell yet.
 */
export const EffectPanel = ({ answer, locale }: { answer: AnalyticsResponse; locale?: string }) => {
  const t = useT();
  const intl = useIntl();
  const stageName = useAnalyticsStageName();
  const stages = sortedStages(answer.stages);
  const journey = answer.journey.documentId;
  const { data: changes = [] } = useAnalyticsChangesQuery({ journey });
  const [stage, setStage] = React.useState<string | undefined>(undefined);
  const [date, setDate] = React.useState('');
  const [days, setDays] = React.useState(String(DEFAULT_EFFECT_DAYS));

  const stageId = stage ?? stages[0]?.stage.documentId;
  const dayCount = Number(days);
  const daysValid = Number.isInteger(dayCount) && dayCount >= 1 && dayCount <= 200;
  const ready = Boolean(stageId && isDay(date) && daysValid);
  const effect = useAnalyticsEffectQuery(
    { journey, stage: stageId ?? '', date, days: dayCount, locale },
    { skip: !ready }
  );
  const result = ready ? effect.currentData : undefined;

  const reasonText = (reason: string | null) =>
    reason === 'no-views-before'
      ? t('analytics.effect.reason.noViewsBefore', 'The stage had no views before the date.')
      : reason === 'no-views-after'
        ? t('analytics.effect.reason.noViewsAfter', 'The stage has no views since the date.')
        : t(
            'analytics.effect.reason.tooFew',
            'Each side needs at least 5 views that moved on and 5 that did not.'
          );

  const changeLabel = (change: (typeof changes)[number]) => {
    const stageRow = stages.find((s) => s.stage.documentId === change.stageDocumentId);
    return t('analytics.effect.change', '{date}: gap filled at {stage}{intent}', {
      date: change.date,
      stage: stageRow ? stageName(stageRow.stage) : change.stageDocumentId,
      intent: change.intent ? ` (${t(`intent.${change.intent}`, change.intent)})` : '',
    });
  };

  return (
    <Panel
      title={t('analytics.effect.title', 'Effect of a change')}
      hint={t(
        'analytics.effect.hint',
        'The share of a stage’s views followed by a later stage, in the days before a date and from it on.'
      )}
      testId="analytics-effect"
    >
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        <FilterSelect
          visibleLabel
          name="analytics-effect-stage"
          label={t('analytics.effect.stage', 'Stage')}
          value={stageId}
          options={stages.map((s) => ({ value: s.stage.documentId, label: stageName(s.stage) }))}
          onChange={setStage}
          testId="analytics-effect-stage"
        />
        {changes.length > 0 && (
          <FilterSelect
            visibleLabel
            name="analytics-effect-change"
            minWidth="24rem"
            label={t('analytics.effect.changes', 'Known changes')}
            value={undefined}
            allLabel={t('analytics.effect.pickChange', 'Pick a change…')}
            options={changes.map((c, i) => ({ value: String(i), label: changeLabel(c) }))}
            onChange={(value) => {
              const change = value === undefined ? undefined : changes[Number(value)];
              if (!change) return;
              setStage(change.stageDocumentId);
              setDate(change.date);
            }}
            testId="analytics-effect-change"
          />
        )}
        <Field.Root name="analytics-effect-date" required>
          <Field.Label>{t('analytics.effect.date', 'Date of the change')}</Field.Label>
          <Field.Input
            type="date"
            value={date}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDate(e.target.value)}
            data-testid="analytics-effect-date"
          />
        </Field.Root>
        <Field.Root
          name="analytics-effect-days"
          error={daysValid ? undefined : t('analytics.effect.daysError', 'From 1 to 200 days.')}
        >
          <Field.Label>{t('analytics.effect.days', 'Days on each side')}</Field.Label>
          <Field.Input
            type="number"
            min={1}
            max={200}
            value={days}
            onChange={(e: React.ChangeEvent<HTMLInputElement>) => setDays(e.target.value)}
            data-testid="analytics-effect-days"
          />
          <Field.Error />
        </Field.Root>
      </Flex>

      <Box paddingTop={4} aria-live="polite">
        {!isDay(date) && (
          <Typography textColor="neutral600">
            {t(
              'analytics.effect.pickDate',
              'Choose a date to compare the days before and after it.'
            )}
          </Typography>
        )}
        {ready && effect.isFetching && !result && <Loader small />}
        <ErrorNotice error={ready ? effect.error : null} inline />
        {result && (
          <Flex direction="column" alignItems="stretch" gap={4}>
            <Flex gap={4} wrap="wrap">
              <Rate
                title={t('analytics.effect.before', 'Before')}
                rate={result.before}
                testId="analytics-effect-before"
              />
              <Rate
                title={t('analytics.effect.after', 'After')}
                rate={result.after}
                testId="analytics-effect-after"
              />
            </Flex>
            {result.enough && result.difference !== null && result.interval ? (
              <Typography data-testid="analytics-effect-interval">
                {t(
                  'analytics.effect.difference',
                  'Difference: {difference} percentage points (95% interval {low} to {high}).',
                  {
                    difference: points(result.difference, intl.locale),
                    low: points(result.interval[0], intl.locale),
                    high: points(result.interval[1], intl.locale),
                  }
                )}{' '}
                {result.significant
                  ? t(
                      'analytics.effect.significant',
                      'The interval does not include zero: a real change is likely.'
                    )
                  : t(
                      'analytics.effect.notSignificant',
                      'The interval includes zero: no clear change.'
                    )}
              </Typography>
            ) : (
              <Box data-testid="analytics-effect-not-enough">
                <Typography fontWeight="bold">
                  {t('analytics.effect.notEnough', 'Not enough data')}
                </Typography>
                <Typography textColor="neutral600"> {reasonText(result.reason)}</Typography>
              </Box>
            )}
          </Flex>
        )}
      </Box>
    </Panel>
  );
};
