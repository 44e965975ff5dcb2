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

const editorRoute = (path: string, handler: string) => ({
  method: 'GET',
  path,
  handler,
  config: { policies: ['admin::isAuthenticatedAdmin'] },
});

/** Checked in the controller against the caller's content-manager update rights. */
const contentRoute = (method: string, path: string, handler: string) => ({
  method,
  path,
  handler,
  config: { policies: ['admin::isAuthenticatedAdmin'] },
});

export default {
  type: 'admin',
  routes: [
    route('GET', '/coverage', 'coverage.find', ACTIONS.readCoverage),
    route('GET', '/coverage/entries', 'coverage.entries', ACTIONS.readCoverage),
    route('GET', '/coverage/pending', 'coverage.pending', ACTIONS.readCoverage),
    // Search demand beside supply: read with "read coverage", content limited by CM read rights.
    route('GET', '/demand/matrix', 'demand-view.matrix', ACTIONS.readCoverage),
    route('GET', '/demand/cell', 'demand-view.cell', ACTIONS.readCoverage),
    route('GET', '/demand/export', 'demand-view.export', ACTIONS.readCoverage),
    route('GET', '/demand/sources', 'demand-view.sources', ACTIONS.readCoverage),
    route('GET', '/journeys', 'journeys.find', ACTIONS.readCoverage),
    route('GET', '/journeys/export', 'journeys.export', ACTIONS.manageJourneys),
    route('POST', '/journeys/import', 'journeys.import', ACTIONS.manageJourneys),
    route('POST', '/journeys', 'journeys.create', ACTIONS.manageJourneys),
    route('PUT', '/journeys/order', 'journeys.reorder', ACTIONS.manageJourneys),
    route('PUT', '/journeys/:key', 'journeys.update', ACTIONS.manageJourneys),
    route('POST', '/journeys/:key/stages', 'journeys.addStage', ACTIONS.manageJourneys),
    route('PUT', '/journeys/:key/stages/order', 'journeys.reorderStages', ACTIONS.manageJourneys),
    route('DELETE', '/journeys/:key', 'journeys.deleteJourney', ACTIONS.manageJourneys),
    route('GET', '/starters', 'starters.find', ACTIONS.manageJourneys),
    route('GET', '/starters/:key', 'starters.findOne', ACTIONS.manageJourneys),
    route('PUT', '/stages/:documentId', 'journeys.updateStage', ACTIONS.manageJourneys),
    route('DELETE', '/stages/:documentId', 'journeys.deleteStage', ACTIONS.manageJourneys),
    // For editors: checked against the caller's content-manager rights in the controller.
    editorRoute('/intent', 'editor.intent'),
    editorRoute('/editor/journeys', 'editor.journeys'),
    editorRoute('/editor/tags', 'editor.tags'),
    // The review queue: CM read (list) and update (accept, skip) on the type, checked in the controller.
    editorRoute('/suggestions', 'suggestions.find'),
    editorRoute('/suggestions/status', 'suggestions.status'),
    contentRoute('POST', '/suggestions/accept', 'suggestions.accept'),
    contentRoute('POST', '/suggestions/skip', 'suggestions.skip'),
    contentRoute('POST', '/suggestions/run', 'suggestions.run'),
    route('GET', '/site-terms/proposals', 'site-terms.proposals', ACTIONS.manageJourneys),
    route('GET', '/site-terms', 'site-terms.find', ACTIONS.manageJourneys),
    route('POST', '/site-terms', 'site-terms.create', ACTIONS.manageJourneys),
    route('DELETE', '/site-terms/:id', 'site-terms.delete', ACTIONS.manageJourneys),
    contentRoute('POST', '/tags/bulk', 'tags.bulk'),
    contentRoute('GET', '/tags/changes', 'tags.changes'),
    contentRoute('POST', '/tags/changes/:id/undo', 'tags.undo'),
    route('POST', '/counts/recount', 'counts.recount', ACTIONS.manageJourneys),
    // Coverage over time: reading and "Snapshot now" are part of reading coverage.
    route('POST', '/snapshots', 'snapshots.take', ACTIONS.readCoverage),
    route('GET', '/snapshots', 'snapshots.find', ACTIONS.readCoverage),
    route('GET', '/snapshots/export', 'snapshots.export', ACTIONS.readCoverage),
    // Search demand: marketing data, so its own permission to write; reading is coverage's.
    route('POST', '/demand/preview', 'demand-import.preview', ACTIONS.manageDemand),
    route('POST', '/demand/imports', 'demand-import.importFile', ACTIONS.manageDemand),
    route('GET', '/demand/imports', 'demand-import.listImports', ACTIONS.readCoverage),
    route('DELETE', '/demand/imports/:id', 'demand-import.deleteImport', ACTIONS.manageDemand),
    route('GET', '/demand/overrides', 'demand-import.listOverrides', ACTIONS.readCoverage),
    route('PUT', '/demand/overrides', 'demand-import.putOverride', ACTIONS.manageDemand),
    route('DELETE', '/demand/overrides', 'demand-import.deleteOverride', ACTIONS.manageDemand),
    route('POST', '/counts/recount', 'counts.recount', ACTIONS.manageJourneys),
    // Journey analytics: counts about stages; titles follow the caller's CM read rights.
    route('GET', '/analytics', 'analytics.find', ACTIONS.readAnalytics),
    route('GET', '/analytics/effect', 'analytics.effect', ACTIONS.readAnalytics),
    route('GET', '/analytics/changes', 'analytics.changes', ACTIONS.readAnalytics),
    route('GET', '/analytics/traffic', 'analytics.traffic', ACTIONS.readAnalytics),
    route('DELETE', '/analytics', 'analytics-data.deleteAll', ACTIONS.manageAnalytics),
    // Analytics imports: page exports of GA4, Matomo, Plausible, Umami into the journey rollups.
    route('POST', '/analytics/import/preview', 'analytics-import.preview', ACTIONS.manageAnalytics),
    route('POST', '/analytics/imports', 'analytics-import.importFile', ACTIONS.manageAnalytics),
    route('GET', '/analytics/imports', 'analytics-import.listImports', ACTIONS.readAnalytics),
    route(
      'DELETE',
      '/analytics/imports/:id',
      'analytics-import.deleteImport',
      ACTIONS.manageAnalytics
    ),
    route(
      'GET',
      '/analytics/url-patterns',
      'analytics-import.getUrlPatterns',
      ACTIONS.manageAnalytics
    ),
    route(
      'PUT',
      '/analytics/url-patterns',
      'analytics-import.putUrlPatterns',
      ACTIONS.manageAnalytics
    ),
  ],
};
