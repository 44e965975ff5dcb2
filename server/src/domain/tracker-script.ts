import { createHash } from 'crypto';

/**
 * GET /api/journey/tracker.js: the beacon script (client/beacon/tracker.js) for sites without the
 * typed client. Its URL carries no version, so it is cached for a day and revalidated by ETag; `v`
 * is accepted and ignored so that a site can change the URL to skip a cached copy at once.
 */
export const TRACKER_PARAMS = ['v'] as const;

/** A day fresh, then a week served stale while the browser revalidates in the background. */
export const TRACKER_CACHE_CONTROL = 'public, max-age=86400, stale-while-revalidate=604800';

export const TRACKER_CONTENT_TYPE = 'application/javascript; charset=utf-8';

/** A strong ETag of the script's text: it changes exactly when a release changes the script. */
export const scriptEtag = (text: string): string =>
  `"${createHash('sha256').update(text).digest('base64url').slice(0, 27)}"`;

/** If-None-Match holds this ETag (a list, `*`, or a weak form of it): answer 304. */
export const etagMatches = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''))
    .some((tag) => tag === '*' || tag === etag);
};
