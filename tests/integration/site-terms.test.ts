import { adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/*
 * Issue 13: the site teaches the classifier. Intents editors choose become proposals with
 * counts; an accepted proposal is a site term the classifier uses at once and explains in
 * `matches`, exported and imported with the journeys.
 */
const app = useApp({ admin: true });

const http = app.http;
const get = (url: string, bearer = app.token) =>
  http().get(url).set('Authorization', `Bearer ${bearer}`);
const send = (method: 'post' | 'delete', url: string, body: object = {}, bearer = app.token) =>
  http()[method](url).set('Authorization', `Bearer ${bearer}`).send(body);

const explain = async (q: string) => {
  const res = await get(
    `/journey/intent?contentType=${ARTICLE}&locale=sv&q=${encodeURIComponent(q)}`
  );
  expect(res.status).toBe(200);
  return res.body.data as {
    intent: string | null;
    matches: Array<{ intent: string; term: string; rule: string }>;
  };
};

const queued = async (title: string) => {
  const res = await get(`/journey/suggestions?contentType=${ARTICLE}&locale=sv&pageSize=100`);
  expect(res.status).toBe(200);
  return res.body.data.find((i: { title: string }) => i.title === title) as {
    suggestion: { intent: string | null; matches: Array<Record<string, string>> };
  };
};

const siteTermMatch = { intent: 'transactional', term: 'provkörning', rule: 'site term' };

beforeAll(async () => {
  const stages = await stageIds(app.strapi);
  // Three editors' choices in the edit view: each saves a Swedish article as transactional.
  for (const title of [
    'Provkörning av Volvo XC60',
    'Provkörning Tesla Model Y',
    'Provkörning av elbil',
  ]) {
    const doc = await createTagged(app.strapi, ARTICLE, stages, { title, locale: 'sv' });
    await app.strapi.documents(ARTICLE as never).update({
      documentId: doc.documentId,
      locale: 'sv',
      data: { searchIntent: 'transactional' },
    } as never);
  }
}, 180000);

describe('site terms', () => {
  test('choices become a proposal; accepting it teaches the classifier at once', async () => {
    expect((await explain('Provkörning Polestar 2')).intent).toBeNull();
    // The queue has stored its suggestion for an entry before the term exists.
    expect((await queued('Provkörning av elbil')).suggestion.intent).toBeNull();

    const choices = (await app.strapi.db
      .connection('journey_intent_choices')
      .select('suggested', 'chosen', 'kind')) as Array<Record<string, unknown>>;
    // Recorded with what the classifier said: 'navigational' for the two with a car brand.
    expect(choices.map((c) => `${c.kind} ${c.suggested} → ${c.chosen}`).sort()).toEqual([
      'panel navigational → transactional',
      'panel navigational → transactional',
      'panel null → transactional',
    ]);

    const proposals = await get('/journey/site-terms/proposals');
    expect(proposals.status).toBe(200);
    expect(proposals.body.data).toContainEqual({
      term: 'provkörning',
      language: 'sv',
      intent: 'transactional',
      count: 3,
      total: 3,
    });

    const created = await send('post', '/journey/site-terms', {
      term: ' Provkörning ',
      language: 'sv',
      intent: 'transactional',
    });
    expect(created.status).toBe(200);
    expect(created.body.data).toMatchObject({
      term: 'provkörning',
      language: 'sv',
      intent: 'transactional',
    });

    const explained = await explain('Provkörning Polestar 2');
    expect(explained.intent).toBe('transactional');
    expect(explained.matches).toContainEqual(siteTermMatch);
    const after = await get('/journey/site-terms/proposals');
    expect(after.body.data.map((p: { term: string }) => p.term)).not.toContain('provkörning');
    expect((await get('/journey/site-terms')).body.data).toEqual([
      expect.objectContaining({ term: 'provkörning', language: 'sv', intent: 'transactional' }),
    ]);
  });

  test('the review queue suggests with the site terms', async () => {
    const stages = await stageIds(app.strapi);
    await createTagged(app.strapi, ARTICLE, stages, {
      title: 'Provkörning Polestar 2',
      locale: 'sv',
    });
    const res = await get(`/journey/suggestions?contentType=${ARTICLE}&locale=sv&pageSize=100`);
    const item = res.body.data.find((i: { title: string }) => i.title === 'Provkörning Polestar 2');
    expect(item.suggestion).toMatchObject({
      intent: 'transactional',
      stage: { key: 'decision' },
    });
    expect(item.suggestion.matches).toContainEqual(siteTermMatch);
    // Stored before the term was added, so no longer fresh: suggested again with it.
    const stored = await queued('Provkörning av elbil');
    expect(stored.suggestion).toMatchObject({ intent: 'transactional' });
    expect(stored.suggestion.matches).toContainEqual(siteTermMatch);
  });

  test('export carries the site terms; import restores them', async () => {
    const exported = await get('/journey/journeys/export');
    expect(exported.status).toBe(200);
    expect(exported.body.siteTerms).toEqual([
      { term: 'provkörning', language: 'sv', intent: 'transactional' },
    ]);

    const [term] = (await get('/journey/site-terms')).body.data;
    expect((await send('delete', `/journey/site-terms/${term.id}`)).status).toBe(200);
    expect((await explain('Provkörning Polestar 2')).matches).not.toContainEqual(siteTermMatch);

    const dry = await send('post', '/journey/journeys/import', exported.body);
    expect(dry.status).toBe(200);
    expect(dry.body.siteTerms).toEqual({ create: 1, update: 0, unchanged: 0 });
    expect((await get('/journey/site-terms')).body.data).toEqual([]);

    const applied = await send('post', '/journey/journeys/import?dryRun=false', exported.body);
    expect(applied.status).toBe(200);
    expect(applied.body.siteTerms).toEqual({ create: 1, update: 0, unchanged: 0 });
    expect((await explain('Provkörning Polestar 2')).matches).toContainEqual(siteTermMatch);
  });

  test('a term another instance stores is used within a second or so', async () => {
    // Written straight to the table, as another instance's request would.
    const { rowDefaults } = await import('../../server/src/services/site-terms');
    await app.strapi.db.connection('journey_site_terms').insert({
      ...rowDefaults(app.strapi, 'plugin::journey.site-term'),
      term: 'hämtpaket',
      language: 'sv',
      intent: 'local',
    });
    let matches: Array<{ term: string; rule: string }> = [];
    for (let i = 0; i < 40 && !matches.some((m) => m.rule === 'site term'); i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      matches = (await explain('hämtpaket Solna')).matches;
    }
    expect(matches).toContainEqual({ intent: 'local', term: 'hämtpaket', rule: 'site term' });
  });

  test.each([
    [{ term: '', language: 'sv', intent: 'local' }, 'term'],
    [{ term: 'x'.repeat(101), language: 'sv', intent: 'local' }, 'term'],
    [{ term: 'hej', language: 'de', intent: 'local' }, 'language'],
    [{ term: 'hej', language: 'sv', intent: 'curious' }, 'intent'],
  ])('POST %j → 400 naming %s', async (body, parameter) => {
    const res = await send('post', '/journey/site-terms', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });

  test('an import with a bad site term is refused, naming it, and imports nothing', async () => {
    const exported = (await get('/journey/journeys/export')).body;
    const res = await send('post', '/journey/journeys/import?dryRun=false', {
      ...exported,
      siteTerms: [
        { term: 'ok', language: 'sv', intent: 'local' },
        { term: 'x', language: 'sv' },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('siteTerms[1].intent');
    const terms = (await get('/journey/site-terms')).body.data.map((t: { term: string }) => t.term);
    expect(terms).not.toContain('ok');
  });

  test('managing site terms needs the journeys.manage permission', async () => {
    const editor = await adminWithRole(
      app.strapi,
      await createRoleWith(app.strapi, 'Article editor', [cmRead(ARTICLE)])
    );
    expect((await get('/journey/site-terms/proposals', editor.token)).status).toBe(403);
    expect((await get('/journey/site-terms', editor.token)).status).toBe(403);
    const res = await send(
      'post',
      '/journey/site-terms',
      { term: 'hej', language: 'sv', intent: 'local' },
      editor.token
    );
    expect(res.status).toBe(403);
    expect(
      (await get('/journey/site-terms')).body.data.map((t: { term: string }) => t.term)
    ).not.toContain('hej');
  });

  test('the record of choices stays bounded: the oldest beyond 20,000 are deleted', async () => {
    const siteTerms = app.strapi.plugin('journey').service('site-terms');
    const table = app.strapi.db.metadata.get('plugin::journey.intent-choice').tableName;
    const count = async () =>
      Number(
        ((await app.strapi.db.connection(table).count({ n: '*' }).first()) as { n: number }).n
      );
    const choice = (i: number) => ({
      text: `Bounded choice ${i}`,
      language: 'en',
      suggested: null,
      chosen: 'informational',
      kind: 'panel',
    });
    const before = await count();
    await siteTerms.recordChoices(Array.from({ length: 20_005 - before }, (_, i) => choice(i)));
    expect(await count()).toBe(20_000);
    const newest = await app.strapi.db
      .connection(table)
      .where('text', `Bounded choice ${20_004 - before}`)
      .first();
    expect(newest).toBeTruthy();
    expect(await app.strapi.db.connection(table).where('text', 'Bounded choice 0').first()).toBe(
      undefined
    );
  });
});
