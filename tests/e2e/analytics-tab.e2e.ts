/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import type { AnalyticsEffect, AnalyticsResponse } from '../../server/src/domain/analytics-types';
import { BASE, adminApi as api, closeBanner, launch, logIn, openAdminAs } from './browser';

/**
 * The Journey analytics tab against the demo's seeded rollups (90 days of sessions for the
 * customer journey, demo/src/seed/analytics.ts): the funnel shows the route's figures, the
 * matrix and its table agree, the matrix is reachable and walkable by keyboard, the effect panel
 * shows an interval, and axe finds nothing serious in the light or the dark theme.
 */

let browser: Browser;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const DAY_MS = 24 * 60 * 60 * 1000;
const day = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);
/** The tab's default period: the last 30 days, today included. */
const PERIOD = { from: day(-29), to: day(0) };
const URL = `${BASE}/admin/plugins/journey/analytics?journey=customer`;

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: string[] }>;
}

/** axe-core on the main region, as tests/e2e/a11y.e2e.ts runs it: Strapi's menu is not ours. */
const axe = async (page: Page) => {
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
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      id: v.id,
      help: v.help,
      targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')),
    }));
};

const openTab = async (theme?: 'light' | 'dark') => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1400 } });
  if (theme) {
    await page.addInitScript((value) => localStorage.setItem('STRAPI_THEME', value), theme);
  }
  await logIn(page);
  await page.goto(URL);
  await page.getByTestId('analytics-funnel').waitFor({ timeout: 60000 });
  return page;
};

let expected: AnalyticsResponse;

beforeAll(async () => {
  browser = await launch();
  fs.mkdirSync(SHOTS, { recursive: true });
  const query = new URLSearchParams({ journey: 'customer', ...PERIOD }).toString();
  expected = (await api<{ data: AnalyticsResponse }>('GET', `/journey/analytics?${query}`)).data;
});
afterAll(async () => {
  await browser?.close();
});

describe('the analytics tab', () => {
  let page: Page;
  beforeAll(async () => {
    page = await openTab();
    await closeBanner(page);
  });
  afterAll(async () => {
    await page?.close();
  });

  test('is a tab beside the others, and the current one', async () => {
    await expect(
      page.getByTestId('journey-tab-analytics').getAttribute('aria-current')
    ).resolves.toBe('page');
    await expect(page.getByTestId('journey-tab-coverage').count()).resolves.toBe(1);
  });

  test('the funnel shows the seeded sessions per stage, in position order', async () => {
    // The seed made sessions: a funnel of zeros would pass for an empty tab.
    expect(expected.totals.sessions).toBeGreaterThan(0);
    const stages = [...expected.stages].sort((a, b) => a.stage.position - b.stage.position);
    const rows = page.getByTestId('analytics-funnel').locator('li');
    await expect(rows.count()).resolves.toBe(stages.length);
    for (const [i, row] of stages.entries()) {
      const item = rows.nth(i);
      await expect(item.getAttribute('data-testid')).resolves.toBe(
        `analytics-funnel-${row.stage.key}`
      );
      await expect(item.getAttribute('data-sessions')).resolves.toBe(String(row.sessions));
      await expect(item.innerText()).resolves.toContain(
        `${row.sessions.toLocaleString('en')} session`
      );
    }
    await expect(page.getByTestId('analytics-totals').innerText()).resolves.toContain(
      `${expected.totals.sessions.toLocaleString('en')} session`
    );
  });

  test('the matrix and its table alternative show the same moves', async () => {
    const cells = page.getByTestId('analytics-matrix-grid').locator('[data-moves]');
    const grid = new Map<string, number>();
    for (const cell of await cells.all()) {
      const id = (await cell.getAttribute('data-testid'))!.replace('analytics-matrix-', '');
      grid.set(id, Number(await cell.getAttribute('data-moves')));
    }
    const stageCount = expected.stages.length;
    expect(grid.size).toBe(stageCount * (stageCount - 1));
    const moved = [...grid].filter(([, moves]) => moves > 0);
    expect(moved.length).toBeGreaterThan(0);

    await page.getByTestId('analytics-matrix-toggle').click();
    const table = page.getByTestId('analytics-matrix-table');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect(rows.count()).resolves.toBe(moved.length);
    for (const [id, moves] of moved) {
      const cell = page.getByTestId(`analytics-move-${id}`).locator('[data-moves]');
      await expect(cell.getAttribute('data-moves')).resolves.toBe(String(moves));
    }
    await page.getByTestId('analytics-matrix-toggle').click();
    await page.getByTestId('analytics-matrix-grid').waitFor();
  });

  test('the matrix is one tab stop, walked with the arrow keys, each cell naming its moves', async () => {
    await page.getByTestId('analytics-matrix-toggle').focus();
    await page.keyboard.press('Tab');
    const focused = () =>
      page.evaluate(() => ({
        label: document.activeElement?.getAttribute('aria-label') ?? null,
        cell: document.activeElement?.getAttribute('data-cell') ?? null,
      }));
    const stages = [...expected.stages].sort((a, b) => a.stage.position - b.stage.position);
    const first = await focused();
    expect(first.cell).toBe('0-1');
    expect(first.label).toMatch(/^From .+ to .+: \d+ moves?$/);
    await page.keyboard.press('ArrowRight');
    await expect(focused()).resolves.toMatchObject({ cell: '0-2' });
    await page.keyboard.press('ArrowDown');
    await expect(focused()).resolves.toMatchObject({ cell: '1-2' });
    // The diagonal has no cell: left from 1-2 steps over 1-1 to 1-0.
    await page.keyboard.press('ArrowLeft');
    const there = await focused();
    expect(there.cell).toBe('1-0');
    const moves = await page
      .getByTestId(`analytics-matrix-${stages[1].stage.key}-${stages[0].stage.key}`)
      .getAttribute('data-moves');
    expect(there.label).toContain(`: ${Number(moves).toLocaleString('en')} move`);
    // One tab stop: Tab leaves the grid.
    await page.keyboard.press('Tab');
    await expect(focused()).resolves.toMatchObject({ cell: null });
  });

  test('the effect panel shows the rates before and after a date and the 95% interval', async () => {
    const stage = [...expected.stages].sort((a, b) => a.stage.position - b.stage.position)[0];
    const date = day(-30);
    const query = new URLSearchParams({
      journey: expected.journey.documentId,
      stage: stage.stage.documentId,
      date,
      days: '28',
    }).toString();
    const effect = (
      await api<{ data: AnalyticsEffect }>('GET', `/journey/analytics/effect?${query}`)
    ).data;
    // Weeks of seeded sessions at the first stage: enough on both sides.
    expect(effect.enough).toBe(true);

    await page.getByTestId('analytics-effect-date').fill(date);
    const interval = page.getByTestId('analytics-effect-interval');
    await interval.waitFor({ timeout: 30000 });
    const text = await interval.innerText();
    expect(text).toContain('95% interval');
    const signed = (n: number) =>
      new Intl.NumberFormat('en', {
        signDisplay: 'exceptZero',
        minimumFractionDigits: 1,
        maximumFractionDigits: 1,
      }).format(n * 100);
    expect(text).toContain(`${signed(effect.interval![0])} to ${signed(effect.interval![1])}`);
    await expect(page.getByTestId('analytics-effect-before').innerText()).resolves.toContain(
      `of ${effect.before.views.toLocaleString('en')} view`
    );
    await expect(page.getByTestId('analytics-effect-after').innerText()).resolves.toContain(
      `of ${effect.after.views.toLocaleString('en')} view`
    );

    // The admin scrolls inside its own layout, not the page: a tall window shows the whole tab.
    await page.getByTestId('analytics-effect-date').blur();
    await page.setViewportSize({ width: 1440, height: 3000 });
    await page.mouse.move(1430, 2990);
    await page.screenshot({ path: path.join(SHOTS, 'analytics-tab.png') });
    await page.setViewportSize({ width: 1440, height: 1400 });
  });

  test('without data on one side, the effect panel says so and why', async () => {
    // The seed starts 89 days ago: the 28 days before that have no views.
    await page.getByTestId('analytics-effect-date').fill(day(-89));
    const notEnough = page.getByTestId('analytics-effect-not-enough');
    await notEnough.waitFor({ timeout: 30000 });
    await expect(notEnough.innerText()).resolves.toContain('Not enough data');
    await expect(notEnough.innerText()).resolves.toContain('no views before the date');
    await expect(page.getByTestId('analytics-effect-interval').count()).resolves.toBe(0);
  });

  test('a stage’s movers and drop-off points link to their edit views', async () => {
    const detail = expected.perStage.find((d) => d.movers.length > 0);
    expect(detail).toBeDefined();
    const stage = expected.stages.find((s) => s.stage.documentId === detail!.stageDocumentId)!;
    await page.getByRole('combobox', { name: 'Stage' }).first().click();
    await page.getByRole('option', { name: stage.stage.name }).click();
    const movers = page.getByTestId('analytics-movers');
    await expect(movers.locator('tbody tr').count()).resolves.toBe(detail!.movers.length);
    const top = detail!.movers[0];
    const first = movers.locator('tbody tr').first();
    await expect(first.innerText()).resolves.toContain(top.title);
    // The demo's admin may read every entry: each title leads to its edit view.
    expect(top.editPath).not.toBeNull();
    await expect(first.getByRole('link').getAttribute('href')).resolves.toContain(top.documentId);
  });
});

