import { ARTICLE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { apiTokenBearer, useApp } from '../helpers/suite';

/**
 * Strapi 5 serves drafts to any content-API caller with `find` (strapi/strapi#25326). For
 * journey-aware types the plugin refuses such reads unless the caller uses an API token; the
 * plugin's own routes never served drafts. Each case was answered with drafts before the guard.
 */
const app = useApp({ withGraphql: true });
const api = app.http;
const SECRET = 'Draft-only launch plan';

beforeAll(async () => {
  const stages = await stageIds(app.strapi);
  const published = await createTagged(app.strapi, ARTICLE, stages, {
    title: 'Published guide',
    stages: ['awareness'],
    status: 'published',
  });
  await createTagged(app.strapi, ARTICLE, stages, { title: SECRET, stages: ['awareness'] });
  // A Swedish localization that exists only as a draft, of a published English article.
  await app.strapi
    .documents(ARTICLE as never)
    .update({ documentId: published.documentId, locale: 'sv', data: { title: SECRET } } as never);
  await grantPublic(app.strapi, [
    'api::article.article.find',
    'api::article.article.findOne',
    'plugin::journey.content.find',
  ]);
});

const tokenFor = (type: 'read-only' | 'full-access') => apiTokenBearer(app.strapi, type);

describe('Strapi routes: drafts of journey-aware types are not served to the public role', () => {
  test('REST status=draft answers 403 naming status, and leaks nothing', async () => {
    const res = await api().get('/api/articles?status=draft');
    expect(res.body.error).toMatchObject({ status: 403, name: 'PolicyError' });
    expect(res.body.error.message).toContain('status=draft');
    expect(res.body.error.message).toContain('guardDrafts');
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
  });

  test('REST filters through localizations answer 403', async () => {
    const res = await api().get(
      `/api/articles?filters[localizations][title][$contains]=${encodeURIComponent('launch')}`
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('localizations');
  });

  test('published reads still work for the public role', async () => {
    const res = await api().get('/api/articles');
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Published guide']);
    const journey = await api().get('/api/journey/content?stage=awareness');
    expect(journey.status).toBe(200);
    expect(JSON.stringify(journey.body)).not.toContain(SECRET);
  });

  test('GraphQL status: DRAFT is refused for the public role', async () => {
    const res = await api()
      .post('/graphql')
      .send({ query: '{ articles(status: DRAFT) { documentId title } }' });
    expect(JSON.stringify(res.body)).not.toContain(SECRET);
    expect(res.body.errors?.[0]?.message).toContain('status=draft');
  });

  test('an API token (a frontend preview) still reads drafts', async () => {
    const auth = await tokenFor('full-access');
    const res = await api().get('/api/articles?status=draft').set('Authorization', auth);
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { title: string }) => d.title)).toContain(SECRET);
  });
});

describe('guardDrafts: false gives Strapi its own behaviour back', () => {
  afterAll(() => {
    app.strapi.config.set('plugin::journey.guardDrafts', true);
  });

  test('status=draft is answered as Strapi answers it', async () => {
    app.strapi.config.set('plugin::journey.guardDrafts', false);
    const res = await api().get('/api/articles?status=draft');
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { title: string }) => d.title)).toContain(SECRET);
  });
});
