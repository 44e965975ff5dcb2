/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, closeBanner, openAdmin } from './browser';

/**
 * The coverage page's numbers explain themselves, at the 1440 px a laptop shows: only the cells a
 * stage expects are gaps, the demand total says the period its monthly rate comes from, demand
 * no stage takes has a line of its own with a way to place it, and the stage names stay in view.
 */

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'];

interface Coverage {
  journey: { stages: Array<{ key: string; name: string }> };
  expected: Record<string, Record<string, boolean>>;
  cells: Array<{ stage: string; intent: string | null; published: number }>;
}
interface DemandMatrix {
  totals: {
    monthly: number;
    demand: number;
    unplaced: {
      queries: number;
      monthly: number;
      top: Array<{ query: string; locale: string; intent: string }>;
    };
  };
}

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1440, height: 900 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('only empty cells the stage expects are gaps; the others are shown empty, and At a glance names only gaps', async () => {
  const coverage = await api<Coverage>('GET', '/journey/coverage?journey=customer');
  await page.goto(`${BASE}/admin/plugins/journey?journey=customer`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 60000 });
  await closeBanner(page);
  const published = (stage: string, intent: string) =>
    coverage.cells
      .filter((c) => c.stage === stage && c.intent === intent)
      .reduce((sum, c) => sum + c.published, 0);
  let gaps = 0;
  let idle = 0;
  for (const { key } of coverage.journey.stages) {
    for (const intent of INTENTS) {
      const cell = page.getByTestId(`coverage-cell-${key}-${intent}`);
      const expected = coverage.expected[key][intent];
      expect(await cell.getAttribute('data-expected')).toBe(String(expected));
      const gap = expected && published(key, intent) === 0;
      expect(await cell.getAttribute('data-gap')).toBe(String(gap));
      expect(await cell.getByText('Gap', { exact: true }).count()).toBe(gap ? 1 : 0);
      if (gap) gaps += 1;
      if (!expected && published(key, intent) === 0) idle += 1;
    }
  }
  // With every locale shown the demo has one expected gap (usage × commercial; its Swedish
  // loyalty gap shows under the sv filter, see coverage.e2e.ts), and empty cells nobody expects
  // (awareness × transactional) stay unflagged.
  expect(gaps).toBeGreaterThan(0);
  expect(idle).toBeGreaterThan(0);
  // Loyalty × navigational is no combination anyone needs: empty, and neither flagged nor listed.
  expect(coverage.expected.loyalty.navigational).toBe(false);
  expect(
    await page.getByTestId('coverage-cell-loyalty-navigational').getAttribute('data-gap')
  ).toBe('false');
  const lines = await page.getByTestId('coverage-summary-line').allTextContents();
  const intentLines = lines.filter((line) => /: nothing /.test(line));
  expect(intentLines.length).toBe(
    coverage.journey.stages.reduce(
      (n, s) =>
        // a stage with nothing published has one "no published content" line instead
        coverage.cells.some((c) => c.stage === s.key && c.published > 0)
          ? n +
            INTENTS.filter((i) => coverage.expected[s.key][i] && published(s.key, i) === 0).length
          : n,
      0
    )
  );
  expect(lines.some((line) => /^Loyalty[^:]*: nothing navigational$/.test(line))).toBe(false);
});

