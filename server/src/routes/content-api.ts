import type { CachedRoute } from '../domain/http-cache';

const cached = (route: CachedRoute) => ({
  policies: [],
  middlewares: [{ name: 'plugin::journey.http-cache', config: { route } }],
});

/** Nothing is public by default: an admin grants each action per role in Users & Permissions. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/journeys', handler: 'journey.find', config: cached('journeys') },
    { method: 'GET', path: '/stages', handler: 'stage.find', config: cached('stages') },
    { method: 'GET', path: '/content', handler: 'content.find', config: cached('content') },
    { method: 'GET', path: '/next', handler: 'next.find', config: cached('next') },
    { method: 'GET', path: '/intent', handler: 'intent.find', config: cached('intent') },
    // The beacon script: public to everyone, like any script a page loads.
    { method: 'GET', path: '/tracker.js', handler: 'tracker.script', config: { auth: false } },
    // Journey analytics: its own action (events.collect), never cached (controllers/events.ts).
    { method: 'POST', path: '/events', handler: 'events.collect', config: { policies: [] } },
  ],
};
