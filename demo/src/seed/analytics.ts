import type { Core } from '@strapi/strapi';
import { DEMO_LOCALES } from './data';

/**
 * Ninety days of journey analytics for Nordstig, made up on the first start so that the
 * analytics tab, the journey map's measured rows and the coverage page's traffic layer have
 * something to show before any real visitor came. The README says they are seeded.
 *
 * Rather than inventing counters, the seed plays sessions through the collector's rules
 * (docs/analytics.md: views, entries, exits, sessions per stage reached, progressions, returns,
 * transitions, helpful answers, goals) with a seeded random generator, so the figures hold
 * together the way collected ones do (exits ≤ views, the funnel narrows, conversions once per
 * session) and are the same on every machine for the same day.
 */

const JOURNEY_UID = 'plugin::journey.journey';
const STAGE_DAY_UID = 'plugin::journey.analytics-stage-day';
const JOURNEY_KEY = 'customer';
const SEEDED_KEY = 'analyticsSeeded';
export const DEMO_DAYS = 90;
export const DEMO_GOALS = ['signup', 'purchase'];
const TYPES = ['api::article.article', 'api::guide.guide'] as const;

/** mulberry32: tiny, fast and good enough to make demo traffic look irregular. */
export const prng = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

export interface DemoStage {
  documentId: string;
  key: string;
  position: number;
}

export interface DemoDocument {
  contentType: string;
  documentId: string;
  locale: string;
  intent: string | null;
  /** Stage documentIds of the journey the document is tagged with (published). */
  stages: string[];
}

export interface DemoInput {
  journeyDocumentId: string;
  stages: DemoStage[];
  documents: DemoDocument[];
  /** 'YYYY-MM-DD', the last day (today, UTC). */
  today: string;
  days?: number;
  goals?: string[];
  seed?: number;
  /**
   * A day on which a stage gained content it lacked (a gap filled, from the coverage
   * snapshots): from then on its documents move more readers on. None on a first start.
   */
  improvement?: { stageDocumentId: string; day: string } | null;
}

type Values = Record<string, string | number>;
type Counts = Record<string, number>;
/** addDelta of server/src/domain/analytics/keys.ts, bound to one delta set. */
export type AddDelta = (table: string, values: Values, counts: Counts) => void;

const dayBefore = (today: string, n: number) =>
  new Date(Date.parse(`${today}T00:00:00Z`) - n * 86400000).toISOString().slice(0, 10);

/**
 * How a stage behaves, by its key; a journey with other keys gets the middle row. `leave`: the
 * chance a view ends the session; `back`: of the moves, the share that go back a stage;
 * `helpful`: the share of answers that are "yes"; `answers`: the chance a view is answered.
 */
const BEHAVIOUR: Record<
  string,
  { enter: number; leave: number; back: number; skip: number; helpful: number; answers: number }
> = {
  awareness: { enter: 60, leave: 0.42, back: 0, skip: 0.05, helpful: 0.62, answers: 0.07 },
  consideration: { enter: 24, leave: 0.38, back: 0.22, skip: 0.04, helpful: 0.38, answers: 0.09 },
  decision: { enter: 10, leave: 0.45, back: 0.3, skip: 0, helpful: 0.78, answers: 0.08 },
  usage: { enter: 5, leave: 0.5, back: 0.12, skip: 0, helpful: 0.35, answers: 0.06 },
  // Few answers: its measured emotion stays empty, as a little-read stage's would.
  loyalty: { enter: 1, leave: 0.7, back: 0.1, skip: 0, helpful: 0.7, answers: 0.004 },
};
const MIDDLE = BEHAVIOUR.consideration;
const LOCALE_SHARE: Record<string, number> = { en: 0.55, sv: 0.3, nb: 0.15 };

/**
 * Plays the demo's sessions day by day and hands every counter change to `add`, keyed as the
 * collector keys them (source 'events', importId 0).
 */
