import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { launch, logIn } from './browser';

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
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  await logIn(page);
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('the menu link opens a matrix that shows the demo’s deliberate gaps', async () => {
  await page.getByRole('link', { name: 'Journey coverage' }).click();
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  // Nothing transactional in awareness, in any locale.
  expect(
    await page.getByTestId('coverage-cell-awareness-transactional').getAttribute('data-gap')
  ).toBe('true');
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
  expect(lines).toEqual(expect.arrayContaining(['Awareness: nothing transactional']));
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
  expect(await other.getByTestId('coverage-cell-loyalty-commercial').getAttribute('data-gap')).toBe(
    'true'
  );
  await other.close();
});
