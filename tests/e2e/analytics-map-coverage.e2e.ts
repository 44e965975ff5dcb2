/// <reference lib="dom" />
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi, closeBanner, openAdmin, openAdminAs } from './browser';

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

interface StageRow {
  stage: { documentId: string; key: string };
  sessions: number;
  movedOnShare: number | null;
  measuredEmotion: number | null;
}
interface TrafficCell {
  stageDocumentId: string;
  intent: string | null;
  views: number;
}

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1440, height: 1000 }));
}, 120000);

afterAll(async () => {
  await browser?.close();
});

test('the demo ships analytics: a narrowing funnel, measured emotion on some stages, goals', async () => {
  const { data } = await adminApi<{
    data: { journey: { goals: string[] }; stages: StageRow[]; totals: { views: number } };
  }>('GET', '/journey/analytics?journey=customer');
  expect(data.totals.views).toBeGreaterThan(0);
  expect(data.journey.goals).toEqual(expect.arrayContaining(['signup', 'purchase']));
  const sessions = data.stages.map((s) => s.sessions);
  expect(sessions[0]).toBeGreaterThan(sessions[sessions.length - 1]);
  expect(data.stages.some((s) => s.measuredEmotion !== null)).toBe(true);
});

test('the journey map shows the measured figures beside the written ones, and a measured line', async () => {
  const { data } = await adminApi<{ data: { stages: StageRow[] } }>(
    'GET',
    '/journey/analytics?journey=customer'
  );
  await page.goto(`${BASE}/admin/plugins/journey/map?journey=customer`);
  await page.getByTestId('journey-map').waitFor({ timeout: 60000 });
  const figures = page.getByTestId('journey-map-row-measured-figures');
  await figures.waitFor({ timeout: 30000 });

  // The figures row sits right under the written KPIs.
  const next = await page
    .getByTestId('journey-map-row-kpis')
    .evaluate((row) => row.nextElementSibling?.getAttribute('data-testid'));
  expect(next).toBe('journey-map-row-measured-figures');
  for (const row of data.stages) {
    const cell = page.getByTestId(`journey-map-measured-${row.stage.key}`);
    expect(Number(await cell.getAttribute('data-sessions'))).toBe(row.sessions);
  }
  const first = data.stages[0];
  const shown = (await page.getByTestId(`journey-map-measured-${first.stage.key}`).innerText())
    .replace(/\s+/g, ' ')
    .trim();
  expect(shown).toContain(`moved on: ${Math.round((first.movedOnShare as number) * 100)}%`);

  // One dashed diamond point per stage with enough answers, none for the others.
  for (const row of data.stages) {
    const point = page.getByTestId(`journey-map-measured-point-${row.stage.key}`);
    expect(await point.count()).toBe(row.measuredEmotion === null ? 0 : 1);
  }
  const line = page.getByTestId('journey-map-measured-line').first();
  expect(await line.locator('polyline').first().getAttribute('stroke-dasharray')).toBeTruthy();
  expect(await page.getByTestId('journey-map-curve-legend').innerText()).toMatch(/Measured/);
  // The text alternatives: the curve's name and a row in words.
  expect(await page.getByTestId('journey-map-curve').getAttribute('aria-label')).toMatch(
    /Measured emotion from helpful answers: /
  );
  await page.getByTestId('journey-map-row-measured-emotion').waitFor();
  const quiet = data.stages.find((s) => s.measuredEmotion === null);
  if (quiet) {
    expect(
      await page.getByTestId(`journey-map-measured-emotion-${quiet.stage.key}`).innerText()
    ).toMatch(/too few answers/);
  }

  await page.getByTestId('journey-map').screenshot({
    path: path.join(SHOTS, 'journey-map-measured.png'),
  });
});

test('the coverage page’s traffic layer shows views per stage × intent beside supply', async () => {
  const { data } = await adminApi<{ data: { cells: TrafficCell[] } }>(
    'GET',
    '/journey/analytics/traffic?journey=customer'
  );
  const journeys = await adminApi<{
    data: Array<{ key: string; stages: Array<{ key: string; documentId: string }> }>;
  }>('GET', '/journey/journeys');
  const stages = journeys.data.find((j) => j.key === 'customer')?.stages ?? [];
  const busiest = [...data.cells].sort((a, b) => b.views - a.views)[0];
  const stageKey = stages.find((s) => s.documentId === busiest.stageDocumentId)?.key;
  const intent = busiest.intent ?? 'none';
  const views = data.cells
    .filter((c) => c.stageDocumentId === busiest.stageDocumentId && (c.intent ?? 'none') === intent)
    .reduce((n, c) => n + c.views, 0);

  await page.goto(`${BASE}/admin/plugins/journey?journey=customer`);
  await page.getByTestId('traffic-layer-toggle').waitFor({ timeout: 60000 });
  expect(await page.getByTestId(`traffic-cell-${stageKey}-${intent}`).count()).toBe(0);
  await page.getByTestId('traffic-layer-toggle').click();
  await page.waitForURL(/traffic=on/);
  const cell = page.getByTestId(`traffic-cell-${stageKey}-${intent}`);
  await cell.waitFor({ timeout: 30000 });
  expect(Number(await cell.getAttribute('data-views'))).toBe(views);
  // Beside the cell's count of documents, in the same matrix cell.
  expect(
    await page
      .getByTestId(`coverage-cell-${stageKey}-${intent}`)
      .getByTestId(/^traffic-cell-/)
      .count()
  ).toBe(1);
  await page.getByTestId('traffic-layer-hint').waitFor();

  await closeBanner(page);
  await page.getByTestId(`coverage-row-${stages[0].key}`).scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SHOTS, 'coverage-traffic.png'), fullPage: false });
});

test('without analytics.read, the map shows only the written rows and coverage no traffic switch', async () => {
  const { context, page: reader } = await openAdminAs(browser, {
    role: 'Coverage reader, no analytics',
    firstname: 'Wendy',
    lastname: 'Writtenonly',
    permissions: [
      { action: 'plugin::journey.coverage.read', subject: null, properties: {}, conditions: [] },
    ],
  });
  try {
    await reader.goto(`${BASE}/admin/plugins/journey/map?journey=customer`);
    await reader.getByTestId('journey-map').waitFor({ timeout: 60000 });
    // The written curve: the map has its data; the measured rows were never asked for.
    await reader.getByTestId('journey-map-curve').waitFor({ timeout: 30000 });
    await reader.getByTestId('journey-map-row-kpis').waitFor();
    expect(await reader.getByTestId('journey-map-row-measured-figures').count()).toBe(0);
    expect(await reader.getByTestId('journey-map-measured-line').count()).toBe(0);
    await reader.goto(`${BASE}/admin/plugins/journey?journey=customer&traffic=on`);
    await reader.getByTestId('demand-layer').waitFor({ timeout: 60000 });
    expect(await reader.getByTestId('traffic-layer').count()).toBe(0);
    expect(await reader.locator('[data-testid^="traffic-cell-"]').count()).toBe(0);
  } finally {
    await context.close();
  }
});
