import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { grantPublic } from '../helpers/content';
import {
  CONTENT_PARAMS,
  INTENT_PARAMS,
  JOURNEYS_PARAMS,
  NEXT_PARAMS,
  NEXT_STAGE_REASONS,
  STAGES_PARAMS,
} from '../../server/src/domain/content-params';
import { INTENTS } from '../../server/src/domain/intents';
import { TRACKER_PARAMS } from '../../server/src/domain/tracker-script';
import contentApiRoutes from '../../server/src/routes/content-api';
import { useApp } from '../helpers/suite';

const app = useApp({ withDocumentation: true });

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

/**
 * The parameters each public route accepts, as the parser itself lists them (it refuses any other
 * with a 400): the document must name exactly these, so neither can change without the other.
 */
const ACCEPTED: Record<string, readonly string[]> = {
  'journey.find': JOURNEYS_PARAMS,
  'stage.find': STAGES_PARAMS,
  'content.find': CONTENT_PARAMS,
  'next.find': NEXT_PARAMS,
  'intent.find': INTENT_PARAMS,
  'tracker.script': TRACKER_PARAMS,
  // POST: a JSON body, no query parameters.
  'events.collect': [],
};

const readSpec = () => {
  const file = findFile(
    path.join(app.appDir, 'src/extensions/documentation'),
    'full_documentation.json'
  );
  return JSON.parse(fs.readFileSync(file as string, 'utf8'));
};

describe('the OpenAPI document cannot drift from the parameter parser', () => {
  test('every public route is documented with exactly the parameters its parser accepts', () => {
    const spec = readSpec();
    expect(contentApiRoutes.routes.length).toBeGreaterThan(0);
    for (const route of contentApiRoutes.routes) {
      const accepted = ACCEPTED[route.handler];
      // A new route needs its parser's list here before this test passes.
      expect({ handler: route.handler, listed: accepted !== undefined }).toEqual({
        handler: route.handler,
        listed: true,
      });
      const operation = spec.paths[`/journey${route.path}`]?.[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      const documented = (operation.parameters as Array<{ name: string; in: string }>)
        .filter((p) => p.in === 'query')
        .map((p) => p.name);
      expect({ route: route.path, params: [...documented].sort() }).toEqual({
        route: route.path,
        params: [...accepted].sort(),
      });
    }
  });

  test('each parser refuses a parameter outside its list, so the list is the whole truth', async () => {
    await grantPublic(
      app.strapi,
      contentApiRoutes.routes.map((r) => `plugin::journey.${r.handler}`)
    );
    for (const route of contentApiRoutes.routes.filter((r) => r.method === 'GET')) {
      const res = await request(app.strapi.server.httpServer).get(
        `/api/journey${route.path}?zzunknown=1`
      );
      expect({ route: route.path, status: res.status }).toEqual({ route: route.path, status: 400 });
      expect(res.body.error.message).toContain('zzunknown');
    }
  });

  test('q is documented on the content and intent routes, required on intent', () => {
    const spec = readSpec();
    const param = (route: string, name: string) =>
      spec.paths[route].get.parameters.find((p: { name: string }) => p.name === name);
    expect(param('/journey/content', 'q')).toMatchObject({ in: 'query', required: false });
    expect(param('/journey/intent', 'q')).toMatchObject({ in: 'query', required: true });
  });

  test('the next-stage reasons and the intents are the code’s enums', () => {
    const spec = readSpec();
    const next =
      spec.paths['/journey/next'].get.responses['200'].content['application/json'].schema;
    expect(next.properties.meta.properties.servedStage.properties.reason.enum).toEqual([
      ...NEXT_STAGE_REASONS,
    ]);
    const intent =
      spec.paths['/journey/intent'].get.responses['200'].content['application/json'].schema;
    expect(intent.properties.data.properties.intent.enum).toEqual([...INTENTS]);
    const content =
      spec.paths['/journey/content'].get.responses['200'].content['application/json'].schema;
    expect(content.properties.meta.properties.classification.properties.matches).toBeDefined();
  });

  test('meta.omitted is documented on both listing routes, with its reason', () => {
    const spec = readSpec();
    for (const route of ['/journey/content', '/journey/next']) {
      const schema = spec.paths[route].get.responses['200'].content['application/json'].schema;
      const { omitted, contentTypes } = schema.properties.meta.properties;
      expect(contentTypes.type).toBe('array');
      expect(omitted.type).toBe('array');
      expect(omitted.items.properties.reason.enum).toEqual(['no find permission']);
      expect(omitted.items.properties.count.type).toBe('integer');
    }
  });
});
