import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { draftExposure, READ_ACTIONS } from '../domain/draft-guard';
import { PLUGIN_ID } from '../utils/constants';
import { getService } from '../utils/get-service';
import type { JourneyPluginConfig } from '../domain/config';
import { useDocumentMiddleware, type Next } from './types';

type Context = { uid: string; action: string; params: { status?: unknown; filters?: unknown } };
interface RequestState {
  route?: { info?: { type?: string } };
  auth?: { strategy?: { name?: string } };
}

/**
 * API tokens are what a frontend's preview uses to read drafts (Strapi's Preview feature does), and
 * an admin chose their rights; the public role and end users of Users & Permissions are not.
 * 'api-token' is the strategy's name before Strapi 5.x renamed it.
 */
const DRAFT_READERS = ['content-api-token', 'api-token'];

/** Whether the request is a content-API one by a caller that may not read drafts. */
const guardedCaller = (strapi: Core.Strapi) => {
  const request = strapi.requestContext.get() as { state?: RequestState } | undefined;
  const state = request?.state;
  if (state?.route?.info?.type !== 'content-api') return false;
  return !DRAFT_READERS.includes(state.auth?.strategy?.name ?? '');
};

/**
 * Strapi 5 serves drafts of a type to any content-API caller with `find` on it (`status=draft`,
 * GraphQL `status: DRAFT`, filters through `localizations`: strapi/strapi#25326). The plugin's own
 * routes never do, but a site usually grants `find` for them; so, for journey-aware types, a
 * content-API read by a caller other than an API token is refused when it would reach drafts. A
 * document middleware rather than a route middleware, so REST and GraphQL are covered alike.
 * Reads outside a content-API request (admin, cron, the plugin's own services) pass untouched.
 */
export const registerDraftReadGuard = (strapi: Core.Strapi) => {
  const enabled = () =>
    (strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig).guardDrafts !== false;
  const contentTypes = () => getService(strapi, 'content-types');

  useDocumentMiddleware(strapi, async (ctx: unknown, next: Next) => {
    const context = ctx as Context;
    if (!(READ_ACTIONS as readonly string[]).includes(context.action)) return next();
    if (!guardedCaller(strapi)) return next();
    if (!enabled() || !contentTypes().isJourneyAware(context.uid)) return next();
    const exposure = draftExposure(context.params ?? {});
    if (!exposure) return next();
    const what =
      exposure === 'status'
        ? 'status=draft (GraphQL status: DRAFT)'
        : 'filters on localizations (they match draft-only localizations)';
    // PolicyError: Strapi's route wrapper turns any other ForbiddenError into a bare "Forbidden".
    throw new errors.PolicyError(
      `${what} on ${context.uid} needs an API token: drafts are not served to the public role or to end users (journey plugin, config guardDrafts)`,
      { parameter: exposure === 'status' ? 'status' : 'filters' }
    );
  });
};
