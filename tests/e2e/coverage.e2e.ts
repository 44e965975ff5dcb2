/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, logIn, openAdmin } from './browser';

/** Polls until the check holds: the page refetches after a filter changes. */
const waitFor = async (check: () => Promise<boolean>, timeoutMs = 10000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1600, height: 1200 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('the menu link opens a matrix that shows the demo’s deliberate gaps', async () => {
  await page.getByRole('link', { name: 'Journey coverage' }).click();
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  // Nothing transactional in awareness, in any locale; but awareness expects informational
  // content only, so the empty cell is shown as empty, not as a gap.
  expect(
    await page.getByTestId('coverage-cell-awareness-transactional').getAttribute('data-gap')
  ).toBe('false');
  expect(
    await page.getByTestId('coverage-cell-awareness-transactional').getAttribute('data-expected')
  ).toBe('false');
  expect(
    await page.getByTestId('coverage-cell-awareness-informational').getAttribute('data-gap')
  ).toBe('false');
  // No Swedish loyalty content: the per-locale breakdown and the summary say so.
  expect(await page.getByTestId('coverage-locale-loyalty-sv').textContent()).toBe('0');
  expect(
    Number(await page.getByTestId('coverage-locale-loyalty-en').textContent())
  ).toBeGreaterThan(0);
  const lines = await page.getByTestId('coverage-summary-line').allTextContents();
  expect(lines).toEqual(
    expect.arrayContaining([expect.stringMatching(/^Loyalty[^:]*: no Swedish.* content$/)])
  );
  expect(lines).not.toContain('Awareness: nothing transactional');
  // "No intent" is counted but never flagged, however few entries it holds.
  expect(await page.getByTestId('coverage-cell-awareness-none').getAttribute('data-gap')).toBe(
    'false'
  );
  expect(await page.getByTestId('coverage-cell-awareness-none').textContent()).not.toMatch(
    /thin|gap/i
  );
  await page.mouse.move(800, 1100);
  await page.screenshot({ path: path.join(SHOTS, 'coverage.png'), fullPage: true });
});

test('filtering by locale keeps the filter in the URL and shows the gap for that language', async () => {
  await page.getByRole('combobox', { name: 'Locale' }).click();
  await page.getByRole('option', { name: /Swedish/ }).click();
  await page.waitForURL(/locale=sv/);
  await page.getByTestId('coverage-row-loyalty').waitFor();
  await waitFor(async () =>
    (await page.getByTestId('coverage-summary-line').allTextContents()).some((line) =>
      /^Loyalty[^:]*: no published content$/.test(line)
    )
  );
  // The URL is shareable: opening it fresh shows the same view.
  const url = page.url();
  const other = await browser.newPage();
  await logIn(other);
  await other.goto(url);
  await other.getByTestId('coverage-row-loyalty').waitFor({ timeout: 30000 });
  // Loyalty expects transactional content (repurchase, renewal): in Swedish there is none.
  expect(
    await other.getByTestId('coverage-cell-loyalty-transactional').getAttribute('data-gap')
  ).toBe('true');
  await other.close();
});

/**
 * WCAG contrast of an element's text against the first opaque background behind it, and the
 * luminance of that background: what decides whether a gap can be read in a theme.
 */
const readability = (page: Page, testId: string, text: string | null) =>
  page.getByTestId(testId).evaluate((cell, wanted) => {
    const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) => {
      const lin = (c: number) => {
        const s = c / 255;
        return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
    };
    // The innermost element that holds the text (the first text, when none is named).
    const element = Array.from(cell.querySelectorAll<HTMLElement>('*')).find(
      (el) =>
        el.children.length === 0 &&
        (wanted === null ? el.textContent?.trim() : el.textContent?.trim() === wanted)
    ) as HTMLElement;
    let node: HTMLElement | null = element;
    let background = [255, 255, 255];
    while (node) {
      const colour = rgb(getComputedStyle(node).backgroundColor);
      if (colour.length === 3 || (colour.length === 4 && colour[3] > 0.9)) {
        background = colour.slice(0, 3);
        break;
      }
      node = node.parentElement;
    }
    const text = luminance(rgb(getComputedStyle(element).color).slice(0, 3));
    const back = luminance(background);
    const contrast = (Math.max(text, back) + 0.05) / (Math.min(text, back) + 0.05);
    return { contrast, background: back, text: element.textContent };
  }, text);

test.each(['light', 'dark'])(
  'in the %s theme the matrix follows Strapi’s theme and gaps stay readable',
  async (theme) => {
    const themed = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
    await themed.addInitScript((value) => localStorage.setItem('STRAPI_THEME', value), theme);
    await logIn(themed);
    // Swedish: the loyalty stage has nothing, so its expected transactional cell is a gap.
    await themed.goto(`${BASE}/admin/plugins/journey?locale=sv`);
    await themed.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
    // Away from the menu, so that its tooltip stays out of the screenshot.
    await themed.mouse.move(800, 1100);
    const gapNumber = await readability(themed, 'coverage-cell-loyalty-transactional', '0');
    const gapBadge = await readability(themed, 'coverage-cell-loyalty-transactional', 'Gap');
    // An empty cell the stage does not expect is quieter, and still readable.
    const idle = await readability(themed, 'coverage-cell-loyalty-navigational', '0');
    expect(idle.contrast).toBeGreaterThanOrEqual(4.5);
    const filled = await readability(themed, 'coverage-cell-awareness-informational', null);
    expect(gapNumber.text).toBe('0');
    // The table sits on Strapi's own surface for the theme: dark in dark, light in light.
    if (theme === 'dark') expect(filled.background).toBeLessThan(0.1);
    else expect(filled.background).toBeGreaterThan(0.8);
    // WCAG AA for text: 4.5:1.
    expect(gapNumber.contrast).toBeGreaterThanOrEqual(4.5);
    expect(gapBadge.contrast).toBeGreaterThanOrEqual(4.5);
    expect(filled.contrast).toBeGreaterThanOrEqual(4.5);
    if (theme === 'dark') {
      await themed.screenshot({ path: path.join(SHOTS, 'coverage-dark.png'), fullPage: true });
    }
    await themed.close();
  }
);
