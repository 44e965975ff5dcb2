/**
 * The trend chart's geometry, apart from React so that it can be unit-tested: where each day and
 * each value lands in the SVG's coordinate space.
 */

/** A round top for a y axis: 1, 2 or 5 times a power of ten, at least the largest value. */
export const niceMax = (max: number): number => {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max) as number;
  return step * power;
};

/** x of each of `count` days across a band; one day sits in the middle. */
export const xPositions = (count: number, left: number, width: number): number[] =>
  count === 1
    ? [left + width / 2]
    : Array.from({ length: count }, (_, i) => left + (i * width) / (count - 1));

/** y of a value on an axis from 0 (bottom of the band) to `max` (top). */
export const yOf = (value: number, max: number, top: number, height: number): number =>
  top + height - (value / max) * height;

/** Indices of the days that get a label: the first, the last and evenly spaced ones between. */
export const tickIndices = (count: number, maxTicks = 6): number[] => {
  if (count <= maxTicks) return Array.from({ length: count }, (_, i) => i);
  const step = (count - 1) / (maxTicks - 1);
  return Array.from({ length: maxTicks }, (_, i) => Math.round(i * step));
};

/** The day nearest to a pointer's x, in the SVG's coordinates. */
export const nearestIndex = (x: number, positions: number[]): number =>
  positions.reduce(
    (best, position, i) => (Math.abs(position - x) < Math.abs(positions[best] - x) ? i : best),
    0
  );

/** Arrow keys, Home and End move the shown day; anything else leaves it (null). */
export const keyStep = (key: string, index: number, count: number): number | null => {
  if (!count) return null;
  if (key === 'ArrowLeft' || key === 'ArrowDown') return Math.max(0, index - 1);
  if (key === 'ArrowRight' || key === 'ArrowUp') return Math.min(count - 1, index + 1);
  if (key === 'Home') return 0;
  if (key === 'End') return count - 1;
  return null;
};

/** The points of a polyline through the values. */
export const linePoints = (
  values: number[],
  xs: number[],
  max: number,
  top: number,
  height: number
): string => values.map((v, i) => `${xs[i]},${yOf(v, max, top, height)}`).join(' ');
