import { adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Issue 26: tags written to drafts reach coverage, the map and the public API only once the
 * entry is published. `GET /journey/coverage/pending` counts, in the database, the drafts whose
 * stages of a journey differ from their published version's; a bulk tag answers with the
 * documents it wrote, and publishing exactly those (the content manager's own bulk publish)
 * brings the count back down.
 */

const app = useApp({ admin: true });
let stages: Record<string, string>;
const READ_COVERAGE = 'plugin::journey.coverage.read';

const pending = (query: Record<string, string> = {}, token = app.token) =>
  app.http().get('/journey/coverage/pending').query(query).set('Authorization', `Bearer ${token}`);

const article = (
  title: string,
  keys: string[],
  extra: { status?: 'published'; locale?: string } = {}
) => createTagged(app.strapi, ARTICLE, stages, { title, stages: keys, intent: null, ...extra });

const setDraftStages = (documentId: string, keys: string[], locale?: string) =>
  app.strapi.documents(ARTICLE as never).update({
    documentId,
    ...(locale ? { locale } : {}),
    data: { journeyStages: keys.map((k) => stages[k]) },
  } as never);

const ids: Record<string, string> = {};

beforeAll(async () => {
  stages = await stageIds(app.strapi);
  // Each line is one entry; whether it waits on publish is decided by hand beside it.
  ids.same = (await article('same', ['awareness'], { status: 'published' })).documentId; // no
  ids.more = (await article('more', ['awareness'], { status: 'published' })).documentId;
  await setDraftStages(ids.more, ['awareness', 'consideration']); // en: draft has a stage more
  ids.fewer = (
    await article('fewer', ['awareness', 'loyalty'], { status: 'published' })
  ).documentId;
  await setDraftStages(ids.fewer, ['awareness']); // en: the published one has a stage more
  ids.never = (await article('never', ['decision'])).documentId; // en: tagged, never published
  ids.bare = (await article('bare', [])).documentId; // no: untagged draft
  ids.edited = (await article('edited', ['usage'], { status: 'published' })).documentId;
  await app.strapi.documents(ARTICLE as never).update({
    documentId: ids.edited,
    data: { title: 'edited again' },
  } as never); // no: the draft changed, its stages did not
  await article('sv same', ['awareness'], { status: 'published', locale: 'sv' }); // no
  const sv = (await article('sv moved', ['awareness'], { status: 'published', locale: 'sv' }))
    .documentId;
  await setDraftStages(sv, ['usage'], 'sv'); // sv: moved to another stage
  // Pages have no draft & publish: their tags are live when saved.
  await createTagged(app.strapi, PAGE, stages, { title: 'page', stages: ['awareness'] });
});

describe('GET /journey/coverage/pending', () => {
  test('counts the drafts whose stages differ from the published version, per type and locale', async () => {
    const res = await pending({ journey: 'customer' });
    expect(res.status).toBe(200);
    expect(res.body.journey).toBe('customer');
    expect(res.body.total).toBe(4);
    expect(
      [...res.body.types].sort((a: { locale: string }, b: { locale: string }) =>
        a.locale.localeCompare(b.locale)
      )
    ).toEqual([
      { contentType: ARTICLE, locale: 'en', count: 3 },
      { contentType: ARTICLE, locale: 'sv', count: 1 },
    ]);
  });

  test('is narrowed by locale and content type, as coverage is', async () => {
    expect((await pending({ locale: 'sv' })).body.total).toBe(1);
    expect((await pending({ contentType: PAGE })).body).toMatchObject({ total: 0, types: [] });
  });

  test('counts only the rows the caller may read in the content manager', async () => {
    const role = await createRoleWith(app.strapi, 'Swedish coverage readers', [
      { action: READ_COVERAGE },
      cmRead(ARTICLE, { locales: ['sv'] }),
    ]);
    const reader = await adminWithRole(app.strapi, role);
    const res = await pending({}, reader.token);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      total: 1,
      types: [{ contentType: ARTICLE, locale: 'sv', count: 1 }],
    });
  });

  test('a bulk tag names the drafts it wrote; publishing exactly those clears them', async () => {
    const tagged = await app
      .http()
      .post('/journey/tags/bulk')
      .set('Authorization', `Bearer ${app.token}`)
      .send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: [ids.same, ids.bare],
        stages: { add: [stages.loyalty] },
      });
    expect(tagged.status).toBe(200);
    expect(tagged.body.data.written).toEqual([
      {
        contentType: ARTICLE,
        locale: 'en',
        draftAndPublish: true,
        documentIds: expect.arrayContaining([ids.same, ids.bare]),
      },
    ]);
    expect(tagged.body.data.written[0].documentIds).toHaveLength(2);
    expect((await pending({ locale: 'en' })).body.total).toBe(5);

    const published = await app
      .http()
      .post(`/content-manager/collection-types/${ARTICLE}/actions/bulkPublish`)
      .set('Authorization', `Bearer ${app.token}`)
      .send({ documentIds: tagged.body.data.written[0].documentIds, locale: 'en' });
    expect(published.status).toBe(200);
    expect((await pending({ locale: 'en' })).body.total).toBe(3);
  });

  test('a dry run writes nothing and names nothing', async () => {
    const res = await app
      .http()
      .post('/journey/tags/bulk')
      .set('Authorization', `Bearer ${app.token}`)
      .send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: [ids.bare],
        stages: { add: [stages.usage] },
        dryRun: true,
      });
    expect(res.body.data).toMatchObject({ changed: 1, written: [] });
  });
});
