import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, closeBanner, launch, logIn } from './browser';

/**
 * Search demand from the admin, end to end: a keyword-tool file whose headers the server does not
 * know (Norwegian, semicolon separated, as Excel writes it in Norway) is mapped, previewed and
 * imported; its numbers then show in the coverage matrix's demand layer, and an unserved query
 * becomes a draft with its stage, intent and the query already filled in.
 */

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const FIXTURE = path.resolve(__dirname, 'fixtures/demand-nb.csv');
const SOURCE = 'Keyword tool (browser test)';
/** Informational in Norwegian, and nothing in the demo's content answers it. */
const UNSERVED = 'hvordan trene til halvmaraton';
/** Moved by hand from awareness to usage: breathing is a question of people who already run. */
const MOVED = 'hvordan puste når man løper';

interface Matrix {
  cells: Array<{ stage: string; intent: string; monthly: number; queries: number }>;
}
interface Import {
  id: number;
  source: string;
  locale: string;
}

/** The fixture's rows, as a spreadsheet would read them. */
const fixtureRows = () =>
  fs
    .readFileSync(FIXTURE, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(';'));

const pick = async (label: string, option: string | RegExp) => {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
};

beforeAll(async () => {
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  // Leaving the unsaved draft may ask first; the test means to leave it.
  page.on('dialog', (dialog) => void dialog.accept());
  await logIn(page);
  fs.mkdirSync(SHOTS, { recursive: true });
  // A rerun against the same database starts from no import of this source and no override
  // (which outlives the import, by design; absent, the route answers 404).
  await api(
    'DELETE',
    `/journey/demand/overrides?journey=customer&locale=nb&query=${encodeURIComponent(MOVED)}`
  ).catch(() => undefined);
  const { data } = await api<{ data: Import[] }>('GET', '/journey/demand/imports?journey=customer');
  for (const old of data.filter((i) => i.source === SOURCE)) {
    await api('DELETE', `/journey/demand/imports/${old.id}`);
  }
});
afterAll(async () => {
  await browser?.close();
});

