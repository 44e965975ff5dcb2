import * as React from 'react';
import { Box, Button, Flex, IconButton, Typography, VisuallyHidden } from '@strapi/design-system';
import { ArrowLeft, ArrowRight, Download, Drag } from '@strapi/icons';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useSearchParams } from 'react-router-dom';
import {
  useGetJourneysQuery,
  useReorderJourneyStagesMutation,
  type Journey as ApiJourney,
  type Stage as ApiStage,
} from '../api/journeys';
import { useCoverageQuery } from '../api/coverage';
import { useGetMapRecentEntriesQuery } from '../api/map';
import { useAnalyticsQuery } from '../api/analytics';
import { JourneyTabs } from '../components/JourneyTabs';
import { ErrorNotice, JourneyFilter, messageOf, useT } from '../components/common';
import { useLocalName } from '../journeys';
import { STAGE_FIELDS, StageFieldEditor } from '../components/settings/StageDialog';
import { ContentRow } from '../components/map/ContentRow';
import { EmotionCurve } from '../components/map/EmotionCurve';
import { MeasuredRow, useMeasured } from '../components/map/MeasuredRow';
import {
  EMOTION_LABELS,
  LIST_ROWS,
  MAP_ROWS,
  dropStage,
  hasValue,
  moveStage,
  stageArrows,
  stageContent,
  visibleRows,
  type MapJourney,
  type MapRow,
  type MapStage,
} from '../components/map/map-model';
import { EditableCell, Grid, StageHead } from '../components/map/map-styles';
import { MAP_ID, PRINT_CSS, fitForPrint, mapPng } from '../components/map/print';
import { StageArrows } from '../components/map/StageArrows';
import { saveBlob } from '../utils/saveFile';

const MANAGE = [{ action: 'plugin::journey.journeys.manage', subject: null }];
const READ_ANALYTICS = [{ action: 'plugin::journey.analytics.read', subject: null }];

const ROW_LABELS: Record<MapRow, string> = {
  customerGoal: 'Customer goal',
  touchpoints: 'Touchpoints',
  feelings: 'Feelings',
  painPoints: 'Pain points',
  kpis: 'KPIs',
  opportunities: 'Opportunities',
};

type FieldRow = MapRow | 'emotion' | 'nextStages';

const EXTRA_LABELS = { emotion: 'Emotion score', nextStages: 'Goes on to' };

/**
 * The journey map: the stages as columns, the journey-map fields as rows, the emotion curve,
 * declared loops and skips, and the live content row from the coverage service. The journey is
 * in the URL (`?journey=`) so a link opens the same map.
 */
