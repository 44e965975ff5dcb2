import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import {
  BASE,
  adminApi as api,
  clickOnceThere,
  closeBanner,
  openAdmin,
  openAdminAs,
} from './browser';

/**
 * The list view's Tag bulk action: select entries, choose stages and an intent, see the
 * server's dry run, apply once; the list shows the tags and one change is recorded.
 */
let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const ARTICLES = '/content-manager/collection-types/api::article.article';
const PREFIX = `Bulk tagging e2e ${Date.now().toString(36)}`;

const readDraft = async (documentId: string) =>
  (
    await api<{
      data: { searchIntent: string | null; journeyStages: Array<{ key: string }> };
    }>('GET', `${ARTICLES}/${documentId}?locale=en&status=draft`)
  ).data;

/** Entries with tags of the default journey waiting on publish, as the coverage page counts. */
const pending = async () =>
  (await api<{ total: number }>('GET', '/journey/coverage/pending?locale=en')).total;

/** Published documents in one coverage cell (English articles). */
const publishedIn = async (stage: string, intent: string) =>
  (
    await api<{
      cells: Array<{
        stage: string;
        intent: string | null;
        contentType: string;
        published: number;
      }>;
    }>('GET', '/journey/coverage?locale=en&contentType=api::article.article')
  ).cells
    .filter((c) => c.stage === stage && c.intent === intent)
    .reduce((n, c) => n + c.published, 0);

const changes = async () =>
  (
    await api<{
      data: Array<{ id: number; kind: string; contentType: string; counts: { entries: number } }>;
    }>('GET', '/journey/tags/changes?pageSize=100')
  ).data;

let ids: string[] = [];
let alreadyTagged: string;

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1500, height: 1000 }));
  fs.mkdirSync(SHOTS, { recursive: true });
  const journeys = await api<{
    data: Array<{ stages: Array<{ key: string; documentId: string }> }>;
  }>('GET', '/journey/journeys');
  const consideration = journeys.data[0].stages.find((s) => s.key === 'consideration');
  // Four untagged drafts and one that already has Consideration (and no intent).
  const titles = ['trail shoes', 'winter jackets', 'running socks', 'headlamps'];
  ids = [];
  for (const title of titles) {
    const created = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
      title: `${PREFIX}: ${title}`,
    });
    ids.push(created.data.documentId);
  }
  const tagged = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
    title: `${PREFIX}: rain covers`,
    journeyStages: { connect: [{ documentId: consideration?.documentId, locale: null }] },
  });
  alreadyTagged = tagged.data.documentId;
});
afterAll(async () => {
  await browser?.close();
});

