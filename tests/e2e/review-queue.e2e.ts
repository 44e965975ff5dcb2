import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, closeBanner, openAdmin } from './browser';

/**
 * The review queue: untagged entries with the classifier's suggestion; accept one, skip one,
 * edit then accept, and accept all above a confidence on the page.
 */
let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const ARTICLES = '/content-manager/collection-types/api::article.article';
const QUEUE = '/admin/plugins/journey/queue?contentType=api::article.article&locale=en';

const readDraft = async (documentId: string) => {
  const { data } = await api<{
    data: { searchIntent: string | null; journeyStages: Array<{ key: string }> };
  }>('GET', `${ARTICLES}/${documentId}?locale=en&status=draft`);
  return { stages: data.journeyStages.map((s) => s.key).sort(), intent: data.searchIntent };
};

const TITLES = {
  buy: 'Buy winter running jacket online',
  unclear: 'Xyzzy plugh',
  compare: 'Compare running watches',
  howTo: 'How to choose trail running shoes',
  nearMe: 'Winter running tips near me',
  price: 'Running shoes price and reviews',
};
type Key = keyof typeof TITLES;
const ids = {} as Record<Key, string>;

const row = (key: Key) => page.getByTestId(`queue-row-${ids[key]}`);
const gone = (key: Key) => row(key).waitFor({ state: 'detached', timeout: 15000 });

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1500, height: 1100 }));
  fs.mkdirSync(SHOTS, { recursive: true });
  for (const [key, title] of Object.entries(TITLES) as Array<[Key, string]>) {
    const { data } = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
      title,
    });
    ids[key] = data.documentId;
  }
});
afterAll(async () => {
  await browser?.close();
});

test('the coverage page’s Untagged count leads to the queue, which lists the suggestions', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  await page.getByTestId('coverage-untagged-link').click();
  await page.waitForURL(/\/plugins\/journey\/queue\?/);
  await row('buy').waitFor({ timeout: 30000 });
  await closeBanner(page);
  expect(await row('buy').getByTestId('queue-intent').textContent()).toBe('Transactional');
  expect(await row('buy').textContent()).toMatch(/Decision/);
  expect(await row('buy').getByTestId('queue-confidence').textContent()).toBe('100%');
  expect(await row('buy').textContent()).toMatch(/buy \(action modifier\)/);
  // Not guessed: listed as having no clear intent.
  expect(await row('unclear').getByTestId('queue-intent').textContent()).toBe('No clear intent');
  await page.mouse.move(10, 1090);
  await page.screenshot({ path: path.join(SHOTS, 'review-queue.png'), fullPage: true });
});

test('accept one, skip one, edit then accept', async () => {
  await page.goto(`${BASE}${QUEUE}`);
  await row('buy').waitFor({ timeout: 30000 });

  await row('buy').getByTestId('queue-accept').click();
  await gone('buy');
  expect(await readDraft(ids.buy)).toEqual({ stages: ['decision'], intent: 'transactional' });
  // Accepting wrote the draft: the page says so and offers the content manager's publish.
  await page.getByTestId('publish-notice').waitFor({ timeout: 10000 });
  expect(await page.getByTestId('publish-notice-text').textContent()).toBe(
    '1 entry tagged, saved on the drafts: publish to make the tags live'
  );
  expect(await page.getByTestId('publish-written').textContent()).toBe('Publish 1 entry');

  await row('unclear').getByTestId('queue-skip').click();
  await gone('unclear');
  expect(await readDraft(ids.unclear)).toEqual({ stages: [], intent: null });

  // The classifier says local; the editor says informational, in awareness.
  await row('nearMe').getByTestId('queue-edit-open').click();
  const edit = page.getByTestId('queue-edit');
  await edit.waitFor({ timeout: 10000 });
  await edit.getByRole('combobox', { name: 'Search intent' }).click();
  await page.getByRole('option', { name: 'Informational' }).click();
  await page.getByTestId('queue-edit-stage-customer-awareness').click();
  await page.getByTestId('queue-edit-accept').click();
  await gone('nearMe');
  expect(await readDraft(ids.nearMe)).toEqual({ stages: ['awareness'], intent: 'informational' });
});

test('accept all above a confidence on this page leaves the rest in the queue', async () => {
  await page.goto(`${BASE}${QUEUE}`);
  await row('compare').waitFor({ timeout: 30000 });
  const threshold = page.getByLabel('Confidence at least (%)');
  await threshold.fill('60');
  const button = page.getByTestId('queue-accept-page');
  await button.click();
  await gone('compare');
  await gone('howTo');
  // Below 60%: still waiting for an editor.
  await row('price').waitFor();
  expect(await row('price').getByTestId('queue-confidence').textContent()).toBe('25%');
  expect(await readDraft(ids.compare)).toEqual({ stages: ['consideration'], intent: 'commercial' });
  expect(await readDraft(ids.howTo)).toEqual({ stages: ['awareness'], intent: 'informational' });
  expect(await readDraft(ids.price)).toEqual({ stages: [], intent: null });

  // Each accepted batch is a change that can be undone.
  const { data } = await api<{ data: Array<{ kind: string; counts: { entries: number } }> }>(
    'GET',
    '/journey/tags/changes?pageSize=10'
  );
  expect(data[0].kind).toBe('queue');
  expect(data[0].counts.entries).toBeGreaterThanOrEqual(2);
});

test('accept all above a confidence in a filter: only that suggested intent, on every page', async () => {
  await page.goto(`${BASE}${QUEUE}&intent=commercial`);
  await row('price').waitFor({ timeout: 30000 });
  // The intent filter shows commercial suggestions only.
  for (const text of await page.getByTestId('queue-intent').allTextContents()) {
    expect(text).toBe('Commercial');
  }
  await page.getByLabel('Confidence at least (%)').fill('20');
  await page.getByTestId('queue-accept-filter').click();
  await gone('price');
  expect(await readDraft(ids.price)).toEqual({ stages: ['consideration'], intent: 'commercial' });
});

test('the backlog run computes suggestions with a progress bar', async () => {
  await page.goto(`${BASE}${QUEUE}`);
  await page.getByTestId('queue-counts').waitFor({ timeout: 30000 });
  // Entries whose suggestions no page view has computed yet: the run's backlog.
  for (const title of ['Book a gait analysis in Oslo', 'What is pronation?']) {
    await api('POST', `${ARTICLES}?locale=en`, { title });
  }
  await page.getByTestId('queue-run').click();
  const progress = page.getByTestId('queue-progress');
  await progress.waitFor({ timeout: 15000 });
  expect(await progress.getByRole('progressbar').count()).toBe(1);
  await page.getByText(/^Suggestions computed for \d+ entr(y|ies)$/).waitFor({ timeout: 60000 });
  const { data } = await api<{ data: { running: boolean; processed: number; total: number } }>(
    'GET',
    '/journey/suggestions/status'
  );
  expect(data.running).toBe(false);
  expect(data.total).toBeGreaterThanOrEqual(2);
  expect(data.processed).toBe(data.total);
});
