import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, openAdmin, openAdminAs } from './browser';

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

type Article = {
  documentId: string;
  title: string;
  searchIntent: string | null;
  stages: string[];
};

/** An article as the content manager stores it, with the keys of its stages. */
const findArticle = async (title: string, status: 'draft' | 'published' = 'draft') => {
  const { results } = await api<{ results: Array<{ documentId: string }> }>(
    'GET',
    `/content-manager/collection-types/api::article.article?filters[title][$eq]=${encodeURIComponent(title)}&locale=en`
  );
  if (!results.length) return undefined;
  const { documentId } = results[0];
  // Hidden (visible: false) relations come fully populated in the content manager's answer;
  // its relations route serves only fields a role can be granted, which these are not.
  const { data } = await api<{
    data: Omit<Article, 'stages'> & { journeyStages: Array<{ key: string }> };
  }>(
    'GET',
    `/content-manager/collection-types/api::article.article/${documentId}?locale=en&status=${status}`
  );
  return { ...data, stages: data.journeyStages.map((s) => s.key).sort() };
};

const coverageCell = async (stage: string, intent: string, locale = 'en') => {
  const { cells } = await api<{
    cells: Array<{ stage: string; intent: string | null; published: number; draftOnly: number }>;
  }>('GET', `/journey/coverage?locale=${locale}`);
  const matching = cells.filter((c) => c.stage === stage && (c.intent ?? 'none') === intent);
  return {
    published: matching.reduce((sum, c) => sum + c.published, 0),
    draftOnly: matching.reduce((sum, c) => sum + c.draftOnly, 0),
  };
};

const cellText = async (stage: string, intent: string) =>
  (await page.getByTestId(`coverage-cell-${stage}-${intent}`).textContent()) ?? '';

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1600, height: 1100 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

test('clicking a gap offers "Create a draft here", which opens a new entry with that stage and intent set', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  // The demo's usage stage expects commercial content and has none published.
  expect(await page.getByTestId('coverage-cell-usage-commercial').getAttribute('data-gap')).toBe(
    'true'
  );
  const before = await coverageCell('usage', 'commercial');

  await page.getByTestId('coverage-cell-usage-commercial').getByRole('button').click();
  await page.getByTestId('journey-cell-empty').waitFor();
  await page.getByRole('button', { name: 'Create a draft here' }).click();
  await page.waitForURL(/api::article\.article\/create/);

  // The panel shows the cell's stage and intent already chosen.
  await page.getByTestId('journey-stage-usage').waitFor({ timeout: 30000 });
  await expect(page.getByTestId('journey-stage-usage').getAttribute('aria-pressed')).resolves.toBe(
    'true'
  );
  await page.getByText('Commercial').first().waitFor();

  const title = 'Insoles for your new running shoes, compared';
  await page.getByLabel(/^title/i).fill(title);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.waitForURL(/api::article\.article\/(?!create)[a-z0-9]+/, { timeout: 30000 });

  const saved = await findArticle(title);
  expect(saved?.searchIntent).toBe('commercial');
  expect(saved?.stages).toEqual(['usage']);
  const after = await coverageCell('usage', 'commercial');
  expect(after).toEqual({ published: before.published, draftOnly: before.draftOnly + 1 });

  // The matrix in drafts mode counts it.
  await page.goto(`${BASE}/admin/plugins/journey?locale=en&state=draftOnly`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  expect(await cellText('usage', 'commercial')).toMatch(new RegExp(`^${after.draftOnly}`));
});

test('clicking a cell lists its entries with links to edit them', async () => {
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 30000 });
  const expected = await coverageCell('awareness', 'informational');
  await page.getByTestId('coverage-cell-awareness-informational').getByRole('button').click();
  await page
    .getByText(expected.published === 1 ? '1 entry' : `${expected.published} entries`)
    .waitFor();
  const links = page.getByTestId('journey-cell-entry');
  expect(await links.count()).toBe(Math.min(expected.published, 10));
  const first = (await links.first().textContent()) ?? '';
  await links.first().click();
  await page.waitForURL(/content-manager\/collection-types\/api::(article|guide)\.\1\/[a-z0-9]+/);
  await page.getByRole('heading', { name: first }).waitFor({ timeout: 30000 });
});

