import { Flex, Typography } from '@strapi/design-system';
import { useTheme } from 'styled-components';
import { curvePoints, lowPoints, measuredRuns, type MapStage } from './map-model';

export const COLUMN = 200;
const HEIGHT = 120;
const PAD = 28;

/** The measured line's look: dashed and with diamond points, so it reads apart without colour. */
const MEASURED_DASH = '9 6';

export interface MeasuredCurve {
  /** Per stage, in column order: the measured score, or null with too few answers. */
  values: Array<number | null>;
  /** The title of one measured point ("Decision: measured +0.6 (content), 48 answers"). */
  pointLabel: (index: number, score: number) => string;
  legend: { written: string; measured: string };
}

/** A diamond around (x, y), the measured line's point mark. */
const diamond = (x: number, y: number, r: number) =>
  `${x},${y - r} ${x + r},${y} ${x},${y + r} ${x - r},${y}`;

/**
 * The emotion curve over the stage columns: one point per scored stage at its column's centre,
 * joined by a line, each labelled with the stage's feelings; the low point carries a text marker
 * ("Low point") besides its colour, so it reads in print and without colour vision.
 */
export const EmotionCurve = ({
  stages,
  label,
  lowLabel,
  scoreLabel,
  measured,
}: {
  stages: MapStage[];
  label: string;
  lowLabel: string;
  scoreLabel: (score: number) => string;
  /** A second line, measured from helpful answers; drawn only where a stage has enough. */
  measured?: MeasuredCurve;
}) => {
  const theme = useTheme();
  const width = COLUMN * stages.length;
  const points = curvePoints(stages, COLUMN, HEIGHT, PAD);
  const low = new Set(lowPoints(stages));
  const y0 = PAD + HEIGHT / 2;
  const text = theme.colors.neutral800;
  const muted = theme.colors.neutral500;
  const measuredColour = theme.colors.warning600;
  const runs = measured
    ? measuredRuns(
        stages.map((stage, i) => ({ key: stage.key, emotion: measured.values[i] })),
        COLUMN,
        HEIGHT,
        PAD
      )
    : [];
  const curve = (
    <svg
      viewBox={`0 0 ${width} ${HEIGHT + PAD * 2}`}
      width="100%"
      role="img"
      aria-label={label}
      data-testid="journey-map-curve"
      style={{ display: 'block', overflow: 'visible' }}
    >
      <line x1={0} x2={width} y1={y0} y2={y0} stroke={muted} strokeDasharray="4 4" />
      {points.length > 1 && (
        <polyline
          points={points.map((p) => `${p.x},${p.y}`).join(' ')}
          fill="none"
          stroke={theme.colors.primary600}
          strokeWidth={3}
          strokeLinejoin="round"
        />
      )}
      {points.map((p) => {
        const stage = stages[p.index];
        const isLow = low.has(p.key);
        const feeling = (stage.feelings ?? '').trim();
        const short = feeling.length > 34 ? `${feeling.slice(0, 32)}…` : feeling;
        // Labels go above a point unless it sits at the top, where they would leave the frame; a
        // halo in the background colour keeps them legible where the line crosses them.
        const above = p.emotion < 2;
        return (
          <g key={p.key} data-testid={`journey-map-point-${p.key}`} data-emotion={p.emotion}>
            <title>{`${stage.name}: ${scoreLabel(p.emotion)}${feeling ? ` — ${feeling}` : ''}`}</title>
            <circle
              cx={p.x}
              cy={p.y}
              r={isLow ? 8 : 6}
              fill={isLow ? theme.colors.danger600 : theme.colors.primary600}
              stroke={theme.colors.neutral0}
              strokeWidth={2}
            />
            <text
              x={p.x}
              y={above ? p.y - 14 : p.y + 22}
              textAnchor="middle"
              fontSize={12}
              paintOrder="stroke"
              stroke={theme.colors.neutral0}
              strokeWidth={4}
              fill={text}
            >
              {short || scoreLabel(p.emotion)}
            </text>
            {isLow && (
              <text
                x={p.x}
                y={above ? p.y + 24 : p.y - 16}
                textAnchor="middle"
                fontSize={12}
                paintOrder="stroke"
                stroke={theme.colors.neutral0}
                strokeWidth={4}
                fontWeight="bold"
                fill={theme.colors.danger600}
                data-testid="journey-map-low-point"
              >
                {`▼ ${lowLabel}`}
              </text>
            )}
          </g>
        );
      })}
      {runs.map((run) => (
        <g key={run[0].key} data-testid="journey-map-measured-line">
          {run.length > 1 && (
            <polyline
              points={run.map((p) => `${p.x},${p.y}`).join(' ')}
              fill="none"
              stroke={measuredColour}
              strokeWidth={2.5}
              strokeDasharray={MEASURED_DASH}
              strokeLinejoin="round"
            />
          )}
          {run.map((p) => (
            <polygon
              key={p.key}
              points={diamond(p.x, p.y, 7)}
              fill={theme.colors.neutral0}
              stroke={measuredColour}
              strokeWidth={2.5}
              data-testid={`journey-map-measured-point-${p.key}`}
              data-emotion={p.emotion.toFixed(2)}
            >
              <title>{measured?.pointLabel(p.index, p.emotion)}</title>
            </polygon>
          ))}
        </g>
      ))}
    </svg>
  );
  if (!measured) return curve;
  const swatch = (dash: string | undefined, colour: string) => (
    <svg width="36" height="12" aria-hidden focusable={false}>
      <line x1={2} x2={34} y1={6} y2={6} stroke={colour} strokeWidth={3} strokeDasharray={dash} />
    </svg>
  );
  return (
    <>
      {curve}
      <Flex gap={5} paddingTop={2} paddingLeft={2} data-testid="journey-map-curve-legend">
        <Flex gap={2}>
          {swatch(undefined, theme.colors.primary600)}
          <Typography variant="pi">{measured.legend.written}</Typography>
        </Flex>
        <Flex gap={2}>
          {swatch(MEASURED_DASH, measuredColour)}
          <Typography variant="pi">{measured.legend.measured}</Typography>
        </Flex>
      </Flex>
    </>
  );
};
