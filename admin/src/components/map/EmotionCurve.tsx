import { useTheme } from 'styled-components';
import { curvePoints, lowPoints, type MapStage } from './map-model';

export const COLUMN = 200;
const HEIGHT = 120;
const PAD = 28;

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
}: {
  stages: MapStage[];
  label: string;
  lowLabel: string;
  scoreLabel: (score: number) => string;
}) => {
  const theme = useTheme();
  const width = COLUMN * stages.length;
  const points = curvePoints(stages, COLUMN, HEIGHT, PAD);
  const low = new Set(lowPoints(stages));
  const y0 = PAD + HEIGHT / 2;
  const text = theme.colors.neutral800;
  const muted = theme.colors.neutral500;
  return (
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
    </svg>
  );
};
