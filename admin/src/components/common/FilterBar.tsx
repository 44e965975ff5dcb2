import * as React from 'react';
import { Box, Field, Flex, SingleSelect, SingleSelectOption } from '@strapi/design-system';
import { useSearchParams } from 'react-router-dom';
import { useLocalName } from '../../journeys';
import { useT } from './useT';

/** The value of a select's "no filter" option ('All locales'); it never reaches a URL or a route. */
export const ALL = '*';

export interface FilterOption {
  value: string;
  label: string;
}

export interface FilterSelectProps {
  /** The select's name: its aria-label, or its visible label with `visibleLabel`. */
  label: string;
  value: string | undefined;
  options: FilterOption[];
  /** A first option that lifts the filter; an absent value selects it, choosing it gives undefined. */
  allLabel?: string;
  onChange: (value: string | undefined) => void;
  /** A visible label above the select (in a form) instead of an aria-label (in a filter bar). */
  visibleLabel?: boolean;
  name?: string;
  minWidth?: string;
  testId?: string;
  disabled?: boolean;
}

export const FilterSelect = ({
  label,
  value,
  options,
  allLabel,
  onChange,
  visibleLabel = false,
  name,
  minWidth = '16rem',
  testId,
  disabled,
}: FilterSelectProps) => {
  const select = (
    <SingleSelect
      aria-label={visibleLabel ? undefined : label}
      value={value ?? (allLabel ? ALL : '')}
      disabled={disabled}
      onChange={(next: string | number) =>
        onChange(String(next) === ALL ? undefined : String(next))
      }
      data-testid={testId}
    >
      {allLabel && <SingleSelectOption value={ALL}>{allLabel}</SingleSelectOption>}
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  );
  return (
    <Box minWidth={minWidth}>
      {visibleLabel ? (
        <Field.Root name={name ?? label}>
          <Field.Label>{label}</Field.Label>
          {select}
        </Field.Root>
      ) : (
        select
      )}
    </Box>
  );
};

type PresetProps = Omit<FilterSelectProps, 'label' | 'options'> & { label?: string };

/** The journey select every view of a journey starts with. */
export const JourneyFilter = ({
  journeys,
  ...props
}: PresetProps & {
  journeys: Array<{ key: string; name: string; names?: Record<string, string> | null }>;
}) => {
  const t = useT();
  const localName = useLocalName();
  return (
    <FilterSelect
      label={t('coverage.journey', 'Journey')}
      minWidth="20rem"
      options={journeys.map((j) => ({ value: j.key, label: localName(j) }))}
      {...props}
    />
  );
};

/** Content types by uid; the label is the display name when known, else the uid's last part. */
export const ContentTypeFilter = ({
  types,
  ...props
}: PresetProps & { types: Array<{ uid: string; name?: string }> }) => {
  const t = useT();
  return (
    <FilterSelect
      label={t('coverage.contentType', 'Content type')}
      minWidth="20rem"
      options={types.map((ct) => ({
        value: ct.uid,
        label: ct.name ?? ct.uid.split('.').pop() ?? ct.uid,
      }))}
      {...props}
    />
  );
};

export const LocaleFilter = ({
  locales,
  ...props
}: PresetProps & { locales: Array<{ code: string; name: string }> }) => {
  const t = useT();
  return (
    <FilterSelect
      label={t('coverage.locale', 'Locale')}
      options={locales.map((l) => ({ value: l.code, label: l.name }))}
      {...props}
    />
  );
};

/** A row of filters above a view, wrapping on narrow screens. */
export const FilterBar = ({
  children,
  paddingBottom = 4,
}: {
  children: React.ReactNode;
  paddingBottom?: 4 | 6;
}) => (
  <Flex gap={4} wrap="wrap" paddingBottom={paddingBottom} alignItems="flex-end">
    {children}
  </Flex>
);

export type UrlFilters<K extends string> = Partial<Record<K, string>>;

/**
 * Filters kept in the URL, so that a view can be shared as a link. Empty values and ALL leave
 * the URL; `resetKey` (a page number) is dropped whenever another filter changes.
 */
export const useUrlFilters = <K extends string>(
  keys: readonly K[],
  resetKey?: K
): [UrlFilters<K>, (patch: Partial<Record<K, string | number | undefined>>) => void] => {
  const [params, setParams] = useSearchParams();
  const filters: UrlFilters<K> = {};
  for (const key of keys) {
    const value = params.get(key);
    if (value !== null) filters[key] = value;
  }
  const update = (patch: Partial<Record<K, string | number | undefined>>) => {
    const next = new URLSearchParams(params);
    if (resetKey && !(resetKey in patch)) next.delete(resetKey);
    for (const [key, value] of Object.entries(patch)) {
      if (value === undefined || value === ALL || value === '') next.delete(key);
      else next.set(key, String(value));
    }
    setParams(next, { replace: true });
  };
  return [filters, update];
};
