/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { BASE, closeBanner, launch, logIn } from './browser';

/**
 * Issue 26: no visible text of the plugin's pages is cut off at common laptop widths ("Confidence
 * at leas…" in the review queue was). Every page under admin/src/pages, at 1280 and 1440 px: a
 * text element fails when it ellipsizes (text-overflow: ellipsis and wider than its box) or
 * when its unwrapped text runs out of its box.
 */

const PAGES: Array<{ name: string; path: string; ready: string }> = [
  { name: 'coverage', path: '/admin/plugins/journey', ready: 'coverage-row-awareness' },
  { name: 'journey map', path: '/admin/plugins/journey/map', ready: '' },
  {
    name: 'review queue',
    path: '/admin/plugins/journey/queue?contentType=api::article.article',
    ready: 'queue-threshold',
  },
  { name: 'tag changes', path: '/admin/plugins/journey/changes', ready: '' },
  { name: 'demand', path: '/admin/plugins/journey/demand', ready: 'demand-file-zone' },
  { name: 'settings', path: '/admin/settings/journey', ready: '' },
];

const WIDTHS = [1280, 1440];

interface Cut {
  text: string;
  tag: string;
  testId: string | null;
  scrollWidth: number;
  clientWidth: number;
  why: string;
}

/** The text elements of the page's main area whose text does not fit their box. */
const cutTexts = (page: Page) =>
  page.evaluate(() => {
    const found: Cut[] = [];
    const root = document.querySelector('main') ?? document.body;
    for (const el of Array.from(root.querySelectorAll('*'))) {
      // HTML boxes only: SVG text (the map's emotion curve) has no box to overflow, and its
      // labels are shortened on purpose, with the whole text in their title.
      if (!(el instanceof HTMLElement)) continue;
      const ownText = Array.from(el.childNodes)
        .filter((n) => n.nodeType === Node.TEXT_NODE)
        .map((n) => n.textContent ?? '')
        .join('')
        .trim();
      if (!ownText) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'inline') continue;
      const box = el.getBoundingClientRect();
      // Visually hidden text (screen-reader labels) is 1 px wide on purpose.
      if (box.width <= 1 || box.height <= 1 || el.clientWidth === 0) continue;
      const ellipsis = style.textOverflow === 'ellipsis';
      const nowrap = style.whiteSpace === 'nowrap' || style.whiteSpace === 'pre';
      if (!ellipsis && !nowrap) continue;
      if (el.scrollWidth > el.clientWidth) {
        found.push({
          text: ownText.slice(0, 80),
          tag: el.tagName.toLowerCase(),
          testId: el.closest('[data-testid]')?.getAttribute('data-testid') ?? null,
          scrollWidth: el.scrollWidth,
          clientWidth: el.clientWidth,
          why: ellipsis ? 'ellipsis' : 'nowrap overflow',
        });
      }
    }
    return found;
  });

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

describe.each(WIDTHS)('at %i px wide', (width) => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width, height: 900 } });
    await logIn(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  test.each(PAGES)('the $name page cuts no text off', async ({ path, ready }) => {
    await page.goto(`${BASE}${path}`);
    await page.locator('main h1').first().waitFor({ timeout: 60000 });
    if (ready) await page.getByTestId(ready).first().waitFor({ timeout: 60000 });
    await page.waitForLoadState('networkidle');
    await closeBanner(page);
    // Loaders give way to the page's content.
    await page
      .locator('main [aria-busy="true"], main [role="progressbar"][aria-valuetext]')
      .first()
      .waitFor({ state: 'detached', timeout: 10000 })
      .catch(() => undefined);
    expect(await cutTexts(page)).toEqual([]);
  });
});
