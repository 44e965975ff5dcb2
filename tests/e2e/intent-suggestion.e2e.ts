import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminToken, openAdmin } from './browser';

let browser: Browser;
let page: Page;

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1400, height: 1000 }));
});
afterAll(async () => {
  await browser?.close();
});

const findArticle = async (title: string) => {
  const token = await adminToken();
  const res = await fetch(
    `${BASE}/content-manager/collection-types/api::article.article?filters[title][$eq]=${encodeURIComponent(title)}&locale=en`,
    { headers: { Authorization: `Bearer ${token}` } }
  );
  const body = (await res.json()) as {
    results: Array<{ title: string; searchIntent: string | null }>;
  };
  return body.results[0];
};

test('the edit view suggests an intent from the title, explains it, and sets it on one click', async () => {
  // Each run starts on a fresh demo database, so titles are unique without a suffix.
  const title = 'Best trail running shoes for wet autumn runs';
  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article/create?plugins[i18n][locale]=en`
  );
  await page.getByLabel(/^title/i).fill(title);
  const suggested = page.getByTestId('journey-suggested-intent');
  await suggested.waitFor({ timeout: 30000 });
  expect(await suggested.textContent()).toBe('Commercial');
  await expect(page.getByText('Because of: “best”').isVisible()).resolves.toBe(true);

  fs.mkdirSync(path.resolve(__dirname, '../../docs/screenshots'), { recursive: true });
  await page.screenshot({
    path: path.resolve(__dirname, '../../docs/screenshots/intent-suggestion.png'),
  });

  await page.getByRole('button', { name: 'Use this intent' }).click();
  await page.getByText('The entry already has this intent.').waitFor({ timeout: 5000 });
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/api::article\.article\/(?!create)[a-z0-9]+/, { timeout: 30000 });

  const saved = await findArticle(title);
  expect(saved).toMatchObject({ title, searchIntent: 'commercial' });
});

test("the suggestion never replaces the editor's own choice by itself", async () => {
  const title = 'How to choose running shoes for a first marathon';
  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article/create?plugins[i18n][locale]=en`
  );
  await page.getByLabel(/^title/i).fill(title);
  await page.getByTestId('journey-suggested-intent').waitFor({ timeout: 30000 });
  expect(await page.getByTestId('journey-suggested-intent').textContent()).toBe('Informational');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/api::article\.article\/(?!create)[a-z0-9]+/, { timeout: 30000 });
  // Saved without accepting: the intent stays empty.
  const saved = await findArticle(title);
  expect(saved).toMatchObject({ title, searchIntent: null });
});
