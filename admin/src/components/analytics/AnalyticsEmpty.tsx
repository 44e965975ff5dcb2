import { Box, Typography } from '@strapi/design-system';
import { useT } from '../common';

const TRACKER = '<script src="/api/journey/tracker.js" defer></script>';

/**
 * No views in the period: how data gets here. Either the site loads the tracker script, or an
 * export from an analytics tool is imported.
 */
export const AnalyticsEmpty = ({ filtered }: { filtered: boolean }) => {
  const t = useT();
  return (
    <Box
      background="neutral0"
      padding={8}
      shadow="tableShadow"
      hasRadius
      data-testid="analytics-empty"
    >
      <Typography variant="delta" tag="h2">
        {t('analytics.empty.title', 'No journey data for this period yet')}
      </Typography>
      <Box paddingTop={3}>
        <Typography>
          {filtered
            ? t(
                'analytics.empty.filtered',
                'Nothing matches this period, language and source. Try a longer period or all sources.'
              )
            : t(
                'analytics.empty.collect',
                'To start collecting, add the tracker to your site’s pages ({script}) and allow the Journey plugin’s “collect” action (events) for the Public role in Users & Permissions. Views are counted per day from then on.',
                { script: TRACKER }
              )}
        </Typography>
      </Box>
      {!filtered && (
        <Box paddingTop={3}>
          <Typography textColor="neutral600">
            {t(
              'analytics.empty.import',
              'For the past, import an export from GA4, Matomo, Plausible or Umami (see the plugin’s docs/analytics.md).'
            )}
          </Typography>
        </Box>
      )}
    </Box>
  );
};
