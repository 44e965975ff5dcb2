import { startApp, type TestApp } from '../helpers/app';

let app: TestApp;
beforeAll(async () => {
  app = await startApp();
});
afterAll(async () => {
  await app?.stop();
});

test('boots', async () => {
  const journeys = await app.strapi.documents('plugin::journey.journey' as never).findMany({ populate: ['stages'] } as never);
  expect(journeys).toHaveLength(1);
});
