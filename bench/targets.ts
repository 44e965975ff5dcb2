/**
 * What the load benches request: one (stage, intent, type, locale, page) per URL, rendered for
 * the journey route, for Strapi's own REST route and for the floor (which takes the journey
 * route's URL). Built from the data's own counts, so every page asked for has content.
 */
import type { Core } from '@strapi/strapi';
import { ARTICLE, GUIDE } from './app';
import { floorCoverage, tagTable } from './coverage';
import { random } from './generate';

export interface Target {
  stage: string;
  /** null: every intent (the route without `intent=`). */
  intent: string | null;
  type: 'article' | 'guide';
  locale: string;
  page: number;
  pageSize: number;
}

export interface Cell {
  stage: string;
  intent: string | null;
  type: 'article' | 'guide';
  locale: string;
  published: number;
}

const typeName = (uid: string) => (uid === ARTICLE ? 'article' : 'guide') as Target['type'];

export const journeyPath = (t: Target) =>
  `/api/journey/content?journey=customer&stage=${t.stage}${t.intent ? `&intent=${t.intent}` : ''}&type=${t.type}&locale=${t.locale}&page=${t.page}&pageSize=${t.pageSize}`;

/** The same selection through Strapi's REST API, in the same order (the route's default sort). */
export const nativePath = (t: Target) =>
  `/api/${t.type}s?filters[journeyStages][key][$eq]=${t.stage}${t.intent ? `&filters[searchIntent][$eq]=${t.intent}` : ''}&locale=${t.locale}&sort=publishedAt:desc&pagination[page]=${t.page}&pagination[pageSize]=${t.pageSize}`;

/**
 * The published documents of every (stage, intent, type, locale), and of every (stage, type,
 * locale) across intents (intent null), counted by the hand-written SQL.
 */
export const publishedCells = async (strapi: Core.Strapi): Promise<Cell[]> => {
  const { cells } = await floorCoverage(strapi);
  const byKey = new Map<string, Cell>();
  const add = (cell: Cell) => {
    const key = `${cell.stage}|${cell.intent ?? '*'}|${cell.type}|${cell.locale}`;
    const seen = byKey.get(key);
    if (seen) seen.published += cell.published;
    else byKey.set(key, { ...cell });
  };
  for (const c of cells) {
    if (!c.published || !c.locale) continue;
    const type = typeName(c.contentType);
    if (c.intent)
      add({ stage: c.stage, intent: c.intent, type, locale: c.locale, published: c.published });
    add({ stage: c.stage, intent: null, type, locale: c.locale, published: c.published });
  }
  return [...byKey.values()].sort((a, b) => b.published - a.published);
};

const shuffle = <T>(items: T[], seed: number) => {
  const rand = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i -= 1) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

/**
 * Every page of every cell, up to `maxPage` per cell, in a seeded random order: any stretch of
 * the list is a fair sample, so sides that get through different numbers of requests are asked
 * the same kind of pages, and nothing repeats until the list is used up.
 */
export const distinctTargets = (
  cells: Cell[],
  {
    pageSize = 10,
    maxPage = 200,
    seed = 16,
  }: { pageSize?: number; maxPage?: number; seed?: number } = {}
) => {
  const targets: Target[] = [];
  for (const c of cells) {
    const pages = Math.min(maxPage, Math.ceil(c.published / pageSize));
    for (let page = 1; page <= pages; page += 1) {
      targets.push({
        stage: c.stage,
        intent: c.intent,
        type: c.type,
        locale: c.locale,
        page,
        pageSize,
      });
    }
  }
  return shuffle(targets, seed);
};

/** The plugin's per-cell counts (server/src/content-types/cell-count): the route's totals. */
const CELL_UID = 'plugin::journey.cell-count';

/**
 * Where the floor finds the same data: tables, join columns, the journey and its stages, and the
 * cell counts table the route reads its totals from (table and column names as Strapi mapped
 * them, as the plugin's own cell reads take them).
 */
export const floorSpec = async (strapi: Core.Strapi) => {
  const stages = (await strapi.db.query('plugin::journey.stage').findMany({
    populate: { journey: true },
  })) as Array<{ id: number; key: string; name: string; journey?: { id: number; key: string } }>;
  const contentTypes = strapi.plugin('journey').service('content-types') as {
    isLocalized: (uid: string) => boolean;
  };
  const types = [ARTICLE, GUIDE].map((uid) => ({
    name: typeName(uid),
    uid,
    ...tagTable(strapi, uid),
    localized: contentTypes.isLocalized(uid),
    fields: uid === ARTICLE ? ['title', 'summary'] : ['title', 'intro'],
  }));
  const defaultLocale = (await strapi
    .plugin('i18n')
    .service('locales')
    .getDefaultLocale()) as string;
  const customer = stages.filter((s) => s.journey?.key === 'customer');
  const journeyIds = new Set(customer.map((s) => Number(s.journey?.id)));
  if (journeyIds.size !== 1)
    throw new Error(`floorSpec: the stages of "customer" name ${journeyIds.size} journeys`);
  const cellMeta = strapi.db.metadata.get(CELL_UID);
  const attributes = cellMeta.attributes as Record<string, { columnName?: string }>;
  const column = (name: string) => attributes[name]?.columnName ?? name;
  return {
    client: strapi.db.dialect.client as string,
    journey: 'customer',
    journeyId: [...journeyIds][0],
    stages: customer.map((s) => ({ id: s.id, key: s.key, name: s.name })),
    types,
    defaultLocale,
    cells: {
      table: cellMeta.tableName,
      columns: {
        scope: column('scope'),
        scopeId: column('scopeId'),
        intent: column('intent'),
        locale: column('cellLocale'),
        uid: column('contentType'),
        published: column('published'),
      },
    },
  };
};
