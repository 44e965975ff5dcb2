import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, openAdmin } from './browser';

/**
 * One control per field: the raw `journeyStages` relation picker and `searchIntent` select are
 * hidden (`visible: false`), and the Journey panel alone shows and saves both.
 */
let browser: Browser;
let page: Page;

const ARTICLES = '/content-manager/collection-types/api::article.article';

/** The draft as the content manager reads it: hidden relations come fully populated. */
const readDraft = async (documentId: string) =>
  (
    await api<{
      data: { title: string; searchIntent: string | null; journeyStages: Array<{ key: string }> };
    }>('GET', `${ARTICLES}/${documentId}?locale=en&status=draft`)
  ).data;

const stageKeys = (draft: { journeyStages: Array<{ key: string }> }) =>
  draft.journeyStages.map((s) => s.key).sort();

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1400, height: 1000 }));
});
afterAll(async () => {
  await browser?.close();
});

test('the edit view has no raw journeyStages picker or searchIntent select; the panel saves both', async () => {
  const stages = await api<{ data: Array<{ stages: Array<{ key: string; documentId: string }> }> }>(
    'GET',
    '/journey/journeys'
  );
  const awareness = stages.data[0].stages.find((s) => s.key === 'awareness');
  const created = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
    title: 'Edit view: one control per field',
    journeyStages: { connect: [{ documentId: awareness?.documentId, locale: null }] },
    searchIntent: 'informational',
  });
  const { documentId } = created.data;

  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article/${documentId}?plugins[i18n][locale]=en`
  );
  await page.getByTestId('journey-stage-awareness').waitFor({ timeout: 30000 });
  await page.getByLabel(/^title/i).waitFor();

  // The form holds the type's own fields only: no raw relation picker, no raw enum select.
  const form = page.locator('main');
  expect(await form.getByText(/^journeyStages/).count()).toBe(0);
  expect(await form.getByText(/^searchIntent/).count()).toBe(0);
  expect(await page.locator('[name="journeyStages"], [name="searchIntent"]').count()).toBe(0);

  // The panel shows what is saved, though the form no longer carries the fields.
  expect(await page.getByTestId('journey-stage-awareness').getAttribute('aria-pressed')).toBe(
    'true'
  );
  const intentSelect = page.getByRole('combobox', { name: 'Search intent' });
  expect(await intentSelect.textContent()).toContain('Informational');

  // Choose in the panel and save: both reach the database through the edit view's own save.
  await page.getByTestId('journey-stage-awareness').click();
  await page.getByTestId('journey-stage-decision').click();
  await intentSelect.click();
  await page.getByRole('option', { name: 'Transactional' }).click();
  await page.getByRole('button', { name: 'Save' }).click();
  const deadline = Date.now() + 15000;
  let draft = await readDraft(documentId);
  while (draft.searchIntent !== 'transactional' && Date.now() < deadline) {
    await page.waitForTimeout(300);
    draft = await readDraft(documentId);
  }
  expect(draft.searchIntent).toBe('transactional');
  expect(stageKeys(draft)).toEqual(['decision']);

  // After a reload the panel shows the saved state again.
  await page.reload();
  await page.getByTestId('journey-stage-decision').waitFor({ timeout: 30000 });
  expect(await page.getByTestId('journey-stage-decision').getAttribute('aria-pressed')).toBe(
    'true'
  );
  expect(await page.getByTestId('journey-stage-awareness').getAttribute('aria-pressed')).toBe(
    'false'
  );
  expect(await intentSelect.textContent()).toContain('Transactional');

  // A second save that leaves the intent alone keeps it: the form starts without the field.
  await page.getByTestId('journey-stage-decision').click();
  await page.getByTestId('journey-stage-usage').click();
  await page.getByRole('button', { name: 'Save' }).click();
  const again = Date.now() + 15000;
  draft = await readDraft(documentId);
  while (!stageKeys(draft).includes('usage') && Date.now() < again) {
    await page.waitForTimeout(300);
    draft = await readDraft(documentId);
  }
  expect(stageKeys(draft)).toEqual(['usage']);
  expect(draft.searchIntent).toBe('transactional');
});

test('the list view keeps the Journey column and filters, and the raw fields are not offered again', async () => {
  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article?page=1&pageSize=10&sort=title:ASC&plugins[i18n][locale]=en&filters[$and][0][searchIntent][$eq]=transactional`
  );
  const headers = page.locator('thead').first();
  await headers.waitFor({ timeout: 30000 });
  const headerText = (await headers.textContent()) ?? '';
  expect(headerText).toMatch(/Journey stages/);
  expect(headerText).toMatch(/Search intent/);
  expect(headerText).not.toMatch(/journeyStages|searchIntent/);
  const intents = await page.locator('tbody tr').allTextContents();
  expect(intents.length).toBeGreaterThan(0);
  for (const row of intents) expect(row).toContain('Transactional');

  // The content manager's first-visit tour covers the toolbar.
  const skip = page.getByRole('button', { name: 'Skip' });
  if (await skip.isVisible()) await skip.click();
  await page.getByRole('button', { name: 'Filters' }).click();
  await page.getByRole('combobox', { name: /select field/i }).click();
  const options = await page.getByRole('option').allTextContents();
  expect(options).toContain('Journey stages');
  expect(options).toContain('Search intent');
  expect(options).not.toContain('journeyStages');
  expect(options).not.toContain('searchIntent');
  await page.keyboard.press('Escape');
});

test('the public intent example (docs/search-intent.md) answers in the demo', async () => {
  const res = await fetch(
    `${BASE}/api/journey/intent?q=${encodeURIComponent('köpa löparskor stockholm')}`
  );
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { intent: string | null } };
  expect(body.data.intent).toBe('transactional');
});