test('a file with unknown headers is mapped, previewed with its numbers, then imported', async () => {
  await page.goto(`${BASE}/admin/plugins/journey/demand`);
  // The form waits for the permission check; the first visit also loads the admin's chunks.
  await page.getByTestId('demand-file-zone').waitFor({ timeout: 60000 });
  await closeBanner(page);
  // Strapi's pattern: a drop zone and a button; the browser's own input is hidden behind them.
  expect(await page.getByTestId('demand-file-name').textContent()).toBe('No file chosen');
  await page.getByTestId('demand-file').setInputFiles(FIXTURE);
  await page
    .getByTestId('demand-file-name')
    .filter({ hasText: /^demand-nb\.csv \(\d/ })
    .waitFor({ timeout: 10000 });
  await pick('Language of the queries', /Norwegian/);
  await page.getByTestId('demand-source').fill(SOURCE);
  await page.getByTestId('demand-period-monthly').click();
  await page.getByTestId('demand-preview-button').click();

  // The server does not know "Frase" and "Treff per måned": the page asks which is which and
  // shows the file's raw rows to decide by.
  await page.getByTestId('demand-mapping').waitFor({ timeout: 30000 });
  await page.getByTestId('demand-mapping').getByText('hvordan trene til halvmaraton').waitFor();
  expect(await page.getByTestId('demand-import-button').isDisabled()).toBe(true);
  await pick('Query', 'Frase');
  await pick('Search volume', 'Treff per måned');
  await page.getByTestId('demand-preview-button').click();

  const rows = fixtureRows();
  const valid = rows.filter(([query]) => query.trim() !== '');
  await page.getByTestId('demand-preview').waitFor({ timeout: 30000 });
  expect(await page.getByTestId('demand-preview-read').textContent()).toBe(String(rows.length));
  expect(await page.getByTestId('demand-preview-valid').textContent()).toBe(String(valid.length));
  expect(await page.getByTestId('demand-preview-skipped').textContent()).toBe('1');
  // The empty query's line (the header is line 1) and why it was left out.
  const emptyLine = rows.findIndex(([query]) => query.trim() === '') + 2;
  expect(await page.getByTestId('demand-preview-skipped-line').allTextContents()).toEqual([
    `Line ${emptyLine}: empty query`,
  ]);
  // Intents found, with their volumes: the three questions are informational.
  const informational = page.getByTestId('demand-preview-intent-informational');
  await informational.waitFor();
  expect(await informational.textContent()).toContain('Informational');
  expect(await page.getByTestId('demand-preview-sample-row').count()).toBe(valid.length);
  await closeBanner(page);
  await page.mouse.move(800, 1150);
  await page.screenshot({ path: path.join(SHOTS, 'demand-import.png'), fullPage: true });

  await page.getByTestId('demand-import-button').click();
  await page.getByText(`${valid.length} queries imported from ${SOURCE}.`).waitFor();
  const row = page.getByTestId('demand-import-row').filter({ hasText: SOURCE });
  await row.waitFor();
  expect(await row.textContent()).toContain('Monthly volume');
  expect(await row.textContent()).toContain('Norwegian');
});

test('the matrix shows the imported demand beside the supply, and the gap list ranks it', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?locale=nb&demand=volume`);
  const cell = page.getByTestId('demand-cell-awareness-informational');
  await cell.waitFor({ timeout: 30000 });
  const { data } = await api<{ data: Matrix }>(
    'GET',
    '/journey/demand/matrix?journey=customer&locale=nb&metric=volume'
  );
  const expected = data.cells.find((c) => c.stage === 'awareness' && c.intent === 'informational');
  // The three informational questions of the file, a month each (a monthly-volume import).
  const questions = fixtureRows().filter(([query]) => /^(hvordan|hva) /.test(query));
  const volume = questions.reduce((sum, [, n]) => sum + Number(n), 0);
  expect(expected?.monthly).toBe(volume);
  expect(await cell.getAttribute('data-demand')).toBe(String(volume));
  // No-break spaces keep each half of the note whole in a narrow cell.
  expect(await cell.textContent()).toMatch(/search(es)?\/mo · \d+\sdocs?/);

  // Turning the layer off takes the numbers away, and on again brings them back.
  await page.getByTestId('demand-layer-toggle').click();
  await cell.waitFor({ state: 'detached' });
  await page.getByTestId('demand-layer-toggle').click();
  await pick('Demand metric', 'Search volume');
  await cell.waitFor();
  // The priority list is the server's ranking of gaps and thin cells, ten at most.
  const ranking = (
    await api<{ data: { ranking: unknown[] } }>(
      'GET',
      '/journey/demand/matrix?journey=customer&locale=nb&metric=volume'
    )
  ).data.ranking;
  await page.getByText('Priority', { exact: true }).waitFor();
  expect(await page.getByTestId('demand-priority-line').count()).toBe(Math.min(10, ranking.length));
});

test('an unserved query of a cell becomes a draft with its stage, intent and the query filled in', async () => {
  await page.getByTestId('demand-cell-awareness-informational').click();
  const drill = page.getByTestId('demand-drilldown');
  await drill.waitFor();
  const query = drill.getByTestId('demand-query-row').filter({ hasText: UNSERVED });
  await query.waitFor({ timeout: 30000 });
  expect(await query.getAttribute('data-served')).toBe('false');
  expect(await query.getByTestId('demand-unserved').count()).toBe(1);

  await query.getByTestId('demand-create-draft').click();
  await page.waitForURL(/\/create\?/);
  expect(new URL(page.url()).searchParams.get('journeyTitle')).toBe(UNSERVED);
  await page.getByTestId('journey-stage-awareness').waitFor({ timeout: 30000 });
  await expect(
    page.getByTestId('journey-stage-awareness').getAttribute('aria-pressed')
  ).resolves.toBe('true');
  await page.getByText('Informational').first().waitFor();
  // The demo's types have no focus-keyword field: the query goes into the title.
  await expect(page.getByLabel(/^title/i).inputValue()).resolves.toBe(UNSERVED);
});

test('a query moved to another stage leaves its cell and shows as overridden in the new one', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?locale=nb&demand=volume`);
  await page.getByTestId('demand-cell-awareness-informational').click();
  const drill = page.getByTestId('demand-drilldown');
  const row = drill.getByTestId('demand-query-row').filter({ hasText: MOVED });
  await row.waitFor({ timeout: 30000 });
  await row.getByTestId('demand-override').click();
  await pick('Stage of this query', /^Usage/);
  await drill.getByTestId('demand-override-save').click();
  await row.waitFor({ state: 'detached' });
  const { data } = await api<{ data: Array<{ query: string; stage: string | null }> }>(
    'GET',
    '/journey/demand/overrides?journey=customer&locale=nb'
  );
  expect(data.find((o) => o.query === MOVED)?.stage).toBe('usage');

  await page.getByRole('button', { name: 'Close' }).first().click();
  await page.getByTestId('demand-cell-usage-informational').click();
  const moved = page
    .getByTestId('demand-drilldown')
    .getByTestId('demand-query-row')
    .filter({ hasText: MOVED });
  await moved.waitFor({ timeout: 30000 });
  expect(await moved.getByTestId('demand-overridden').count()).toBe(1);
});

test('the coverage page with the demo’s Search Console demand: screenshot', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?demand=impressions`);
  await page.getByTestId('demand-priority-line').first().waitFor({ timeout: 30000 });
  await page.getByTestId('demand-totals').waitFor();
  await closeBanner(page);
  await page.mouse.move(800, 1150);
  await page.screenshot({ path: path.join(SHOTS, 'demand-layer.png'), fullPage: true });
});

test('deleting the import asks first, then takes it out of the list', async () => {
  await page.goto(`${BASE}/admin/plugins/journey/demand`);
  const row = page.getByTestId('demand-import-row').filter({ hasText: SOURCE });
  await row.waitFor({ timeout: 30000 });
  await row.getByTestId('demand-import-delete').click();
  await page.getByTestId('demand-import-delete-confirm').click();
  await row.waitFor({ state: 'detached' });
  const { data } = await api<{ data: Import[] }>('GET', '/journey/demand/imports?journey=customer');
  expect(data.filter((i) => i.source === SOURCE)).toEqual([]);
});
