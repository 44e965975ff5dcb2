import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, closeBanner, openAdmin, openAdminAs } from './browser';

/**
 * The admin home page's two journey widgets: the default journey's gaps, most searched first
 * (the demo imports Search Console demand), and the entries waiting for tags; both hidden from
 * a role that may not read coverage.
 */
let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'];
const INTENT_NAMES: Record<string, string> = {
  informational: 'Informational',
  commercial: 'Commercial',
  transactional: 'Transactional',
  navigational: 'Navigational',
  local: 'Local',
};

interface Coverage {
  journey: { key: string; name: string; stages: Array<{ key: string; name: string }> };
  types: Array<{ uid: string; name: string }>;
  cells: Array<{ stage: string; intent: string | null; published: number }>;
  expected: Record<string, Record<string, boolean>>;
}
interface DemandMatrix {
  totals: { queries: number };
  cells: Array<{ stage: string; intent: string; monthly: number }>;
}

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1500, height: 1100 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
});

test('the widgets count the default journey’s gaps, most searched first, and the entries waiting', async () => {
  // What the widgets should say, worked out here from the routes the coverage page and the
  // review queue read.
  const coverage = await api<Coverage>('GET', '/journey/coverage');
  const published = (stage: string, intent: string) =>
    coverage.cells
      .filter((c) => c.stage === stage && c.intent === intent)
      .reduce((sum, c) => sum + c.published, 0);
  const { data: demand } = await api<{ data: DemandMatrix }>(
    'GET',
    `/journey/demand/matrix?journey=${coverage.journey.key}&metric=impressions`
  );
  expect(demand.totals.queries).toBeGreaterThan(0);
  const monthly = (stage: string, intent: string) =>
    demand.cells
      .filter((c) => c.stage === stage && c.intent === intent)
      .reduce((sum, c) => sum + c.monthly, 0);
  const gaps = coverage.journey.stages.flatMap((stage) =>
    // As the coverage page: empty and expected by the stage.
    INTENTS.filter(
      (intent) => coverage.expected[stage.key]?.[intent] && published(stage.key, intent) === 0
    ).map((intent) => ({
      label: `${stage.name} × ${INTENT_NAMES[intent]}`,
      monthly: monthly(stage.key, intent),
    }))
  );
  // The demo's usage stage expects commercial content and has none published.
  expect(gaps.length).toBeGreaterThan(0);
  // The demo's queries land on covered cells, so its gaps may all read 0: the order among
  // searched gaps is the unit test's (home-widgets.test.ts); here, the figure shown is the first's.
  const top = Math.max(...gaps.map((g) => g.monthly));
  let waiting = 0;
  for (const type of coverage.types) {
    const queue = await api<{ meta: { untagged: number } }>(
      'GET',
      `/journey/suggestions?contentType=${type.uid}&page=1&pageSize=1`
    );
    waiting += queue.meta.untagged;
  }
  expect(waiting).toBeGreaterThan(0);

  await page.goto(`${BASE}/admin`);
  await closeBanner(page);
  const gapCount = page.getByTestId('journey-widget-gap-count');
  await gapCount.waitFor({ timeout: 60000 });
  expect(await gapCount.textContent()).toBe(
    `${gaps.length} ${gaps.length === 1 ? 'gap' : 'gaps'} in ${coverage.journey.name}`
  );
  const lines = page.getByTestId('journey-widget-gap');
  expect(await lines.count()).toBe(Math.min(5, gaps.length));
  // Ranked by demand: the first line is a gap with the most impressions a month.
  const first = (await lines.first().textContent()) ?? '';
  const firstGap = gaps.find((g) => first.includes(g.label));
  expect(firstGap?.monthly).toBe(top);
  expect(first).toContain(`${Math.round(top).toLocaleString('en')} impressions a month`);

  const queueCount = page.getByTestId('journey-widget-queue-count');
  await queueCount.waitFor({ timeout: 30000 });
  expect(await queueCount.textContent()).toBe(
    waiting === 1 ? '1 entry waiting for tags' : `${waiting} entries waiting for tags`
  );
  expect(await page.getByText('Most searched first').count()).toBe(1);
  await page.getByTestId('journey-widget-coverage').scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'home-widgets.png'), fullPage: true });

  // A gap leads to its stage on the coverage page.
  await lines.first().getByRole('link').click();
  await page.waitForURL(/\/admin\/plugins\/journey\?journey=[^&]+&stage=[^&]+&demand=impressions/);
  await page.getByText('Journey coverage').first().waitFor({ timeout: 30000 });
});

test('a role that may not read coverage sees neither widget', async () => {
  const { context, page: reader } = await openAdminAs(browser, {
    role: 'Article reader, no coverage',
    firstname: 'Nina',
    lastname: 'Nocoverage',
    permissions: [
      {
        action: 'plugin::content-manager.explorer.read',
        subject: 'api::article.article',
        properties: { fields: ['title'], locales: ['en'] },
        conditions: [],
      },
    ],
  });
  // The home page checks every widget's permissions at once and then shows the allowed ones:
  // once the content manager's "Last edited entries" shows what it found, ours were decided.
  await reader.getByText('Last edited entries').waitFor({ timeout: 60000 });
  try {
    await reader
      .getByText('Published', { exact: true })
      .or(reader.getByText('No edited entries'))
      .first()
      .waitFor({ timeout: 60000 });
  } catch (error) {
    await reader.screenshot({ path: path.join(os.tmpdir(), 'home-widgets-reader-failed.png') });
    throw error;
  }
  expect(await reader.getByText('Journey gaps').count()).toBe(0);
  expect(await reader.getByText('Waiting for tags').count()).toBe(0);
  expect(await reader.getByTestId('journey-widget-coverage').count()).toBe(0);
  expect(await reader.getByTestId('journey-widget-queue').count()).toBe(0);
  await context.close();
  // The same page as the demo's admin does show them: the check above is not vacuous.
  await page.goto(`${BASE}/admin`);
  await page.getByText('Journey gaps').first().waitFor({ timeout: 60000 });
  await page.getByText('Waiting for tags').first().waitFor({ timeout: 60000 });
});
