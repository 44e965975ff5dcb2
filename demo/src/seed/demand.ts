import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

/**
 * Nordstig's search demand: a Search Console "Queries" export per language (demo/data), imported
 * on the first start through the plugin's own import service, as the admin's upload does it, so
 * the coverage page's demand layer has something to show.
 *
 * The files are shaped like the real export (Top queries, Clicks, Impressions, CTR as "4.5%",
 * Position) for three months; some queries are what the demo's articles answer, some are clearly
 * unserved (marathon plans, socks, watches), and a few have many impressions at position 8–20:
 * the "almost there" ones.
 */
export const DEMAND_FILES = [
  { locale: 'en', file: 'search-console-en.csv' },
  { locale: 'sv', file: 'search-console-sv.csv' },
] as const;

export const DEMAND_SOURCE = 'Search Console';
export const DEMAND_PERIOD = '2026-08-01..2026-10-31';
const JOURNEY_KEY = 'customer';
const SEEDED_KEY = 'demandSeeded';

/**
 * The intent → stage mapping puts no query in usage or loyalty (nobody searches "loyalty");
 * a marketer corrects the few that belong there, as these overrides do. They also show the
 * "Overridden" badge in the drill-down, and the Swedish loyalty gap with demand behind it.
 */
export const DEMAND_OVERRIDES: Array<{ locale: string; query: string; stage: string }> = [
  { locale: 'en', query: 'when to replace running shoes', stage: 'loyalty' },
  { locale: 'en', query: 'nordstig club login', stage: 'loyalty' },
  { locale: 'en', query: 'how to wash running shoes', stage: 'usage' },
  { locale: 'sv', query: 'nordstig club poäng', stage: 'loyalty' },
  { locale: 'sv', query: 'nordstig club bonus', stage: 'loyalty' },
  { locale: 'sv', query: 'värva en vän nordstig', stage: 'loyalty' },
  { locale: 'sv', query: 'hur återvinner man löparskor', stage: 'loyalty' },
  { locale: 'sv', query: 'hur tvättar man löparskor', stage: 'usage' },
  { locale: 'sv', query: 'hur reklamerar man skor', stage: 'usage' },
];

interface DemandImportService {
  importFile(input: {
    journey: string;
    locale: string;
    source: string;
    period: string;
    file: { data: Buffer; name: string };
  }): Promise<{ import: { rowsStored: number } }>;
  putOverride(input: {
    journey: string;
    locale: string;
    query: string;
    stage: string;
  }): Promise<unknown>;
}

export const seedDemand = async (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'app', name: 'journey-demo' });
  if (await store.get({ key: SEEDED_KEY })) return;
  const service = strapi.plugin('journey').service('demand-import') as
    DemandImportService | undefined;
  if (!service) {
    strapi.log.warn('[demo] the journey plugin has no demand-import service: no search demand');
    return;
  }
  const lines: string[] = [];
  for (const { locale, file } of DEMAND_FILES) {
    const data = fs.readFileSync(path.join(strapi.dirs.app.root, 'data', file));
    const { import: stored } = await service.importFile({
      journey: JOURNEY_KEY,
      locale,
      source: DEMAND_SOURCE,
      period: DEMAND_PERIOD,
      file: { data, name: file },
    });
    lines.push(`${locale} ${stored.rowsStored} queries`);
  }
  for (const override of DEMAND_OVERRIDES) {
    await service.putOverride({ journey: JOURNEY_KEY, ...override });
  }
  await store.set({ key: SEEDED_KEY, value: { at: new Date().toISOString() } });
  strapi.log.info(
    `[demo] imported search demand (${DEMAND_SOURCE}, ${DEMAND_PERIOD}): ${lines.join(', ')}; ` +
      `${DEMAND_OVERRIDES.length} queries moved to usage and loyalty`
  );
};
