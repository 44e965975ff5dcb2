import * as React from 'react';
import {
  Box,
  Button,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { ArrowLeft, ArrowRight, Download, Drag } from '@strapi/icons';
import { Layouts, Page, useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { Link, useSearchParams } from 'react-router-dom';
import styled from 'styled-components';
import type { Journey as ApiJourney, Stage as ApiStage } from '../api/journeys';
import { JourneyTabs } from '../components/JourneyTabs';
import { STAGE_FIELDS, StageFieldEditor } from '../components/settings/StageDialog';
import { COLUMN, EmotionCurve } from '../components/map/EmotionCurve';
import {
  CONTENT_INTENTS,
  EMOTION_LABELS,
  LIST_ROWS,
  MAP_ROWS,
  dropStage,
  hasValue,
  mostRecent,
  moveStage,
  stageArrows,
  stageContent,
  visibleRows,
  type CoverageCellLike,
  type MapJourney,
  type MapRow,
  type MapStage,
  type RecentEntry,
} from '../components/map/map-model';
import { MAP_ID, PRINT_CSS, fitForPrint, mapPng } from '../components/map/print';
import { StageArrows } from '../components/map/StageArrows';
import { getTranslation } from '../utils/getTranslation';

const MANAGE = [{ action: 'plugin::journey.journeys.manage', subject: null }];

const ROW_LABELS: Record<MapRow, string> = {
  customerGoal: 'Customer goal',
  touchpoints: 'Touchpoints',
  feelings: 'Feelings',
  painPoints: 'Pain points',
  kpis: 'KPIs',
  opportunities: 'Opportunities',
};

const INTENT_LABELS: Record<string, string> = {
  informational: 'Informational',
  commercial: 'Commercial',
  transactional: 'Transactional',
  navigational: 'Navigational',
  local: 'Local',
};

const Grid = styled.table<{ $columns: number }>`
  table-layout: fixed;
  border-collapse: separate;
  border-spacing: 0;
  width: max(100%, calc(14rem + ${({ $columns }) => $columns * COLUMN}px));
  background: ${({ theme }) => theme.colors.neutral0};
  th,
  td {
    vertical-align: top;
    text-align: left;
    padding: 8px 10px;
    border-bottom: 1px solid ${({ theme }) => theme.colors.neutral200};
  }
  th[scope='row'] {
    width: 14rem;
  }
  td.span {
    padding: 4px 0;
  }
  a {
    /* The browser's link blue fails contrast on the dark theme; text colour plus underline reads in both. */
    color: ${({ theme }) => theme.colors.neutral800};
    text-decoration: underline;
    font-size: 1.3rem;
  }
  ul {
    margin: 0;
    padding-left: 1.6rem;
    list-style: disc;
  }
`;

const StageHead = styled.th<{ $colour: string }>`
  border-top: 6px solid ${({ $colour }) => $colour};
  background: ${({ theme }) => theme.colors.neutral100};
  &[data-dragover='true'] {
    outline: 2px dashed ${({ theme }) => theme.colors.primary600};
  }
`;

const Pill = styled.span<{ $gap: boolean }>`
  display: inline-block;
  margin: 0 4px 4px 0;
  padding: 1px 8px;
  border-radius: 999px;
  font-size: 1.1rem;
  border: 1px solid
    ${({ theme, $gap }) => ($gap ? theme.colors.neutral500 : theme.colors.success600)};
  background: ${({ theme, $gap }) => ($gap ? 'transparent' : theme.colors.success100)};
  color: ${({ theme, $gap }) => ($gap ? theme.colors.neutral700 : theme.colors.success700)};
`;

const EditableCell = styled.div`
  cursor: pointer;
  min-height: 2.4rem;
  border-radius: 4px;
  &:hover,
  &:focus-visible {
    outline: 2px solid ${({ theme }) => theme.colors.primary600};
    outline-offset: 2px;
  }
`;

type FieldRow = MapRow | 'emotion' | 'nextStages';

const EXTRA_LABELS = { emotion: 'Emotion score', nextStages: 'Goes on to' };

type ErrorLike = { response?: { data?: { error?: { message?: string } } }; message?: string };
const messageOf = (e: unknown) =>
  (e as ErrorLike).response?.data?.error?.message ?? (e as ErrorLike).message ?? 'Error';

const typePath = (kind: string, uid: string) =>
  `/content-manager/${kind === 'singleType' ? 'single-types' : 'collection-types'}/${uid}`;

const editLink = (entry: RecentEntry) =>
  `${typePath(entry.kind, entry.contentType)}${entry.kind === 'singleType' ? '' : `/${entry.documentId}`}${
    entry.locale ? `?plugins[i18n][locale]=${entry.locale}` : ''
  }`;

const download = (name: string, blob: Blob) => {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/**
 * The journey map: the stages as columns, the journey-map fields as rows, the emotion curve,
 * declared loops and skips, and the live content row from the coverage service. The journey is
 * in the URL (`?journey=`) so a link opens the same map.
 */
export const JourneyMapPage = () => {
  const { formatMessage, locale } = useIntl();
  const t = (id: string, defaultMessage: string, values?: Record<string, string | number>) =>
    formatMessage({ id: getTranslation(id), defaultMessage }, values);
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const {
    allowedActions: { canManage },
  } = useRBAC(MANAGE);
  const [params, setParams] = useSearchParams();
  const [journeys, setJourneys] = React.useState<MapJourney[] | null>(null);
  const [cells, setCells] = React.useState<CoverageCellLike[] | null>(null);
  const [recent, setRecent] = React.useState<Record<string, RecentEntry[]>>({});
  const [error, setError] = React.useState<string | null>(null);
  const [dragging, setDragging] = React.useState<string | null>(null);
  const [dragOver, setDragOver] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const mapRef = React.useRef<HTMLDivElement>(null);
  // The move button to focus again after a reorder re-renders the columns.
  const refocus = React.useRef<string | null>(null);
  const [editing, setEditing] = React.useState<{ stage: string; row: FieldRow } | null>(null);

  const lang = locale.split('-')[0] === 'no' ? 'nb' : locale.split('-')[0];
  const stageName = (stage: MapStage) => stage.names?.[lang] || stage.name;
  const journeyName = (journey: MapJourney) => journey.names?.[lang] || journey.name;

  const loadJourneys = React.useCallback(
    () =>
      get<{ data: MapJourney[] }>('/journey/journeys')
        .then(({ data }) => setJourneys(data.data))
        .catch((e) => setError(messageOf(e))),
    [get]
  );
  React.useEffect(() => {
    loadJourneys();
  }, [loadJourneys]);

  const journey = journeys?.find((j) => j.key === params.get('journey')) ?? journeys?.[0] ?? null;
  const stages = journey?.stages ?? [];
  const stageKeys = stages.map((s) => s.key).join(',');

  React.useEffect(() => {
    if (!journey) return;
    let live = true;
    setCells(null);
    get<{ cells: CoverageCellLike[] }>('/journey/coverage', { params: { journey: journey.key } })
      .then(({ data }) => live && setCells(data.cells))
      .catch((e) => live && setError(messageOf(e)));
    // The entries route lists one cell (stage × intent) at a time, newest first; three from each
    // intent of a stage hold the stage's three newest.
    Promise.all(
      journey.stages.map(async (stage) => {
        const lists = await Promise.all(
          [...CONTENT_INTENTS, 'none'].map((intent) =>
            get<{ data: RecentEntry[] }>('/journey/coverage/entries', {
              params: { journey: journey.key, stage: stage.key, intent, pageSize: 3 },
            })
              .then(({ data }) => data.data)
              .catch(() => [] as RecentEntry[])
          )
        );
        return [stage.key, mostRecent(lists.flat(), 3)] as const;
      })
    ).then((pairs) => live && setRecent(Object.fromEntries(pairs)));
    return () => {
      live = false;
    };
    // Stage keys, not the journey object: a reorder changes neither counts nor lists.
  }, [get, journey?.key, stageKeys]);

  // Keep the print zoom in step with the map's size on screen.
  React.useLayoutEffect(() => {
    const element = mapRef.current;
    if (!element) return undefined;
    fitForPrint(element);
    const observer = new ResizeObserver(() => fitForPrint(element));
    observer.observe(element);
    return () => observer.disconnect();
  });

  React.useEffect(() => {
    if (busy || !refocus.current || !mapRef.current) return;
    const [key, delta] = refocus.current.split(':');
    const wanted = mapRef.current.querySelector<HTMLButtonElement>(`[data-move="${key}:${delta}"]`);
    const other = mapRef.current.querySelector<HTMLButtonElement>(
      `[data-move="${key}:${delta === '1' ? '-1' : '1'}"]`
    );
    // At either end the button just used is disabled: the stage's other move button takes focus.
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    refocus.current = null;
  }, [busy, journeys]);

  const editable = (row: FieldRow) => (STAGE_FIELDS as readonly string[]).includes(row);
  const closeEditor = () => {
    const was = editing;
    setEditing(null);
    // Back to the cell, so keyboard users carry on where they were.
    if (was) {
      setTimeout(() =>
        mapRef.current?.querySelector<HTMLElement>(`[data-edit="${was.row}:${was.stage}"]`)?.focus()
      );
    }
  };

  const reorder = async (keys: string[]) => {
    if (!journey || keys.join(',') === stageKeys) return;
    setBusy(true);
    // Shown at once, as the server will have it; reloaded from the server either way.
    setJourneys((all) =>
      (all ?? []).map((j) =>
        j.key === journey.key
          ? { ...j, stages: keys.map((k) => j.stages.find((s) => s.key === k) as MapStage) }
          : j
      )
    );
    try {
      await put(`/journey/journeys/${journey.key}/stages/order`, { stages: keys });
      toggleNotification({ type: 'success', message: t('map.reordered', 'Stage order saved') });
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) });
    }
    await loadJourneys();
    setBusy(false);
  };

  const keys = stages.map((s) => s.key);
  const filled = visibleRows(stages);
  // Managers see every row so that they can fill an empty one; print and PNG leave those out.
  const rows = canManage ? MAP_ROWS.filter((row) => filled.includes(row) || editable(row)) : filled;
  const hasCurve = stages.some((s) => typeof s.emotion === 'number');
  const hasNext = stages.some((s) => (s.nextStages ?? []).length > 0);
  // The scores in words under the curve and the declared next stages by name: what the two
  // drawings say, as text, and where a manager edits them.
  const scoreRows: FieldRow[] = [
    ...(hasCurve || (canManage && editable('emotion')) ? (['emotion'] as const) : []),
    ...(hasNext || (canManage && editable('nextStages')) ? (['nextStages'] as const) : []),
  ];
  const isFilled = (row: FieldRow) =>
    row === 'emotion' ? hasCurve : row === 'nextStages' ? hasNext : filled.includes(row);
  const hasArrows = stageArrows(stages).length > 0;
  const content = cells ? stageContent(cells, keys) : null;
  const scoreLabel = (score: number) =>
    t(`map.emotion.${EMOTION_LABELS[score]}`, EMOTION_LABELS[score]);

  const exportPng = async () => {
    if (!mapRef.current || !journey) return;
    try {
      const background = getComputedStyle(mapRef.current).backgroundColor || '#ffffff';
      download(`journey-map-${journey.key}.png`, await mapPng(mapRef.current, background));
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) });
    }
  };

  const cellText = (stage: MapStage, row: FieldRow) => {
    if (row === 'emotion') {
      return typeof stage.emotion === 'number' ? (
        <Typography variant="omega">
          {`${stage.emotion > 0 ? '+' : stage.emotion < 0 ? '−' : ''}${Math.abs(stage.emotion)} ${scoreLabel(stage.emotion)}`}
        </Typography>
      ) : (
        <Typography textColor="neutral500">—</Typography>
      );
    }
    if (row === 'nextStages') {
      const names = (stage.nextStages ?? []).map((key) => {
        const to = stages.find((s) => s.key === key);
        return to ? stageName(to) : key;
      });
      return names.length ? (
        <Typography variant="omega">{names.join(', ')}</Typography>
      ) : (
        <Typography textColor="neutral500">—</Typography>
      );
    }
    if (!hasValue(stage, row)) return <Typography textColor="neutral500">—</Typography>;
    const value = stage[row];
    if (LIST_ROWS.has(row)) {
      return (
        <ul>
          {(value as string[])
            .filter((v) => String(v).trim())
            .map((v, i) => (
              <li key={i}>
                <Typography variant="omega">{v}</Typography>
              </li>
            ))}
        </ul>
      );
    }
    return <Typography variant="omega">{String(value)}</Typography>;
  };

  const rowLabel = (row: FieldRow) =>
    row === 'emotion'
      ? t('map.row.emotionScore', EXTRA_LABELS.emotion)
      : row === 'nextStages'
        ? t('map.row.nextStages', EXTRA_LABELS.nextStages)
        : t(`map.row.${row}`, ROW_LABELS[row]);

  const fieldRow = (row: FieldRow) => (
    <tr
      key={row}
      data-testid={`journey-map-row-${row}`}
      data-print={isFilled(row) ? undefined : 'hide'}
    >
      <th scope="row">
        <Typography variant="sigma">{rowLabel(row)}</Typography>
      </th>
      {stages.map((stage) => (
        <td key={stage.key} data-testid={`journey-map-cell-${row}-${stage.key}`}>
          {editing?.stage === stage.key && editing.row === row ? (
            <StageFieldEditor
              inline
              stage={stage as unknown as ApiStage}
              journey={journey as unknown as ApiJourney}
              field={row as (typeof STAGE_FIELDS)[number]}
              onSaved={(saved) => {
                setJourneys((all) =>
                  (all ?? []).map((j) =>
                    j.key === saved.key ? (saved as unknown as MapJourney) : j
                  )
                );
                closeEditor();
              }}
              onCancel={closeEditor}
            />
          ) : canManage && editable(row) ? (
            <EditableCell
              role="button"
              tabIndex={0}
              data-edit={`${row}:${stage.key}`}
              onClick={() => setEditing({ stage: stage.key, row })}
              onKeyDown={(e: React.KeyboardEvent) => {
                if (e.key === 'Enter' || e.key === ' ') {
                  e.preventDefault();
                  setEditing({ stage: stage.key, row });
                }
              }}
            >
              {/* Before the visible text, so the name contains it (axe: label-content-name-mismatch). */}
              <VisuallyHidden>
                {`${t('map.editCell', 'Edit {field} of {stage}', {
                  field: rowLabel(row),
                  stage: stageName(stage),
                })}: `}
              </VisuallyHidden>
              {cellText(stage, row)}
            </EditableCell>
          ) : (
            cellText(stage, row)
          )}
        </td>
      ))}
    </tr>
  );

  return (
    <Page.Main>
      <Page.Title>{t('map.title', 'Journey map')}</Page.Title>
      <style>{PRINT_CSS}</style>
      <Layouts.Header
        title={t('map.title', 'Journey map')}
        subtitle={t(
          'map.subtitle',
          'The journey stage by stage: what customers want, feel and meet, and the content that serves them.'
        )}
        primaryAction={
          journey ? (
            <Flex gap={2}>
              <Button
                variant="secondary"
                onClick={() => window.print()}
                data-testid="journey-map-print"
              >
                {t('map.print', 'Print / Save as PDF')}
              </Button>
              <Button variant="secondary" startIcon={<Download />} onClick={exportPng}>
                {t('map.png', 'Download PNG')}
              </Button>
            </Flex>
          ) : undefined
        }
      />
      <Layouts.Content>
        <JourneyTabs />
        <Box paddingBottom={4} maxWidth="32rem">
          <SingleSelect
            aria-label={t('coverage.journey', 'Journey')}
            value={journey?.key ?? ''}
            onChange={(value: string | number) => {
              const next = new URLSearchParams(params);
              next.set('journey', String(value));
              setParams(next, { replace: true });
            }}
          >
            {(journeys ?? []).map((j) => (
              <SingleSelectOption key={j.key} value={j.key}>
                {journeyName(j)}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Box>
        {error && (
          <Box paddingBottom={4}>
            <Typography textColor="danger600">{error}</Typography>
          </Box>
        )}
        {journey && (
          <Box
            id={MAP_ID}
            ref={mapRef}
            background="neutral0"
            shadow="tableShadow"
            hasRadius
            style={{ overflowX: 'auto' }}
            data-testid="journey-map"
            data-journey={journey.key}
          >
            <Box padding={4}>
              <Typography variant="beta" tag="h2">
                {journeyName(journey)}
              </Typography>
            </Box>
            <Grid $columns={stages.length} aria-busy={busy}>
              <caption style={{ position: 'absolute', left: '-9999px' }}>
                {t('map.caption', 'Journey map: {journey}', { journey: journeyName(journey) })}
              </caption>
              <thead>
                <tr>
                  <th scope="col">
                    <Typography variant="sigma">{t('coverage.stage', 'Stage')}</Typography>
                  </th>
                  {stages.map((stage, index) => (
                    <StageHead
                      key={stage.key}
                      scope="col"
                      $colour={stage.colour || '#8e8ea9'}
                      data-testid={`journey-map-stage-${stage.key}`}
                      data-dragover={dragOver === stage.key ? 'true' : 'false'}
                      draggable={canManage && !busy}
                      onDragStart={(e: React.DragEvent) => {
                        e.dataTransfer.setData('text/plain', stage.key);
                        setDragging(stage.key);
                      }}
                      onDragOver={(e: React.DragEvent) => {
                        if (!dragging) return;
                        e.preventDefault();
                        setDragOver(stage.key);
                      }}
                      onDragLeave={() => setDragOver(null)}
                      onDrop={(e: React.DragEvent) => {
                        e.preventDefault();
                        const from = dragging ?? e.dataTransfer.getData('text/plain');
                        setDragging(null);
                        setDragOver(null);
                        reorder(dropStage(keys, from, stage.key));
                      }}
                      onDragEnd={() => {
                        setDragging(null);
                        setDragOver(null);
                      }}
                      style={canManage ? { cursor: 'grab' } : undefined}
                    >
                      <Flex justifyContent="space-between" alignItems="flex-start" gap={1}>
                        <Typography fontWeight="bold" textColor="neutral800">
                          {stageName(stage)}
                        </Typography>
                        {canManage && (
                          <Flex gap={1} data-print="hide">
                            <Drag aria-hidden focusable={false} />
                            <IconButton
                              label={t('map.moveLeft', 'Move {stage} left', {
                                stage: stageName(stage),
                              })}
                              variant="ghost"
                              disabled={busy || index === 0}
                              data-move={`${stage.key}:-1`}
                              onClick={() => {
                                refocus.current = `${stage.key}:-1`;
                                reorder(moveStage(keys, stage.key, -1));
                              }}
                              withTooltip={false}
                            >
                              <ArrowLeft />
                            </IconButton>
                            <IconButton
                              label={t('map.moveRight', 'Move {stage} right', {
                                stage: stageName(stage),
                              })}
                              variant="ghost"
                              disabled={busy || index === stages.length - 1}
                              data-move={`${stage.key}:1`}
                              onClick={() => {
                                refocus.current = `${stage.key}:1`;
                                reorder(moveStage(keys, stage.key, 1));
                              }}
                              withTooltip={false}
                            >
                              <ArrowRight />
                            </IconButton>
                          </Flex>
                        )}
                      </Flex>
                    </StageHead>
                  ))}
                </tr>
              </thead>
              <tbody>
                {rows.map(fieldRow)}
                {hasCurve && (
                  <tr data-testid="journey-map-row-emotion">
                    <th scope="row">
                      <Typography variant="sigma">{t('map.row.emotion', 'Emotion')}</Typography>
                    </th>
                    <td colSpan={stages.length} className="span">
                      <EmotionCurve
                        stages={stages.map((s) => ({ ...s, name: stageName(s) }))}
                        label={t('map.curveLabel', 'Emotion curve: {points}', {
                          points: stages
                            .filter((s) => typeof s.emotion === 'number')
                            .map((s) => `${stageName(s)} ${scoreLabel(s.emotion as number)}`)
                            .join(', '),
                        })}
                        lowLabel={t('map.lowPoint', 'Low point')}
                        scoreLabel={scoreLabel}
                      />
                    </td>
                  </tr>
                )}
                {scoreRows.includes('emotion') && fieldRow('emotion')}
                {hasArrows && (
                  <tr data-testid="journey-map-row-paths">
                    <th scope="row">
                      <Typography variant="sigma">
                        {t('map.row.paths', 'Loops and skips')}
                      </Typography>
                    </th>
                    <td colSpan={stages.length} className="span">
                      <StageArrows
                        stages={stages}
                        label={stageArrows(stages)
                          .map((a) =>
                            a.kind === 'back'
                              ? t('map.arrow.back', '{from}: back to {to}', {
                                  from: stageName(stages[a.fromIndex]),
                                  to: stageName(stages[a.toIndex]),
                                })
                              : t('map.arrow.skip', '{from}: skips to {to}', {
                                  from: stageName(stages[a.fromIndex]),
                                  to: stageName(stages[a.toIndex]),
                                })
                          )
                          .join('; ')}
                        arrowLabel={(kind, _from, to) =>
                          kind === 'back'
                            ? t('map.arrow.backShort', 'back to {to}', { to: stageName(to) })
                            : t('map.arrow.skipShort', 'skips to {to}', { to: stageName(to) })
                        }
                      />
                    </td>
                  </tr>
                )}
                {scoreRows.includes('nextStages') && fieldRow('nextStages')}
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
                              {t('map.published', '{count} published', { count: c.published })}
                            </Typography>
                            <div>
                              {CONTENT_INTENTS.map((intent) => {
                                const gap = c.gaps.includes(intent);
                                const name = t(`intent.${intent}`, INTENT_LABELS[intent]);
                                return (
                                  <Pill
                                    key={intent}
                                    $gap={gap}
                                    data-testid={`journey-map-pill-${stage.key}-${intent}`}
                                    data-gap={gap ? 'true' : 'false'}
                                  >
                                    {gap
                                      ? t('map.pillGap', '{intent}: gap', { intent: name })
                                      : name}
                                  </Pill>
                                );
                              })}
                            </div>
                            <Link
                              to={`/plugins/journey?${new URLSearchParams({
                                journey: journey.key,
                                stage: stage.key,
                              }).toString()}`}
                              data-testid={`journey-map-gaps-${stage.key}`}
                              data-count={c.gaps.length}
                            >
                              {t(
                                'map.gaps',
                                '{count, plural, =0 {No gaps} one {# gap} other {# gaps}}',
                                {
                                  count: c.gaps.length,
                                }
                              )}
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
              </tbody>
            </Grid>
            {stages.length === 0 && (
              <Box padding={4}>
                <Typography>{t('map.noStages', 'This journey has no stages yet.')}</Typography>
              </Box>
            )}
          </Box>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};

export default JourneyMapPage;
