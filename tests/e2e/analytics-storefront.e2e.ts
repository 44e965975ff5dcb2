import { isDeepStrictEqual } from 'util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { AnalyticsResponse } from '../../server/src/domain/analytics-types';
import { adminApi, BASE, launch } from './browser';

/**
 * Journey analytics from the demo storefront to the admin's funnel: a visitor reads an awareness
 * article, clicks a next-step card to a later stage, goes back, answers "Was this helpful?" and
 * signs up for the newsletter. The storefront sends it all through the client's tracker; the
 * admin route GET /journey/analytics must then show exactly what that path produces, no more.
 */
let browser: Browser;
let context: BrowserContext;
let page: Page;
const eventAnswers: number[] = [];
const pageErrors: string[] = [];

type Stage = { documentId: string; key: string; position: number };
type Item = {
  documentId: string;
  contentType: string;
  title: string;
  journeyStages?: Array<{ key: string }>;
};

/** Waits until the storefront's n-th batch of events is answered (each view is one). */
const answered = async (n: number) => {
  const until = Date.now() + 15000;
  while (eventAnswers.length < n && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(eventAnswers.length).toBeGreaterThanOrEqual(n);
};

const api = async <T>(pathAndQuery: string): Promise<T> => {
  const res = await fetch(`${BASE}${pathAndQuery}`);
  expect(res.status).toBe(200);
  return (await res.json()) as T;
};

// Two days: the same window before and after, even if the test runs across midnight UTC.
const analytics = async () =>
  (await adminApi<{ data: AnalyticsResponse }>('GET', '/journey/analytics?journey=customer&days=2'))
    .data;

const COUNTERS = [
  'sessions',
  'views',
  'entries',
  'exits',
  'progressions',
  'returns',
  'nextClicks',
  'helpfulYes',
  'helpfulNo',
] as const;

/** What the funnel shows, flattened so that a difference is readable in a failure. */
const figures = (a: AnalyticsResponse) => ({
  stages: Object.fromEntries(
    a.stages.map((row) => [
      row.stage.key,
      {
        ...Object.fromEntries(COUNTERS.map((c) => [c, row[c]])),
        goals: Object.fromEntries(row.goals.map((g) => [g.goal, [g.furthest, g.first]])),
      },
    ])
  ) as Record<string, Record<string, number> & { goals: Record<string, [number, number]> }>,
  transitions: Object.fromEntries(a.transitions.map((t) => [`${t.from}>${t.to}`, t.moves])),
  dropped: a.dropped,
});
type Figures = ReturnType<typeof figures>;

/** after − before, per figure; figures absent before count from 0. */
const delta = (before: Figures, after: Figures) => ({
  stages: Object.fromEntries(
    Object.entries(after.stages).map(([key, row]) => {
      const old = before.stages[key];
      const goals = Object.fromEntries(
        Object.entries(row.goals).map(([goal, [furthest, first]]) => {
          const [f0, s0] = old?.goals[goal] ?? [0, 0];
          return [goal, [furthest - f0, first - s0]];
        })
      );
      return [
        key,
        {
          ...Object.fromEntries(COUNTERS.map((c) => [c, row[c] - (old?.[c] ?? 0)])),
          goals,
        },
      ];
    })
  ),
  transitions: Object.fromEntries(
    Object.entries(after.transitions)
      .map(([key, moves]) => [key, moves - (before.transitions[key] ?? 0)] as const)
      .filter(([, moves]) => moves !== 0)
  ),
  dropped: Object.fromEntries(
    Object.entries(after.dropped)
      .map(([reason, n]) => [reason, n - (before.dropped[reason] ?? 0)] as const)
      .filter(([, n]) => n !== 0)
  ),
});

beforeAll(async () => {
  browser = await launch();
  // Headless Chromium says so in its User-Agent, and the collector drops bots: this test is a
  // person reading, so it sends the User-Agent of the same Chrome with a screen.
  const userAgent = `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${browser.version()} Safari/537.36`;
  context = await browser.newContext({ viewport: { width: 1280, height: 900 }, userAgent });
  page = await context.newPage();
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/journey/events') {
      eventAnswers.push(response.status());
    }
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
});
afterAll(async () => {
  await browser?.close();
});

