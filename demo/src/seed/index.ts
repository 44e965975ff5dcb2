import type { Core } from '@strapi/strapi';
import adminDefaults from './admin-defaults.json';
import { seedDemand } from './demand';
import {
  DELIBERATE_GAPS,
  DEMO_LOCALES,
  ENTRIES,
  type DemoLocale,
  type SeedEntry,
  type StageKey,
  type Status,
} from './data';

const UIDS = { article: 'api::article.article', guide: 'api::guide.guide' } as const;
const STAGE_UID = 'plugin::journey.stage';
/** The journey the plugin seeds on first boot; the demo content is tagged with its stages. */
const JOURNEY_KEY = 'customer';

const LOCALE_NAMES: Record<DemoLocale, string> = {
  en: 'English (en)',
  sv: 'Swedish (sv)',
  nb: 'Norwegian Bokmål (nb)',
};

/** What the REST examples in docs/ need, granted to the Users & Permissions public role. */
export const PUBLIC_ACTIONS = [
  'api::article.article.find',
  'api::article.article.findOne',
  'api::guide.guide.find',
  'api::guide.guide.findOne',
  'plugin::journey.journey.find',
  'plugin::journey.stage.find',
  'plugin::journey.content.find',
  'plugin::journey.next.find',
  'plugin::journey.intent.find',
  'plugin::journey.events.collect',
];

/**
 * The document service typed loosely: its precise types come from `types/generated`, which
 * `strapi develop` writes only after this code has been compiled once.
 */
interface Documents {
  create(params: {
    locale: string;
    status: Status;
    data: Record<string, unknown>;
  }): Promise<{ documentId: string }>;
  update(params: {
    documentId: string;
    locale: string;
    status: Status;
    data: Record<string, unknown>;
  }): Promise<unknown>;
}

const documents = (strapi: Core.Strapi, uid: string) =>
  strapi.documents(uid as never) as unknown as Documents;

const log = (strapi: Core.Strapi, message: string) => strapi.log.info(`[demo] ${message}`);

// --- locales -------------------------------------------------------------------------------

interface LocalesService {
  findByCode(code: string): Promise<unknown>;
  create(locale: { code: string; name: string }): Promise<unknown>;
  getDefaultLocale(): Promise<string | null>;
  setDefaultLocale(params: { code: string }): Promise<unknown>;
}

const ensureLocales = async (strapi: Core.Strapi) => {
  const locales = strapi.plugin('i18n').service('locales') as LocalesService;
  const created: string[] = [];
  for (const code of DEMO_LOCALES) {
    if (await locales.findByCode(code)) continue;
    await locales.create({ code, name: LOCALE_NAMES[code] });
    created.push(code);
  }
  // i18n makes `en` the default on its first boot; only an app that lost it needs this.
  if (!(await locales.getDefaultLocale())) await locales.setDefaultLocale({ code: 'en' });
  if (created.length) log(strapi, `created locales: ${created.join(', ')}`);
};

// --- admin account -------------------------------------------------------------------------

export interface DemoCredentials {
  email: string;
  password: string;
}

export const demoCredentials = (): DemoCredentials => ({
  // The admin stores and looks up e-mails in lower case.
  email: (process.env.DEMO_ADMIN_EMAIL || adminDefaults.email).trim().toLowerCase(),
  password: process.env.DEMO_ADMIN_PASSWORD || adminDefaults.password,
});

/** Strapi's own rules for admin passwords, checked here because the user service skips them. */
const credentialProblems = ({ email, password }: DemoCredentials): string[] => {
  const problems: string[] = [];
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email))
    problems.push(`DEMO_ADMIN_EMAIL "${email}" is not an e-mail address`);
  if (password.length < 8) problems.push('DEMO_ADMIN_PASSWORD needs at least 8 characters');
  if (new TextEncoder().encode(password).length > 72)
    problems.push('DEMO_ADMIN_PASSWORD must be at most 72 bytes');
  if (!/[a-z]/.test(password)) problems.push('DEMO_ADMIN_PASSWORD needs a lower-case letter');
  if (!/[A-Z]/.test(password)) problems.push('DEMO_ADMIN_PASSWORD needs an upper-case letter');
  if (!/\d/.test(password)) problems.push('DEMO_ADMIN_PASSWORD needs a digit');
  return problems;
};

