import { Box, Flex, Typography } from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { getTranslation } from '../utils/getTranslation';

const TABS = [
  { to: '/plugins/journey', id: 'tabs.coverage', label: 'Coverage', end: true },
  { to: '/plugins/journey/map', id: 'tabs.map', label: 'Journey map', end: false },
  { to: '/plugins/journey/queue', id: 'tabs.queue', label: 'Review queue', end: false },
  { to: '/plugins/journey/changes', id: 'tabs.changes', label: 'Recent tag changes', end: false },
  { to: '/plugins/journey/demand', id: 'tabs.demand', label: 'Search demand', end: false },
  {
    to: '/plugins/journey/analytics',
    id: 'tabs.analytics',
    label: 'Journey analytics',
    end: false,
    // Shown only to roles that may read analytics, as its page and routes require.
    analytics: true,
  },
];

const READ_ANALYTICS = [{ action: 'plugin::journey.analytics.read', subject: null }];

/**
 * Coverage | Journey map | Review queue | Recent tag changes. Links rather than in-page tabs: each view has
 * its own URL, so the coverage page's Untagged count and the bulk action's notification can
 * point at the queue and the change list.
 */
export const JourneyTabs = () => {
  const { formatMessage } = useIntl();
  const {
    isLoading,
    allowedActions: { canRead: canReadAnalytics },
  } = useRBAC(READ_ANALYTICS);
  const tabs = TABS.filter((tab) => !('analytics' in tab) || (!isLoading && canReadAnalytics));
  return (
    <Box paddingBottom={4}>
      <Flex
        tag="nav"
        gap={1}
        aria-label={formatMessage({
          id: getTranslation('tabs.label'),
          defaultMessage: 'Journey views',
        })}
      >
        {tabs.map((tab) => (
          <NavLink key={tab.to} to={tab.to} end={tab.end} style={{ textDecoration: 'none' }}>
            {({ isActive }: { isActive: boolean }) => (
              <Box
                paddingTop={2}
                paddingBottom={2}
                paddingLeft={4}
                paddingRight={4}
                hasRadius
                background={isActive ? 'primary100' : 'neutral0'}
                borderColor={isActive ? 'primary200' : 'neutral200'}
                data-testid={`journey-tab-${tab.id.split('.')[1]}`}
                aria-current={isActive ? 'page' : undefined}
              >
                <Typography fontWeight="bold" textColor={isActive ? 'primary700' : 'neutral700'}>
                  {formatMessage({ id: getTranslation(tab.id), defaultMessage: tab.label })}
                </Typography>
              </Box>
            )}
          </NavLink>
        ))}
      </Flex>
    </Box>
  );
};
