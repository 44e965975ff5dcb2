import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

export const BASE = process.env.E2E_URL ?? 'http://127.0.0.1:1337';
export const ADMIN = {
  email: process.env.DEMO_ADMIN_EMAIL ?? 'admin@journey.demo',
  password: process.env.DEMO_ADMIN_PASSWORD ?? 'Journey-demo-1',
};

/** Debian's Chromium with the flags this machine's closed network needs. */
export const launch = (): Promise<Browser> =>
  chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

export const logIn = async (page: Page) => {
  await page.goto(`${BASE}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(ADMIN.email);
  await page.getByLabel(/^password/i).fill(ADMIN.password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
};

/** Chromium with one page logged in to the demo's admin; the admin API token is fetched too. */
export const openAdmin = async (viewport: { width: number; height: number }) => {
  const browser = await launch();
  const page = await browser.newPage({ viewport });
  await logIn(page);
  await adminToken();
  return { browser, page };
};

let token: Promise<string> | undefined;

/** An admin API token for checking what the browser saved; one login per test file. */
export const adminToken = () => (token ??= login());

const login = async () => {
  const res = await fetch(`${BASE}/admin/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(ADMIN),
  });
  const body = (await res.json()) as { data: { token: string } };
  return body.data.token;
};

/** The admin API as the demo's admin: JSON in and out; an answer other than 2xx throws with its body. */
export const adminApi = async <T>(method: string, url: string, body?: unknown): Promise<T> => {
  const res = await fetch(`${BASE}${url}`, {
    method,
    headers: { Authorization: `Bearer ${await adminToken()}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};

/**
 * A new admin user whose one role has these permissions, logged in in a browser context of its
 * own: what a role other than Super Admin sees. The caller closes the context.
 */
export const openAdminAs = async (
  browser: Browser,
  user: { role: string; firstname: string; lastname: string; permissions: unknown[] }
) => {
  const role = await adminApi<{ data: { id: number } }>('POST', '/admin/roles', {
    name: `${user.role} ${Date.now()}`,
    description: 'e2e',
  });
  await adminApi('PUT', `/admin/roles/${role.data.id}/permissions`, {
    permissions: user.permissions,
  });
  const email = `${user.firstname.toLowerCase()}-${Date.now()}@journey.demo`;
  const created = await adminApi<{ data: { registrationToken: string } }>('POST', '/admin/users', {
    firstname: user.firstname,
    lastname: user.lastname,
    email,
    roles: [role.data.id],
  });
  const password = 'Role-pass-1';
  const registered = await fetch(`${BASE}/admin/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      registrationToken: created.data.registrationToken,
      userInfo: { firstname: user.firstname, lastname: user.lastname, password },
    }),
  });
  if (registered.status !== 200) {
    throw new Error(
      `registering ${email} answered ${registered.status}: ${await registered.text()}`
    );
  }
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${BASE}/admin/auth/login`);
  await page.getByLabel(/email/i).fill(email);
  await page.getByLabel(/^password/i).fill(password);
  await page.getByRole('button', { name: /login/i }).click();
  await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
  return { context, page };
};

/** Strapi's "new Media Library" banner would sit over the screenshots; closing it is remembered. */
export const closeBanner = async (page: Page) => {
  const banner = page.getByText('Introducing the new Media Library');
  if (!(await banner.isVisible().catch(() => false))) return;
  // Not just 'Close': the content manager's guided tour can open meanwhile, with its own
  // "Close guided tour", and a strict locator matching both fails the test.
  const close = page.getByRole('button', { name: 'Close the banner' });
  if ((await close.count()) === 1) await close.click();
};

/**
 * Clicks an element that a previous click makes appear after an animation frame (the content
 * manager's bulk-action bar after "Select all"). Debian's headless Chromium draws no frame on a
 * still page, so that frame, and the button, never came: Playwright's own wait looks again only
 * on frames it does not get either. Asking the page for a frame while looking, on a timer,
 * gives the page the frame a real browser would have drawn.
 */
export const clickOnceThere = async (locator: Locator, timeoutMs = 30000) => {
  const until = Date.now() + timeoutMs;
  while ((await locator.count()) === 0) {
    if (Date.now() > until) throw new Error(`not there after ${timeoutMs} ms: ${locator}`);
    await locator.page().evaluate(
      () =>
        new Promise((resolve) => {
          requestAnimationFrame(resolve);
          setTimeout(resolve, 100);
        })
    );
  }
  await locator.click({ timeout: timeoutMs });
};
