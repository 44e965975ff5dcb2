import { checkKnownParams } from '../domain/content-params';
import {
  TRACKER_CACHE_CONTROL,
  TRACKER_CONTENT_TYPE,
  TRACKER_PARAMS,
  etagMatches,
  scriptEtag,
} from '../domain/tracker-script';
import { rethrowAsBadRequest } from '../utils/params';
// Inlined into the server bundle at build time, so the packed plugin cannot lose the file.
import script from '../../../client/beacon/tracker.js?raw';

const etag = scriptEtag(script);

type Ctx = {
  query: Record<string, unknown>;
  get: (name: string) => string;
  set: (name: string, value: string) => void;
  type: string;
  status: number;
  body: unknown;
};

/** GET /api/journey/tracker.js (no auth): the beacon script for sites without the client. */
export default () => ({
  script(ctx: Ctx) {
    try {
      checkKnownParams(ctx.query, TRACKER_PARAMS);
    } catch (error) {
      rethrowAsBadRequest(error);
    }
    ctx.set('Cache-Control', TRACKER_CACHE_CONTROL);
    ctx.set('ETag', etag);
    ctx.type = TRACKER_CONTENT_TYPE;
    if (etagMatches(ctx.get('If-None-Match') || undefined, etag)) {
      ctx.status = 304;
      return;
    }
    ctx.body = script;
  },
});
