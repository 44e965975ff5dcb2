import * as React from 'react';
import { Box, Field } from '@strapi/design-system';
import type { JourneySummary, Locale } from '../../api/lookups';
import { FilterBar, FilterSelect, JourneyFilter, LocaleFilter, useT } from '../common';
import { PRESETS } from './analytics-view';

export interface AnalyticsFilters {
  journey?: string;
  /** A preset number of days ('30') or 'range' for from–to. */
  period?: string;
  from?: string;
  to?: string;
  locale?: string;
  source?: string;
}

export const DEFAULT_DAYS = 30;

/** Journey, period (a preset or from–to), locale and source of the tab, kept in the URL. */
export const AnalyticsControls = ({
  filters,
  journeys,
  journeyValue,
  locales,
  onChange,
}: {
  filters: AnalyticsFilters;
  journeys: JourneySummary[];
  journeyValue: string | undefined;
  locales: Locale[];
  onChange: (patch: Partial<AnalyticsFilters>) => void;
}) => {
  const t = useT();
  const period = filters.period ?? String(DEFAULT_DAYS);
  const reversed = Boolean(filters.from && filters.to && filters.from > filters.to);
  return (
    <FilterBar paddingBottom={6}>
      <JourneyFilter
        journeys={journeys}
        value={journeyValue}
        onChange={(journey) => onChange({ journey })}
        testId="analytics-journey"
      />
      <FilterSelect
        label={t('analytics.period', 'Period')}
        value={period}
        options={[
          ...PRESETS.map((days) => ({
            value: String(days),
            label: t(
              'analytics.period.last',
              '{days, plural, one {Last # day} other {Last # days}}',
              { days }
            ),
          })),
          { value: 'range', label: t('analytics.period.range', 'From – to') },
        ]}
        onChange={(value) => onChange({ period: value })}
        testId="analytics-period"
      />
      {period === 'range' && (
        <>
          <Box minWidth="14rem">
            <Field.Root name="analytics-from">
              <Field.Label>{t('analytics.period.from', 'From')}</Field.Label>
              <Field.Input
                type="date"
                value={filters.from ?? ''}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  onChange({ from: e.target.value })
                }
                data-testid="analytics-from"
              />
            </Field.Root>
          </Box>
          <Box minWidth="14rem">
            <Field.Root
              name="analytics-to"
              error={
                reversed
                  ? t('analytics.period.order', 'The end comes before the start.')
                  : undefined
              }
            >
              <Field.Label>{t('analytics.period.to', 'To')}</Field.Label>
              <Field.Input
                type="date"
                value={filters.to ?? ''}
                onChange={(e: React.ChangeEvent<HTMLInputElement>) =>
                  onChange({ to: e.target.value })
                }
                data-testid="analytics-to"
              />
              <Field.Error />
            </Field.Root>
          </Box>
        </>
      )}
      <LocaleFilter
        locales={locales}
        allLabel={t('coverage.allLocales', 'All locales')}
        value={filters.locale}
        onChange={(locale) => onChange({ locale })}
        testId="analytics-locale"
      />
      <FilterSelect
        label={t('analytics.source', 'Source')}
        value={filters.source ?? 'all'}
        options={[
          { value: 'all', label: t('analytics.source.all', 'All sources') },
          { value: 'events', label: t('analytics.source.events', 'Collected events') },
          { value: 'imports', label: t('analytics.source.imports', 'Imported analytics') },
        ]}
        onChange={(source) => onChange({ source: source === 'all' ? undefined : source })}
        testId="analytics-source"
      />
    </FilterBar>
  );
};
