import type { Core } from '@strapi/strapi';
import { mergeCells, mergeUntagged, type CountRow } from '../domain/coverage';
import { INTENTS } from '../domain/intents';
import type { JourneyPluginConfig } from '../domain/config';
import { PLUGIN_ID } from '../utils/constants';
import type { Knex, QueryBuilder } from '../utils/db';
import { getService } from '../utils/get-service';
import { invalidParam } from '../utils/params';
import type { TagTable } from './content-types';

export interface CoverageQuery {
  journey?: string;
  contentType?: string;
  locale?: string;
}

type State = 'published' | 'draftOnly';

/**
 * Restricts rows to one state. A document counts as published when it has a published row;
 * "draft only" when it has a draft row and no published row in the same locale. Types without
 * draft & publish keep only published rows, so they never count as drafts.
 */
const whereState = (knex: Knex, query: QueryBuilder, t: TagTable, state: State) => {
  if (state === 'published') return query.whereNotNull(`e.${t.publishedAt}`);
  return query.whereNull(`e.${t.publishedAt}`).whereNotExists(
    knex(`${t.table} as p`)
      .select(knex.raw('1'))
      .whereRaw(`p.${t.documentId} = e.${t.documentId}`)
      .whereNotNull(`p.${t.publishedAt}`)
      .modify((q) => {
        if (t.localized) q.whereRaw(`p.${t.locale} = e.${t.locale}`);
      })
  );
};

const localeColumn = (knex: Knex, t: TagTable) =>
  t.localized ? knex.ref(`e.${t.locale}`).as('locale') : knex.raw('NULL as ??', ['locale']);

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');

  /** Documents per stage × intent × locale, one GROUP BY query per content type and state. */
  const taggedCounts = (
    knex: Knex,
    t: TagTable,
    stageIds: number[],
    state: State,
    locale?: string
  ) => {
    const query = knex(`${t.table} as e`)
      .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
      .whereIn(`l.${t.stageColumn}`, stageIds)
      .select({ stage: `l.${t.stageColumn}`, intent: `e.${t.intent}` })
      .select(localeColumn(knex, t))
      .countDistinct({ count: `e.${t.documentId}` })
      .groupBy(`l.${t.stageColumn}`, `e.${t.intent}`);
    if (t.localized) query.groupBy(`e.${t.locale}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return whereState(knex, query, t, state) as unknown as Promise<CountRow[]>;
  };

  /** Documents with no stage of any journey, per locale. */
  const untaggedCounts = (knex: Knex, t: TagTable, state: State, locale?: string) => {
    const query = knex(`${t.table} as e`)
      .whereNotExists(
        knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
      )
      .select(localeColumn(knex, t))
      .countDistinct({ count: `e.${t.documentId}` });
    if (t.localized) query.groupBy(`e.${t.locale}`);
    if (locale && t.localized) query.where(`e.${t.locale}`, locale);
    return whereState(knex, query, t, state) as unknown as Promise<CountRow[]>;
  };

  const validContentTypes = (contentType?: string) => {
    const all = contentTypes().journeyAwareUids();
    if (contentType === undefined) return all;
    if (!all.includes(contentType)) throw invalidParam('contentType', contentType, all);
    return [contentType];
  };

  const compute = async ({ journey: journeyKey, contentType, locale }: CoverageQuery = {}) => {
    const journeysService = getService(strapi, 'journeys');
    const all = await journeysService.list();
    const journey = journeyKey ? all.find((j) => j.key === journeyKey) : all[0];
    if (!journey) {
      throw invalidParam(
        'journey',
        journeyKey ?? '',
        all.map((j) => j.key)
      );
    }
    const uids = validContentTypes(contentType);
    const stageKeys = new Map(journey.stages.map((s) => [s.id, s.key]));
    const stageIds = [...stageKeys.keys()];
    const states: State[] = ['published', 'draftOnly'];
    const knex = strapi.db.connection;

    const tagged = await Promise.all(
      uids.flatMap((uid) =>
        states.map(async (state) => ({
          contentType: uid,
          state,
          rows: stageIds.length
            ? await taggedCounts(knex, contentTypes().tagTable(uid), stageIds, state, locale)
            : [],
        }))
      )
    );
    const untagged = await Promise.all(
      uids.flatMap((uid) =>
        states.map(async (state) => ({
          contentType: uid,
          state,
          rows: await untaggedCounts(knex, contentTypes().tagTable(uid), state, locale),
        }))
      )
    );
    for (const group of tagged) {
      for (const row of group.rows) row.stage = stageKeys.get(Number(row.stage));
    }
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    return {
      journey: {
        key: journey.key,
        name: journey.name,
        names: journey.names ?? null,
        stages: journey.stages.map((s) => ({
          key: s.key,
          name: s.name,
          names: s.names ?? null,
          colour: s.colour ?? null,
          position: s.position,
        })),
      },
      intents: INTENTS,
      contentTypes: uids,
      locale: locale ?? null,
      thinThreshold: config.thinThreshold,
      cells: mergeCells(tagged),
      untagged: mergeUntagged(untagged).filter((u) => u.published + u.draftOnly > 0),
    };
  };

  return { compute };
};
