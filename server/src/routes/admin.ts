import { ACTIONS } from '../utils/constants';

const guarded = (action: string) => [
  'admin::isAuthenticatedAdmin',
  { name: 'admin::hasPermissions', config: { actions: [action] } },
];

const route = (method: string, path: string, handler: string, action: string) => ({
  method,
  path,
  handler,
  config: { policies: guarded(action) },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/coverage', 'coverage.find', ACTIONS.readCoverage),
    route('GET', '/journeys', 'journeys.find', ACTIONS.readCoverage),
    route('GET', '/journeys/export', 'journeys.export', ACTIONS.manageJourneys),
    route('POST', '/journeys/import', 'journeys.import', ACTIONS.manageJourneys),
    route('PUT', '/journeys/:key/stages/order', 'journeys.reorderStages', ACTIONS.manageJourneys),
    route('DELETE', '/journeys/:key', 'journeys.deleteJourney', ACTIONS.manageJourneys),
    route('DELETE', '/stages/:documentId', 'journeys.deleteStage', ACTIONS.manageJourneys),
    // Editors' suggestion: checked against the caller's content-manager rights in the controller.
    {
      method: 'GET',
      path: '/intent',
      handler: 'suggestions.intent',
      config: { policies: ['admin::isAuthenticatedAdmin'] },
    },
  ],
};
