import { useApp, bearer } from '../helpers/suite';
import { adminWithRole, cmRead, createRole, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { addDelta, emptyDeltaSet, type DeltaSet } from '../../server/src/domain/analytics/keys';
import type {
  AnalyticsChangeDate,
  AnalyticsDocumentRow,
  AnalyticsEffect,
  AnalyticsResponse,
  AnalyticsStageRow,
  AnalyticsTrafficResponse,
} from '../../server/src/domain/analytics-types';
import { ACTIONS, ANALYTICS_UIDS, JOURNEY_UID } from '../../server/src/utils/constants';

/*
 * Issue 24, the admin read side of journey analytics: rollup rows are written straight through
 * the shared upsert service (the collector is not needed to test the reads), and every figure of
 * every route is checked against sums worked out by hand below.
 */

const SNAPSHOT_UID = 'plugin::journey.coverage-snapshot';
const GONE = 'api::gone.gone';
const PERIOD = 'from=2026-03-01&to=2026-03-02';

type Stages = Record<string, string>;

describe('journey analytics read routes', () => {
  const app = useApp({ admin: true });
  let s: Stages;
  let journeyId: string;
  let importId: number;
  const docs: Record<string, string> = {};

  const get = (path: string, token = app.token) => app.http().get(path).set(bearer(token));

  const analytics = async (query = PERIOD, token?: string) => {
    const res = await get(`/journey/analytics?${query}`, token);
    expect(res.status).toBe(200);
    return res.body.data as AnalyticsResponse;
  };
  const stage = (data: AnalyticsResponse, key: string) =>
    data.stages.find((r) => r.stage.key === key) as AnalyticsStageRow;
  const detail = (data: AnalyticsResponse, key: string) =>
    data.perStage.find((p) => p.stageDocumentId === s[key]) as AnalyticsResponse['perStage'][0];

  beforeAll(async () => {
    const { strapi } = app;
    s = await stageIds(strapi);
    const journey = await strapi.db
      .query(JOURNEY_UID as never)
      .findOne({ where: { key: 'customer' } });
    journeyId = (journey as { documentId: string }).documentId;
    await strapi.db
      .query(JOURNEY_UID as never)
      .update({ where: { key: 'customer' }, data: { goals: ['signup', 'purchase'] } } as never);
    const imported = (await strapi.db.query(ANALYTICS_UIDS.imports as never).create({
      data: { tool: 'ga4', periodFrom: '2026-03-01', periodTo: '2026-03-31', rowCount: 3 },
    } as never)) as { id: number };
    importId = imported.id;

    docs.art1 = (
      await createTagged(strapi, ARTICLE, s, {
        title: 'Guide to journeys',
        stages: ['awareness'],
        status: 'published',
      })
    ).documentId;
    docs.art2 = (
      await createTagged(strapi, ARTICLE, s, {
        title: 'Short note',
        stages: ['awareness'],
        status: 'published',
      })
    ).documentId;
    docs.page1 = (
      await createTagged(strapi, PAGE, s, { title: 'Pricing', stages: ['awareness'] })
    ).documentId;
    docs.page2 = (
      await createTagged(strapi, PAGE, s, { title: 'Compare plans', stages: ['awareness'] })
    ).documentId;

    const set: DeltaSet = emptyDeltaSet();
    const stageRow = (
      day: string,
      key: string,
      entryLocale: string,
      counts: Record<string, number>,
      source = 'events',
      imp = 0
    ) =>
      addDelta(
        set,
        'stages',
        {
          day,
          journeyDocumentId: journeyId,
          stageDocumentId: s[key],
          entryLocale,
          source,
          importId: imp,
        },
        counts
      );
    // March: the funnel's period is 2026-03-01..02; 02-28 is outside it.
    stageRow('2026-03-01', 'awareness', 'en', {
      sessions: 60,
      views: 100,
      entries: 50,
      exits: 30,
      progressions: 40,
      nextClicks: 5,
      helpfulYes: 12,
      helpfulNo: 4,
    });
    stageRow('2026-03-02', 'awareness', '', {
      sessions: 40,
      views: 50,
      entries: 30,
      exits: 20,
      progressions: 10,
      helpfulYes: 6,
    });
    stageRow('2026-03-01', 'awareness', 'sv', { sessions: 10, views: 10, exits: 10 });
    stageRow(
      '2026-03-01',
      'awareness',
      'en',
      { views: 1000, entries: 900, exits: 800 },
      'ga4',
      importId
    );
    stageRow('2026-03-01', 'consideration', 'en', {
      sessions: 30,
      views: 40,
      exits: 20,
      progressions: 12,
      returns: 3,
    });
    stageRow('2026-03-02', 'decision', 'en', { sessions: 9, views: 9, exits: 9 });
    stageRow('2026-02-28', 'awareness', 'en', { sessions: 7777, views: 7777 });
    // April: the effect around 2026-04-11 at usage (10 days each side).
    stageRow('2026-04-05', 'usage', 'en', { views: 120, progressions: 30 });
    stageRow('2026-04-10', 'usage', '', { views: 80, progressions: 20 });
    stageRow('2026-04-11', 'usage', 'en', { views: 150, progressions: 60 });
    stageRow('2026-04-20', 'usage', 'en', { views: 50, progressions: 20 });
    stageRow('2026-04-21', 'usage', 'en', { views: 999, progressions: 999 });
    stageRow('2026-03-31', 'usage', 'en', { views: 999, progressions: 0 });
    stageRow('2026-04-12', 'usage', 'en', { views: 500 }, 'ga4', importId);

    const move = (day: string, from: string, to: string, entryLocale: string, moves: number) =>
      addDelta(
        set,
        'transitions',
        {
          day,
          journeyDocumentId: journeyId,
          fromStageDocumentId: from,
          toStageDocumentId: to,
          entryLocale,
        },
        { moves }
      );
    move('2026-03-01', s.awareness, s.consideration, 'en', 12);
    move('2026-03-02', s.awareness, s.consideration, '', 3);
    move('2026-03-02', s.consideration, s.awareness, 'sv', 3);
    move('2026-03-02', s.awareness, s.decision, 'en', 1);
    move('2026-02-28', s.awareness, s.consideration, 'en', 100);
    move('2026-03-01', s.awareness, 'a-deleted-stage', 'en', 5);

    const goal = (
      day: string,
      g: string,
      key: string,
      attribution: string,
      entryLocale: string,
      conversions: number,
      source = 'events',
      imp = 0
    ) =>
      addDelta(
        set,
        'goals',
        {
          day,
          journeyDocumentId: journeyId,
          goal: g,
          stageDocumentId: s[key],
          attribution,
          entryLocale,
          source,
          importId: imp,
        },
        { conversions }
      );
    goal('2026-03-01', 'signup', 'decision', 'furthest', 'en', 4);
    goal('2026-03-01', 'signup', 'awareness', 'first', 'en', 4);
    goal('2026-03-02', 'purchase', 'consideration', 'furthest', '', 2);
    goal('2026-03-02', 'purchase', 'awareness', 'first', '', 2);
    goal('2026-03-01', 'signup', 'awareness', 'furthest', 'en', 10, 'ga4', importId);
    goal('2026-03-01', 'signup', 'awareness', 'first', 'en', 10, 'ga4', importId);
    goal('2026-03-01', 'legacy', 'consideration', 'furthest', 'en', 1);
    goal('2026-03-01', 'legacy', 'consideration', 'first', 'en', 1);

    addDelta(set, 'drops', { day: '2026-03-01', reason: 'bot' }, { dropped: 5 });
    addDelta(set, 'drops', { day: '2026-03-02', reason: 'bot' }, { dropped: 2 });
    addDelta(set, 'drops', { day: '2026-03-02', reason: 'do-not-track' }, { dropped: 3 });
    addDelta(set, 'drops', { day: '2026-02-28', reason: 'bot' }, { dropped: 100 });

    const doc = (
      day: string,
      contentType: string,
      entryDocumentId: string,
      entryLocale: string,
      key: string,
      intent: string,
      counts: Record<string, number>,
      source = 'events',
      imp = 0
    ) =>
      addDelta(
        set,
        'documents',
        {
          day,
          contentType,
          entryDocumentId,
          entryLocale,
          journeyDocumentId: journeyId,
          stageDocumentId: s[key],
          intent,
          source,
          importId: imp,
        },
        counts
      );
    doc('2026-03-01', ARTICLE, docs.art1, 'en', 'awareness', 'informational', {
      views: 30,
      progressions: 15,
      exits: 6,
      helpfulYes: 2,
    });
    doc('2026-03-02', ARTICLE, docs.art1, 'en', 'awareness', 'informational', {
      views: 10,
      progressions: 5,
      exits: 4,
    });
    doc(
      '2026-03-01',
      ARTICLE,
      docs.art1,
      'en',
      'awareness',
      'informational',
      { views: 100, exits: 90 },
      'ga4',
      importId
    );
    doc('2026-03-01', PAGE, docs.page1, '', 'awareness', 'informational', {
      views: 25,
      progressions: 5,
      exits: 20,
    });
    doc('2026-03-01', ARTICLE, docs.art2, 'en', 'awareness', '', { views: 19, progressions: 19 });
    doc('2026-03-02', PAGE, docs.page2, '', 'awareness', 'commercial', {
      views: 20,
      progressions: 20,
    });
    doc('2026-03-01', ARTICLE, docs.art1, 'en', 'consideration', 'informational', {
      views: 20,
      progressions: 2,
      exits: 18,
    });
    doc('2026-02-28', PAGE, docs.page1, '', 'awareness', 'informational', {
      views: 5000,
      exits: 5000,
    });
    // Twelve documents of a type the app no longer has: ranked, at most ten, named by documentId.
    for (let i = 0; i < 12; i += 1) {
      doc(
        '2026-03-02',
        GONE,
        `gone-${String(i).padStart(2, '0')}`,
        '',
        'decision',
        'transactional',
        { views: 20, progressions: i }
      );
    }
    await strapi.plugin('journey').service('analytics-store').addDeltas(set);

    // Coverage snapshots: awareness × informational published from the start, consideration ×
    // commercial (a page) filled on 03-05, decision × local (an article) on 03-08.
    const stages = ['awareness', 'consideration', 'decision', 'usage', 'loyalty'].map((key, i) => ({
      documentId: s[key],
      key,
      name: key,
      names: null,
      position: i,
    }));
    const totals = {
      published: 0,
      draftOnly: 0,
      untagged: 0,
      gapCells: 0,
      publishedByStage: {},
      types: [ARTICLE, PAGE],
      untaggedByType: [0, 0],
    };
    const snapshot = (day: string, cells: unknown[]) => ({
      journey_document_id: journeyId,
      day,
      taken_at: new Date(),
      stages: JSON.stringify(stages),
      cells: JSON.stringify(cells),
      totals: JSON.stringify(totals),
      document_id: `snap-${day}`,
      created_at: new Date(),
      updated_at: new Date(),
      published_at: new Date(),
    });
    await strapi.db.connection(strapi.db.metadata.get(SNAPSHOT_UID as never).tableName).insert([
      snapshot('2026-03-01', [[0, 'informational', 'en', 1, 0, 0]]),
      snapshot('2026-03-05', [
        [0, 'informational', 'en', 1, 0, 0],
        [1, 'commercial', null, 1, 0, 1],
      ]),
      snapshot('2026-03-08', [
        [0, 'informational', 'en', 1, 0, 0],
        [1, 'commercial', null, 1, 0, 1],
        [2, 'local', 'en', 2, 0, 0],
      ]),
    ]);
  });

  it('sums the funnel of the period over every source and locale', async () => {
    const data = await analytics();
    expect(data.journey).toEqual({
      documentId: journeyId,
      key: 'customer',
      name: 'Customer journey',
      goals: ['signup', 'purchase'],
    });
    expect(data.period).toEqual({ from: '2026-03-01', to: '2026-03-02', days: 2 });
    expect(data.locale).toBeNull();
    expect(data.stages.map((r) => r.stage.key)).toEqual([
      'awareness',
      'consideration',
      'decision',
      'usage',
      'loyalty',
    ]);
    const a = stage(data, 'awareness');
    expect(a).toMatchObject({
      sessions: 110, // 60 + 40 + 10
      views: 1160, // 100 + 50 + 10 + 1000 (ga4)
      entries: 980,
      exits: 860,
      progressions: 50,
      returns: 0,
      nextClicks: 5,
      helpfulYes: 18,
      helpfulNo: 4,
    });
    expect(a.movedOnShare).toBeCloseTo(30 / 110, 10);
    expect(a.leftShare).toBeCloseTo(860 / 1160, 10);
    expect(a.progressionRate).toBeCloseTo(50 / 1160, 10);
    expect(a.measuredEmotion).toBeCloseTo((2 * (18 - 4)) / 22, 10);
    expect(a.goals).toEqual([
      { goal: 'signup', furthest: 10, first: 14 },
      { goal: 'purchase', furthest: 0, first: 2 },
      { goal: 'legacy', furthest: 0, first: 0 },
    ]);
    const b = stage(data, 'consideration');
    expect(b).toMatchObject({
      sessions: 30,
      views: 40,
      exits: 20,
      progressions: 12,
      returns: 3,
      measuredEmotion: null,
    });
    expect(b.movedOnShare).toBeCloseTo(9 / 30, 10);
    expect(b.goals).toEqual([
      { goal: 'signup', furthest: 0, first: 0 },
      { goal: 'purchase', furthest: 2, first: 0 },
      { goal: 'legacy', furthest: 1, first: 1 },
    ]);
    const c = stage(data, 'decision');
    expect(c).toMatchObject({
      sessions: 9,
      views: 9,
      exits: 9,
      leftShare: 1,
      progressionRate: 0,
      movedOnShare: 0,
    });
    expect(c.goals[0]).toEqual({ goal: 'signup', furthest: 4, first: 0 });
    // No sessions: shares are null, not 0 or NaN; the last stage moves on to nothing.
    expect(stage(data, 'usage')).toMatchObject({
      sessions: 0,
      views: 0,
      movedOnShare: null,
      leftShare: null,
      progressionRate: null,
    });
    expect(stage(data, 'loyalty').movedOnShare).toBeNull();
    expect(data.totals).toEqual({ sessions: 110, views: 1209, conversions: 17 });
    expect(data.transitions).toEqual([
      { from: s.awareness, to: s.consideration, moves: 15 },
      { from: s.consideration, to: s.awareness, moves: 3 },
      { from: s.awareness, to: s.decision, moves: 1 },
    ]);
    expect(data.dropped).toEqual({ bot: 7, 'do-not-track': 3 });
    expect(data.sources).toEqual({
      events: true,
      imports: [{ id: importId, tool: 'ga4', periodFrom: '2026-03-01', periodTo: '2026-03-31' }],
    });
  });

  it('ranks movers and drop-offs per stage, with titles and edit paths for a super admin', async () => {
    const data = await analytics();
    const a = detail(data, 'awareness');
    const ids = (rows: AnalyticsDocumentRow[]) => rows.map((r) => r.documentId);
    // art1: 140 views (40 + 100 imported), 20 progressions, 100 exits; page1 25/5/20; page2 20/20/0;
    // art2 has 19 views, under MIN_VIEWS.
    expect(ids(a.movers)).toEqual([docs.page2, docs.page1, docs.art1]);
    expect(ids(a.dropOffs)).toEqual([docs.page1, docs.art1, docs.page2]);
    expect(a.helpful).toEqual({ yes: 18, no: 4 });
    const art1 = a.movers[2];
    expect(art1).toMatchObject({
      contentType: ARTICLE,
      documentId: docs.art1,
      locale: 'en',
      title: 'Guide to journeys',
      stageDocumentId: s.awareness,
      views: 140,
      progressions: 20,
      exits: 100,
      helpfulYes: 2,
      editPath: `/content-manager/collection-types/${ARTICLE}/${docs.art1}?plugins[i18n][locale]=en`,
    });
    expect(art1.progressionShare).toBeCloseTo(20 / 140, 10);
    expect(art1.exitShare).toBeCloseTo(100 / 140, 10);
    expect(a.movers[0]).toMatchObject({
      title: 'Compare plans',
      locale: null,
      progressionShare: 1,
      exitShare: 0,
      editPath: `/content-manager/collection-types/${PAGE}/${docs.page2}`,
    });
    const b = detail(data, 'consideration');
    expect(ids(b.movers)).toEqual([docs.art1]);
    expect(b.movers[0]).toMatchObject({ views: 20, progressions: 2, exits: 18 });
    const c = detail(data, 'decision');
    expect(ids(c.movers)).toEqual([
      'gone-11',
      'gone-10',
      'gone-09',
      'gone-08',
      'gone-07',
      'gone-06',
      'gone-05',
      'gone-04',
      'gone-03',
      'gone-02',
    ]);
    expect(c.movers[0]).toMatchObject({ title: 'gone-11', editPath: null, contentType: GONE });
    // All exits 0: ties, ordered by views then type and documentId.
    expect(ids(c.dropOffs)).toEqual(
      Array.from({ length: 10 }, (_, i) => `gone-${String(i).padStart(2, '0')}`)
    );
    expect(detail(data, 'usage')).toEqual({
      stageDocumentId: s.usage,
      movers: [],
      dropOffs: [],
      helpful: { yes: 0, no: 0 },
    });
  });

  it('narrows to events, to imports and to a locale (unlocalized rows count in every locale)', async () => {
    const events = await analytics(`${PERIOD}&source=events&journey=customer`);
    expect(stage(events, 'awareness')).toMatchObject({
      sessions: 110,
      views: 160,
      entries: 80,
      exits: 60,
      progressions: 50,
    });
    expect(events.totals).toEqual({ sessions: 110, views: 209, conversions: 7 });
    expect(events.sources).toEqual({ events: true, imports: [] });
    expect(detail(events, 'awareness').movers.map((r) => r.documentId)).toEqual([
      docs.page2,
      docs.art1,
      docs.page1,
    ]);

    const imports = await analytics(`${PERIOD}&source=imports&journey=${journeyId}`);
    expect(stage(imports, 'awareness')).toMatchObject({
      sessions: 0,
      views: 1000,
      entries: 900,
      exits: 800,
      progressions: 0,
    });
    expect(stage(imports, 'consideration').views).toBe(0);
    expect(imports.transitions).toEqual([]);
    expect(imports.totals).toEqual({ sessions: 0, views: 1000, conversions: 10 });
    expect(imports.sources.events).toBe(false);
    expect(imports.sources.imports.map((i) => i.id)).toEqual([importId]);
    expect(detail(imports, 'awareness').dropOffs.map((r) => r.documentId)).toEqual([docs.art1]);

    const sv = await analytics(`${PERIOD}&source=events&locale=sv`);
    expect(sv.locale).toBe('sv');
    expect(stage(sv, 'awareness')).toMatchObject({
      sessions: 50,
      views: 60,
      entries: 30,
      exits: 30,
      progressions: 10,
      helpfulYes: 6,
      helpfulNo: 0,
      measuredEmotion: null,
    });
    expect(stage(sv, 'consideration').views).toBe(0);
    expect(sv.totals).toEqual({ sessions: 50, views: 60, conversions: 2 });
    const tie = [
      { from: s.awareness, to: s.consideration, moves: 3 },
      { from: s.consideration, to: s.awareness, moves: 3 },
    ].sort((x, y) => x.from.localeCompare(y.from));
    expect(sv.transitions).toEqual(tie);
    // Pages are not localized: they rank in Swedish too; the English article does not.
    expect(detail(sv, 'awareness').movers.map((r) => r.documentId)).toEqual([
      docs.page2,
      docs.page1,
    ]);
    expect(sv.dropped).toEqual({ bot: 7, 'do-not-track': 3 });

    // One day: 03-01 only.
    const day = await analytics('from=2026-03-01&to=2026-03-01');
    expect(stage(day, 'awareness')).toMatchObject({ sessions: 70, views: 1110 });
    expect(day.period.days).toBe(1);
  });

  it('tests the effect of a date on a stage’s progression rate', async () => {
    const res = await get(
      `/journey/analytics/effect?journey=customer&stage=${s.usage}&date=2026-04-11&days=10`
    );
    expect(res.status).toBe(200);
    const e = res.body.data as AnalyticsEffect;
    // Before 04-01..04-10: 200 views, 50 progressions; after 04-11..04-20: 200 / 80 (events only).
    expect(e.before).toEqual({
      from: '2026-04-01',
      to: '2026-04-10',
      views: 200,
      progressions: 50,
      rate: 0.25,
    });
    expect(e.after).toEqual({
      from: '2026-04-11',
      to: '2026-04-20',
      views: 200,
      progressions: 80,
      rate: 0.4,
    });
    expect(e.difference).toBeCloseTo(0.15, 10);
    expect(e.interval?.[0]).toBeCloseTo(0.0593831, 6);
    expect(e.interval?.[1]).toBeCloseTo(0.2406169, 6);
    expect(e).toMatchObject({
      stageDocumentId: s.usage,
      date: '2026-04-11',
      days: 10,
      significant: true,
      enough: true,
      reason: null,
    });

    const sv = (
      await get(`/journey/analytics/effect?stage=usage&date=2026-04-11&days=10&locale=sv`)
    ).body.data as AnalyticsEffect;
    expect(sv.before).toMatchObject({ views: 80, progressions: 20 });
    expect(sv).toMatchObject({
      enough: false,
      reason: 'no-views-after',
      difference: null,
      interval: null,
    });

    const all = (
      await get(`/journey/analytics/effect?stage=usage&date=2026-04-11&days=10&source=all`)
    ).body.data as AnalyticsEffect;
    expect(all.after).toMatchObject({ views: 700, progressions: 80 });

    const early = (await get(`/journey/analytics/effect?stage=usage&date=2026-04-01&days=1`)).body
      .data as AnalyticsEffect;
    expect(early.before).toMatchObject({
      from: '2026-03-31',
      to: '2026-03-31',
      views: 999,
      progressions: 0,
    });
    expect(early.reason).toBe('no-views-after');
  });

  it('lists gap-filled dates from the coverage snapshots, newest first', async () => {
    const res = await get(`/journey/analytics/changes?journey=customer`);
    expect(res.status).toBe(200);
    expect(res.body.data as AnalyticsChangeDate[]).toEqual([
      { date: '2026-03-08', stageDocumentId: s.decision, kind: 'gap-filled', intent: 'local' },
      {
        date: '2026-03-05',
        stageDocumentId: s.consideration,
        kind: 'gap-filled',
        intent: 'commercial',
      },
    ]);
  });

  it('gives the coverage traffic layer per stage × intent', async () => {
    const res = await get(`/journey/analytics/traffic?${PERIOD}`);
    expect(res.status).toBe(200);
    const data = res.body.data as AnalyticsTrafficResponse;
    expect(data.period).toEqual({ from: '2026-03-01', to: '2026-03-02', days: 2 });
    const cells = data.cells.map(({ progressionRate, ...c }) => ({
      ...c,
      rate: progressionRate === null ? null : Number(progressionRate.toFixed(6)),
    }));
    const r = (n: number) => Number(n.toFixed(6));
    expect(cells).toEqual([
      {
        stageDocumentId: s.awareness,
        intent: 'commercial',
        views: 20,
        progressions: 20,
        exits: 0,
        rate: 1,
      },
      {
        stageDocumentId: s.awareness,
        intent: 'informational',
        views: 165,
        progressions: 25,
        exits: 120,
        rate: r(25 / 165),
      },
      {
        stageDocumentId: s.awareness,
        intent: null,
        views: 19,
        progressions: 19,
        exits: 0,
        rate: 1,
      },
      {
        stageDocumentId: s.consideration,
        intent: 'informational',
        views: 20,
        progressions: 2,
        exits: 18,
        rate: 0.1,
      },
      {
        stageDocumentId: s.decision,
        intent: 'transactional',
        views: 240,
        progressions: 66,
        exits: 0,
        rate: r(66 / 240),
      },
    ]);
    const pages = (
      await get(`/journey/analytics/traffic?${PERIOD}&contentType=${PAGE}&source=events`)
    ).body.data as AnalyticsTrafficResponse;
    expect(pages.cells).toEqual([
      {
        stageDocumentId: s.awareness,
        intent: 'commercial',
        views: 20,
        progressions: 20,
        exits: 0,
        progressionRate: 1,
      },
      {
        stageDocumentId: s.awareness,
        intent: 'informational',
        views: 25,
        progressions: 5,
        exits: 20,
        progressionRate: 0.2,
      },
    ]);
  });

  it('reads whole months from the month rollup with the same figures as the days', async () => {
    const months = app.strapi.plugin('journey').service('analytics-months');
    // March less 03-01 (a month row minus a day), Feb 15–28 as days, single days, all sources.
    const periods = [
      'from=2026-03-02&to=2026-04-30',
      'from=2026-02-15&to=2026-04-30&source=events',
      'from=2026-03-01&to=2026-04-30&locale=sv',
      PERIOD,
    ];
    const read = async () => {
      const found = [];
      for (const p of periods) {
        found.push(await analytics(p));
        const traffic = await get(`/journey/analytics/traffic?${p}`);
        found.push(traffic.body.data);
      }
      return found;
    };
    months.force(false);
    const byDays = await read();
    // Only 03-02 counts: art1 has 10 views there (under 20); page2 20.
    expect(
      detail(byDays[0] as AnalyticsResponse, 'awareness').movers.map((r) => r.documentId)
    ).toEqual([docs.page2]);
    // One month row per document, stage, locale and source that had March (or February) days.
    expect(await months.rebuild()).toBe(19);
    months.force(true);
    try {
      expect(await read()).toEqual(byDays);
    } finally {
      months.force(null);
    }
  });

  it('answers 400 naming the parameter and the valid values', async () => {
    const cases: Array<[string, string, unknown, unknown]> = [
      ['/journey/analytics?days=0', 'days', '0', 'an integer from 1 to 400'],
      ['/journey/analytics?days=401', 'days', '401', 'an integer from 1 to 400'],
      [
        '/journey/analytics?days=7&from=2026-03-01',
        'from',
        '2026-03-01',
        'either days or from/to, not both',
      ],
      [
        '/journey/analytics?from=2026-02-30',
        'from',
        '2026-02-30',
        'a day as YYYY-MM-DD, e.g. 2026-01-31',
      ],
      [
        '/journey/analytics?from=2026-03-02&to=2026-03-01',
        'to',
        '2026-03-01',
        'a day on or after from (2026-03-02)',
      ],
      [
        '/journey/analytics?from=2024-01-01&to=2026-03-01',
        'from',
        '2024-01-01',
        'a day at most 400 days before to (2026-03-01)',
      ],
      ['/journey/analytics?source=ga4', 'source', 'ga4', ['all', 'events', 'imports']],
      ['/journey/analytics?journey=nope', 'journey', 'nope', undefined],
      ['/journey/analytics?locale=de', 'locale', 'de', undefined],
      [
        '/journey/analytics/traffic?contentType=api::note.note',
        'contentType',
        'api::note.note',
        [ARTICLE, PAGE],
      ],
      [
        '/journey/analytics/effect?stage=usage&days=7',
        'date',
        '',
        'a day as YYYY-MM-DD, e.g. 2026-01-31',
      ],
      [
        '/journey/analytics/effect?stage=nope&date=2026-04-11',
        'stage',
        'nope',
        ['awareness', 'consideration', 'decision', 'usage', 'loyalty'],
      ],
      [
        '/journey/analytics/effect?stage=usage&date=2026-04-11&days=500',
        'days',
        '500',
        'an integer from 1 to 400',
      ],
      ['/journey/analytics/changes?journey=nope', 'journey', 'nope', undefined],
    ];
    for (const [path, parameter, value, valid] of cases) {
      const res = await get(path);
      expect([path, res.status]).toEqual([path, 400]);
      expect(res.body.error.details).toMatchObject({ parameter, value });
      if (valid !== undefined) expect([path, res.body.error.details.valid]).toEqual([path, valid]);
    }
    const journeys = (await get('/journey/analytics?journey=nope')).body.error.details.valid;
    expect(journeys).toContain('customer');
    expect((await get('/journey/analytics?locale=de')).body.error.details.valid).toEqual(
      expect.arrayContaining(['en', 'sv', 'nb'])
    );
  });

  it('needs analytics.read, and shows titles only of types the role may read', async () => {
    const { strapi } = app;
    const coverageOnly = await adminWithRole(
      strapi,
      await createRole(strapi, 'coverage only', [ACTIONS.readCoverage])
    );
    for (const path of [
      '/journey/analytics',
      '/journey/analytics/effect?stage=usage&date=2026-04-11',
      '/journey/analytics/changes',
      '/journey/analytics/traffic',
    ]) {
      const res = await get(path, coverageOnly.token);
      expect([path, res.status]).toEqual([path, 403]);
    }
    const pagesReader = await adminWithRole(
      strapi,
      await createRoleWith(strapi, 'analytics and pages', [
        { action: ACTIONS.readAnalytics },
        cmRead(PAGE),
      ])
    );
    const data = await analytics(PERIOD, pagesReader.token);
    // The figures are the same; the article is named by its documentId, with no edit path.
    expect(stage(data, 'awareness').views).toBe(1160);
    const movers = detail(data, 'awareness').movers;
    expect(movers.map((r) => [r.documentId, r.title, r.editPath])).toEqual([
      [docs.page2, 'Compare plans', `/content-manager/collection-types/${PAGE}/${docs.page2}`],
      [docs.page1, 'Pricing', `/content-manager/collection-types/${PAGE}/${docs.page1}`],
      [docs.art1, docs.art1, null],
    ]);
    // A title field the role may not read: the page keeps its edit path, not its title.
    const noTitles = await adminWithRole(
      strapi,
      await createRoleWith(strapi, 'analytics, pages without title', [
        { action: ACTIONS.readAnalytics },
        cmRead(PAGE, { fields: [] }),
      ])
    );
    const hidden = detail(await analytics(PERIOD, noTitles.token), 'awareness').movers;
    expect(hidden[0]).toMatchObject({ documentId: docs.page2, title: docs.page2 });
    // Change dates leave out types the role may not read: the article's 03-08 is gone.
    const changes = await get('/journey/analytics/changes', pagesReader.token);
    expect(changes.body.data).toEqual([
      {
        date: '2026-03-05',
        stageDocumentId: s.consideration,
        kind: 'gap-filled',
        intent: 'commercial',
      },
    ]);
    const effect = await get(
      '/journey/analytics/effect?stage=usage&date=2026-04-11&days=10',
      pagesReader.token
    );
    expect(effect.body.data.enough).toBe(true);
    const traffic = await get(`/journey/analytics/traffic?${PERIOD}`, pagesReader.token);
    expect(traffic.body.data.cells).toHaveLength(5);
  });

  it('keeps the months equal to the days across a retention cut in the middle of a month', async () => {
    const months = app.strapi.plugin('journey').service('analytics-months');
    const store = app.strapi.plugin('journey').service('analytics-store');
    // The store keeps the months in its own transactions (rebuilt from the days above).
    expect(months.inUse()).toBe(true);
    await store.deleteBefore('2026-03-10');
    const periods = ['from=2026-03-01&to=2026-04-30', 'from=2026-02-01&to=2026-04-30'];
    const read = async () => Promise.all(periods.map((p) => analytics(p)));
    const byMonths = await read();
    months.force(false);
    try {
      expect(await read()).toEqual(byMonths);
    } finally {
      months.force(null);
    }
  });
});