test('tagging the selected entries adds the stage and intent in one recorded change', async () => {
  const before = await changes();
  await page.goto(
    `${BASE}/admin${ARTICLES}?page=1&pageSize=10&sort=title:ASC&plugins[i18n][locale]=en&_q=${encodeURIComponent(PREFIX)}`
  );
  const tour = page.getByRole('button', { name: 'Skip' });
  await page.getByRole('checkbox', { name: 'Select all entries' }).waitFor({ timeout: 30000 });
  if (await tour.isVisible()) await tour.click({ timeout: 3000 }).catch(() => undefined);
  await closeBanner(page);
  await page.getByTestId(`journey-stages-${alreadyTagged}`).waitFor({ timeout: 30000 });
  await page.getByRole('checkbox', { name: 'Select all entries' }).click();
  // The content manager's first-visit tour can open late, over the action bar.
  if (await tour.isVisible()) await tour.click({ timeout: 3000 }).catch(() => undefined);

  await clickOnceThere(page.getByRole('button', { name: 'Tag', exact: true }));
  const modal = page.getByTestId('bulk-tag-modal');
  await modal.waitFor({ timeout: 10000 });
  expect(await modal.textContent()).toMatch(/The 5 selected entries/);
  await page.getByTestId('bulk-stage-customer-consideration').click();
  await modal.getByRole('combobox', { name: 'Search intent' }).click();
  await page.getByRole('option', { name: 'Commercial' }).click();

  // The server's dry run: five entries, +Consideration and the intent; one already had the stage.
  const summary = page.getByTestId('bulk-preview-summary');
  await summary.waitFor({ timeout: 10000 });
  await expectText(summary, /^5 entries: \+Consideration, intent → commercial/);
  expect(await page.getByTestId('bulk-preview').textContent()).toMatch(
    /Consideration: 1 entry already had it/
  );
  // That one still changes (it gets the intent): all five will.
  expect(await summary.textContent()).not.toMatch(/; \d+ entr(y|ies) already had it/);
  expect(await page.getByTestId('bulk-apply').textContent()).toBe('Apply to 5 entries');
  await page.mouse.move(10, 990);
  await page.screenshot({ path: path.join(SHOTS, 'bulk-tagging.png') });

  const pendingBefore = await pending();
  await page.getByTestId('bulk-apply').click();
  // Articles have draft & publish: the dialog stays and says where the tags went.
  const done = page.getByTestId('bulk-tag-done');
  await done.waitFor({ timeout: 10000 });
  expect(await page.getByTestId('publish-notice-text').textContent()).toBe(
    '5 entries tagged, saved on the drafts: publish to make the tags live'
  );
  await page
    .getByText('5 entries tagged, saved on the drafts: publish to make the tags live')
    .first()
    .waitFor({ timeout: 10000 });
  expect(await page.getByTestId('publish-written').textContent()).toBe('Publish these 5 entries');
  // Never published, tagged now: the five wait on publish (the one that had Consideration
  // already did).
  expect(await pending()).toBe(pendingBefore + 4);
  await page.mouse.move(10, 990);
  await page.screenshot({ path: path.join(SHOTS, 'bulk-tag-publish.png') });
  await page.getByTestId('bulk-close').click();
  await done.waitFor({ state: 'detached', timeout: 10000 });

  // The list refetched: every row shows the stage badge and the intent.
  for (const documentId of ids) {
    const cell = page.getByTestId(`journey-stages-${documentId}`);
    await cell.waitFor({ timeout: 15000 });
    expect(await cell.textContent()).toMatch(/Consideration/);
  }
  const intents = await page.locator('tbody tr').allTextContents();
  expect(intents.filter((row) => row.includes(PREFIX)).every((row) => /Commercial/.test(row))).toBe(
    true
  );

  // In the drafts, and one change recorded for the five entries.
  for (const documentId of [...ids, alreadyTagged]) {
    const draft = await readDraft(documentId);
    expect(draft.journeyStages.map((s) => s.key)).toEqual(['consideration']);
    expect(draft.searchIntent).toBe('commercial');
  }
  const after = await changes();
  expect(after.length).toBe(before.length + 1);
  expect(after[0]).toMatchObject({
    kind: 'bulk',
    contentType: 'api::article.article',
    counts: { entries: 5 },
  });
});

