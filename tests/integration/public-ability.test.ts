import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/admin';
import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { statementsDuring } from '../helpers/statements';

/*
 * The public role's ability, kept per settings version (config publicAbilityCache): anonymous
 * requests to the plugin's routes stop reading the public permissions once the ability is built,
 * and a revoke made the way an admin makes it (Settings → Users & Permissions → Roles → Public,
 * which PUTs the role's whole permission tree) applies to the very next request.
 */
let app: TestApp;
let token: string;
let publicRoleId: number;
/** The last test stops the app itself, to boot it again with the switch off. */
let stopped = false;

const READ_ACTIONS = [
  'plugin::journey.content.find',
  'plugin::journey.stage.find',
  `${ARTICLE}.find`,
];

const get = (url: string) => request(app.strapi.server.httpServer).get(url);

/** The statements that read the Users & Permissions permission table during `fn`. */
const permissionReads = async (fn: () => Promise<unknown>) => {
  const { statements } = await statementsDuring(app.strapi, fn);
  return statements.filter((s) => /up_permissions/i.test(s.sql)).length;
};

/** Sets one action of the public role on or off through the admin's own route. */
const setPublic = async (action: string, enabled: boolean) => {
  const server = app.strapi.server.httpServer;
  const { body } = await request(server)
    .get(`/users-permissions/roles/${publicRoleId}`)
    .set('Authorization', `Bearer ${token}`)
    .expect(200);
  const role = body.role as {
    name: string;
    description: string;
    permissions: Record<
      string,
      { controllers: Record<string, Record<string, { enabled: boolean }>> }
    >;
  };
  const [type, controller, name] = [
    action.slice(0, action.lastIndexOf('.', action.lastIndexOf('.') - 1)),
    action.split('.').slice(-2)[0],
    action.split('.').slice(-1)[0],
  ];
  role.permissions[type].controllers[controller][name].enabled = enabled;
  await request(server)
    .put(`/users-permissions/roles/${publicRoleId}`)
    .set('Authorization', `Bearer ${token}`)
    .send({ name: role.name, description: role.description, permissions: role.permissions })
    .expect(200);
};

beforeAll(async () => {
  app = await startApp();
  token = await adminToken(app.strapi);
  publicRoleId = (
    await app.strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } })
  ).id;
  const stages = await stageIds(app.strapi);
  await createTagged(app.strapi, ARTICLE, stages, {
    title: 'Kept ability',
    stages: ['awareness'],
    intent: 'informational',
    status: 'published',
  });
  await grantPublic(app.strapi, READ_ACTIONS);
}, 180000);

afterAll(async () => {
  if (!stopped) await app?.stop();
});

describe('the public role’s ability, kept per settings version', () => {
  test('read once, then no permission read on anonymous requests, however many URLs', async () => {
    // The first request after the grant builds the ability (one read of the public permissions).
    const first = await permissionReads(() =>
      get('/api/journey/content?journey=customer&stage=awareness').expect(200)
    );
    expect(first).toBe(1);
    // Other URLs (each a cold request for the response cache) read no permissions.
    const later = await permissionReads(async () => {
      await get('/api/journey/content?journey=customer&stage=consideration').expect(200);
      await get('/api/journey/content?journey=customer&intent=informational').expect(200);
      await get('/api/journey/stages?journey=customer').expect(200);
    });
    expect(later).toBe(0);
  });

  test('what the ability allows is what Users & Permissions allows: an action not granted is 403', async () => {
    // `next.find` was never granted to the public role.
    await get('/api/journey/next?journey=customer&stage=awareness').expect(403);
  });

  test('a revoke in the admin applies to the next request; a grant too', async () => {
    const url = '/api/journey/content?journey=customer&stage=decision';
    await get(url).expect(200);
    await setPublic('plugin::journey.content.find', false);
    // The same URL (a kept answer under the old version) and a new one: both refused at once.
    await get(url).expect(403);
    await get('/api/journey/content?journey=customer&stage=usage').expect(403);
    // The other actions stay granted.
    await get('/api/journey/stages?journey=customer').expect(200);
    await setPublic('plugin::journey.content.find', true);
    const body = (await get(url).expect(200)).body as { data: unknown[] };
    expect(Array.isArray(body.data)).toBe(true);
  });

  test('a caller with credentials is still authenticated by Strapi: a bad token is a 401', async () => {
    await request(app.strapi.server.httpServer)
      .get('/api/journey/content?journey=customer')
      .set('Authorization', 'Bearer not-a-token')
      .expect(401);
  });

  test('an API token with the read action is a token caller, not the public role', async () => {
    const created = (await app.strapi
      .service('admin::api-token')
      .create({ name: `ability-${Date.now()}`, type: 'read-only', lifespan: null })) as {
      accessKey: string;
    };
    const res = await request(app.strapi.server.httpServer)
      .get('/api/journey/content?journey=customer&stage=awareness')
      .set('Authorization', `Bearer ${created.accessKey}`)
      .expect(200);
    expect((res.body as { data: Array<{ title: string }> }).data.map((d) => d.title)).toContain(
      'Kept ability'
    );
  });
});

describe('publicAbilityCache: false', () => {
  test('every anonymous request reads the public permissions, as Users & Permissions does', async () => {
    // The routes were given their strategies at register; the switch is read there, so the app
    // is booted again with it off (one Strapi per process: the first is stopped).
    await app.stop();
    stopped = true;
    const off = await startApp({ pluginConfig: { publicAbilityCache: false } });
    try {
      await grantPublic(off.strapi, READ_ACTIONS);
      const { statements } = await statementsDuring(off.strapi, async () => {
        await request(off.strapi.server.httpServer)
          .get('/api/journey/content?journey=customer&stage=awareness')
          .expect(200);
        await request(off.strapi.server.httpServer)
          .get('/api/journey/content?journey=customer&stage=consideration')
          .expect(200);
      });
      expect(statements.filter((s) => /up_permissions/i.test(s.sql)).length).toBe(2);
    } finally {
      await off.stop();
    }
  }, 180000);
});
