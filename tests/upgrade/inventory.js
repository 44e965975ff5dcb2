'use strict';

/**
 * What an upgrade must keep, read the same way under either version: through Strapi's query
 * engine by uid, which both versions define alike, not through the plugin's services.
 */
const JOURNEY_UID = 'plugin::journey.journey';
const STAGE_UID = 'plugin::journey.stage';
const TAGGED_UIDS = ['api::article.article', 'api::page.page'];

const STAGE_FIELDS = [
  'documentId',
  'key',
  'name',
  'names',
  'description',
  'colour',
  'position',
  'customerGoal',
  'touchpoints',
  'feelings',
  'painPoints',
  'kpis',
];
const JOURNEY_FIELDS = ['documentId', 'key', 'name', 'names', 'description', 'position'];

const pick = (row, fields) => Object.fromEntries(fields.map((f) => [f, row[f] ?? null]));
const byText = (a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1);

const inventory = async (strapi) => {
  const journeys = await strapi.db.query(JOURNEY_UID).findMany({ populate: ['stages'] });
  const stages = await strapi.db.query(STAGE_UID).findMany({ populate: ['journey'] });
  const tags = {};
  for (const uid of TAGGED_UIDS) {
    const rows = await strapi.db.query(uid).findMany({ populate: ['journeyStages'] });
    tags[uid] = rows
      .map((r) => ({
        documentId: r.documentId,
        locale: r.locale ?? null,
        published: r.publishedAt !== undefined ? r.publishedAt !== null : null,
        title: r.title,
        searchIntent: r.searchIntent ?? null,
        stages: (r.journeyStages ?? []).map((s) => s.documentId).sort(),
      }))
      .sort(byText);
  }
  return {
    journeys: journeys
      .map((j) => ({
        ...pick(j, JOURNEY_FIELDS),
        intentStages: j.intentStages ?? null,
        stages: (j.stages ?? []).map((s) => s.documentId).sort(),
      }))
      .sort(byText),
    stages: stages
      .map((s) => ({ ...pick(s, STAGE_FIELDS), journey: s.journey?.documentId ?? null }))
      .sort(byText),
    tags,
  };
};

module.exports = { inventory, JOURNEY_UID, STAGE_UID, TAGGED_UIDS };
