import * as React from 'react';
import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Download } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { useTheme } from 'styled-components';
import {
  useExportTrendCsvMutation,
  useTakeSnapshotMutation,
  useTrendQuery,
  type TrendSeries,
  type TrendStage,
} from '../api/snapshots';
import { DataTable, ErrorNotice, useT } from './common';
import { useLocalName } from '../journeys';
import {
  keyStep,
  linePoints,
  nearestIndex,
  niceMax,
  tickIndices,
  xPositions,
  yOf,
} from './trend-view';

/*
 * Plain SVG rather than a chart library: two panels of lines over at most a few hundred days, a
 * pointer and a keyboard cursor is all the trend needs, while a charting library would add tens
 * to hundreds of kilobytes to the admin bundle of every Strapi app that installs the plugin.
 */

const LEFT = 44;
const RIGHT = 16;
const TOP = { stages: 32, gaps: 260 };
const HEIGHT = { stages: 180, gaps: 80 };
const TOTAL_HEIGHT = 372;

/**
 * The chart is drawn in CSS pixels at the width it is given, so that its text keeps the page's
 * size however wide the screen (a fixed viewBox would scale 12px labels to 20px on a wide one).
 */
const useWidth = (ref: React.RefObject<HTMLElement>) => {
  const [width, setWidth] = React.useState(800);
  React.useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return undefined;
    const update = () => setWidth(Math.max(320, Math.round(element.getBoundingClientRect().width)));
    update();
    const observer = new ResizeObserver(update);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
};

/** The stage's name in the admin's language, as the coverage matrix shows it. */
const useStageName = (): ((stage: TrendStage) => string) => useLocalName();

/** A calendar day as the admin's language writes it; the day is a UTC date, shown as such. */
const useDayFormat = () => {
  const { formatDate } = useIntl();
  return (day: string, style: 'short' | 'long' = 'long') =>
    formatDate(new Date(`${day}T00:00:00Z`), {
      timeZone: 'UTC',
      ...(style === 'long'
        ? { year: 'numeric', month: 'long', day: 'numeric' }
        : { month: 'short', day: 'numeric' }),
    });
};

export interface TrendChartProps {
  series: TrendSeries;
}

/**
 * Published documents per stage (stage colours) over gap cells, one point per day. The pointer
 * or the arrow keys (with focus on the chart) choose a day, whose numbers show beside the chart
 * and are announced; the same numbers are in the table the "Show as table" toggle opens.
 */
