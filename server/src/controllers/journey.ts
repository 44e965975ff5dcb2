import type { Core } from '@strapi/strapi';
import { INTENTS, INTENT_CONVERSION, INTENT_NAMES, translatedName } from '../domain/intents';
import { getService } from '../utils/get-service';
import { JOURNEYS_PARAMS, STAGES_PARAMS, checkKnownParams } from '../domain/content-params';
import { invalidParam, rethrowAsBadRequest, singleParam } from '../utils/params';
import type { StoredJourney, StoredStage } from '../services/journeys';
import type { Settings } from '../services/settings-cache';
import type {
  JourneysResponse,
  PublicJourney,
  PublicStage,
  StagesResponse,
} from '../domain/api-types';

export type Ctx = { query: Record<string, unknown> };

/** Unknown parameters are refused as on the content routes: the OpenAPI document lists the rest. */
const checkParams = (query: Record<string, unknown>, known: readonly string[]) => {
  try {
    checkKnownParams(query, known);
  } catch (error) {
    rethrowAsBadRequest(error);
  }
};

/** `locale=` checked against the cached locales: no query per request for them. */
const cachedLocale = (settings: Settings, query: Record<string, unknown>) => {
  const locale = singleParam(query, 'locale');
  if (!locale) return undefined;
  const codes = settings.locales ?? [];
  if (!codes.includes(locale)) throw invalidParam('locale', locale, codes);
  return locale;
};

const publicStage = (stage: StoredStage, locale?: string): PublicStage => ({
  documentId: stage.documentId,
  key: stage.key,
  name: translatedName(stage.name, stage.names, locale),
  colour: stage.colour ?? null,
  position: stage.position,
});

const publicJourney = (journey: StoredJourney, locale?: string): PublicJourney => ({
  documentId: journey.documentId,
  key: journey.key,
  name: translatedName(journey.name, journey.names, locale),
  stages: journey.stages.map((s) => publicStage(s, locale)),
});

/**
 * Content-API controllers named after the plugin's content types, so that the Users &
 * Permissions actions `plugin::journey.journey.find` and `plugin::journey.stage.find` are
 * also the ones Strapi checks before a caller may filter or populate `journeyStages`.
 */
export const journey = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx): Promise<JourneysResponse> {
    checkParams(ctx.query, JOURNEYS_PARAMS);
    const settings = await getService(strapi, 'settings-cache').get();
    const locale = cachedLocale(settings, ctx.query);
    const { journeys } = settings;
    return {
      data: journeys.map((j) => publicJourney(j, locale)),
      meta: {
        locale: locale ?? null,
        intents: INTENTS.map((key) => ({
          key,
          name: translatedName(INTENT_NAMES[key].en, INTENT_NAMES[key], locale),
          conversion: INTENT_CONVERSION[key],
        })),
      },
    };
  },
});

export const stage = ({ strapi }: { strapi: Core.Strapi }) => ({
  async find(ctx: Ctx): Promise<StagesResponse> {
    checkParams(ctx.query, STAGES_PARAMS);
    const settings = await getService(strapi, 'settings-cache').get();
    const locale = cachedLocale(settings, ctx.query);
    const journeyKey = singleParam(ctx.query, 'journey');
    const { journeys } = settings;
    if (journeyKey && !journeys.some((j) => j.key === journeyKey)) {
      throw invalidParam(
        'journey',
        journeyKey,
        journeys.map((j) => j.key)
      );
    }
    return {
      data: journeys
        .filter((j) => !journeyKey || j.key === journeyKey)
        .flatMap((j) => j.stages.map((s) => ({ ...publicStage(s, locale), journey: j.key }))),
    };
  },
});
