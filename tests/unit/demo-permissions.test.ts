import contentApiRoutes from '../../server/src/routes/content-api';
import { PUBLIC_ACTIONS } from '../../demo/src/seed';

/**
 * The REST examples in docs/ (content API, search intent) run against the demo as the public
 * role: every content-API route of the plugin must be granted there, or its example answers 403.
 */
test("the demo's public role holds every journey content-API route", () => {
  // A route without auth (the beacon script) needs no grant.
  const routeActions = contentApiRoutes.routes
    .filter((r) => (r.config as { auth?: unknown }).auth !== false)
    .map((r) => `plugin::journey.${r.handler}`);
  expect(routeActions).toContain('plugin::journey.intent.find');
  const missing = routeActions.filter((action) => !PUBLIC_ACTIONS.includes(action));
  expect(missing).toEqual([]);
});
