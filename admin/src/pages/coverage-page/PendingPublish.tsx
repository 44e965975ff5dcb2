import * as React from 'react';
import { Box, Flex, Typography } from '@strapi/design-system';
import { Link } from './shared';
import { useCoveragePendingQuery, type CoverageQuery } from '../../api/coverage';
import { useT } from '../../components/common';

/** The content manager's list of a type in a locale, last updated first: where they wait. */
const listOf = (contentType: string, locale: string | null) =>
  `/content-manager/collection-types/${contentType}?${new URLSearchParams({
    page: '1',
    sort: 'updatedAt:DESC',
    ...(locale ? { 'plugins[i18n][locale]': locale } : {}),
  }).toString()}`;

/**
 * Tags saved on drafts (by editors, bulk tags or queue accepts) count in coverage only once
 * published: how many entries wait, with a way to them. The content manager's list cannot be
 * filtered to "stages differ from the published version", so each link opens the type's list in
 * that locale with the most recently updated entries first.
 */
export const PendingPublish = ({
  scope,
  typeName,
}: {
  scope: CoverageQuery;
  typeName: (uid: string) => string;
}) => {
  const t = useT();
  const { data } = useCoveragePendingQuery(scope);
  if (!data?.total) return null;
  return (
    <Box
      padding={3}
      marginBottom={4}
      background="primary100"
      borderColor="primary200"
      hasRadius
      role="status"
      data-testid="coverage-pending"
    >
      <Flex gap={3} wrap="wrap" alignItems="baseline">
        <Typography fontWeight="semiBold" data-testid="coverage-pending-text">
          {t(
            'coverage.pending',
            '{count, plural, one {# entry has tags waiting on publish} other {# entries have tags waiting on publish}}',
            { count: data.total }
          )}
        </Typography>
        {data.types.map((row) => (
          <Link
            key={`${row.contentType}|${row.locale ?? ''}`}
            to={listOf(row.contentType, row.locale)}
            data-testid="coverage-pending-link"
          >
            <Typography variant="pi" textColor="primary600">
              {row.locale
                ? t('coverage.pendingTypeLocale', '{type} ({locale}): {count, number}', {
                    type: typeName(row.contentType),
                    locale: row.locale,
                    count: row.count,
                  })
                : t('coverage.pendingType', '{type}: {count, number}', {
                    type: typeName(row.contentType),
                    count: row.count,
                  })}
            </Typography>
          </Link>
        ))}
      </Flex>
    </Box>
  );
};