export const demoRollups = (input: DemoInput, add: AddDelta): { sessions: number } => {
  const days = input.days ?? DEMO_DAYS;
  const goals = input.goals ?? DEMO_GOALS;
  const random = prng(input.seed ?? 20261207);
  const stages = [...input.stages].sort((a, b) => a.position - b.position);
  const journey = input.journeyDocumentId;
  const behaviour = (stage: DemoStage) => BEHAVIOUR[stage.key] ?? MIDDLE;
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];

  // Each document's pull: a few move readers on, a few lose them (the tab's two lists).
  const pull = new Map<string, number>();
  for (const doc of input.documents) {
    const r = random();
    pull.set(`${doc.contentType}|${doc.documentId}`, r < 0.2 ? -0.22 : r > 0.8 ? 0.2 : 0);
  }
  const docsAt = new Map<string, DemoDocument[]>();
  for (const doc of input.documents) {
    for (const stage of doc.stages) {
      const key = `${stage}|${doc.locale}`;
      docsAt.set(key, [...(docsAt.get(key) ?? []), doc]);
    }
  }
  const locales = DEMO_LOCALES.filter((l) => input.documents.some((d) => d.locale === l));
  let total = 0;

  for (let n = days - 1; n >= 0; n -= 1) {
    const day = dayBefore(input.today, n);
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    // Slow growth over the period, quieter weekends, some noise.
    const base = 70 + (days - n) * 0.35;
    const count = Math.round(
      base * (weekday === 0 || weekday === 6 ? 0.7 : 1) * (0.8 + random() * 0.4)
    );
    const improved =
      input.improvement && day >= input.improvement.day ? input.improvement.stageDocumentId : null;

    for (let s = 0; s < count; s += 1) {
      // A locale the session reads in, by the shop's markets.
      let roll = random();
      let locale = locales[0];
      for (const l of locales) {
        roll -= LOCALE_SHARE[l] ?? 0;
        if (roll <= 0) {
          locale = l;
          break;
        }
      }
      const reachable = stages.filter((st) => docsAt.has(`${st.documentId}|${locale}`));
      if (!reachable.length) continue;
      total += 1;
      // Where the session lands: mostly awareness, as search traffic does.
      const weights = reachable.map((st) => behaviour(st).enter);
      let at = random() * weights.reduce((a, b) => a + b, 0);
      let index = 0;
      while (index < weights.length - 1 && at > weights[index]) at -= weights[index++];

      let furthest = -1;
      let first: DemoStage | null = null;
      let prev: { stage: DemoStage; doc: DemoDocument } | null = null;
      const reached = new Set<string>();
      let current = reachable[index];

      for (let step = 0; step < 12; step += 1) {
        const doc = pick(docsAt.get(`${current.documentId}|${locale}`) as DemoDocument[]);
        const stageRow = { day, journeyDocumentId: journey, entryLocale: locale };
        const stageKey = (stage: DemoStage) => ({
          ...stageRow,
          stageDocumentId: stage.documentId,
          source: 'events',
          importId: 0,
        });
        const docKey = (stage: DemoStage, d: DemoDocument) => ({
          day,
          contentType: d.contentType,
          entryDocumentId: d.documentId,
          entryLocale: d.locale,
          journeyDocumentId: journey,
          stageDocumentId: stage.documentId,
          intent: d.intent ?? '',
          source: 'events',
          importId: 0,
        });
        const both = (stage: DemoStage, d: DemoDocument, counts: Counts) => {
          add('stages', stageKey(stage), counts);
          add('documents', docKey(stage, d), counts);
        };

        both(current, doc, { views: 1, exits: 1 });
        if (!first) {
          first = current;
          both(current, doc, { entries: 1 });
        }
        for (const st of stages) {
          if (st.position > furthest && st.position <= current.position) {
            add('stages', stageKey(st), { sessions: 1 });
          }
        }
        furthest = Math.max(furthest, current.position);
        if (prev) {
          both(prev.stage, prev.doc, { exits: -1 });
          const q = prev.stage.position;
          if (q < current.position) both(prev.stage, prev.doc, { progressions: 1 });
          if (q > current.position) both(prev.stage, prev.doc, { returns: 1 });
          if (q !== current.position) {
            add(
              'transitions',
              {
                day,
                journeyDocumentId: journey,
                fromStageDocumentId: prev.stage.documentId,
                toStageDocumentId: current.documentId,
                entryLocale: locale,
              },
              { moves: 1 }
            );
            // Some moves came from a next-step recommendation.
            if (random() < 0.25) both(prev.stage, prev.doc, { nextClicks: 1 });
          }
        }
        const b = behaviour(current);
        if (random() < b.answers) {
          both(current, doc, random() < b.helpful ? { helpfulYes: 1 } : { helpfulNo: 1 });
        }

        // Goals, once per session: a signup from consideration on, a purchase at decision.
        const reach = (goal: string, chance: number) => {
          if (!goals.includes(goal) || reached.has(goal) || random() >= chance) return;
          reached.add(goal);
          const furthestStage = stages.find((st) => st.position === furthest) as DemoStage;
          for (const [attribution, stage] of [
            ['furthest', furthestStage],
            ['first', first as DemoStage],
          ] as const) {
            add(
              'goals',
              {
                day,
                journeyDocumentId: journey,
                goal,
                stageDocumentId: stage.documentId,
                attribution,
                entryLocale: locale,
                source: 'events',
                importId: 0,
              },
              { conversions: 1 }
            );
          }
        };
        if (current.key === 'consideration') reach('signup', 0.08);
        if (current.key === 'decision') reach('purchase', 0.28);

        prev = { stage: current, doc };
        const lift =
          (pull.get(`${doc.contentType}|${doc.documentId}`) ?? 0) +
          (improved === current.documentId ? 0.15 : 0);
        if (random() < b.leave - lift) break;

        const i = reachable.indexOf(current);
        const r = random();
        let next: DemoStage | undefined;
        if (r < b.back) next = reachable[i - 1];
        else if (r < b.back + b.skip) next = reachable[i + 2];
        else if (r < 0.85) next = reachable[i + 1];
        // Otherwise another document of the same stage.
        current = next ?? current;
      }
    }

    // A few events the collector would have refused.
    add('drops', { day, reason: 'bot' }, { dropped: 1 + Math.floor(random() * 5) });
    if (random() < 0.4)
      add('drops', { day, reason: 'do-not-track' }, { dropped: 1 + Math.floor(random() * 3) });
  }
  return { sessions: total };
};

