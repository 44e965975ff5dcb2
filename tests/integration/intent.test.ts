import { ARTICLE, grantPublic, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

const app = useApp({
  pluginConfig: {
    contentTypes: ['api::page.page'],
    intent: {
      brands: ['runfast'],
      places: ['mölndal'],
      terms: { sv: { transactional: ['provlöp'] } },
    },
  },
});

const api = app.http;

beforeAll(async () => {
  const stages = await stageIds(app.strapi);
  const article = (title: string, stage: string, intent: string, locale = 'en') =>
    app.strapi.documents(ARTICLE as never).create({
      data: { title, journeyStages: [stages[stage]], searchIntent: intent },
      status: 'published',
      locale,
    } as never);
  await article('Buy the Trail 3', 'decision', 'transactional');
  await article('How to lace shoes', 'awareness', 'informational');
  await article('Köp Trail 3', 'decision', 'transactional', 'sv');
});

describe('GET /api/journey/intent', () => {
  test('is not public until granted', async () => {
    expect((await api().get('/api/journey/intent?q=buy%20shoes')).status).toBe(403);
    await grantPublic(app.strapi, [
      'plugin::journey.intent.find',
      'plugin::journey.content.find',
      'api::article.article.find',
    ]);
  });

  test('classifies a query and explains itself', async () => {
    const res = await api().get(
      `/api/journey/intent?q=${encodeURIComponent('köpa löparskor stockholm')}`
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      query: 'köpa löparskor stockholm',
      intent: 'transactional',
      language: 'sv',
      stage: 'decision',
    });
    expect(res.body.data.scores.local).toBeGreaterThan(0);
    expect(res.body.data.matches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ intent: 'transactional', term: 'köpa' }),
        expect.objectContaining({ intent: 'local', term: 'stockholm', rule: 'place name' }),
      ])
    );
    expect(res.body.meta).toEqual({ journey: 'customer' });
  });

  test("uses the app's own brands, places and terms from the config", async () => {
    const brand = await api().get('/api/journey/intent?q=runfast');
    expect(brand.body.data).toMatchObject({ intent: 'navigational', stage: 'decision' });
    const place = await api().get(
      `/api/journey/intent?q=${encodeURIComponent('löparklubb mölndal')}`
    );
    expect(place.body.data.intent).toBe('local');
    const term = await api().get(
      `/api/journey/intent?q=${encodeURIComponent('provlöp skor')}&locale=sv`
    );
    expect(term.body.data.intent).toBe('transactional');
    expect(term.body.data.matches[0]).toMatchObject({ term: 'provlöp', rule: 'configured term' });
  });

  test('says when there is no signal', async () => {
    const res = await api().get('/api/journey/intent?q=shoes');
    expect(res.body.data).toMatchObject({ intent: null, confidence: 0, stage: null, matches: [] });
  });

  test.each([
    ['', 'q'],
    [`q=${'a'.repeat(201)}`, 'q'],
    ['q=%20%20', 'q'],
    ['q[]=a&q[]=b', 'q'],
    ['q=buy&locale=de', 'locale'],
    ['q=buy&journey=nope', 'journey'],
    ['q=buy&stage=awareness', 'query parameter'],
  ])('?%s → 400 naming %s', async (query, parameter) => {
    const res = await api().get(`/api/journey/intent?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });
});

describe('GET /api/journey/content?q=', () => {
  test('serves content for the intent and the stage the query points to', async () => {
    const res = await api().get('/api/journey/content?q=buy%20running%20shoes');
    expect(res.status).toBe(200);
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Buy the Trail 3']);
    expect(res.body.meta).toMatchObject({ stage: ['decision'], intent: ['transactional'] });
    expect(res.body.meta.classification).toMatchObject({
      query: 'buy running shoes',
      intent: 'transactional',
      stage: 'decision',
      fallback: false,
    });
    const how = await api().get('/api/journey/content?q=how%20to%20lace%20running%20shoes');
    expect(how.body.data.map((d: { title: string }) => d.title)).toEqual(['How to lace shoes']);
  });

  test('falls back to the stage when no content has the intent', async () => {
    // local points to decision, where only transactional content exists
    const res = await api().get('/api/journey/content?q=running%20shoes%20near%20me');
    expect(res.body.meta.classification).toMatchObject({
      intent: 'local',
      stage: 'decision',
      fallback: true,
    });
    expect(res.body.meta.intent).toBeNull();
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Buy the Trail 3']);
  });

  test('respects the locale of the content and detects the language of the query', async () => {
    const res = await api().get(
      `/api/journey/content?q=${encodeURIComponent('köpa löparskor')}&locale=sv`
    );
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['Köp Trail 3']);
    expect(res.body.meta.classification.language).toBe('sv');
  });

  test('an explicit intent or stage wins over the query', async () => {
    const res = await api().get(
      '/api/journey/content?q=buy%20running%20shoes&stage=awareness&intent=informational'
    );
    expect(res.body.data.map((d: { title: string }) => d.title)).toEqual(['How to lace shoes']);
    expect(res.body.meta.classification.fromQuery).toEqual({ intent: false, stage: false });
  });
});