export const TrendChart = ({ series }: TrendChartProps) => {
  const theme = useTheme();
  const t = useT();
  const stageName = useStageName();
  const formatDay = useDayFormat();
  const { points, stages } = series;
  const [active, setActive] = React.useState<number | null>(null);
  const [table, setTable] = React.useState(false);
  const svgRef = React.useRef<SVGSVGElement>(null);
  const frameRef = React.useRef<HTMLDivElement>(null);
  const width = useWidth(frameRef);
  const plot = width - LEFT - RIGHT;
  const xs = xPositions(points.length, LEFT, plot);
  const stageMax = niceMax(
    Math.max(0, ...points.flatMap((p) => stages.map((s) => p.publishedByStage[s.key] ?? 0)))
  );
  const gapMax = niceMax(Math.max(0, ...points.map((p) => p.gapCells)));
  const colourOf = (stage: TrendStage) => stage.colour ?? theme.colors.neutral500;
  const shown = active === null ? null : points[Math.min(active, points.length - 1)];
  const axis = theme.colors.neutral200;
  const label = theme.colors.neutral600;

  const pointerAt = (event: React.MouseEvent<SVGSVGElement>) => {
    const box = svgRef.current?.getBoundingClientRect();
    if (!box || !box.width) return;
    setActive(nearestIndex(((event.clientX - box.left) / box.width) * width, xs));
  };

  const onKeyDown = (event: React.KeyboardEvent<SVGSVGElement>) => {
    const next = keyStep(event.key, active ?? points.length - 1, points.length);
    if (next === null) return;
    event.preventDefault();
    setActive(next);
  };

  const panel = (top: number, height: number, max: number, title: string) => (
    <g aria-hidden="true">
      <text x={0} y={top - 16} fontSize={13} fontWeight="bold" fill={theme.colors.neutral800}>
        {title}
      </text>
      {[0, max / 2, max].map((value) => (
        <g key={value}>
          <line
            x1={LEFT}
            x2={width - RIGHT}
            y1={yOf(value, max, top, height)}
            y2={yOf(value, max, top, height)}
            stroke={axis}
          />
          <text
            x={LEFT - 6}
            y={yOf(value, max, top, height) + 4}
            fontSize={11}
            textAnchor="end"
            fill={label}
          >
            {Number.isInteger(value) ? value : ''}
          </text>
        </g>
      ))}
    </g>
  );

  const describe = (index: number) => {
    const p = points[index];
    const perStage = stages
      .map((s) => `${stageName(s)} ${p.publishedByStage[s.key] ?? 0}`)
      .join(', ');
    return t(
      'trend.point',
      '{day}: {stages}; {gaps, plural, one {# gap cell} other {# gap cells}}',
      {
        day: formatDay(p.day),
        stages: perStage,
        gaps: p.gapCells,
      }
    );
  };

  return (
    <Box>
      <div ref={frameRef} style={{ position: 'relative' }}>
        <svg
          ref={svgRef}
          viewBox={`0 0 ${width} ${TOTAL_HEIGHT}`}
          width={width}
          height={TOTAL_HEIGHT}
          role="img"
          tabIndex={0}
          aria-label={t(
            'trend.chartLabel',
            'Published documents per stage and gap cells per day. Use the arrow keys to read each day.'
          )}
          data-testid="trend-chart"
          style={{ display: 'block', outlineColor: theme.colors.primary600 }}
          onMouseMove={pointerAt}
          onMouseLeave={() => setActive(null)}
          onFocus={() => setActive((a) => a ?? points.length - 1)}
          onBlur={() => setActive(null)}
          onKeyDown={onKeyDown}
        >
          {panel(
            TOP.stages,
            HEIGHT.stages,
            stageMax,
            t('trend.publishedPerStage', 'Published documents per stage')
          )}
          {panel(TOP.gaps, HEIGHT.gaps, gapMax, t('trend.gapCells', 'Gap cells'))}
          {tickIndices(points.length).map((i) => (
            <text
              key={points[i].day}
              x={xs[i]}
              y={TOTAL_HEIGHT - 8}
              fontSize={11}
              textAnchor={
                points.length === 1
                  ? 'middle'
                  : i === 0
                    ? 'start'
                    : i === points.length - 1
                      ? 'end'
                      : 'middle'
              }
              fill={label}
              aria-hidden="true"
            >
              {formatDay(points[i].day, 'short')}
            </text>
          ))}
          {shown && active !== null && (
            <line
              x1={xs[active]}
              x2={xs[active]}
              y1={TOP.stages}
              y2={TOP.gaps + HEIGHT.gaps}
              stroke={theme.colors.neutral500}
              strokeDasharray="3 3"
            />
          )}
          {stages.map((stage) => {
            const values = points.map((p) => p.publishedByStage[stage.key] ?? 0);
            return (
              <g key={stage.key} data-testid={`trend-line-${stage.key}`}>
                {points.length > 1 && (
                  <polyline
                    points={linePoints(values, xs, stageMax, TOP.stages, HEIGHT.stages)}
                    fill="none"
                    stroke={colourOf(stage)}
                    strokeWidth={2.5}
                    strokeLinejoin="round"
                  />
                )}
                {values.map((v, i) => (
                  <circle
                    key={points[i].day}
                    cx={xs[i]}
                    cy={yOf(v, stageMax, TOP.stages, HEIGHT.stages)}
                    r={i === active ? 5 : points.length > 60 ? 0 : 3}
                    fill={colourOf(stage)}
                    stroke={theme.colors.neutral0}
                    strokeWidth={1}
                  />
                ))}
              </g>
            );
          })}
          <g data-testid="trend-line-gaps">
            {points.length > 1 && (
              <polyline
                points={linePoints(
                  points.map((p) => p.gapCells),
                  xs,
                  gapMax,
                  TOP.gaps,
                  HEIGHT.gaps
                )}
                fill="none"
                stroke={theme.colors.danger600}
                strokeWidth={2.5}
                strokeLinejoin="round"
              />
            )}
            {points.map((p, i) => (
              <circle
                key={p.day}
                cx={xs[i]}
                cy={yOf(p.gapCells, gapMax, TOP.gaps, HEIGHT.gaps)}
                r={i === active ? 5 : points.length > 60 ? 0 : 3}
                fill={theme.colors.danger600}
                stroke={theme.colors.neutral0}
                strokeWidth={1}
              />
            ))}
          </g>
          {/* One hover target per day, the full height of both panels, so a point is easy to hit. */}
          {points.map((p, i) => {
            const half = points.length === 1 ? plot / 2 : plot / (points.length - 1) / 2;
            return (
              <rect
                key={p.day}
                data-testid={`trend-day-${p.day}`}
                x={xs[i] - half}
                y={TOP.stages}
                width={half * 2}
                height={TOP.gaps + HEIGHT.gaps - TOP.stages}
                fill="transparent"
                onMouseEnter={() => setActive(i)}
              />
            );
          })}
        </svg>
        {shown && active !== null && (
          <Box
            position="absolute"
            top={0}
            // Beside the day, on the side with room.
            left={
              xs[active] / width > 0.6 ? undefined : `calc(${(xs[active] / width) * 100}% + 12px)`
            }
            right={
              xs[active] / width > 0.6
                ? `calc(${100 - (xs[active] / width) * 100}% + 12px)`
                : undefined
            }
            background="neutral0"
            borderColor="neutral200"
            hasRadius
            shadow="popupShadow"
            padding={3}
            data-testid="trend-tooltip"
            style={{ pointerEvents: 'none', minWidth: '18rem' }}
          >
            <Typography variant="omega" fontWeight="bold" tag="p">
              {formatDay(shown.day)}
            </Typography>
            {stages.map((stage) => (
              <Flex key={stage.key} gap={2} paddingTop={1}>
                <Box
                  width="1rem"
                  height="1rem"
                  style={{ background: colourOf(stage), borderRadius: '50%' }}
                />
                <Typography variant="pi">{stageName(stage)}</Typography>
                <Typography
                  variant="pi"
                  fontWeight="bold"
                  data-testid={`trend-tooltip-${stage.key}`}
                >
                  {shown.publishedByStage[stage.key] ?? 0}
                </Typography>
              </Flex>
            ))}
            <Box paddingTop={2}>
              <Typography variant="pi" textColor="danger600" data-testid="trend-tooltip-gaps">
                {t('trend.gapsValue', 'Gap cells: {count, number}', {
                  count: shown.gapCells,
                })}
              </Typography>
            </Box>
          </Box>
        )}
        {/* Screen readers hear the day the arrow keys moved to. */}
        <Box
          aria-live="polite"
          style={{
            position: 'absolute',
            width: 1,
            height: 1,
            overflow: 'hidden',
            clip: 'rect(0 0 0 0)',
          }}
        >
          {active !== null && points[active] ? describe(active) : ''}
        </Box>
      </div>

      <Flex gap={4} wrap="wrap" paddingTop={3} alignItems="center">
        {stages.map((stage) => (
          <Flex key={stage.key} gap={2}>
            <Box width="1.6rem" height="0.4rem" style={{ background: colourOf(stage) }} />
            <Typography variant="pi">{stageName(stage)}</Typography>
          </Flex>
        ))}
        <Flex gap={2}>
          <Box width="1.6rem" height="0.4rem" style={{ background: theme.colors.danger600 }} />
          <Typography variant="pi">{t('trend.gapCells', 'Gap cells')}</Typography>
        </Flex>
        <Button
          variant="tertiary"
          size="S"
          onClick={() => setTable((v) => !v)}
          aria-expanded={table}
          data-testid="trend-table-toggle"
        >
          {table ? t('trend.hideTable', 'Hide table') : t('trend.showTable', 'Show as table')}
        </Button>
      </Flex>

      {table && (
        <Box paddingTop={4}>
          <DataTable
            rows={points}
            rowKey={(p) => p.day}
            columns={[
              { key: 'day', header: t('trend.day', 'Day'), cell: (p) => formatDay(p.day) },
              ...stages.map((stage) => ({
                key: stage.key,
                header: stageName(stage),
                cell: (p: (typeof points)[number]) => p.publishedByStage[stage.key] ?? 0,
              })),
              { key: 'gaps', header: t('trend.gapCells', 'Gap cells'), cell: (p) => p.gapCells },
            ]}
          />
        </Box>
      )}
    </Box>
  );
};