test('tagging an entry in the side panel changes the coverage numbers', async () => {
  const title = 'Five running trends for the Nordic winter';
  const article = (await findArticle(title)) as Article;
  expect(article.stages).toEqual(['awareness']);
  const before = await coverageCell('loyalty', 'commercial');

  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article/${article.documentId}?plugins[i18n][locale]=en`
  );
  const loyalty = page.getByTestId('journey-stage-loyalty');
  await loyalty.waitFor({ timeout: 30000 });
  await expect(
    page.getByTestId('journey-stage-awareness').getAttribute('aria-pressed')
  ).resolves.toBe('true');
  expect(await loyalty.getAttribute('aria-pressed')).toBe('false');
  await loyalty.click();
  expect(await loyalty.getAttribute('aria-pressed')).toBe('true');
  await page.waitForTimeout(500);
  await page.screenshot({ path: path.join(SHOTS, 'side-panel.png') });

  await page.getByRole('button', { name: 'Publish' }).click();
  await page
    .getByText(/Published document/i)
    .first()
    .waitFor({ timeout: 30000 });

  const published = await findArticle(title, 'published');
  expect(published?.stages).toEqual(['awareness', 'loyalty']);
  expect(await coverageCell('loyalty', 'commercial')).toEqual({
    published: before.published + 1,
    draftOnly: before.draftOnly,
  });
  await page.goto(`${BASE}/admin/plugins/journey?locale=en`);
  await page.getByTestId('coverage-row-loyalty').waitFor({ timeout: 30000 });
  expect(await cellText('loyalty', 'commercial')).toMatch(new RegExp(`^${before.published + 1}`));
});

test('the list view shows stages as coloured badges and the intent, and filters on a stage', async () => {
  await page.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article?page=1&pageSize=10&sort=title:ASC&plugins[i18n][locale]=en&filters[$and][0][journeyStages][key][$eq]=loyalty`
  );
  const article = (await findArticle('Five running trends for the Nordic winter')) as Article;
  const cell = page.getByTestId(`journey-stages-${article.documentId}`);
  await cell.waitFor({ timeout: 30000 });
  expect((await cell.textContent())?.toLowerCase()).toContain('loyalty');
  const headers = (await page.locator('thead').first().textContent()) ?? '';
  expect(headers).toMatch(/Journey stages/i);
  expect(headers).toMatch(/Search intent/i);
  // Only loyalty-tagged rows pass the filter.
  for (const text of await page.locator('[data-testid^="journey-stages-"]').allTextContents()) {
    expect(text.toLowerCase()).toContain('loyalty');
  }
  // The content manager's first-visit tour would cover the screenshot.
  const skip = page.getByRole('button', { name: 'Skip' });
  if (await skip.isVisible()) await skip.click();
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SHOTS, 'list-view.png') });
});

test('settings: a stage is reordered by drag and drop, and the order reaches the API', async () => {
  const order = async () =>
    (
      await api<{ data: Array<{ key: string; stages: Array<{ key: string }> }> }>(
        'GET',
        '/journey/journeys'
      )
    ).data[0].stages.map((s) => s.key);
  expect(await order()).toEqual(['awareness', 'consideration', 'decision', 'usage', 'loyalty']);

  await page.goto(`${BASE}/admin/settings/journey`);
  const loyalty = page.getByTestId('journey-settings-stage-loyalty');
  await loyalty.waitFor({ timeout: 30000 });
  await page.screenshot({ path: path.join(SHOTS, 'settings.png') });
  await loyalty.dragTo(page.getByTestId('journey-settings-stage-usage'));
  const deadline = Date.now() + 10000;
  while ((await order())[3] !== 'loyalty' && Date.now() < deadline) {
    await page.waitForTimeout(200);
  }
  expect(await order()).toEqual(['awareness', 'consideration', 'decision', 'loyalty', 'usage']);

  // And back with the keyboard-reachable button.
  await page
    .getByTestId('journey-settings-stage-usage')
    .getByRole('button', { name: 'Move up' })
    .click();
  const back = Date.now() + 10000;
  while ((await order())[3] !== 'usage' && Date.now() < back) {
    await page.waitForTimeout(200);
  }
  expect(await order()).toEqual(['awareness', 'consideration', 'decision', 'usage', 'loyalty']);
});

test('settings: a stage is edited in its dialog, and a new name reaches the API', async () => {
  await page.goto(`${BASE}/admin/settings/journey`);
  const usage = page.getByTestId('journey-settings-stage-usage');
  await usage.waitFor({ timeout: 30000 });
  await usage.getByRole('button', { name: 'Edit stage' }).click();
  const swedish = page.getByLabel('Name (Swedish)');
  await swedish.fill('Användning och upplevelse');
  await page.getByLabel(/^Customer goal/).fill('Get the most out of the new shoes');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 10000 });
  const { data } = await api<{
    data: Array<{
      stages: Array<{ key: string; names: Record<string, string>; customerGoal: string }>;
    }>;
  }>('GET', '/journey/journeys');
  const stage = data[0].stages.find((s) => s.key === 'usage');
  expect(stage?.names.sv).toBe('Användning och upplevelse');
  expect(stage?.customerGoal).toBe('Get the most out of the new shoes');
  // The API has the new name as soon as the dialog closes; the list shows it after its refetch.
  await usage
    .getByText('Användning och upplevelse', { exact: false })
    .first()
    .waitFor({ timeout: 10000 });
  await expect(usage.textContent()).resolves.toContain('Användning och upplevelse');
});

test('a role without the journey permissions sees neither the coverage link nor the settings', async () => {
  // An editor who may work on articles, and nothing of the plugin's own.
  const { context, page: editor } = await openAdminAs(browser, {
    role: 'Article editor',
    firstname: 'Eddie',
    lastname: 'Editor',
    permissions: ['read', 'create', 'update'].map((action) => ({
      action: `plugin::content-manager.explorer.${action}`,
      subject: 'api::article.article',
      properties: {
        fields: ['title', 'slug', 'summary', 'body', 'journeyStages', 'searchIntent'],
        locales: ['en'],
      },
      conditions: [],
    })),
  });
  await editor.getByRole('link', { name: 'Content Manager' }).first().waitFor({ timeout: 30000 });
  expect(await editor.getByRole('link', { name: 'Journey coverage' }).count()).toBe(0);

  await editor.goto(`${BASE}/admin/settings`);
  await editor.waitForTimeout(3000);
  expect(await editor.getByRole('link', { name: 'Journey', exact: true }).count()).toBe(0);

  // The editor still tags entries: the side panel is there for the types they may edit.
  await editor.goto(
    `${BASE}/admin/content-manager/collection-types/api::article.article/create?plugins[i18n][locale]=en`
  );
  await editor.getByTestId('journey-stage-awareness').waitFor({ timeout: 30000 });
  await context.close();
});
