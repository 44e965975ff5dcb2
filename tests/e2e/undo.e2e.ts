import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, closeBanner, openAdmin } from './browser';

/**
 * Recent tag changes: undo a bulk change from the list, after a confirmation; entries get back
 * their exact previous tags, and one changed since is left alone and named.
 */
let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');
const ARTICLES = '/content-manager/collection-types/api::article.article';

const readDraft = async (documentId: string) => {
  const { data } = await api<{
    data: { searchIntent: string | null; journeyStages: Array<{ key: string }> };
  }>('GET', `${ARTICLES}/${documentId}?locale=en&status=draft`);
  return { stages: data.journeyStages.map((s) => s.key).sort(), intent: data.searchIntent };
};

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1500, height: 1000 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('undo restores the previous tags and skips an entry changed since', async () => {
  const journeys = await api<{
    data: Array<{ stages: Array<{ key: string; documentId: string }> }>;
  }>('GET', '/journey/journeys');
  const stage = (key: string) =>
    journeys.data[0].stages.find((s) => s.key === key)?.documentId as string;
  // Different starting points: untagged, a stage and an intent, two stages.
  const starts = [
    { title: 'Undo e2e: untagged', stages: [], intent: null },
    { title: 'Undo e2e: decision', stages: ['decision'], intent: 'transactional' },
    { title: 'Undo e2e: two stages', stages: ['awareness', 'usage'], intent: null },
    { title: 'Undo e2e: edited later', stages: [], intent: null },
  ];
  const ids: string[] = [];
  for (const start of starts) {
    const { data } = await api<{ data: { documentId: string } }>('POST', `${ARTICLES}?locale=en`, {
      title: start.title,
      journeyStages: { connect: start.stages.map((k) => ({ documentId: stage(k), locale: null })) },
      searchIntent: start.intent,
    });
    ids.push(data.documentId);
  }
  const before = await Promise.all(ids.map(readDraft));

  const { data: bulk } = await api<{ data: { changeId: number; changed: number } }>(
    'POST',
    '/journey/tags/bulk',
    {
      contentType: 'api::article.article',
      locale: 'en',
      documentIds: ids,
      stages: { set: [stage('consideration')] },
      intent: 'commercial',
    }
  );
  expect(bulk.changed).toBe(4);
  // Someone edits the last entry's intent after the bulk change.
  await api('PUT', `${ARTICLES}/${ids[3]}?locale=en`, { searchIntent: 'local' });

  await page.goto(`${BASE}/admin/plugins/journey/changes`);
  const row = page.getByTestId(`change-row-${bulk.changeId}`);
  await row.waitFor({ timeout: 30000 });
  await closeBanner(page);
  expect(await row.getByTestId('change-entries').textContent()).toBe('4');
  await page.mouse.move(10, 990);
  await page.screenshot({ path: path.join(SHOTS, 'tag-changes.png') });

  await row.getByTestId('change-undo').click();
  await page.getByRole('alertdialog').waitFor({ timeout: 10000 });
  await page.getByTestId('change-undo-confirm').click();
  const result = page.getByTestId('changes-undo-result');
  await result.waitFor({ timeout: 15000 });
  expect(await result.textContent()).toMatch(/Restored 3 entries, skipped 1 entry: changed since/);
  // The change now says it was undone, and offers no second undo.
  await row.getByTestId('change-undone').waitFor({ timeout: 10000 });
  expect(await row.getByTestId('change-undo').count()).toBe(0);

  const after = await Promise.all(ids.map(readDraft));
  expect(after.slice(0, 3)).toEqual(before.slice(0, 3));
  expect(after[3]).toEqual({ stages: ['consideration'], intent: 'local' });
});
