import { useTheme } from 'styled-components';
import { COLUMN } from './EmotionCurve';
import { stageArrows, type MapStage } from './map-model';

const LANE = 26;

/**
 * Declared next stages that leave the plain order, drawn under the columns: an arc from one
 * column to another, one lane per arrow so they never overlap, each labelled ("back to …",
 * "skips to …") since direction alone is easy to miss.
 */
export const StageArrows = ({
  stages,
  label,
  arrowLabel,
}: {
  stages: MapStage[];
  label: string;
  arrowLabel: (kind: 'back' | 'skip', from: MapStage, to: MapStage) => string;
}) => {
  const theme = useTheme();
  const arrows = stageArrows(stages);
  if (arrows.length === 0) return null;
  const width = COLUMN * stages.length;
  const height = LANE * arrows.length + 12;
  const colour = theme.colors.neutral700;
  return (
    <svg
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-label={label}
      data-testid="journey-map-arrows"
      style={{ display: 'block' }}
    >
      <defs>
        <marker
          id="journey-map-arrowhead"
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="7"
          markerHeight="7"
          orient="auto-start-reverse"
        >
          <path d="M0,0 L10,5 L0,10 z" fill={colour} />
        </marker>
      </defs>
      {arrows.map((arrow, lane) => {
        const from = stages[arrow.fromIndex];
        const to = stages[arrow.toIndex];
        const x1 = COLUMN * arrow.fromIndex + COLUMN / 2;
        const x2 = COLUMN * arrow.toIndex + COLUMN / 2;
        const y = LANE * (lane + 1);
        const text = arrowLabel(arrow.kind, from, to);
        return (
          <g
            key={`${arrow.from}-${arrow.to}`}
            data-testid={`journey-map-arrow-${arrow.from}-${arrow.to}`}
          >
            <title>{text}</title>
            <path
              d={`M${x1},4 V${y} H${x2} V6`}
              fill="none"
              stroke={colour}
              strokeWidth={1.5}
              strokeDasharray={arrow.kind === 'back' ? '5 3' : undefined}
              markerEnd="url(#journey-map-arrowhead)"
            />
            <text
              x={(x1 + x2) / 2}
              y={y - 4}
              textAnchor="middle"
              fontSize={11}
              fill={theme.colors.neutral800}
            >
              {text}
            </text>
          </g>
        );
      })}
    </svg>
  );
};