const expectText = async (locator: ReturnType<Page['getByTestId']>, pattern: RegExp) => {
  const deadline = Date.now() + 10000;
  let text = '';
  while (Date.now() < deadline) {
    text = (await locator.textContent()) ?? '';
    if (pattern.test(text)) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(text).toMatch(pattern);
};

test('"all entries matching the current filters" sends the list query and tags every match', async () => {
  // The list filtered by its search box, on one page of two rows: the other matches are on
  // later pages and are tagged all the same.
  await page.goto(
    `${BASE}/admin${ARTICLES}?page=1&pageSize=2&sort=title:ASC&plugins[i18n][locale]=en&_q=${encodeURIComponent(PREFIX)}`
  );
  const all = page.getByRole('checkbox', { name: 'Select all entries' });
  await all.waitFor({ timeout: 30000 });
  await page.getByTestId(`journey-stages-${alreadyTagged}`).waitFor({ timeout: 30000 });
  await all.click();
  await clickOnceThere(page.getByRole('button', { name: 'Tag', exact: true }));
  const modal = page.getByTestId('bulk-tag-modal');
  await modal.waitFor({ timeout: 10000 });
  await expectText(modal, /The 2 selected entries.*All 5 entries matching the current filters/);
  await page.getByTestId('bulk-scope-matching').click();
  // Replace: every match ends with exactly Awareness and Informational, whatever it had.
  await page.getByTestId('bulk-mode-set').click();
  await page.getByTestId('bulk-stage-customer-awareness').click();
  await modal.getByRole('combobox', { name: 'Search intent' }).click();
  await page.getByRole('option', { name: 'Informational' }).click();
  const summary = page.getByTestId('bulk-preview-summary');
  await expectText(summary, /^5 entries: stages → Awareness, intent → informational/);
  await page.getByTestId('bulk-apply').click();
  await page.getByTestId('bulk-tag-done').waitFor({ timeout: 10000 });
  for (const documentId of [...ids, alreadyTagged]) {
    const draft = await readDraft(documentId);
    expect(draft.journeyStages.map((s) => s.key)).toEqual(['awareness']);
    expect(draft.searchIntent).toBe('informational');
  }

  // Publishing exactly those five through the content manager's bulk publish: coverage counts
  // them in Awareness × Informational, and nothing of theirs waits on publish any more.
  const publishedBefore = await publishedIn('awareness', 'informational');
  const pendingBefore = await pending();
  await page.getByTestId('publish-written').click();
  await page.getByTestId('publish-written-done').waitFor({ timeout: 30000 });
  expect(await page.getByTestId('publish-written-done').textContent()).toBe(
    '5 entries published: the tags are live'
  );
  expect(await publishedIn('awareness', 'informational')).toBe(publishedBefore + 5);
  expect(await pending()).toBe(pendingBefore - 5);
  for (const documentId of [...ids, alreadyTagged]) {
    const published = await api<{ data: { journeyStages: Array<{ key: string }> } }>(
      'GET',
      `${ARTICLES}/${documentId}?locale=en&status=published`
    );
    expect(published.data.journeyStages.map((s) => s.key)).toEqual(['awareness']);
  }
  await page.getByTestId('bulk-close').click();
  await modal.waitFor({ state: 'detached', timeout: 10000 });

  // The coverage page says what still waits (the demo's own drafts, if any), near the top.
  const left = await pending();
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  if (left > 0) {
    expect(await page.getByTestId('coverage-pending-text').textContent()).toBe(
      `${left} ${left === 1 ? 'entry has' : 'entries have'} tags waiting on publish`
    );
  } else {
    expect(await page.getByTestId('coverage-pending').count()).toBe(0);
  }
});

test('the coverage page counts tags waiting on publish and leads to the list', async () => {
  // One published entry whose draft then gets another stage by a bulk tag.
  const created = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
    title: `${PREFIX}: waiting`,
  });
  const { documentId } = created.data;
  await api('POST', `${ARTICLES}/${documentId}/actions/publish?locale=en`, {});
  const journeys = await api<{
    data: Array<{ stages: Array<{ key: string; documentId: string }> }>;
  }>('GET', '/journey/journeys');
  const usage = journeys.data[0].stages.find((s) => s.key === 'usage')?.documentId;
  const tagged = await api<{ data: { written: Array<{ documentIds: string[] }> } }>(
    'POST',
    '/journey/tags/bulk',
    {
      contentType: 'api::article.article',
      locale: 'en',
      documentIds: [documentId],
      stages: { add: [usage] },
    }
  );
  expect(tagged.data.written[0].documentIds).toEqual([documentId]);
  const left = await pending();
  expect(left).toBeGreaterThan(0);
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  const text = page.getByTestId('coverage-pending-text');
  await text.waitFor({ timeout: 30000 });
  expect(await text.textContent()).toBe(
    `${left} ${left === 1 ? 'entry has' : 'entries have'} tags waiting on publish`
  );
  await page.mouse.move(10, 990);
  await page.screenshot({ path: path.join(SHOTS, 'coverage-pending.png') });
  await page.getByTestId('coverage-pending-link').first().click();
  await page.waitForURL(/content-manager\/collection-types\/api::article\.article\?/);
  await page.getByRole('checkbox', { name: 'Select all entries' }).waitFor({ timeout: 30000 });
});

test('a role that may read and delete articles but not update them gets no Tag action', async () => {
  const { context, page: reader } = await openAdminAs(browser, {
    role: 'Article reader',
    firstname: 'Rita',
    lastname: 'Reader',
    permissions: ['read', 'delete'].map((action) => ({
      action: `plugin::content-manager.explorer.${action}`,
      subject: 'api::article.article',
      properties: action === 'read' ? { fields: ['title'], locales: ['en'] } : { locales: ['en'] },
      conditions: [],
    })),
  });
  await reader.goto(
    `${BASE}/admin${ARTICLES}?page=1&pageSize=10&plugins[i18n][locale]=en&_q=${encodeURIComponent(PREFIX)}`
  );
  const all = reader.getByRole('checkbox', { name: 'Select all entries' });
  await all.waitFor({ timeout: 30000 });
  const tour = reader.getByRole('button', { name: 'Skip' });
  if (await tour.isVisible()) await tour.click({ timeout: 3000 }).catch(() => undefined);
  await all.click();
  // The bar is there (Delete, which the role may do), without Tag.
  await reader.getByRole('button', { name: 'Delete', exact: true }).waitFor({ timeout: 10000 });
  expect(await reader.getByRole('button', { name: 'Tag', exact: true }).count()).toBe(0);
  await context.close();
});
