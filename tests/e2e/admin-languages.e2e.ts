/// <reference lib="dom" />
import fs from 'fs';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi, closeBanner, openAdmin } from './browser';

/**
 * The admin in the user's own language: Strapi applies the profile's `preferedLanguage` when it
 * loads the user, and registers the plugin's translations under its own codes (Norwegian is
 * `no`). Journey and stage names come from the journey's `names`, keyed by content language.
 */

let browser: Browser;
let page: Page;
const SHOTS = path.resolve(__dirname, '../../docs/screenshots');

const useLanguage = async (language: string) => {
  await adminApi('PUT', '/admin/users/me', { preferedLanguage: language });
  await page.goto(`${BASE}/admin/plugins/journey?journey=customer`);
  await page.getByTestId('coverage-row-awareness').waitFor({ timeout: 60000 });
};

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1600, height: 1000 }));
  fs.mkdirSync(SHOTS, { recursive: true });
});
afterAll(async () => {
  // The other browser tests log in as the same user and read English labels.
  await adminApi('PUT', '/admin/users/me', { preferedLanguage: 'en' }).catch(() => undefined);
  await browser?.close();
});

test.each([
  // language, page title, journey select's label, journey name, first stage, a tab
  ['sv', 'Täckning i kundresan', 'Kundresa', 'Kundresa', 'Medvetenhet', 'Granskningskö'],
  ['no', 'Dekning i kundereisen', 'Kundereise', 'Kundereise', 'Bevissthet', 'Gjennomgangskø'],
  // The journey's names stop at en/sv/nb: a Danish admin reads the default name.
  ['da', 'Dækning af kunderejsen', 'Kunderejse', 'Customer journey', 'Awareness', 'Gennemgangskø'],
])(
  'a %s admin reads the plugin in its language and the journey by its name there',
  async (language, title, journeyLabel, journeyName, stageName, queueTab) => {
    await useLanguage(language);
    expect(await page.evaluate(() => localStorage.getItem('strapi-admin-language'))).toBe(language);
    await page.getByRole('heading', { name: title }).waitFor({ timeout: 30000 });
    expect(await page.getByRole('link', { name: queueTab, exact: true }).count()).toBe(1);

    const picker = page.getByRole('combobox', { name: journeyLabel });
    expect((await picker.textContent())?.trim()).toBe(journeyName);
    expect(await page.getByTestId('coverage-row-awareness').textContent()).toContain(stageName);

    const shot = { sv: 'admin-swedish.png', no: 'admin-norwegian.png' }[language];
    if (shot) {
      await closeBanner(page);
      await page.mouse.move(800, 990);
      await page.screenshot({ path: path.join(SHOTS, shot) });
    }
    await picker.click();
    await page.getByRole('option', { name: journeyName }).waitFor({ timeout: 10000 });
    await page.keyboard.press('Escape');
  }
);
