import {
  keyStep,
  linePoints,
  nearestIndex,
  niceMax,
  tickIndices,
  xPositions,
  yOf,
} from '../../admin/src/components/trend-view';

test('the y axis tops out at 1, 2 or 5 times a power of ten', () => {
  expect([0, 1, 2, 3, 7, 10, 11, 48, 120, 5000].map(niceMax)).toEqual([
    1, 1, 2, 5, 10, 10, 20, 50, 200, 5000,
  ]);
});

test('days spread across the band; a single day sits in its middle', () => {
  expect(xPositions(1, 40, 700)).toEqual([390]);
  expect(xPositions(3, 40, 700)).toEqual([40, 390, 740]);
  expect(xPositions(0, 40, 700)).toEqual([]);
});

test('values map from the bottom of a band (0) to its top (max)', () => {
  expect(yOf(0, 10, 20, 100)).toBe(120);
  expect(yOf(10, 10, 20, 100)).toBe(20);
  expect(linePoints([0, 5], [40, 740], 10, 20, 100)).toBe('40,120 740,70');
});

test('labels: every day when few, else the first, the last and evenly spaced ones', () => {
  expect(tickIndices(4)).toEqual([0, 1, 2, 3]);
  expect(tickIndices(400, 5)).toEqual([0, 100, 200, 299, 399]);
});

test('the pointer picks the nearest day', () => {
  expect(nearestIndex(300, [40, 390, 740])).toBe(1);
  expect(nearestIndex(0, [40, 390, 740])).toBe(0);
  expect(nearestIndex(799, [40, 390, 740])).toBe(2);
});

test('arrow keys, Home and End move the shown day within the series', () => {
  expect(keyStep('ArrowLeft', 0, 3)).toBe(0);
  expect(keyStep('ArrowRight', 1, 3)).toBe(2);
  expect(keyStep('ArrowRight', 2, 3)).toBe(2);
  expect(keyStep('Home', 2, 3)).toBe(0);
  expect(keyStep('End', 0, 3)).toBe(2);
  expect(keyStep('Enter', 1, 3)).toBeNull();
  expect(keyStep('ArrowLeft', 0, 0)).toBeNull();
});
