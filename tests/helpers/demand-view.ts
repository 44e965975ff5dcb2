import { useApp } from './suite';
import { ARTICLE, createTagged, stageIds } from './content';

// The demand view's fixture, shared by its test files: a journey with published and draft
// articles, a guide type, a Search Console import (en) and a keyword-volume import (sv).

export const GUIDE = 'api::guide.guide';
export const READ_COVERAGE = 'plugin::journey.coverage.read';

/** A type with a slug and a focus keyword, without locales: it serves every locale. */
export const GUIDE_TYPE = {
  kind: 'collectionType',
  collectionName: 'guides',
  info: { singularName: 'guide', pluralName: 'guides', displayName: 'Guide' },
  options: { draftAndPublish: true },
  pluginOptions: { journey: { enabled: true } },
  attributes: {
    title: { type: 'string', required: true },
    slug: { type: 'uid', targetField: 'title' },
    focusKeyword: { type: 'string' },
  },
};

/** 28 days: monthly = value × 30.4375 / 28. */
export const FACTOR = 30.4375 / 28;
export const monthly = (value: number) => Math.round(value * FACTOR * 100) / 100;

export interface Row {
  query: string;
  intent: string;
  impressions?: number;
  clicks?: number;
  ctr?: number;
  position?: number;
  volume?: number;
}

/** Search Console rows (en, 28 days) and keyword volumes (sv, monthly), written as an import would. */
export const SEARCH_CONSOLE: Row[] = [
  // consideration × commercial
  {
    query: 'best trail running shoes',
    intent: 'commercial',
    impressions: 1000,
    clicks: 10,
    ctr: 0.01,
    position: 9.5,
  },
  {
    query: 'trail running shoes women',
    intent: 'commercial',
    impressions: 400,
    clicks: 20,
    ctr: 0.05,
    position: 4,
  },
  // decision × transactional: nothing published there
  {
    query: 'buy running shoes stockholm',
    intent: 'transactional',
    impressions: 300,
    clicks: 3,
    ctr: 0.01,
    position: 12,
  },
  {
    query: 'running shoes, "cheap"',
    intent: 'transactional',
    impressions: 5,
    clicks: 0,
    ctr: 0,
    position: 30,
  },
  // awareness × informational
  {
    query: 'marathon training plan',
    intent: 'informational',
    impressions: 200,
    clicks: 30,
    ctr: 0.15,
    position: 2,
  },
  {
    query: 'how to choose running shoes',
    intent: 'informational',
    impressions: 150,
    clicks: 15,
    ctr: 0.1,
    position: 3,
  },
  {
    query: 'running shoe size',
    intent: 'informational',
    impressions: 120,
    clicks: 1,
    ctr: 0.008,
    position: 15,
  },
  // navigational: the default mapping gives it no stage of its own, so it goes where the
  // classifier and demand-import's preview place it: the decision stage
  {
    query: 'nordstig store login',
    intent: 'navigational',
    impressions: 50,
    clicks: 25,
    ctr: 0.5,
    position: 1,
  },
  // no intent: not placed in any stage
  { query: 'xyzzy', intent: 'none', impressions: 30, clicks: 0, ctr: 0, position: 40 },
];
export const VOLUMES: Row[] = [
  { query: 'bästa löparskor trail', intent: 'commercial', volume: 500 },
  { query: 'löparskor rea', intent: 'transactional', volume: 900 },
];

export type CellView = {
  stage: string;
  intent: string;
  demand: number;
  monthly: number;
  queries: number;
  supply: number;
  served: number;
  unserved: number;
};

export type QueryRow = {
  query: string;
  served: boolean;
  almostThere: boolean;
  match: {
    contentType: string;
    title: string | null;
    score: number;
    sameCell: boolean;
    terms: Array<{ term: string; weight: number }>;
  } | null;
  [key: string]: unknown;
};

export const cellOf = (cells: CellView[], stage: string, intent: string) =>
  cells.find((c) => c.stage === stage && c.intent === intent) as CellView;
/** Boots the app with the guide type and locales, logs in and seeds the fixture. */
export const useDemandViewApp = () => {
  // "da" holds the imports of the demand model's tests, removed after each.
  const app = useApp({
    contentTypes: { guide: GUIDE_TYPE },
    locales: ['sv', 'nb', 'da'],
    admin: true,
  });
  const stages: Record<string, string> = {};
  const queryIds: Record<string, number> = {};
  let journeyDocumentId = '';

  const writeImport = async (
    locale: string,
    periodKey: string,
    format: string,
    source: string,
    rows: Row[],
    /** Distinguishes a second import of the same source and period (stored before re-imports replaced). */
    copy = ''
  ) => {
    const created = (await app.strapi.db.query('plugin::journey.demand-import').create({
      data: {
        replaceKey: `${journeyDocumentId}-${locale}-${source}-${periodKey}${copy}`,
        journeyDocumentId,
        locale,
        source,
        format,
        periodKey,
        rowsRead: rows.length,
        rowsStored: rows.length,
      },
    })) as { id: number };
    for (const r of rows) {
      const row = (await app.strapi.db.query('plugin::journey.demand-query').create({
        data: {
          importId: created.id,
          journeyDocumentId,
          locale,
          query: r.query,
          queryNorm: r.query.toLowerCase(),
          clicks: r.clicks ?? null,
          impressions: r.impressions ?? null,
          ctr: r.ctr ?? null,
          position: r.position ?? null,
          volume: r.volume ?? null,
          intent: r.intent,
          classifiedIntent: r.intent,
          overridden: false,
        },
      })) as { id: number };
      queryIds[r.query] = row.id;
    }
    return created.id;
  };

  const seed = async () => {
    Object.assign(stages, await stageIds(app.strapi));
    const journey = (await app.strapi.db
      .query('plugin::journey.journey')
      .findOne({ where: { key: 'customer' } })) as { documentId: string };
    journeyDocumentId = journey.documentId;
    const article = (
      title: string,
      stage: string,
      intent: string,
      locale = 'en',
      published = true
    ) =>
      createTagged(app.strapi, ARTICLE, stages, {
        title,
        stages: [stage],
        intent,
        locale,
        status: published ? 'published' : undefined,
      });
    await article('Best trail running shoes 2025', 'consideration', 'commercial');
    await article('How to choose running shoes', 'awareness', 'informational');
    await article('Bästa löparskorna för trail', 'consideration', 'commercial', 'sv');
    // A draft serves nobody.
    await article('Running shoe size chart', 'awareness', 'informational', 'en', false);
    await app.strapi.documents(GUIDE as never).create({
      data: {
        title: 'Your first marathon',
        slug: 'marathon-training-plan',
        focusKeyword: 'marathon plan',
        journeyStages: [stages.awareness],
        searchIntent: 'informational',
      },
      status: 'published',
    } as never);
    await writeImport(
      'en',
      '2026-01-01..2026-01-28',
      'search-console',
      'Search Console',
      SEARCH_CONSOLE
    );
    await writeImport('sv', 'monthly', 'keyword-volume', 'Keyword tool', VOLUMES);
  };

  const get = (path: string, as = app.token) =>
    app.http().get(path).set('Authorization', `Bearer ${as}`);

  beforeAll(seed);
  return { app, stages, queryIds, writeImport, get };
};
