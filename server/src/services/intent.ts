import type { Core } from '@strapi/strapi';
import type { JourneyPluginConfig } from '../domain/config';
import { ParamError, stringParam } from '../domain/content-params';
import { LANGUAGES } from '../domain/intents';
import { createClassifier, languageOfLocale, type Classification } from '../intent/classifier';
import { PLUGIN_ID } from '../utils/constants';
import type { StoredJourney } from './journeys';

/** Longer than any real search; anything beyond is refused rather than cut silently. */
export const MAX_Q_LENGTH = 200;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  // Built once per process from the app's config, which only changes with a restart; journeys,
  // which admins change at run time, are read per request.
  let classifier: ReturnType<typeof createClassifier> | null = null;
  const instance = () => {
    if (!classifier) {
      const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
      classifier = createClassifier(config.intent);
    }
    return classifier;
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

  const classify = (q: string, journey: StoredJourney, locale?: string): Classification =>
    instance().classify(q, { locale, journey });

  return { queryParam, languageParam, classify };
};
