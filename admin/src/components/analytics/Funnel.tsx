import { Box, Flex, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';
import styled from 'styled-components';
import type { AnalyticsResponse } from '../../api/analytics';
import { useT } from '../common';
import { Panel, StageName } from './parts';
import { barWidth, percent, sortedStages } from './analytics-view';

const Track = styled.div`
  flex: 1;
  min-width: 12rem;
  height: 2.4rem;
  border-radius: ${({ theme }) => theme.borderRadius};
  background: ${({ theme }) => theme.colors.neutral100};
  overflow: hidden;
`;

/** The stage's own colour, the one thing on the page not from the theme: it names the stage. */
const Bar = styled.div<{ $colour: string | null; $width: number }>`
  height: 100%;
  width: ${({ $width }) => $width}%;
  background: ${({ $colour, theme }) => $colour ?? theme.colors.neutral500};
`;

/**
 * The funnel: per stage in position order, the sessions that reached it (or a later stage),
 * with the share that moved on to the next stage and the share of views that ended there.
 */
export const Funnel = ({ answer }: { answer: AnalyticsResponse }) => {
  const t = useT();
  const { locale } = useIntl();
  const stages = sortedStages(answer.stages);
  // Imported exports carry views but no sessions (no export says how far a session got): their
  // funnel is drawn from views, and says so, rather than as a row of empty bars.
  const bySessions = stages.some((s) => s.sessions > 0);
  const measure = (row: (typeof stages)[number]) => (bySessions ? row.sessions : row.views);
  const max = Math.max(0, ...stages.map(measure));
  return (
    <Panel
      title={t('analytics.funnel.title', 'Funnel')}
      hint={t(
        'analytics.funnel.hint',
        'Sessions that reached each stage or a later one; moved on: the share that reached the next stage; left: the share of views here that ended the session.'
      )}
      testId="analytics-funnel"
    >
      <Flex direction="column" alignItems="stretch" gap={3} tag="ol" style={{ listStyle: 'none' }}>
        {stages.map((row) => (
          <Box
            tag="li"
            key={row.stage.documentId}
            data-testid={`analytics-funnel-${row.stage.key}`}
            data-sessions={row.sessions}
            data-views={row.views}
          >
            <Flex gap={4} alignItems="center" wrap="wrap">
              <Box minWidth="14rem" width="14rem">
                <StageName stage={row.stage} />
              </Box>
              <Track aria-hidden>
                <Bar $colour={row.stage.colour} $width={barWidth(measure(row), max)} />
              </Track>
              <Box width="26rem">
                <Typography>
                  {bySessions
                    ? t(
                        'analytics.funnel.sessions',
                        '{count, plural, one {# session} other {# sessions}}',
                        {
                          count: row.sessions,
                        }
                      )
                    : t('analytics.funnel.views', '{count, plural, one {# view} other {# views}}', {
                        count: row.views,
                      })}
                </Typography>
                <Typography variant="pi" textColor="neutral600">
                  {' · '}
                  {t('analytics.funnel.movedOn', 'moved on {share}', {
                    share: percent(row.movedOnShare, locale),
                  })}
                  {' · '}
                  {t('analytics.funnel.left', 'left {share}', {
                    share: percent(row.leftShare, locale),
                  })}
                </Typography>
              </Box>
            </Flex>
          </Box>
        ))}
      </Flex>
      {!bySessions && (
        <Box paddingTop={3}>
          <Typography variant="pi" textColor="neutral600" data-testid="analytics-funnel-by-views">
            {t(
              'analytics.funnel.byViews',
              'No collected sessions in this selection: the bars show views, as imported exports have no sessions. Moved on needs collected events.'
            )}
          </Typography>
        </Box>
      )}
      <Box paddingTop={4}>
        <Typography fontWeight="bold" data-testid="analytics-totals">
          {t(
            'analytics.funnel.totals',
            'In total: {sessions, plural, one {# session} other {# sessions}}, {views, plural, one {# view} other {# views}}, {conversions, plural, one {# conversion} other {# conversions}}',
            {
              sessions: answer.totals.sessions,
              views: answer.totals.views,
              conversions: answer.totals.conversions,
            }
          )}
        </Typography>
      </Box>
    </Panel>
  );
};
