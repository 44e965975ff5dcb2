import fs from 'fs';
import path from 'path';
import { startApp, type TestApp } from '../helpers/app';

let app: TestApp;

beforeAll(async () => {
  app = await startApp({ withDocumentation: true });
});
afterAll(async () => {
  await app?.stop();
});

const findFile = (dir: string, name: string): string | null => {
  if (!fs.existsSync(dir)) return null;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      const found = findFile(full, name);
      if (found) return found;
    } else if (entry.name === name) return full;
  }
  return null;
};

test('the content-API routes are described in the OpenAPI document of @strapi/plugin-documentation', async () => {
  const file = findFile(
    path.join(app.appDir, 'src/extensions/documentation'),
    'full_documentation.json'
  );
  expect(file).not.toBeNull();
  const spec = JSON.parse(fs.readFileSync(file as string, 'utf8'));
  for (const route of [
    '/journey/journeys',
    '/journey/stages',
    '/journey/content',
    '/journey/next',
    '/journey/intent',
  ]) {
    expect(spec.paths[route]?.get?.tags).toEqual(['Journey']);
  }
  const params = spec.paths['/journey/content'].get.parameters.map((p: { name: string }) => p.name);
  expect(params).toEqual(
    expect.arrayContaining([
      'journey',
      'stage',
      'intent',
      'type',
      'locale',
      'page',
      'pageSize',
      'sort',
    ])
  );
  expect(
    spec.paths['/journey/next'].get.parameters.find((p: { name: string }) => p.name === 'stage')
      .required
  ).toBe(true);
});