test('a source without data shows the empty state, which says how to get data', async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  try {
    await logIn(page);
    // The demo imported nothing from an analytics tool.
    await page.goto(`${URL}&source=imports`);
    const empty = page.getByTestId('analytics-empty');
    await empty.waitFor({ timeout: 60000 });
    await expect(empty.innerText()).resolves.toContain('all sources');
    await page.getByRole('combobox', { name: 'Source' }).click();
    await page.getByRole('option', { name: 'All sources' }).click();
    await page.getByTestId('analytics-funnel').waitFor({ timeout: 60000 });
  } finally {
    await page.close();
  }
});

test('a role that may read coverage but not analytics sees neither the tab nor the page', async () => {
  const { context, page } = await openAdminAs(browser, {
    role: 'Coverage reader',
    firstname: 'Cora',
    lastname: 'Reader',
    permissions: [
      { action: 'plugin::journey.coverage.read', subject: null, properties: {}, conditions: [] },
    ],
  });
  try {
    await page.goto(`${BASE}/admin/plugins/journey`);
    await page.getByTestId('journey-tab-coverage').waitFor({ timeout: 60000 });
    await expect(page.getByTestId('journey-tab-analytics').count()).resolves.toBe(0);
    await page.goto(URL);
    await page.getByText(/permissions to access/i).waitFor({ timeout: 60000 });
    await expect(page.getByTestId('analytics-funnel').count()).resolves.toBe(0);
  } finally {
    await context.close();
  }
});

describe.each(['light', 'dark'] as const)('in the %s theme', (theme) => {
  test('axe finds no serious or critical violations on the tab, grid and table', async () => {
    const page = await openTab(theme);
    try {
      await page.mouse.move(1430, 1390);
      await expect(axe(page)).resolves.toEqual([]);
      await page.getByTestId('analytics-matrix-toggle').click();
      await page.getByTestId('analytics-matrix-table').waitFor();
      await expect(axe(page)).resolves.toEqual([]);
    } finally {
      await page.close();
    }
  });
});
