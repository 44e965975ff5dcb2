/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { closeBanner, logIn, openAdmin } from './browser';

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'];
const STAGES = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'];
const today = () => new Date().toISOString().slice(0, 10);

const openCoverage = async (target: Page) => {
  await target.getByRole('link', { name: 'Journey coverage' }).click();
  await target.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  await target.getByTestId('trend-section').waitFor({ timeout: 30000 });
};

/** Relative luminance of a CSS colour (rgb() or #rrggbb), as WCAG defines it. */
const luminance = (colour: string) => {
  const hex = /^#([0-9a-f]{6})$/i.exec(colour.trim());
  const rgb = hex
    ? [0, 2, 4].map((i) => parseInt(hex[1].slice(i, i + 2), 16))
    : (colour.match(/[\d.]+/g) ?? []).slice(0, 3).map(Number);
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(rgb[0]) + 0.7152 * lin(rgb[1]) + 0.0722 * lin(rgb[2]);
};

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1600, height: 1400 }));
  await closeBanner(page);
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('"Snapshot now" draws today on the trend, and hovering it shows the matrix\'s numbers', async () => {
  await openCoverage(page);
  await page.getByRole('button', { name: 'Snapshot now' }).click();
  const day = page.getByTestId(`trend-day-${today()}`);
  await day.waitFor({ timeout: 30000 });
  expect(await page.getByTestId('trend-chart').isVisible()).toBe(true);
  // One line per stage of the journey, in its colour, and the gap line.
  for (const stage of STAGES) {
    expect(await page.getByTestId(`trend-line-${stage}`).count()).toBe(1);
  }

  await day.hover();
  const tooltip = page.getByTestId('trend-tooltip');
  await tooltip.waitFor();
  // The numbers are the matrix's: its gap cells, and each stage's published total.
  let gaps = 0;
  for (const stage of STAGES) {
    for (const intent of INTENTS) {
      const cell = page.getByTestId(`coverage-cell-${stage}-${intent}`);
      if ((await cell.getAttribute('data-gap')) === 'true') gaps += 1;
    }
    const total = await page
      .getByTestId(`coverage-row-${stage}`)
      .locator('td')
      .last()
      .textContent();
    expect(await page.getByTestId(`trend-tooltip-${stage}`).textContent()).toBe(total?.trim());
  }
  expect(gaps).toBeGreaterThan(0);
  expect(await page.getByTestId('trend-tooltip-gaps').textContent()).toBe(`Gap cells: ${gaps}`);

  await page.mouse.move(10, 10);
  await tooltip.waitFor({ state: 'detached' });
});

test('the keyboard reaches the same numbers, and the table toggle lists them', async () => {
  await page.getByTestId('trend-chart').focus();
  await page.keyboard.press('End');
  await page.getByTestId('trend-tooltip').waitFor();
  expect(await page.getByTestId('trend-tooltip-gaps').textContent()).toMatch(/^Gap cells: \d+$/);
  await page.keyboard.press('Tab');
  await page.getByTestId('trend-tooltip').waitFor({ state: 'detached' });

  await page.getByTestId('trend-table-toggle').click();
  const table = page.getByTestId('trend-section').locator('table');
  await table.waitFor();
  const rows = await table.locator('tbody tr').count();
  expect(rows).toBeGreaterThanOrEqual(1);
  await page.getByTestId('trend-table-toggle').click();
  // No focus ring in the screenshot.
  await page.getByTestId('trend-table-toggle').blur();

  await page.getByTestId('trend-chart').scrollIntoViewIfNeeded();
  await page.getByTestId(`trend-day-${today()}`).hover();
  await page.getByTestId('trend-tooltip').waitFor();
  await page
    .getByTestId('trend-section')
    .screenshot({ path: path.join(SHOTS, 'coverage-trend.png') });
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the trend section alone, with a day's numbers shown: serious and critical findings. */
const axeOnTrend = async (target: Page) => {
  await target.addScriptTag({ path: require.resolve('axe-core') });
  const result = await target.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: {
          run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }>;
        };
      }
    ).axe.run;
    return run({ include: [['[data-testid="trend-section"]']] }, { resultTypes: ['violations'] });
  });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
};

test('the trend section has no serious or critical axe findings, table shown', async () => {
  await page.getByTestId('trend-table-toggle').click();
  await page.getByTestId('trend-chart').focus();
  await page.keyboard.press('End');
  await page.getByTestId('trend-tooltip').waitFor();
  expect(await axeOnTrend(page)).toEqual([]);
  await page.getByTestId('trend-table-toggle').click();
});

test("in the dark theme the chart draws with the theme's colours", async () => {
  const themed = await browser.newPage({ viewport: { width: 1600, height: 1400 } });
  await themed.addInitScript(() => localStorage.setItem('STRAPI_THEME', 'dark'));
  await logIn(themed);
  await openCoverage(themed);
  await themed.getByTestId(`trend-day-${today()}`).waitFor({ timeout: 30000 });
  const colours = await themed.getByTestId('trend-section').evaluate((section) => {
    const text = section.querySelector('svg text') as SVGTextElement;
    return {
      background: getComputedStyle(section).backgroundColor,
      axisText: text.getAttribute('fill') ?? '',
    };
  });
  // Dark surface, light axis labels: the theme's tokens, not colours written for a light page.
  expect(luminance(colours.background)).toBeLessThan(0.1);
  expect(luminance(colours.axisText)).toBeGreaterThan(0.3);
  await themed.getByTestId(`trend-day-${today()}`).hover();
  await themed.getByTestId('trend-tooltip').waitFor();
  const tooltip = await themed
    .getByTestId('trend-tooltip')
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(luminance(tooltip)).toBeLessThan(0.1);
  expect(await axeOnTrend(themed)).toEqual([]);
  await themed.close();
});