/**
 * The coverage page's "Trend" section: the chart of the journey's daily snapshots, "Snapshot
 * now" and the CSV export.
 */
export const TrendSection = ({ journey }: { journey: string }) => {
  const t = useT();
  const { data: series, error: loadError } = useTrendQuery(journey);
  const [snapshotNow, { isLoading: busy, error: snapshotError }] = useTakeSnapshotMutation();
  const [exportCsv, { error: exportError }] = useExportTrendCsvMutation();
  const error = exportError ?? snapshotError ?? loadError;

  return (
    <Box
      background="neutral0"
      padding={6}
      shadow="tableShadow"
      hasRadius
      data-testid="trend-section"
    >
      <Flex justifyContent="space-between" alignItems="center" wrap="wrap" gap={3}>
        <Typography variant="delta" tag="h2">
          {t('trend.title', 'Trend')}
        </Typography>
        <Flex gap={2}>
          <Button variant="secondary" loading={busy} onClick={() => snapshotNow(journey)}>
            {t('trend.snapshotNow', 'Snapshot now')}
          </Button>
          <Button
            variant="tertiary"
            startIcon={<Download />}
            disabled={!series?.points.length}
            onClick={() => exportCsv(journey)}
          >
            {t('trend.csv', 'Export CSV')}
          </Button>
        </Flex>
      </Flex>
      <Box paddingTop={1} paddingBottom={4}>
        <Typography variant="pi" textColor="neutral600">
          {t(
            'trend.hint',
            'One snapshot a day (UTC), all content types and locales. “Snapshot now” updates today’s.'
          )}
        </Typography>
      </Box>
      {!!series?.excluded.length && (
        <Box paddingBottom={3} data-testid="trend-excluded">
          <Typography variant="pi" textColor="neutral600">
            {t(
              'trend.excluded',
              'Not counted here: {types}. You may read them only in part, and past days cannot be narrowed to the entries you may read.',
              { types: series.excluded.map((uid) => uid.split('.').pop()).join(', ') }
            )}
          </Typography>
        </Box>
      )}
      <ErrorNotice error={error} />
      {series && series.points.length === 0 && (
        <Typography data-testid="trend-empty">
          {t(
            'trend.empty',
            'No snapshots yet: the first is taken tonight, or now with “Snapshot now”.'
          )}
        </Typography>
      )}
      {series && series.points.length > 0 && <TrendChart series={series} />}
    </Box>
  );
};

export default TrendSection;
