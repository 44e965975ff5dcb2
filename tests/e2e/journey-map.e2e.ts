/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminToken, logIn, openAdmin } from './browser';

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const INTENTS = ['informational', 'commercial', 'transactional', 'navigational', 'local'];

interface Stage {
  key: string;
  name: string;
  emotion?: number | null;
  nextStages?: string[] | null;
}
interface Journey {
  key: string;
  stages: Stage[];
}
interface CoverageCell {
  stage: string;
  intent: string | null;
  published: number;
}

const api = async <T>(url: string, init: RequestInit = {}): Promise<T> => {
  const res = await fetch(`${BASE}/journey${url}`, {
    ...init,
    headers: {
      authorization: `Bearer ${await adminToken()}`,
      'content-type': 'application/json',
    },
  });
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

const customerJourney = async () =>
  (await api<{ data: Journey[] }>('/journeys')).data.find((j) => j.key === 'customer') as Journey;

/** Polls until the check holds: the map refetches after a reorder. */
const waitFor = async (check: () => Promise<boolean>, timeoutMs = 15000) => {
  const started = Date.now();
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

const openMap = async (target: Page) => {
  await target.goto(`${BASE}/admin/plugins/journey/map?journey=customer`);
  await target.getByTestId('journey-map').waitFor({ timeout: 60000 });
  // The content row is filled once coverage has answered.
  await target.getByTestId('journey-map-published').first().waitFor({ timeout: 30000 });
  await target.getByTestId('journey-map-recent-awareness').waitFor({ timeout: 30000 });
};

/** Stages whose next stages this file set, put back in afterAll. */
const setNext: string[] = [];

/**
 * The demo seeds emotion scores and opportunities but no next stages (they change what
 * /api/journey/next serves, which the storefront test reads): whatever the demo lacks is filled
 * from the customer starter (server/src/starters/customer.json) through the stage route, and the
 * next stages are cleared again after this file.
 */
const fillMapFields = async () => {
  const journey = await customerJourney();
  const starter = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../server/src/starters/customer.json'), 'utf8')
  ) as { journeys: Array<{ stages: Array<Record<string, unknown>> }> };
  for (const stage of journey.stages as Array<
    Stage & { documentId: string; opportunities?: string[] | null }
  >) {
    const from = starter.journeys[0].stages.find((s) => s.key === stage.key);
    if (!from) continue;
    const patch: Record<string, unknown> = {};
    if (typeof stage.emotion !== 'number' && typeof from.emotion === 'number') {
      patch.emotion = from.emotion;
    }
    if (!stage.opportunities?.length && from.opportunities)
      patch.opportunities = from.opportunities;
    if (!stage.nextStages?.length && (from.nextStages as string[] | undefined)?.length) {
      patch.nextStages = from.nextStages;
      setNext.push(stage.documentId);
    }
    if (Object.keys(patch).length) {
      await api(`/stages/${stage.documentId}`, { method: 'PUT', body: JSON.stringify(patch) });
    }
  }
};

beforeAll(async () => {
  await fillMapFields();
  ({ browser, page } = await openAdmin({ width: 1600, height: 1100 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  for (const documentId of setNext) {
    await api(`/stages/${documentId}`, {
      method: 'PUT',
      body: JSON.stringify({ nextStages: [] }),
    });
  }
});

test('the tab opens the map: stage columns in order and content numbers from the coverage service', async () => {
  await page.goto(`${BASE}/admin/plugins/journey`);
  await page.getByTestId('journey-tab-map').click();
  await page.waitForURL(/\/plugins\/journey\/map/);
  await openMap(page);
  const journey = await customerJourney();
  const heads = await page
    .locator('[data-testid^="journey-map-stage-"]')
    .evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')));
  expect(heads).toEqual(journey.stages.map((s) => `journey-map-stage-${s.key}`));
  expect(await page.getByTestId('journey-map-stage-awareness').textContent()).toContain(
    'Awareness'
  );
  // The demo fills goals, touchpoints and KPIs: those rows show; rows no stage fills do not.
  await page.getByTestId('journey-map-row-customerGoal').waitFor();
  // Managers' cells start with a hidden "Edit … :" for screen readers; the visible text ends it.
  expect(await page.getByTestId('journey-map-cell-customerGoal-awareness').textContent()).toMatch(
    /Understand a need and find out who can meet it\.$/
  );

  const { cells, expected } = await api<{
    cells: CoverageCell[];
    expected: Record<string, Record<string, boolean>>;
  }>('/coverage?journey=customer');
  for (const stage of journey.stages) {
    const mine = cells.filter((c) => c.stage === stage.key);
    const published = mine.reduce((sum, c) => sum + c.published, 0);
    const content = page.getByTestId(`journey-map-content-${stage.key}`);
    expect(await content.getByTestId('journey-map-published').textContent()).toBe(
      `${published} published`
    );
    const empty = INTENTS.filter(
      (intent) => !mine.some((c) => c.intent === intent && c.published > 0)
    );
    // The coverage page's rule: an empty intent is a gap only where the stage expects it.
    const gaps = empty.filter((intent) => expected[stage.key][intent]);
    for (const intent of INTENTS) {
      const pill = page.getByTestId(`journey-map-pill-${stage.key}-${intent}`);
      expect(await pill.getAttribute('data-gap')).toBe(gaps.includes(intent) ? 'true' : 'false');
      const idle = empty.includes(intent) && !gaps.includes(intent);
      expect(await pill.getAttribute('data-idle')).toBe(idle ? 'true' : 'false');
      // A gap says so in words, not only by its empty look; so does an intent nobody expects.
      if (gaps.includes(intent)) expect(await pill.textContent()).toMatch(/: gap$/);
      if (idle) expect(await pill.textContent()).toMatch(/, not expected in this stage$/);
    }
    const link = page.getByTestId(`journey-map-gaps-${stage.key}`);
    expect(await link.getAttribute('data-count')).toBe(String(gaps.length));
    expect(await link.getAttribute('href')).toBe(
      `/admin/plugins/journey?journey=customer&stage=${stage.key}`
    );
  }
  // The demo leaves awareness without transactional content; awareness does not expect it, so
  // the map, as the coverage page, shows an empty intent and no gap.
  const awarenessTransactional = page.getByTestId('journey-map-pill-awareness-transactional');
  expect(await awarenessTransactional.getAttribute('data-gap')).toBe('false');
  expect(await awarenessTransactional.getAttribute('data-idle')).toBe('true');
  // Recent documents link to their edit views.
  const recent = page.getByTestId('journey-map-recent-awareness').locator('a');
  expect(await recent.count()).toBeGreaterThan(0);
  expect(await recent.count()).toBeLessThanOrEqual(3);
  expect(await recent.first().getAttribute('href')).toMatch(/^\/admin\/content-manager\//);

  // The gap count leads to the coverage matrix filtered to that stage.
  await page.getByTestId('journey-map-gaps-awareness').click();
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  expect(await page.locator('[data-testid^="coverage-row-"]').count()).toBe(1);
});

test('the emotion curve has a point per scored stage, the low point marked in text, loops drawn as arrows', async () => {
  await openMap(page);
  const journey = await customerJourney();
  const scored = journey.stages.filter((s) => typeof s.emotion === 'number');
  expect(scored.length).toBeGreaterThan(1);
  expect(await page.locator('[data-testid^="journey-map-point-"]').count()).toBe(scored.length);
  for (const stage of scored) {
    expect(
      await page.getByTestId(`journey-map-point-${stage.key}`).getAttribute('data-emotion')
    ).toBe(String(stage.emotion));
  }
  // The customer starter's lowest score is −1 (consideration and usage): both carry the marker.
  const min = Math.min(...scored.map((s) => s.emotion as number));
  const lows = scored.filter((s) => s.emotion === min).map((s) => s.key);
  for (const key of lows) {
    expect(
      await page
        .getByTestId(`journey-map-point-${key}`)
        .getByTestId('journey-map-low-point')
        .textContent()
    ).toContain('Low point');
  }
  expect(await page.getByTestId('journey-map-low-point').count()).toBe(lows.length);
  // Declared loops are drawn and named: loyalty goes back to decision.
  const declared = journey.stages.flatMap((s) => (s.nextStages ?? []).map((to) => [s.key, to]));
  expect(declared).toContainEqual(['loyalty', 'decision']);
  expect(
    await page.getByTestId('journey-map-arrow-loyalty-decision').locator('text').textContent()
  ).toBe('back to Decision / purchase');
});

test('keyboard reorder: Move right saves the order through the stages/order route', async () => {
  await openMap(page);
  const before = (await customerJourney()).stages.map((s) => s.key);
  const button = page.getByRole('button', { name: `Move Awareness right` });
  await button.focus();
  await page.keyboard.press('Enter');
  await waitFor(async () => (await customerJourney()).stages[1]?.key === 'awareness');
  const after = (await customerJourney()).stages.map((s) => s.key);
  expect(after).toEqual([before[1], before[0], ...before.slice(2)]);
  await waitFor(
    async () =>
      (await page
        .locator('[data-testid^="journey-map-stage-"]')
        .first()
        .getAttribute('data-testid')) === `journey-map-stage-${before[1]}`
  );
  // Focus stays on the moved stage's button, so a keyboard user can keep moving it: back, by
  // keyboard again, so the demo keeps its order.
  const left = page.getByRole('button', { name: `Move Awareness left` });
  await waitFor(async () => !(await left.isDisabled()));
  await waitFor(async () =>
    page.evaluate(() => document.activeElement?.getAttribute('data-move') === 'awareness:1')
  );
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Space');
  await waitFor(async () => (await customerJourney()).stages[0]?.key === 'awareness');
  expect((await customerJourney()).stages.map((s) => s.key)).toEqual(before);
});

test('edit in place: Enter on a cell opens the field editor, Save stores it for Settings too', async () => {
  await openMap(page);
  const journey = await customerJourney();
  const before = (journey.stages[0] as Stage & { customerGoal?: string }).customerGoal;
  const cell = page.locator('[data-edit="customerGoal:awareness"]');
  await cell.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('stage-field-editor');
  await editor.waitFor();
  const input = editor.getByRole('textbox').first();
  await input.fill('Find out that the problem has a name.');
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.waitFor({ state: 'detached' });
  expect(await page.getByTestId('journey-map-cell-customerGoal-awareness').textContent()).toMatch(
    /: Find out that the problem has a name\.$/
  );
  const saved = (await customerJourney()).stages[0] as Stage & { customerGoal?: string };
  expect(saved.customerGoal).toBe('Find out that the problem has a name.');
  // Settings → Journey reads the same stage: the change is there on its next load.
  await page.goto(`${BASE}/admin/settings/journey`);
  const row = page.getByTestId('journey-settings-stage-awareness');
  await row.waitFor({ timeout: 30000 });
  await row.getByRole('button', { name: 'Edit stage' }).click();
  expect(await page.getByRole('dialog').getByLabel('Customer goal').inputValue()).toBe(
    'Find out that the problem has a name.'
  );
  await page.keyboard.press('Escape');
  // Put the demo back as it was.
  await api(`/stages/${(journey.stages[0] as Stage & { documentId: string }).documentId}`, {
    method: 'PUT',
    body: JSON.stringify({ customerGoal: before ?? '' }),
  });
});

test('the emotion score is edited in place too, and the curve follows', async () => {
  await openMap(page);
  const journey = await customerJourney();
  const awareness = journey.stages[0] as Stage & { documentId: string };
  const cell = page.locator('[data-edit="emotion:awareness"]');
  await cell.focus();
  await page.keyboard.press('Enter');
  const editor = page.getByTestId('stage-field-editor');
  await editor.getByRole('combobox').click();
  await page.getByRole('option', { name: /delighted/i }).click();
  await editor.getByRole('button', { name: 'Save' }).click();
  await editor.waitFor({ state: 'detached' });
  await waitFor(
    async () =>
      (await page.getByTestId('journey-map-point-awareness').getAttribute('data-emotion')) === '2'
  );
  expect(await page.getByTestId('journey-map-cell-emotion-awareness').textContent()).toMatch(
    /\+2 delighted$/
  );
  expect((await customerJourney()).stages[0].emotion).toBe(2);
  await api(`/stages/${awareness.documentId}`, {
    method: 'PUT',
    body: JSON.stringify({ emotion: awareness.emotion ?? null }),
  });
});

test('print to PDF gives one landscape page', async () => {
  await openMap(page);
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.emulateMedia({ media: 'screen' });
  const text = pdf.toString('latin1');
  const pages = text.match(/\/Type\s*\/Page(?!s)/g) ?? [];
  expect(pages).toHaveLength(1);
  const box = text.match(/\/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)\s*\]/);
  expect(box).not.toBeNull();
  const [, x0, y0, x1, y1] = (box as RegExpMatchArray).map(Number);
  expect(x1 - x0).toBeGreaterThan(y1 - y0);
});

test('Download PNG gives a PNG of the map', async () => {
  await openMap(page);
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download PNG' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('journey-map-customer.png');
  const file = await download.path();
  const png = fs.readFileSync(file as string);
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  // IHDR width and height: twice the map's size on screen.
  const width = png.readUInt32BE(16);
  const mapWidth = await page.getByTestId('journey-map').evaluate((el) => el.scrollWidth);
  expect(width).toBe(mapWidth * 2);
  expect(png.readUInt32BE(20)).toBeGreaterThan(200);
});

test.each(['light', 'dark'])('screenshot of the map in the %s theme', async (theme) => {
  // Tall enough for the whole map: no scrolling, so the sticky header stays off the picture.
  const themed = await browser.newPage({ viewport: { width: 1600, height: 1900 } });
  await themed.addInitScript((value) => localStorage.setItem('STRAPI_THEME', value), theme);
  await logIn(themed);
  await openMap(themed);
  await themed.mouse.move(800, 1890);
  await themed.getByTestId('journey-map').screenshot({
    path: path.join(SHOTS, theme === 'dark' ? 'journey-map-dark.png' : 'journey-map.png'),
  });
  await themed.close();
});
