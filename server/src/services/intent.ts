import { createHash } from 'crypto';
import type { Core } from '@strapi/strapi';
import type { JourneyPluginConfig } from '../domain/config';
import { ParamError, stringParam } from '../domain/content-params';
import { LANGUAGES } from '../domain/intents';
import {
  createClassifier,
  languageOfLocale,
  type Classification,
  type SiteTerm,
} from '../intent/classifier';
import { PLUGIN_ID } from '../utils/constants';
import type { StoredJourney } from '../domain/stored';

export type SiteTermInput = SiteTerm;

/** Longer than any real search; anything beyond is refused rather than cut silently. */
export const MAX_Q_LENGTH = 200;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Built from the app's config, which only changes with a restart, and the site terms, which
  // admins change at run time (rebuilt when their version changes); journeys are read per request.
  let classifier: ReturnType<typeof createClassifier> | null = null;
  let siteTerms: SiteTermInput[] = [];
  const instance = () => {
    if (!classifier) {
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
      classifier = createClassifier(config.intent, { siteTerms });
    }
    return classifier;
  };

  /**
   * The site terms another instance may have changed: a cheap version read (count and latest
   * change of the site-term table) at most once a second, and a rebuild only when it moved.
   */
  let version: string | null = null;
  let checkedAt = 0;
  let checking: Promise<void> | null = null;
  const refresh = async (force = false) => {
    if (!force && Date.now() - checkedAt < 1000) return;
    if (checking && !force) return checking;
    const run = (async () => {
      const service = strapi.plugin(PLUGIN_ID).service('site-terms') as
        { version: () => Promise<string>; terms: () => Promise<SiteTermInput[]> } | undefined;
      if (!service) return;
      const current = await service.version();
      checkedAt = Date.now();
      if (current === version && !force) return;
      siteTerms = await service.terms();
      version = current;
      classifier = null;
    })();
    checking = run;
    try {
      await run;
    } finally {
      if (checking === run) checking = null;
    }
  };
  /** For synchronous callers: the check runs in the background and serves the next call. */
  const refreshSoon = () => {
    if (Date.now() - checkedAt >= 1000 && !checking) {
      refresh().catch((error) => strapi.log.debug(`[journey] site terms not read: ${error}`));
    }
  };

  /** The `q` parameter: required where `required`, at most MAX_Q_LENGTH characters. */
  const queryParam = (query: Record<string, unknown>, required: boolean) => {
    const q = stringParam(query, 'q');
    if (q === undefined) {
      if (required) throw new ParamError('q', '', 'a search query of 1 to 200 characters');
      return undefined;
    }
    if (q.trim().length === 0 || q.length > MAX_Q_LENGTH) {
      throw new ParamError('q', q, `a search query of 1 to ${MAX_Q_LENGTH} characters`);
    }
    return q;
  };

  /** A locale for the classifier: en, sv or nb, or a locale code that maps onto one. */
  const languageParam = (query: Record<string, unknown>) => {
    const locale = stringParam(query, 'locale');
    if (locale !== undefined && !languageOfLocale(locale)) {
      throw new ParamError('locale', locale, [
        ...LANGUAGES,
        'sv-SE',
        'nb-NO',
        'no',
        'nn',
        'en-GB',
        '…',
      ]);
    }
    return locale;
  };

  const classify = (q: string, journey: StoredJourney, locale?: string): Classification => {
    refreshSoon();
    return instance().classify(q, { locale, journey });
  };

  /** The classifier with the latest site terms, for callers that can wait for the check. */
  const current = async () => {
    await refresh();
    return instance();
  };

  /**
   * What the current classifier was built from (the app's intent config and the site terms'
   * version): stored with each suggestion, so that a suggestion made before a site term was
   * added counts as stale.
   */
  let configHash: string | null = null;
  const buildVersion = () => {
    if (!configHash) {
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
      configHash = createHash('sha1')
        .update(JSON.stringify(config.intent ?? {}))
        .digest('hex')
        .slice(0, 12);
    }
    return `${configHash}:${version ?? 'none'}`;
  };

  /** The classifier and its build version, taken together so that they always match. */
  const snapshot = async () => {
    await refresh();
    return { classifier: instance(), version: buildVersion() };
  };

  return { queryParam, languageParam, classify, current, snapshot, refresh, buildVersion };
};