const ensureAdmin = async (strapi: Core.Strapi, credentials: DemoCredentials) => {
  const problems = credentialProblems(credentials);
  if (problems.length) throw new Error(`Demo admin account: ${problems.join('; ')}`);
  const { email, password } = credentials;

  const existing = (await strapi.db.query('admin::user').findOne({ where: { email } })) as {
    password?: string;
  } | null;
  if (existing) {
    const matches = (await strapi
      .service('admin::auth')
      .validatePassword(password, existing.password ?? '')) as boolean;
    if (matches) {
      log(strapi, `admin account: ${email} / ${password}`);
    } else {
      // Someone changed it in the admin: resetting it on every start would undo their change.
      strapi.log.warn(
        `[demo] admin account ${email} exists with a password other than the configured one; ` +
          'log in with the password set in the admin.'
      );
    }
    return;
  }

  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  const superAdmin = (await roles.getSuperAdmin()) as { id: number };
  await strapi.service('admin::user').create({
    email,
    firstname: 'Demo',
    lastname: 'Admin',
    password,
    isActive: true,
    // Active from the start: no invitation link to accept.
    registrationToken: null,
    roles: [superAdmin.id],
  });
  log(strapi, `created super admin: ${email} / ${password}`);
};

// --- public API permissions ----------------------------------------------------------------

const grantPublic = async (strapi: Core.Strapi) => {
  const role = (await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } })) as { id: number } | null;
  if (!role) throw new Error('Users & Permissions has no public role');
  const permissions = strapi.db.query('plugin::users-permissions.permission');
  for (const action of PUBLIC_ACTIONS) {
    if (await permissions.findOne({ where: { action, role: role.id } })) continue;
    await permissions.create({ data: { action, role: role.id } });
  }
};

// --- content -------------------------------------------------------------------------------

/** URL slugs in plain ASCII: Nordic letters folded, the way editors usually write them. */
export const slugify = (text: string): string =>
  text
    .toLowerCase()
    .replace(/ø/g, 'o')
    .replace(/æ/g, 'ae')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

const stageDocumentIds = async (strapi: Core.Strapi): Promise<Record<StageKey, string>> => {
  const stages = (await strapi.db.query(STAGE_UID).findMany({
    where: { journey: { key: JOURNEY_KEY } },
  })) as Array<{ key: string; documentId: string }>;
  const byKey = Object.fromEntries(stages.map((s) => [s.key, s.documentId]));
  const needed = [...new Set(ENTRIES.flatMap((e) => e.stages))];
  const missing = needed.filter((key) => !byKey[key]);
  if (missing.length) {
    throw new Error(
      `The "${JOURNEY_KEY}" journey lacks the stages ${missing.join(', ')}; the demo content needs them`
    );
  }
  return byKey as Record<StageKey, string>;
};

/** The localized fields of one entry in one locale, or undefined when it has no translation. */
const localizedFields = (
  entry: SeedEntry,
  locale: DemoLocale
): { status: Status; data: Record<string, unknown> } | undefined => {
  if (entry.type === 'article') {
    const text = entry.texts[locale];
    if (!text) return undefined;
    return {
      status: text.status ?? 'published',
      data: {
        title: text.title,
        slug: slugify(text.title),
        summary: text.summary,
        body: text.body ?? text.summary,
      },
    };
  }
  const text = entry.texts[locale];
  if (!text) return undefined;
  return {
    status: text.status ?? 'published',
    data: {
      title: text.title,
      slug: slugify(text.title),
      intro: text.intro,
      steps: text.steps.map((step, i) => `${i + 1}. ${step}`).join('\n'),
      minutes: entry.minutes,
    },
  };
};

/** One document: created in English, then each translation added to the same documentId. */
const createEntry = async (
  strapi: Core.Strapi,
  entry: SeedEntry,
  stageIds: Record<StageKey, string>
) => {
  const service = documents(strapi, UIDS[entry.type]);
  // Tags are per locale (the plugin marks them localized), so every translation carries them.
  const tags = {
    journeyStages: entry.stages.map((key) => stageIds[key]),
    searchIntent: entry.intent,
  };
  let documentId: string | undefined;
  for (const locale of DEMO_LOCALES) {
    const fields = localizedFields(entry, locale);
    if (!fields) continue;
    const data = { ...fields.data, ...tags };
    if (documentId === undefined) {
      ({ documentId } = await service.create({ locale, status: fields.status, data }));
    } else {
      await service.update({ documentId, locale, status: fields.status, data });
    }
  }
};

const checkGaps = () => {
  const problems = DELIBERATE_GAPS.flatMap((gap) =>
    ENTRIES.filter(gap.filledBy).map(
      (e) => `"${e.texts.en.title}" fills the gap: ${gap.description}`
    )
  );
  if (problems.length) throw new Error(`Demo seed data: ${problems.join('; ')}`);
};

