import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, openAdmin } from './browser';

/**
 * Settings → Journey → Analytics imports, as an admin uses it: the guide's URL pattern saved,
 * a GA4 Pages and screens export previewed (one page matches a published guide, one matches
 * nothing and is listed), imported, listed and deleted.
 */

const GUIDE = 'api::guide.guide';
let browser: Browser;
let page: Page;
let file: string;
let before: Record<string, string>;

type Imports = { data: Array<{ id: number; fileName: string | null }> };

/** Waits until `read` answers `want` (the server saved what the browser sent), then checks it. */
const until = async <T>(read: () => Promise<T>, want: T, timeoutMs = 20000) => {
  const start = Date.now();
  let last = await read();
  while (last !== want && Date.now() - start < timeoutMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await read();
  }
  expect(last).toBe(want);
};

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1440, height: 1100 }));
  before = (
    await api<{ data: { patterns: Record<string, string> } }>(
      'GET',
      '/journey/analytics/url-patterns'
    )
  ).data.patterns;
  const guides = await api<{ results: Array<{ slug: string; locale: string; status: string }> }>(
    'GET',
    `/content-manager/collection-types/${GUIDE}?page=1&pageSize=20&locale=en`
  );
  // A published guide whose draft has the same slug: the list shows drafts.
  const guide = guides.results.find((g) => g.status === 'published' && g.slug);
  if (!guide) throw new Error('the demo has no published English guide');
  const csv = [
    '# Pages and screens: Page path and screen class',
    '# Start date: 20261101',
    '# End date: 20261110',
    'Page path and screen class,Views,Active users,Key events',
    `/${guide.locale}/guides/${guide.slug}/,120,90,2`,
    '/en/pricing-e2e,40,30,0',
  ].join('\n');
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'journey-e2e-')), 'ga4-e2e.csv');
  fs.writeFileSync(file, csv);
});

afterAll(async () => {
  const { data } = await api<Imports>('GET', '/journey/analytics/imports');
  for (const item of data.filter((i) => i.fileName === 'ga4-e2e.csv')) {
    await api('DELETE', `/journey/analytics/imports/${item.id}`);
  }
  await api('PUT', '/journey/analytics/url-patterns', { patterns: before });
  await browser?.close();
});

test('save a pattern, preview a GA4 export with its unmatched page, import it, delete it', async () => {
  await page.goto(`${BASE}/admin/settings/journey`);
  const section = page.getByTestId('analytics-imports-section');
  await section.waitFor({ timeout: 30000 });
  await section.scrollIntoViewIfNeeded();

  const pattern = page.getByTestId(`analytics-pattern-${GUIDE}`);
  await pattern.fill('/{locale}/guides/{slug}');
  await page.getByTestId('analytics-patterns-save').click();
  await until(
    async () =>
      (
        await api<{ data: { patterns: Record<string, string> } }>(
          'GET',
          '/journey/analytics/url-patterns'
        )
      ).data.patterns[GUIDE],
    '/{locale}/guides/{slug}'
  );

  await page.getByTestId('analytics-file').setInputFiles(file);
  await page.getByTestId('analytics-preview').click();
  const preview = page.getByTestId('analytics-import-preview');
  await preview.waitFor({ timeout: 20000 });
  const text = await preview.textContent();
  expect(text).toContain('2 pages from 2026-11-01 to 2026-11-10');
  expect(text).toContain('1 matched a document');
  expect(text).toContain('1 matched no document');
  const unmatched = page.getByTestId('analytics-unmatched-row');
  expect(await unmatched.count()).toBe(1);
  expect(await unmatched.first().textContent()).toContain('/en/pricing-e2e');

  const listed = async () =>
    (await api<Imports>('GET', '/journey/analytics/imports')).data.filter(
      (i) => i.fileName === 'ga4-e2e.csv'
    ).length;
  expect(await listed()).toBe(0);
  await page.getByTestId('analytics-import').click();
  await until(listed, 1);
  const row = page.getByTestId('analytics-import-row').filter({ hasText: 'ga4-e2e.csv' });
  await row.waitFor({ timeout: 20000 });
  expect(await row.textContent()).toContain('1 page matched, 1 page unmatched');

  await row.getByTestId('analytics-import-delete').click();
  await page.getByTestId('analytics-import-delete-confirm').click();
  await until(listed, 0);
  await row.waitFor({ state: 'detached', timeout: 20000 });
});
