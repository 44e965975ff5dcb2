'use strict';

/**
 * The 0.1.0 phase of the upgrade test, in its own process: one process cannot load two versions
 * of the plugin (Strapi's registries refuse the second set of uids). Boots the app in argv[2]
 * (config/plugins.js resolves the 0.1.0 package), tags content as an editor would, and writes
 * the inventory to argv[3].
 *
 * Usage: node tests/upgrade/seed-0.1.0.js <appDir> <out.json>
 */
const fs = require('fs');
const { inventory, JOURNEY_UID, STAGE_UID } = require('./inventory');

const ARTICLE = 'api::article.article';
const PAGE = 'api::page.page';
const NOTE = 'api::note.note';

const seed = async (strapi) => {
  const locales = strapi.plugin('i18n').service('locales');
  for (const code of ['sv', 'nb']) {
    if (!(await locales.findByCode(code))) await locales.create({ code, name: code });
  }
  const docs = (uid) => strapi.documents(uid);
  const stages = {};
  for (const s of await docs(STAGE_UID).findMany({ populate: ['journey'] })) {
    stages[`${s.journey.key}.${s.key}`] = s.documentId;
  }
  // A second journey made by hand, as the 0.1.0 content manager allowed.
  const partner = await docs(JOURNEY_UID).create({
    data: {
      key: 'partner',
      name: 'Partner journey',
      names: { sv: 'Partnerresa' },
      position: 1,
      intentStages: { transactional: 'renew' },
    },
  });
  for (const [position, key] of ['onboard', 'renew', 'unused'].entries()) {
    const stage = await docs(STAGE_UID).create({
      data: { key, name: key, position, colour: '#328048', journey: partner.documentId },
    });
    stages[`partner.${key}`] = stage.documentId;
  }
  const ids = (keys) => keys.map((k) => stages[k]);

  const article = async ({ title, tags, intent, locale, publish }) => {
    const created = await docs(ARTICLE).create({
      data: { title, journeyStages: ids(tags), searchIntent: intent },
      locale,
    });
    if (publish) await docs(ARTICLE).publish({ documentId: created.documentId, locale });
    return created;
  };
  const a1 = await article({
    title: 'Getting started',
    tags: ['customer.awareness', 'customer.consideration'],
    intent: 'informational',
    locale: 'en',
    publish: true,
  });
  // The Swedish version, tagged on its own (tags are localized), left as a draft.
  await docs(ARTICLE).update({
    documentId: a1.documentId,
    locale: 'sv',
    data: {
      title: 'Kom igång',
      journeyStages: ids(['customer.decision']),
      searchIntent: 'commercial',
    },
  });
  // Published, then its draft re-tagged: the published and draft rows differ.
  const a2 = await article({
    title: 'Pricing',
    tags: ['customer.consideration'],
    intent: 'commercial',
    locale: 'en',
    publish: true,
  });
  await docs(ARTICLE).update({
    documentId: a2.documentId,
    locale: 'en',
    data: {
      journeyStages: ids(['customer.decision', 'partner.renew']),
      searchIntent: 'transactional',
    },
  });
  await article({
    title: 'Draft only',
    tags: ['customer.usage'],
    intent: 'transactional',
    locale: 'en',
  });
  await article({ title: 'Untagged', tags: [], intent: null, locale: 'en', publish: true });
  await article({
    title: 'Partners welcome',
    tags: ['partner.onboard', 'customer.loyalty'],
    intent: 'local',
    locale: 'nb',
    publish: true,
  });
  await article({
    title: 'Intent only',
    tags: [],
    intent: 'navigational',
    locale: 'sv',
    publish: true,
  });

  await docs(PAGE).create({
    data: {
      title: 'Checkout',
      journeyStages: ids(['customer.decision']),
      searchIntent: 'transactional',
    },
  });
  await docs(PAGE).create({ data: { title: 'About' } });
  await docs(PAGE).create({
    data: {
      title: 'Renewals',
      journeyStages: ids(['partner.renew', 'customer.awareness']),
      searchIntent: 'informational',
    },
  });
  await docs(NOTE).create({ data: { title: 'Not journey-aware' } });
};

const main = async () => {
  const [appDir, out] = process.argv.slice(2);
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_UPDATE_NOTIFICATION = 'true';
  const { createStrapi } = require('@strapi/strapi');
  const strapi = await createStrapi({
    appDir,
    distDir: appDir,
    autoReload: false,
    serveAdminPanel: false,
  }).load();
  await seed(strapi);
  // 0.1.0 had no per-cell counts: proof that the old package, not this checkout, ran.
  const services = Object.keys(strapi.plugin('journey').services).sort();
  fs.writeFileSync(out, JSON.stringify({ services, inventory: await inventory(strapi) }, null, 2));
  await strapi.destroy();
};

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  }
);
