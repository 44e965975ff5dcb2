import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { apiTokenBearer, useApp } from '../helpers/suite';

/**
 * What the journey routes tell a caller beyond what they may read: 400 messages must not name
 * private or password fields nor content types the caller cannot read, and items carry their
 * stages only for callers who may find stages.
 */
const app = useApp({
  contentTypes: {
    vault: {
      kind: 'collectionType',
      collectionName: 'vaults',
      info: { singularName: 'vault', pluralName: 'vaults', displayName: 'Vault' },
      options: { draftAndPublish: false },
      pluginOptions: { journey: { enabled: true } },
      attributes: {
        title: { type: 'string' },
        secretCode: { type: 'password' },
        internalNote: { type: 'string', private: true },
      },
    },
  },
});
let stages: Record<string, string>;

const VAULT = 'api::vault.vault';
const api = app.http;

beforeAll(async () => {
  stages = await stageIds(app.strapi);
  await createTagged(app.strapi, PAGE, stages, {
    title: 'Page aware',
    stages: ['awareness'],
    intent: 'informational',
  });
  await createTagged(app.strapi, VAULT, stages, { title: 'Vault aware', stages: ['awareness'] });
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    'plugin::journey.next.find',
    'api::page.page.find',
    'api::vault.vault.find',
  ]);
});

const tokenFor = (permissions: string[]) => apiTokenBearer(app.strapi, 'custom', permissions);

describe('400 messages list only what the caller may read', () => {
  test('fields: a password or private field is refused without naming either', async () => {
    for (const field of ['secretCode', 'internalNote']) {
      const res = await api().get(
        `/api/journey/content?stage=awareness&type=vault&fields=${field}`
      );
      expect(res.status).toBe(400);
      const message = res.body.error.message as string;
      expect(message).toContain(`Invalid fields "${field}"`);
      expect(message).toContain('title');
      expect(message.split('valid values:')[1]).not.toMatch(/secretCode|internalNote/);
    }
  });

  test('fields: a readable field still passes', async () => {
    const res = await api().get('/api/journey/content?stage=awareness&type=vault&fields=title');
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Vault aware']);
  });

  test('type: an unknown type lists only the types the caller may find', async () => {
    const auth = await tokenFor(['plugin::journey.content.find', 'api::page.page.find']);
    const res = await api()
      .get('/api/journey/content?stage=awareness&type=nonexistent')
      .set('Authorization', auth);
    expect(res.status).toBe(400);
    const valid = (res.body.error.message as string).split('valid values:')[1];
    expect(valid).toContain(PAGE);
    expect(valid).not.toContain(ARTICLE);
    expect(valid).not.toContain(VAULT);
    expect(valid).not.toContain('vault');
    // A type that exists but is not readable stays a refusal, as before.
    const vault = await api()
      .get('/api/journey/content?stage=awareness&type=vault')
      .set('Authorization', auth);
    expect(vault.status).toBe(403);
  });
});

describe('journeyStages in items follow plugin::journey.stage.find', () => {
  type Item = { title: string; journeyStages?: unknown };

  test('without stage.find: items have no journeyStages, as the native route refuses to populate it', async () => {
    const content = await api().get('/api/journey/content?stage=awareness&type=page');
    expect(content.status).toBe(200);
    expect(content.body.data.map((d: Item) => d.title)).toEqual(['Page aware']);
    expect(content.body.data[0]).not.toHaveProperty('journeyStages');
    expect(content.body.data[0].searchIntent).toBe('informational');
    const next = await api().get('/api/journey/next?stage=awareness&type=page');
    expect(next.status).toBe(200);
    expect(next.body.data[0]).not.toHaveProperty('journeyStages');
    // Strapi's own route drops the populate it may not serve.
    const native = await api().get('/api/pages?populate=journeyStages');
    expect(native.status).toBe(200);
    expect(native.body.data[0].title).toBe('Page aware');
    expect(native.body.data[0]).not.toHaveProperty('journeyStages');
  });

  test('with stage.find: items carry the stages, as the native route populates them', async () => {
    await grantPublic(app.strapi, ['plugin::journey.stage.find']);
    const content = await api().get('/api/journey/content?stage=awareness&type=page');
    expect(content.body.data[0].journeyStages).toEqual([
      { journey: 'customer', key: 'awareness', name: 'Awareness' },
    ]);
    const next = await api().get('/api/journey/next?stage=awareness&type=page');
    expect(next.body.data[0].journeyStages).toEqual([
      { journey: 'customer', key: 'awareness', name: 'Awareness' },
    ]);
    const native = await api().get('/api/pages?populate=journeyStages');
    expect(native.status).toBe(200);
    expect(native.body.data[0].journeyStages[0].key).toBe('awareness');
  });
});

describe('meta.omitted says why types are missing from a listing', () => {
  const OMITTED = 'no find permission';

  test('the journey routes granted but no find on the types: empty data, and the reason', async () => {
    const auth = await tokenFor(['plugin::journey.content.find', 'plugin::journey.next.find']);
    const content = await api()
      .get('/api/journey/content?stage=awareness')
      .set('Authorization', auth);
    expect(content.status).toBe(200);
    expect(content.body.data).toEqual([]);
    expect(content.body.meta.contentTypes).toEqual([]);
    // Article, page and vault: every journey-aware type, counted, none named.
    expect(content.body.meta.omitted).toEqual([{ reason: OMITTED, count: 3 }]);
    expect(JSON.stringify(content.body.meta.omitted)).not.toMatch(/article|page|vault/);
    const next = await api().get('/api/journey/next?stage=awareness').set('Authorization', auth);
    expect(next.status).toBe(200);
    expect(next.body.data).toEqual([]);
    expect(next.body.meta.contentTypes).toEqual([]);
    expect(next.body.meta.omitted).toEqual([{ reason: OMITTED, count: 3 }]);
  });

  test('some types readable: only the others are counted, on every listing route', async () => {
    // The public role may find pages and vaults, not articles.
    const content = await api().get('/api/journey/content?stage=awareness');
    expect(content.body.meta.contentTypes).toEqual(expect.arrayContaining([PAGE, VAULT]));
    expect(content.body.meta.omitted).toEqual([{ reason: OMITTED, count: 1 }]);
    const byIntent = await api().get('/api/journey/content?intent=informational');
    expect(byIntent.body.meta.omitted).toEqual([{ reason: OMITTED, count: 1 }]);
    const byQuery = await api().get(`/api/journey/content?q=${encodeURIComponent('what is it')}`);
    expect(byQuery.status).toBe(200);
    expect(byQuery.body.meta.omitted).toEqual([{ reason: OMITTED, count: 1 }]);
    const next = await api().get('/api/journey/next?stage=awareness');
    expect(next.body.meta.omitted).toEqual([{ reason: OMITTED, count: 1 }]);
  });

  test('every type readable, or the types named: nothing omitted', async () => {
    const all = await tokenFor([
      'plugin::journey.content.find',
      'api::article.article.find',
      'api::page.page.find',
      'api::vault.vault.find',
    ]);
    const res = await api().get('/api/journey/content?stage=awareness').set('Authorization', all);
    expect(res.body.meta.omitted).toEqual([]);
    const named = await api().get('/api/journey/content?stage=awareness&type=page');
    expect(named.body.meta.contentTypes).toEqual([PAGE]);
    expect(named.body.meta.omitted).toEqual([]);
  });
});
