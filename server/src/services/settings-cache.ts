import type { Core } from '@strapi/strapi';
import { randomUUID } from 'crypto';
import { DEFAULT_SETTINGS_TTL_MS, writeMovesAnswers } from '../domain/http-cache';
import { JOURNEY_UID, PLUGIN_ID, SITE_TERM_UID, STAGE_UID } from '../utils/constants';
import { getService } from '../utils/get-service';
import type { Settings } from '../domain/stored';

const STORE_UID = 'strapi::core-store';
/** The row every instance checks: one indexed read of a short text per check. */
export const SETTINGS_VERSION_KEY = `plugin_${PLUGIN_ID}_settings_version`;

/**
 * Models whose writes change what the public routes may answer: the journeys and stages (with
 * the journeys' intent mappings), the site terms the classifier reads, the locales, and who may
 * read what (Users & Permissions roles and permissions, API tokens). The site terms are written
 * with plain SQL, which no lifecycle sees: their service bumps the version itself.
 */
export const SETTINGS_MODELS = [
  JOURNEY_UID,
  STAGE_UID,
  SITE_TERM_UID,
  'plugin::i18n.locale',
  'plugin::users-permissions.permission',
  'plugin::users-permissions.role',
  'admin::api-token',
  'admin::api-token-permission',
];

const WRITE_EVENTS = [
  'afterCreate',
  'afterCreateMany',
  'afterUpdate',
  'afterUpdateMany',
  'afterDelete',
  'afterDeleteMany',
] as const;

export type { Settings };

type Listener = () => void;
type LifecycleEvent = { action?: string; model?: { uid?: string }; params?: { data?: unknown } };

/**
 * Journeys, stages, intent mappings and locales, read once and kept until the version row
 * changes. Every write to them (whatever the path: document service, the import's query-layer
 * inserts, the content manager, i18n's settings) bumps the row in the write's own transaction,
 * through database lifecycles; an instance re-reads the row at most every `settingsCache.ttlMs`,
 * and drops its copy at once after its own writes commit.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let cached: Settings | null = null;
  let checkedAt = 0;
  let loading: Promise<Settings> | null = null;
  const listeners = new Set<Listener>();

  const ttlMs = () => {
    const config = strapi.plugin(PLUGIN_ID).config('settingsCache') as
      { ttlMs?: number } | undefined;
    return config?.ttlMs ?? DEFAULT_SETTINGS_TTL_MS;
  };

  const store = () => strapi.db.query(STORE_UID);

  const readVersion = async (): Promise<string> => {
    const row = (await store().findOne({
      select: ['value'],
      where: { key: SETTINGS_VERSION_KEY },
    })) as { value: string } | null;
    return row ? String(JSON.parse(row.value)) : '';
  };

  /** Creates the row once; with two instances booting at once both rows get every update. */
  const ensureVersionRow = async () => {
    if (await store().findOne({ select: ['id'], where: { key: SETTINGS_VERSION_KEY } })) return;
    await store().create({
      data: { key: SETTINGS_VERSION_KEY, value: JSON.stringify(randomUUID()), type: 'string' },
    });
  };

  const load = async (): Promise<Settings> => {
    // The version first: a write landing during the reads leaves an older version beside newer
    // data, which the next check replaces; never newer version beside older data.
    const version = await readVersion();
    const journeys = await getService(strapi, 'journeys').list();
    const i18n = strapi.plugin('i18n');
    let locales: string[] | null = null;
    let defaultLocale: string | null = null;
    if (i18n) {
      const found = (await i18n.service('locales').find()) as Array<{ code: string }>;
      locales = found.map((l) => l.code);
      defaultLocale = ((await i18n.service('locales').getDefaultLocale()) as string) ?? null;
    }
    // The classifier's site terms belong to this version too: an instance that sees a new
    // version (another instance added a term) must not answer under it with the old terms.
    await getService(strapi, 'intent').refresh(true);
    return { version, journeys, locales, defaultLocale };
  };

  const reload = () => {
    loading ??= load()
      .then((settings) => {
        cached = settings;
        checkedAt = Date.now();
        return settings;
      })
      .finally(() => {
        loading = null;
      });
    return loading;
  };

  /**
   * The settings, re-checked against the version row when the TTL has passed: one check at a
   * time, which every request arriving meanwhile waits for, instead of one query each.
   */
  let checking: Promise<Settings> | null = null;
  const check = async (): Promise<Settings> => {
    const version = await readVersion();
    if (!cached || version !== cached.version) return reload();
    checkedAt = Date.now();
    return cached;
  };
  const get = async (): Promise<Settings> => {
    if (!cached) return reload();
    if (Date.now() - checkedAt < ttlMs()) return cached;
    checking ??= check().finally(() => {
      checking = null;
    });
    return checking;
  };

  const forget = () => {
    cached = null;
    checkedAt = 0;
  };

  const notify = () => {
    for (const listener of listeners) {
      try {
        listener();
      } catch (error) {
        strapi.log.error(`[journey] settings change listener: ${error}`);
      }
    }
  };

  /**
   * A new version in the current transaction (if any). Several writes of one transaction each
   * bump; one notification per commit is enough.
   */
  const notifying = new WeakSet<object>();
  const bump = async () =>
    strapi.db.transaction(async ({ trx, onCommit }) => {
      await store().updateMany({
        where: { key: SETTINGS_VERSION_KEY },
        data: { value: JSON.stringify(randomUUID()) },
      });
      if (notifying.has(trx)) return;
      notifying.add(trx);
      onCommit(() => {
        forget();
        notify();
      });
    });

  /** Called after commit of every settings change made by this instance. */
  const onChange = (listener: Listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  const registerLifecycles = async () => {
    await ensureVersionRow();
    const models = SETTINGS_MODELS.filter((uid) => strapi.db.metadata.has(uid));
    strapi.db.lifecycles.subscribe({
      models,
      // An API token's use (Strapi stamps lastUsedAt on the first use and hourly) changes no
      // answer: it must not empty the response cache nor change every public ETag.
      ...Object.fromEntries(
        WRITE_EVENTS.map((event) => [
          event,
          (e: LifecycleEvent) =>
            writeMovesAnswers(e.model?.uid ?? '', e.action ?? event, e.params?.data)
              ? bump()
              : undefined,
        ])
      ),
    } as never);
  };

  return {
    get,
    journeys: async () => (await get()).journeys,
    version: async () => (await get()).version,
    bump,
    forget,
    onChange,
    registerLifecycles,
    readVersion,
  };
};
