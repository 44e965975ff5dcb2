/** Nothing is public by default: an admin grants each action per role in Users & Permissions. */
export default {
  type: 'content-api',
  routes: [
    { method: 'GET', path: '/journeys', handler: 'journey.find', config: { policies: [] } },
    { method: 'GET', path: '/stages', handler: 'stage.find', config: { policies: [] } },
    { method: 'GET', path: '/content', handler: 'content.find', config: { policies: [] } },
    { method: 'GET', path: '/next', handler: 'next.find', config: { policies: [] } },
    { method: 'GET', path: '/intent', handler: 'intent.find', config: { policies: [] } },
  ],
};
