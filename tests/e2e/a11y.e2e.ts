/// <reference lib="dom" />
import type { Browser, Page } from 'playwright-core';
import { BASE, launch, logIn } from './browser';

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

let browser: Browser;

beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/**
 * axe-core on the page's main region: the plugin's own UI. Strapi's menu and header are not
 * ours to fix, so they stay out of the count.
 */
const axe = async (page: Page): Promise<Violation[]> => {
  await page.addScriptTag({ path: require.resolve('axe-core') });
  const result = await page.evaluate(async () => {
    const run = (
      window as unknown as {
        axe: {
          run: (context: unknown, options: unknown) => Promise<{ violations: Violation[] }>;
        };
      }
    ).axe.run;
    return run({ include: [['main']] }, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
};

const PAGES: Array<[string, string, string]> = [
  ['journey map', '/admin/plugins/journey/map?journey=customer', 'journey-map-published'],
  ['coverage', '/admin/plugins/journey', 'coverage-row-awareness'],
  ['Settings → Journey', '/admin/settings/journey', 'journey-settings-stage-awareness'],
];

describe.each(['light', 'dark'])('in the %s theme', (theme) => {
  let page: Page;
  beforeAll(async () => {
    page = await browser.newPage({ viewport: { width: 1600, height: 1100 } });
    await page.addInitScript((value) => localStorage.setItem('STRAPI_THEME', value), theme);
    await logIn(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  test.each(PAGES)('%s has no serious or critical axe violations', async (_name, url, testId) => {
    await page.goto(`${BASE}${url}`);
    if (testId) await page.getByTestId(testId).first().waitFor({ timeout: 60000 });
    else await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 60000 });
    await page.mouse.move(800, 1090);
    const violations = await axe(page);
    // The list, not just its length, so a failure says what to fix.
    expect(
      violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
      }))
    ).toEqual([]);
  });
});
