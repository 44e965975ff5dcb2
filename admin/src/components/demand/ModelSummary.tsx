import * as React from 'react';
import { Alert, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import { importsByUse, type DemandSources, type ImportUse } from '../../api/demand';
import { useT } from '../common';

/**
 * Which imports the demand figures come from (imports of one source are averaged by days, a
 * newer one wins the days it shares with an older one) and a warning when two sources hold the
 * same queries: those are read from one source, not added.
 */
export const ModelSummary = ({
  sources,
  locales,
}: {
  sources: DemandSources;
  locales: Array<{ code: string; name: string }>;
}) => {
  const t = useT();
  const { formatDate } = useIntl();
  const [dismissed, setDismissed] = React.useState(false);
  const { used, unused } = importsByUse(sources.imports);
  if (!sources.imports.length) return null;

  const localeName = (code: string) => locales.find((l) => l.code === code)?.name ?? code;
  const label = (item: ImportUse) => {
    const period =
      item.periodStart && item.periodEnd
        ? `${formatDate(item.periodStart, { dateStyle: 'medium' })} – ${formatDate(item.periodEnd, { dateStyle: 'medium' })}`
        : t('demand.period.monthly', 'Monthly volume');
    const base = `${item.source} (${localeName(item.locale)}, ${period})`;
    return item.reason === 'partly-superseded'
      ? t('demand.model.partly', '{label}: {used} of {days, plural, one {# day} other {# days}}', {
          label: base,
          used: item.daysUsed ?? 0,
          days: item.days ?? 0,
        })
      : base;
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="demand-model">
      <Typography textColor="neutral600" data-testid="demand-model-used">
        {t(
          'demand.model.used',
          'Demand a month is read from {list}. Imports of one source are averaged by days; a newer import replaces the days it shares with an older one.',
          { list: used.map(label).join('; ') }
        )}
      </Typography>
      {unused.length > 0 && (
        <Typography textColor="neutral600" data-testid="demand-model-unused">
          {t(
            'demand.model.unused',
            'Not counted (newer imports of the same source cover their days): {list}.',
            {
              list: unused.map(label).join('; '),
            }
          )}
        </Typography>
      )}
      {sources.overlaps.length > 0 && !dismissed && (
        <Alert
          variant="warning"
          closeLabel={t('demand.model.close', 'Close')}
          onClose={() => setDismissed(true)}
          title={t('demand.model.overlapTitle', 'Sources overlap')}
          data-testid="demand-model-overlaps"
        >
          {sources.overlaps
            .map((o) =>
              t(
                'demand.model.overlap',
                '{skipped} and {used} share {count, plural, one {# query} other {# queries}} ({metric}, {locale}): read from {used} only, not added.',
                {
                  skipped: o.skipped,
                  used: o.used,
                  count: o.queries,
                  metric: t(`demand.metric.${o.metric}`, o.metric),
                  locale: localeName(o.locale),
                }
              )
            )
            .join(' ')}
        </Alert>
      )}
    </Flex>
  );
};
