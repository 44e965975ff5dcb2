import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE } from '../helpers/content';
import { useApp } from '../helpers/suite';

const app = useApp();

const admin = app.http;
const url = `/journey/intent?contentType=${ARTICLE}&q=${encodeURIComponent('bästa löparskorna 2026')}`;

describe('GET /journey/intent (edit-view suggestion)', () => {
  test('requires an admin', async () => {
    expect((await admin().get(url)).status).toBe(401);
  });

  test('suggests an intent from a title, with the terms that fired', async () => {
    const token = await adminToken(app.strapi);
    const res = await admin().get(url).set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      intent: 'commercial',
      language: 'sv',
      stage: 'consideration',
    });
    expect(res.body.data.matches).toContainEqual(expect.objectContaining({ term: 'bästa' }));
  });

  test("follows the editor's rights on the content type, not the journey permissions", async () => {
    const editorRole = await createRole(app.strapi, 'Article editor', []);
    await app.strapi.service('admin::role').assignPermissions(editorRole, [
      {
        action: 'plugin::content-manager.explorer.update',
        subject: ARTICLE,
        properties: { fields: ['title'] },
        conditions: [],
      },
    ]);
    const editor = await adminToken(app.strapi, { roleId: editorRole });
    expect((await admin().get(url).set('Authorization', `Bearer ${editor}`)).status).toBe(200);
    const pageUrl = url.replace(ARTICLE, 'api::page.page');
    expect((await admin().get(pageUrl).set('Authorization', `Bearer ${editor}`)).status).toBe(403);

    const nobodyRole = await createRole(app.strapi, 'No rights', []);
    const nobody = await adminToken(app.strapi, { roleId: nobodyRole });
    expect((await admin().get(url).set('Authorization', `Bearer ${nobody}`)).status).toBe(403);
  });

  test.each([
    ['contentType=api::note.note&q=buy', 'contentType'],
    [`contentType=${ARTICLE}`, 'q'],
    [`contentType=${ARTICLE}&q=${'x'.repeat(201)}`, 'q'],
  ])('?%s → 400 naming %s', async (query, parameter) => {
    const token = await adminToken(app.strapi);
    const res = await admin()
      .get(`/journey/intent?${query}`)
      .set('Authorization', `Bearer ${token}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });
});