test('the demand total says it is a monthly rate and the period it is computed from', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?journey=customer&demand=impressions`);
  const totals = page.getByTestId('demand-totals');
  await totals.waitFor({ timeout: 60000 });
  const { data } = await api<{ data: DemandMatrix }>(
    'GET',
    '/journey/demand/matrix?journey=customer&metric=impressions'
  );
  const text = (await totals.textContent()) ?? '';
  // "≈15,428 impressions a month (46,126 over 91 days), from 212 queries, 40 unserved"
  expect(text).toMatch(
    /^≈[\d,]+ impressions a month \([\d,]+ over \d+(–\d+)? days\), from [\d,]+ queries, [\d,]+ unserved$/
  );
  expect(text).toContain(`≈${Math.round(data.totals.monthly).toLocaleString('en-US')} impressions`);
  expect(text).toContain(`(${Math.round(data.totals.demand).toLocaleString('en-US')} over `);
});

test('demand no stage takes has its own line, with its queries and a way to place each', async () => {
  const read = async () =>
    (
      await api<{ data: DemandMatrix }>(
        'GET',
        '/journey/demand/matrix?journey=customer&metric=impressions'
      )
    ).data.totals.unplaced;
  const unplaced = await read();
  expect(unplaced.queries).toBeGreaterThan(0);
  const panel = page.getByTestId('demand-unplaced');
  await panel.waitFor({ timeout: 30000 });
  const line = (await page.getByTestId('demand-unplaced-line').textContent()) ?? '';
  expect(line).toContain(
    `${Math.round(unplaced.monthly).toLocaleString('en-US')} impressions a month`
  );
  expect(line).toMatch(/\(\d+% of the total\)/);
  const rows = panel.getByTestId('demand-unplaced-row');
  expect(await rows.count()).toBe(unplaced.top.length);
  expect(await rows.first().textContent()).toContain(unplaced.top[0].query);
  // The admin scrolls inside its own frame, so a full-page shot would stop at the matrix.
  await panel.scrollIntoViewIfNeeded();
  await panel.screenshot({ path: path.join(SHOTS, 'coverage-unplaced.png') });

  // Placing the first one: it gets an intent, the mapping gives it a stage, it leaves the list.
  const first = unplaced.top[0];
  // Exactly this query: a bare product word is also part of longer queries.
  const byQuery = () => rows.filter({ has: page.getByText(first.query, { exact: true }) });
  const row = byQuery().first();
  await row.getByRole('combobox', { name: `Search intent of “${first.query}”` }).click();
  await page.getByRole('option', { name: 'Commercial', exact: true }).click();
  await row.getByTestId('demand-unplaced-save').click();
  try {
    await byQuery().first().waitFor({ state: 'detached' });
    const { data } = await api<{ data: Array<{ query: string; intent: string | null }> }>(
      'GET',
      `/journey/demand/overrides?journey=customer&locale=${first.locale}`
    );
    expect(data.find((o) => o.query === first.query)?.intent).toBe('commercial');
    expect((await read()).queries).toBe(unplaced.queries - 1);
  } finally {
    // The demo's data as it was, for the tests that follow.
    await api(
      'DELETE',
      `/journey/demand/overrides?journey=customer&locale=${first.locale}&query=${encodeURIComponent(first.query)}`
    ).catch(() => undefined);
  }
});

test('at 1440 px with demand on, the matrix fits, and the stage names stay in view when it scrolls', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?journey=customer&demand=impressions`);
  await page.getByTestId('demand-totals').waitFor({ timeout: 60000 });
  await page.getByTestId('coverage-row-awareness').waitFor();
  const table = page.getByTestId('coverage-row-awareness').locator('xpath=ancestor::table');
  const sizes = await table.evaluate((el) => {
    let box: HTMLElement | null = el.parentElement;
    while (box && getComputedStyle(box).overflowX !== 'auto') box = box.parentElement;
    return box ? { scroll: box.scrollWidth, client: box.clientWidth } : null;
  });
  // The five stages × five intents with demand: no sideways scrolling at a laptop's width.
  expect(sizes).not.toBeNull();
  expect(sizes?.scroll).toBeLessThanOrEqual((sizes?.client ?? 0) + 1);
  await page.mouse.move(700, 880);
  await page.screenshot({ path: path.join(SHOTS, 'coverage-1440-demand.png'), fullPage: true });

  // Narrower than the table: it scrolls, and the stage column stays at its left edge.
  await page.setViewportSize({ width: 1000, height: 900 });
  const stageCell = page.getByTestId('coverage-row-awareness').locator('td').first();
  const before = await stageCell.boundingBox();
  const scrolled = await table.evaluate((el) => {
    let box: HTMLElement | null = el.parentElement;
    while (box && getComputedStyle(box).overflowX !== 'auto') box = box.parentElement;
    if (!box) return 0;
    box.scrollLeft = box.scrollWidth;
    return box.scrollLeft;
  });
  expect(scrolled).toBeGreaterThan(0);
  const after = await stageCell.boundingBox();
  expect(after?.x).toBeCloseTo(before?.x ?? -1, 0);
  // Still the top element there: the cells scrolled under it do not show through.
  const visible = await stageCell.evaluate((td) => {
    const r = td.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return !!top && td.contains(top);
  });
  expect(visible).toBe(true);
  expect(await stageCell.textContent()).toContain('Awareness');
  await page.setViewportSize({ width: 1440, height: 900 });
});

test('a stage’s expected intents are edited in its settings dialog and change the matrix only', async () => {
  const journeys = async () =>
    (
      await api<{
        data: Array<{
          key: string;
          stages: Array<{ key: string; documentId: string; expectedIntents?: string[] | null }>;
        }>;
      }>('GET', '/journey/journeys')
    ).data.find((j) => j.key === 'customer');
  const loyalty = (await journeys())?.stages.find((s) => s.key === 'loyalty');
  const before = await api<Coverage>('GET', '/journey/coverage?journey=customer');
  await page.goto(`${BASE}/admin/settings/journey`);
  const row = page.getByTestId('journey-settings-stage-loyalty');
  await row.waitFor({ timeout: 30000 });
  try {
    await row.getByRole('button', { name: 'Edit stage' }).click();
    const dialog = page.getByRole('dialog');
    // Nobody chose yet: the field says the default and where it comes from.
    await dialog
      .getByText('The default, from the intent mapping: Transactional.', { exact: false })
      .waitFor();
    await dialog.getByRole('combobox', { name: 'Expected search intents' }).click();
    await page.getByRole('option', { name: 'Navigational' }).click();
    // Escape closes the open list only, not the dialog.
    await page.keyboard.press('Escape');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 10000 });
    expect((await journeys())?.stages.find((s) => s.key === 'loyalty')?.expectedIntents).toEqual([
      'transactional',
      'navigational',
    ]);
    const after = await api<Coverage>('GET', '/journey/coverage?journey=customer');
    expect(after.expected.loyalty.navigational).toBe(true);
    // View only: the counts are the same.
    expect(after.cells).toEqual(before.cells);
    await page.goto(`${BASE}/admin/plugins/journey?journey=customer`);
    const cell = page.getByTestId('coverage-cell-loyalty-navigational');
    await cell.waitFor({ timeout: 30000 });
    expect(await cell.getAttribute('data-expected')).toBe('true');
  } finally {
    await api('PUT', `/journey/stages/${loyalty?.documentId}`, { expectedIntents: null });
  }
});