/** Per type and locale: how many versions are published and how many are drafts only. */
const summary = (): string[] =>
  (['article', 'guide'] as const).map((type) => {
    const entries = ENTRIES.filter((e) => e.type === type);
    const perLocale = DEMO_LOCALES.map((locale) => {
      const statuses = entries
        .map((e) => localizedFields(e, locale)?.status)
        .filter((s): s is Status => s !== undefined);
      const drafts = statuses.filter((s) => s === 'draft').length;
      return `${locale} ${statuses.length} (${drafts} drafts)`;
    });
    return `${entries.length} ${type}s: ${perLocale.join(', ')}`;
  });

const SEEDED_KEY = 'seeded';

/**
 * The journey map's emotion curve and opportunities for the demo's customer journey, as the
 * customer starter has them, so the map shows a curve on first start. Next stages are left out:
 * they change what `/api/journey/next` serves, and the demo's gaps are described without them.
 */
const MAP_FIELDS: Record<
  StageKey,
  { emotion: number; opportunities: string[]; expectedIntents?: string[] }
> = {
  awareness: {
    emotion: 0,
    opportunities: ['answer the questions people search for', 'plain-language guides'],
  },
  consideration: {
    emotion: -1,
    opportunities: ['transparent pricing page', 'customer stories and reviews'],
  },
  decision: { emotion: 1, opportunities: ['shorter checkout', 'terms summarised in plain words'] },
  usage: {
    emotion: -1,
    opportunities: ['onboarding e-mails', 'self-service help articles', 'clearer invoices'],
    // A running shop's buyers come back to compare insoles, socks and a second pair: the demo
    // expects commercial content after the purchase too, and has none published, so the
    // coverage page, the trend and the home widget show a gap with every locale selected.
    expectedIntents: ['informational', 'commercial'],
  },
  loyalty: { emotion: 1, opportunities: ['follow up after the sale', 'referral programme'] },
};

/** Fills the map fields of stages that have none; an admin's own values are never replaced. */
const seedMapFields = async (strapi: Core.Strapi, stageIds: Record<StageKey, string>) => {
  for (const [key, fields] of Object.entries(MAP_FIELDS) as Array<
    [StageKey, (typeof MAP_FIELDS)[StageKey]]
  >) {
    if (!stageIds[key]) continue;
    await strapi.db.query(STAGE_UID).updateMany({
      where: { documentId: stageIds[key], emotion: null },
      data: fields,
    });
  }
};

/**
 * Creates the content once per database. The flag lives in Strapi's core store; content that is
 * already there (a database seeded before the flag existed, or filled by hand) also stops it,
 * so a restart never duplicates anything.
 */
const seedContent = async (strapi: Core.Strapi) => {
  const store = strapi.store({ type: 'app', name: 'journey-demo' });
  if (await store.get({ key: SEEDED_KEY })) return;
  const existing =
    (await strapi.db.query(UIDS.article).count()) + (await strapi.db.query(UIDS.guide).count());
  if (existing > 0) {
    log(strapi, 'articles or guides exist already: demo content not seeded');
    await store.set({ key: SEEDED_KEY, value: { at: new Date().toISOString(), skipped: true } });
    return;
  }

  checkGaps();
  const started = Date.now();
  const stageIds = await stageDocumentIds(strapi);
  // All or nothing: a half-seeded database would block the next attempt (content exists).
  await strapi.db.transaction(async () => {
    for (const entry of ENTRIES) await createEntry(strapi, entry, stageIds);
    await seedMapFields(strapi, stageIds);
    await grantPublic(strapi);
    await store.set({ key: SEEDED_KEY, value: { at: new Date().toISOString(), skipped: false } });
  });

  log(strapi, `seeded demo content in ${((Date.now() - started) / 1000).toFixed(1)} s:`);
  for (const line of summary()) log(strapi, `  ${line}`);
  log(strapi, 'deliberate gaps for the coverage view:');
  for (const gap of DELIBERATE_GAPS) log(strapi, `  - ${gap.description}`);
  log(strapi, `public role may now read: ${PUBLIC_ACTIONS.join(', ')}`);
};

/** Everything the demo needs in its database; each step is a no-op when already done. */
export const seedDemo = async (strapi: Core.Strapi) => {
  await ensureLocales(strapi);
  await ensureAdmin(strapi, demoCredentials());
  await seedContent(strapi);
  await seedDemand(strapi);
  // Idempotent, and run on every start so that a demo database from an older version gains the
  // permissions of routes added since.
  await grantPublic(strapi);
};
