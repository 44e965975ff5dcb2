import type { Core } from '@strapi/strapi';
import { INTENT_PARAMS, ParamError, checkKnownParams, stringParam } from '../domain/content-params';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';
import { INTENTS, LANGUAGES } from '../domain/intents';
import type { ApiIntent, ApiLanguage, IntentResponse } from '../domain/api-types';

// The client's copies of these unions must be the server's: if a value is added on either side,
// one of these lines stops compiling.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export const apiTypesAgree: [
  Same<(typeof INTENTS)[number], ApiIntent>,
  Same<(typeof LANGUAGES)[number], ApiLanguage>,
] = [true, true];

export type Ctx = { query: Record<string, unknown> };

/**
 * GET /api/journey/intent (`plugin::journey.intent.find`): the search intent of a query and the
 * stage of the journey it points to, with the rules that fired.
 */
export const intent = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx): Promise<IntentResponse> {
    try {
      checkKnownParams(ctx.query, INTENT_PARAMS);
      const service = getService(strapi, 'intent');
      const q = service.queryParam(ctx.query, true) as string;
      const locale = service.languageParam(ctx.query);
      const journeys = await getService(strapi, 'settings-cache').journeys();
      const key = stringParam(ctx.query, 'journey');
      const journey = key ? journeys.find((j) => j.key === key) : journeys[0];
      if (!journey)
        throw new ParamError(
          'journey',
          key ?? '',
          journeys.map((j) => j.key)
        );
      return {
        data: { query: q, ...service.classify(q, journey, locale) },
        meta: { journey: journey.key },
      };
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  },
});