interface DeltaHelpers {
  emptyDeltaSet(): unknown;
  addDelta(set: unknown, table: string, values: Values, counts: Counts): void;
}

interface Store {
  addDeltas(set: unknown): Promise<void>;
}

interface PublishedDocument {
  documentId: string;
  searchIntent?: string | null;
  journeyStages?: Array<{ documentId: string }>;
}

/** Nordstig's published documents in each locale with their stages in the journey. */
const publishedDocuments = async (
  strapi: Core.Strapi,
  stageIds: Set<string>
): Promise<DemoDocument[]> => {
  const found: DemoDocument[] = [];
  for (const contentType of TYPES) {
    for (const locale of DEMO_LOCALES) {
      const rows = (await strapi.documents(contentType as never).findMany({
        locale,
        status: 'published',
        fields: ['documentId', 'searchIntent'],
        populate: { journeyStages: { fields: ['documentId'] } },
      } as never)) as unknown as PublishedDocument[];
      for (const row of rows) {
        const stages = (row.journeyStages ?? [])
          .map((s) => s.documentId)
          .filter((id) => stageIds.has(id));
        if (!stages.length) continue;
        found.push({
          contentType,
          documentId: row.documentId,
          locale,
          intent: row.searchIntent ?? null,
          stages,
        });
      }
    }
  }
  return found;
};

/**
 * On the first start, and only while the rollup tables are empty: the journey gets goals to
 * count (unless an admin set some) and 90 days of rollups ending today.
 */
export const seedAnalytics = async (strapi: Core.Strapi) => {
  const flags = strapi.store({ type: 'app', name: 'journey-demo' });
  if (await flags.get({ key: SEEDED_KEY })) return;
  const plugin = strapi.plugin('journey');
  const helpers = plugin.service('analytics-deltas') as DeltaHelpers | undefined;
  const store = plugin.service('analytics-store') as Store | undefined;
  if (!helpers || !store) {
    strapi.log.warn('[demo] the journey plugin has no analytics store: no analytics seeded');
    return;
  }
  if ((await strapi.db.query(STAGE_DAY_UID as never).count()) > 0) {
    await flags.set({ key: SEEDED_KEY, value: { at: new Date().toISOString(), skipped: true } });
    return;
  }
  const journey = (await strapi.db.query(JOURNEY_UID as never).findOne({
    where: { key: JOURNEY_KEY },
    populate: { stages: true },
  })) as {
    id: number;
    documentId: string;
    goals?: string[] | null;
    stages?: DemoStage[];
  } | null;
  if (!journey?.stages?.length) return;

  const started = Date.now();
  if (!journey.goals?.length) {
    await strapi.db
      .query(JOURNEY_UID as never)
      .update({ where: { id: journey.id }, data: { goals: DEMO_GOALS } as never });
  }
  const stages = journey.stages.map((s) => ({
    documentId: s.documentId,
    key: s.key,
    position: s.position,
  }));
  const documents = await publishedDocuments(strapi, new Set(stages.map((s) => s.documentId)));
  const set = helpers.emptyDeltaSet();
  const { sessions } = demoRollups(
    {
      journeyDocumentId: journey.documentId,
      stages,
      documents,
      today: new Date().toISOString().slice(0, 10),
      goals: journey.goals?.length ? journey.goals : DEMO_GOALS,
      // A database seeded today has one coverage snapshot: no filled gap to show an effect of.
      improvement: null,
    },
    (table, values, counts) => helpers.addDelta(set, table, values, counts)
  );
  await store.addDeltas(set);
  await flags.set({ key: SEEDED_KEY, value: { at: new Date().toISOString(), skipped: false } });
  strapi.log.info(
    `[demo] seeded ${DEMO_DAYS} days of journey analytics (${sessions} made-up sessions over ` +
      `${documents.length} documents) in ${((Date.now() - started) / 1000).toFixed(1)} s`
  );
};