export const JourneyMapPage = () => {
  const t = useT();
  const { toggleNotification } = useNotification();
  const {
    allowedActions: { canManage },
  } = useRBAC(MANAGE);
  const [params, setParams] = useSearchParams();
  const [dragging, setDragging] = React.useState<string | null>(null);
  const [dragOver, setDragOver] = React.useState<string | null>(null);
  const [busy, setBusy] = React.useState(false);
  const mapRef = React.useRef<HTMLDivElement>(null);
  // The move button to focus again after a reorder re-renders the columns.
  const refocus = React.useRef<string | null>(null);
  const [editing, setEditing] = React.useState<{ stage: string; row: FieldRow } | null>(null);

  const localName = useLocalName();
  const stageName = (stage: MapStage) => localName(stage);
  const journeyName = (journey: MapJourney) => localName(journey);

  const { data: apiJourneys, error: journeysError } = useGetJourneysQuery();
  const [reorderStages] = useReorderJourneyStagesMutation();
  const journeys = apiJourneys as MapJourney[] | undefined;
  const journey = journeys?.find((j) => j.key === params.get('journey')) ?? journeys?.[0] ?? null;
  const stages = journey?.stages ?? [];
  const stageKeys = stages.map((s) => s.key).join(',');

  // The coverage page's own query: a map opened from there reads its answer from the cache.
  const { currentData: coverage, error: cellsError } = useCoverageQuery(
    { journey: journey?.key },
    { skip: !journey }
  );
  const cells = coverage?.cells ?? null;
  // The stage keys in a stable order: a reorder changes neither counts nor lists.
  // What the analytics measured, beside what the map says: only for those who may read them.
  const {
    allowedActions: { canRead: canReadAnalytics },
  } = useRBAC(READ_ANALYTICS);
  const { currentData: analytics } = useAnalyticsQuery(
    { journey: journey?.key },
    { skip: !journey || !canReadAnalytics }
  );
  const measured = useMeasured(canReadAnalytics ? analytics : undefined, stages);
  const { data: recent = {} } = useGetMapRecentEntriesQuery(
    { journey: journey?.key ?? '', stages: [...stages.map((s) => s.key)].sort() },
    { skip: !journey }
  );
  const failure = journeysError ?? cellsError;
  const error = messageOf(failure);

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
    // Shown at once, as the server will have it; refetched from the server either way.
    const result = await reorderStages({ journey: journey.key, stages: keys });
    if ('error' in result)
      toggleNotification({ type: 'danger', message: messageOf(result.error) ?? 'Error' });
    else toggleNotification({ type: 'success', message: t('map.reordered', 'Stage order saved') });
    setBusy(false);
  };

  const keys = stages.map((s) => s.key);
  const filled = visibleRows(stages);
  // Managers see every row so that they can fill an empty one; print and PNG leave those out.
  const rows = canManage ? MAP_ROWS.filter((row) => filled.includes(row) || editable(row)) : filled;
  const hasWrittenCurve = stages.some((s) => typeof s.emotion === 'number');
  // A journey nobody scored still gets the measured line when answers say how readers felt.
  const hasCurve = hasWrittenCurve || Boolean(measured?.hasEmotion);
  const hasNext = stages.some((s) => (s.nextStages ?? []).length > 0);
  // The scores in words under the curve and the declared next stages by name: what the two
  // drawings say, as text, and where a manager edits them.
  const scoreRows: FieldRow[] = [
    ...(hasWrittenCurve || (canManage && editable('emotion')) ? (['emotion'] as const) : []),
    ...(hasNext || (canManage && editable('nextStages')) ? (['nextStages'] as const) : []),
  ];
  const isFilled = (row: FieldRow) =>
    row === 'emotion' ? hasWrittenCurve : row === 'nextStages' ? hasNext : filled.includes(row);
  const hasArrows = stageArrows(stages).length > 0;
  // Gaps by the coverage answer's own rule: only the intents a stage expects.
  const content = cells ? stageContent(cells, keys, coverage?.expected) : null;
  const scoreLabel = (score: number) =>
    t(`map.emotion.${EMOTION_LABELS[score]}`, EMOTION_LABELS[score]);

  const exportPng = async () => {
    if (!mapRef.current || !journey) return;
    try {
      const background = getComputedStyle(mapRef.current).backgroundColor || '#ffffff';
      saveBlob(`journey-map-${journey.key}.png`, await mapPng(mapRef.current, background));
    } catch (e) {
      toggleNotification({ type: 'danger', message: messageOf(e) ?? 'Error' });
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
              onSaved={closeEditor}
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
          <JourneyFilter
            journeys={journeys ?? []}
            value={journey?.key ?? ''}
            onChange={(value) => {
              const next = new URLSearchParams(params);
              next.set('journey', value ?? '');
              setParams(next, { replace: true });
            }}
          />
        </Box>
        <ErrorNotice error={error} />
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
                {rows.map((row) =>
                  row === 'kpis' && measured ? (
                    <React.Fragment key={row}>
                      {fieldRow(row)}
                      <MeasuredRow kind="figures" measured={measured} stages={stages} />
                    </React.Fragment>
                  ) : (
                    fieldRow(row)
                  )
                )}
                {measured && !rows.includes('kpis') && (
                  <MeasuredRow kind="figures" measured={measured} stages={stages} />
                )}
                {hasCurve && (
                  <tr data-testid="journey-map-row-emotion">
                    <th scope="row">
                      <Typography variant="sigma">{t('map.row.emotion', 'Emotion')}</Typography>
                    </th>
                    <td colSpan={stages.length} className="span">
                      <EmotionCurve
                        stages={stages.map((s) => ({ ...s, name: stageName(s) }))}
                        label={[
                          hasWrittenCurve &&
                            t('map.curveLabel', 'Emotion curve: {points}', {
                              points: stages
                                .filter((s) => typeof s.emotion === 'number')
                                .map((s) => `${stageName(s)} ${scoreLabel(s.emotion as number)}`)
                                .join(', '),
                            }),
                          measured?.curveLabel,
                        ]
                          .filter(Boolean)
                          .join('. ')}
                        lowLabel={t('map.lowPoint', 'Low point')}
                        scoreLabel={scoreLabel}
                        measured={measured?.curve}
                      />
                    </td>
                  </tr>
                )}
                {scoreRows.includes('emotion') && fieldRow('emotion')}
                {measured?.hasEmotion && (
                  <MeasuredRow kind="emotion" measured={measured} stages={stages} />
                )}
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
                <ContentRow
                  journey={journey.key}
                  stages={stages}
                  content={content}
                  recent={recent}
                  t={t}
                />
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