test('views in order and back, a next-step click, a helpful answer and a goal reach the funnel exactly', async () => {
  const journeys = await api<{ data: Array<{ key: string; stages: Stage[] }> }>(
    '/api/journey/journeys?locale=en'
  );
  const stages = journeys.data.find((j) => j.key === 'customer')!.stages;
  const keys = new Set(stages.map((s) => s.key));
  const position = (key: string) => stages.find((s) => s.key === key)!.position;
  /** The document's stages in the customer journey: one, so the view's stage is certain. */
  const onlyStage = (item: Item) => {
    const own = (item.journeyStages ?? []).map((s) => s.key).filter((k) => keys.has(k));
    return own.length === 1 ? own[0] : null;
  };

  // An awareness article with no other stage in the journey.
  const awareness = await api<{ data: Item[] }>(
    '/api/journey/content?journey=customer&stage=awareness&type=api::article.article&locale=en&pageSize=100'
  );
  const first = awareness.data.find((item) => onlyStage(item) === 'awareness');
  expect(first).toBeDefined();
  const from = 'awareness';

  const before = figures(await analytics());
  expect(before.stages[from]).toBeDefined();

  // 1. The article: a view.
  await page.goto(
    `${BASE}/storefront/#locale=en&stage=${from}&article=${encodeURIComponent(
      `${first!.contentType}/${first!.documentId}`
    )}`
  );
  await page.locator('.entry h1', { hasText: first!.title }).waitFor();
  const next = page.locator('section.next');
  await next.locator('.card').first().waitFor();

  // 2. A next-step card with one stage in the journey: a click, then a view of a later stage.
  const recommended = await api<{ data: Item[]; meta: { servedStage: { key: string } } }>(
    `/api/journey/next?journey=customer&stage=${from}&locale=en&limit=3`
  );
  const to = recommended.meta.servedStage.key;
  expect(position(to)).toBeGreaterThan(position(from));
  const target = recommended.data.find((item) => onlyStage(item) === to);
  expect(target).toBeDefined();
  await answered(1);
  await next.locator(`.card[data-document="${target!.documentId}"] h3 a`).click();
  await page.locator('.entry h1', { hasText: target!.title }).waitFor();

  await answered(2);

  // 3. Back to the first article: a view of an earlier stage.
  await page.goBack();
  await page.locator('.entry h1', { hasText: first!.title }).waitFor();
  await answered(3);

  // 4. "Was this helpful?" yes, and the newsletter sign-up goal: one batch about a second later.
  await page.locator('.helpful button[data-helpful="yes"]').click();
  await page.locator('.newsletter button[data-goal="signup"]').click();
  await page.locator('.helpful [role="status"]').waitFor();
  await page.locator('.newsletter [role="status"]').waitFor();
  await answered(4);

  // Four batches (the three views, then the answer and the goal together), all taken.
  expect(eventAnswers).toEqual([204, 204, 204, 204]);

  // What the path produces, by the design's rules (docs: analytics semantics).
  const sessionsReached = (key: string) => (position(key) <= position(to) ? 1 : 0);
  const zero = { entries: 0, exits: 0, progressions: 0, returns: 0, nextClicks: 0 };
  const expected = {
    stages: Object.fromEntries(
      stages.map((s) => {
        const row = {
          ...zero,
          sessions: sessionsReached(s.key),
          views: 0,
          helpfulYes: 0,
          helpfulNo: 0,
          goals: {} as Record<string, [number, number]>,
        };
        if (s.key === from) {
          // Viewed twice; entered here; the last view of the session; moved on once; the
          // click was on a card here; answered yes; the session's first stage for the goal.
          Object.assign(row, {
            views: 2,
            entries: 1,
            exits: 1,
            progressions: 1,
            nextClicks: 1,
            helpfulYes: 1,
            goals: { signup: [0, 1] },
          });
        }
        if (s.key === to) {
          // Viewed once, followed by a view of an earlier stage; the furthest stage reached.
          Object.assign(row, { views: 1, returns: 1, goals: { signup: [1, 0] } });
        }
        return [s.key, row];
      })
    ),
    transitions: {
      [`${stages.find((s) => s.key === from)!.documentId}>${stages.find((s) => s.key === to)!.documentId}`]: 1,
      [`${stages.find((s) => s.key === to)!.documentId}>${stages.find((s) => s.key === from)!.documentId}`]: 1,
    },
    dropped: {},
  };
  // Goals with no change show as [0, 0]; the expected rows list only the ones that change.
  const withoutZeroGoals = (d: ReturnType<typeof delta>) => ({
    ...d,
    stages: Object.fromEntries(
      Object.entries(d.stages).map(([key, row]) => [
        key,
        {
          ...row,
          goals: Object.fromEntries(
            Object.entries(row.goals).filter(([, [f, s]]) => f !== 0 || s !== 0)
          ),
        },
      ])
    ),
  });

  // The collector flushes its buffered counts every couple of seconds: read until they are in
  // (or 30 s pass), then compare every figure.
  let seen = withoutZeroGoals(delta(before, figures(await analytics())));
  const until = Date.now() + 30000;
  while (!isDeepStrictEqual(seen, expected) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    seen = withoutZeroGoals(delta(before, figures(await analytics())));
  }
  expect(seen).toEqual(expected);
  expect(pageErrors).toEqual([]);
});
