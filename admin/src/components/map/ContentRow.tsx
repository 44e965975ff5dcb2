import { Box, Flex, Typography, VisuallyHidden } from '@strapi/design-system';
import { Link } from 'react-router-dom';
import type { Translate } from '../common';
import { CONTENT_INTENTS, type MapStage, type RecentEntry, type StageContent } from './map-model';
import { Pill } from './map-styles';

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

const editLink = (entry: RecentEntry) =>
  `${typePath(entry.kind, entry.contentType)}${entry.kind === 'singleType' ? '' : `/${entry.documentId}`}${
    entry.locale ? `?plugins[i18n][locale]=${entry.locale}` : ''
  }`;

const INTENT_LABELS: Record<string, string> = {
  informational: 'Informational',
  commercial: 'Commercial',
  transactional: 'Transactional',
  navigational: 'Navigational',
  local: 'Local',
};

/**
 * The map's live row: per stage the published count, each intent as covered, a gap (expected
 * and empty) or idle (empty, not expected), a link to the stage's gaps on the coverage page and
 * the three entries updated last.
 */
export const ContentRow = ({
  journey,
  stages,
  content,
  recent,
  t,
}: {
  journey: string;
  stages: MapStage[];
  /** Null until the coverage answer is in: each cell shows "…". */
  content: Record<string, StageContent> | null;
  recent: Record<string, RecentEntry[]>;
  t: Translate;
}) => (
  <tr data-testid="journey-map-row-content">
    <th scope="row">
      <Typography variant="sigma">{t('map.row.content', 'Content')}</Typography>
    </th>
    {stages.map((stage) => {
      const c = content?.[stage.key];
      return (
        <td key={stage.key} data-testid={`journey-map-content-${stage.key}`}>
          {!c ? (
            <Typography textColor="neutral500">…</Typography>
          ) : (
            <Flex direction="column" alignItems="flex-start" gap={2}>
              <Typography fontWeight="bold" data-testid="journey-map-published">
                {t('map.published', '{count, plural, one {# published} other {# published}}', {
                  count: c.published,
                })}
              </Typography>
              <div>
                {CONTENT_INTENTS.map((intent) => {
                  const gap = c.gaps.includes(intent);
                  const idle = c.idle.includes(intent);
                  const name = t(`intent.${intent}`, INTENT_LABELS[intent]);
                  return (
                    <Pill
                      key={intent}
                      $state={gap ? 'gap' : idle ? 'idle' : 'covered'}
                      data-testid={`journey-map-pill-${stage.key}-${intent}`}
                      data-gap={gap ? 'true' : 'false'}
                      data-idle={idle ? 'true' : 'false'}
                    >
                      {gap ? t('map.pillGap', '{intent}: gap', { intent: name }) : name}
                      {/* Told in words too: an idle pill differs from a covered one by look only. */}
                      {idle && (
                        <VisuallyHidden>
                          {`, ${t('coverage.notExpected', 'not expected in this stage')}`}
                        </VisuallyHidden>
                      )}
                    </Pill>
                  );
                })}
              </div>
              <Link
                to={`/plugins/journey?${new URLSearchParams({
                  journey,
                  stage: stage.key,
                }).toString()}`}
                data-testid={`journey-map-gaps-${stage.key}`}
                data-count={c.gaps.length}
              >
                {t('map.gaps', '{count, plural, =0 {No gaps} one {# gap} other {# gaps}}', {
                  count: c.gaps.length,
                })}
              </Link>
              {(recent[stage.key] ?? []).length > 0 && (
                <Box>
                  <Typography variant="pi" textColor="neutral600">
                    {t('map.recent', 'Recently updated')}
                  </Typography>
                  <ul data-testid={`journey-map-recent-${stage.key}`}>
                    {(recent[stage.key] ?? []).map((entry) => (
                      <li key={`${entry.contentType}:${entry.documentId}`}>
                        <Link to={editLink(entry)}>
                          {entry.title ??
                            t('map.untitled', '{type} {id}', {
                              type: entry.contentType.split('.').pop() ?? '',
                              id: entry.documentId,
                            })}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </Box>
              )}
            </Flex>
          )}
        </td>
      );
    })}
  </tr>
);
