import type { Browser, Page } from 'playwright-core';
import { BASE, adminApi as api, openAdmin } from './browser';

let browser: Browser;
let page: Page;

interface StarterFile {
  journeys: Array<{ key: string; name: string; stages: Array<{ key: string; name: string }> }>;
}
type Journeys = {
  data: Array<{ key: string; stages: Array<{ key: string; customerGoal?: string | null }> }>;
};

beforeAll(async () => {
  ({ browser, page } = await openAdmin({ width: 1600, height: 1100 }));
});
afterAll(async () => {
  await browser?.close();
});

/** Add journey → Start from → the starter named `label`. */
const chooseStarter = async (label: RegExp) => {
  await page.goto(`${BASE}/admin/settings/journey`);
  await page.getByTestId('journey-settings-customer').waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Add journey' }).click();
  await page.getByRole('combobox', { name: 'Start from' }).click();
  await page.getByRole('option', { name: label }).click();
  await page.getByLabel(/^Key/).waitFor();
};

test('the B2B starter is created through "Add journey": preview, apply, its stages in Settings', async () => {
  const { data: starters } = await api<{ data: Array<{ key: string; stages: number }> }>(
    'GET',
    '/journey/starters'
  );
  expect(starters.map((s) => s.key)).toEqual(
    expect.arrayContaining(['customer', 'b2b', 'candidate', 'investor', 'donor'])
  );
  const { data: file } = await api<{ data: StarterFile }>('GET', '/journey/starters/b2b');
  const starter = file.journeys[0];
  const before = await api<Journeys>('GET', '/journey/journeys');
  expect(before.data.map((j) => j.key)).not.toContain(starter.key);

  await chooseStarter(/B2B/i);
  expect(await page.getByLabel(/^Key/).inputValue()).toBe(starter.key);
  expect(await page.getByTestId('journey-starter-key-taken').count()).toBe(0);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  const preview = page.getByTestId('journey-import-preview');
  await preview.waitFor();
  expect(await preview.textContent()).toContain(`${starter.stages.length + 1} to create`);
  // The preview is a dry run: nothing is written yet.
  expect((await api<Journeys>('GET', '/journey/journeys')).data.length).toBe(before.data.length);

  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 10000 });
  const card = page.getByTestId(`journey-settings-${starter.key}`);
  await card.waitFor({ timeout: 10000 });
  for (const stage of starter.stages) {
    await card.getByTestId(`journey-settings-stage-${stage.key}`).waitFor();
  }
  const after = await api<Journeys>('GET', '/journey/journeys');
  const created = after.data.find((j) => j.key === starter.key);
  expect(created?.stages.map((s) => s.key)).toEqual(starter.stages.map((s) => s.key));
});

test('a starter whose key exists is created under the key the admin types', async () => {
  const { data: file } = await api<{ data: StarterFile }>('GET', '/journey/starters/b2b');
  const starter = file.journeys[0];
  await chooseStarter(/B2B/i);
  // The first test created it: the dialog says so rather than updating it unasked.
  await page.getByTestId('journey-starter-key-taken').waitFor();
  await page.getByLabel(/^Key/).fill(`${starter.key}-nordics`);
  expect(await page.getByTestId('journey-starter-key-taken').count()).toBe(0);
  await page.getByRole('button', { name: 'Preview changes' }).click();
  await page.getByTestId('journey-import-preview').waitFor();
  await page.getByRole('button', { name: 'Apply import' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 10000 });
  await page.getByTestId(`journey-settings-${starter.key}-nordics`).waitFor({ timeout: 10000 });

  const { data } = await api<Journeys>('GET', '/journey/journeys');
  const keys = data.map((j) => j.key);
  expect(keys).toContain(starter.key);
  expect(keys).toContain(`${starter.key}-nordics`);
  expect(data.find((j) => j.key === `${starter.key}-nordics`)?.stages.length).toBe(
    starter.stages.length
  );
});

type FullStage = {
  documentId: string;
  key: string;
  updatedAt: string;
  customerGoal?: string | null;
  opportunities?: string[] | null;
  emotion?: number | null;
  nextStages?: string[] | null;
};
const stageOf = async (journey: string, key: string) => {
  const { data } = await api<{ data: Array<{ key: string; stages: FullStage[] }> }>(
    'GET',
    '/journey/journeys'
  );
  return data.find((j) => j.key === journey)?.stages.find((s) => s.key === key) as FullStage;
};

test('the stage dialog edits opportunities, the emotion score and the next stages', async () => {
  await page.goto(`${BASE}/admin/settings/journey`);
  const row = page.getByTestId('journey-settings-b2b').getByTestId('journey-settings-stage-need');
  await row.waitFor({ timeout: 30000 });
  await row.getByRole('button', { name: 'Edit stage' }).click();
  await page.getByLabel(/^Opportunities/).fill('A needs checklist to download\nPeer stories');
  await page.getByRole('combobox', { name: /^Emotion/ }).click();
  await page.getByRole('option', { name: 'Unhappy (−1)' }).click();
  await page.getByRole('combobox', { name: /^Next stages/ }).click();
  // The journey's other stages, in order, and not the stage itself.
  expect(await page.getByRole('option').allTextContents()).toEqual([
    'Research',
    'Evaluation',
    'Procurement / purchase',
    'Onboarding',
    'Renewal / growth',
  ]);
  await page.getByRole('option', { name: 'Evaluation' }).click();
  await page.getByRole('option', { name: 'Research' }).click();
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached', timeout: 10000 });

  const stage = await stageOf('b2b', 'need');
  expect(stage.opportunities).toEqual(['A needs checklist to download', 'Peer stories']);
  expect(stage.emotion).toBe(-1);
  // In the journey's order, whatever the order of the clicks.
  expect(stage.nextStages).toEqual(['research', 'evaluation']);
});

test('a stage changed by someone else since the dialog opened is not overwritten', async () => {
  await page.goto(`${BASE}/admin/settings/journey`);
  const row = page
    .getByTestId('journey-settings-b2b')
    .getByTestId('journey-settings-stage-research');
  await row.waitFor({ timeout: 30000 });
  await row.getByRole('button', { name: 'Edit stage' }).click();
  const goal = page.getByLabel(/^Customer goal/);
  await goal.waitFor();

  // Another admin saves first (the API call carries no expectation: last write wins for it).
  const before = await stageOf('b2b', 'research');
  await api('PUT', `/journey/stages/${before.documentId}`, {
    customerGoal: 'Their goal',
  });
  await goal.fill('My goal');
  await page.getByRole('button', { name: 'Save' }).click();
  await page
    .getByRole('dialog')
    .getByText(/was changed by .* since you opened it; reload to see their change/)
    .waitFor({ timeout: 10000 });
  expect((await stageOf('b2b', 'research')).customerGoal).toBe('Their goal');
});
