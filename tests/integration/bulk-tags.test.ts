import { adminWithRole, cmRead, cmUpdate, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Issue 13: bulk tagging through `POST /journey/tags/bulk`, as an editor does from the content
 * manager's list view: drafts only, per locale, by selection or by the list's query, within
 * what the editor may update there.
 */

const app = useApp({ admin: true });
let stages: Record<string, string>;
const ref = (key: string) => `customer/${key}`;

const http = app.http;
const bulk = (body: object, as = app.token) =>
  http().post('/journey/tags/bulk').set('Authorization', `Bearer ${as}`).send(body);

type Version = { stages: string[]; intent: string | null };

/** A document's tags as stored, by stage key. */
const tagsOf = async (
  uid: string,
  documentId: string,
  options: { locale?: string; status?: 'draft' | 'published' } = {}
): Promise<Version | null> => {
  const doc = (await app.strapi.documents(uid as never).findOne({
    documentId,
    ...(options.locale ? { locale: options.locale } : {}),
    ...(options.status ? { status: options.status } : {}),
    populate: ['journeyStages'],
  } as never)) as unknown as {
    journeyStages: Array<{ key: string }>;
    searchIntent: string | null;
  } | null;
  if (!doc) return null;
  return {
    stages: doc.journeyStages.map((s) => s.key).sort(),
    intent: doc.searchIntent ?? null,
  };
};

const article = (title: string, keys: string[], intent: string | null, extra = {}) =>
  createTagged(app.strapi, ARTICLE, stages, { title, stages: keys, intent, ...extra });

beforeAll(async () => {
  stages = await stageIds(app.strapi);
});

describe('bulk tagging a selection', () => {
  test('adds a stage and sets the intent on the drafts of that locale only', async () => {
    const a = await article('Bulk a', ['awareness'], 'informational', { status: 'published' });
    const b = await article('Bulk b', [], null);
    await app.strapi.documents(ARTICLE as never).update({
      documentId: a.documentId,
      locale: 'sv',
      data: { title: 'Bulk a sv', journeyStages: [stages.loyalty], searchIntent: 'local' },
    } as never);

    const res = await bulk({
      contentType: ARTICLE,
      locale: 'en',
      documentIds: [a.documentId, b.documentId],
      stages: { add: [ref('consideration')] },
      intent: 'commercial',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ matched: 2, changed: 2, unchanged: 0, skipped: [] });
    expect(res.body.data.changeId).toEqual(expect.any(Number));

    expect(await tagsOf(ARTICLE, a.documentId, { status: 'draft' })).toEqual({
      stages: ['awareness', 'consideration'],
      intent: 'commercial',
    });
    expect(await tagsOf(ARTICLE, b.documentId)).toEqual({
      stages: ['consideration'],
      intent: 'commercial',
    });
    // Nothing is published by tagging, and the Swedish version is another entry.
    expect(await tagsOf(ARTICLE, a.documentId, { status: 'published' })).toEqual({
      stages: ['awareness'],
      intent: 'informational',
    });
    expect(await tagsOf(ARTICLE, a.documentId, { locale: 'sv' })).toEqual({
      stages: ['loyalty'],
      intent: 'local',
    });
    // The content manager shows the published entry as modified.
    const list = await http()
      .get(`/content-manager/collection-types/${ARTICLE}?locale=en&pageSize=100`)
      .set('Authorization', `Bearer ${app.token}`);
    const row = list.body.results.find(
      (r: { documentId: string }) => r.documentId === a.documentId
    );
    expect(row.status).toBe('modified');
  });

  test('removes and replaces stages, clears the intent, by documentId or journey/key', async () => {
    const a = await article('Remove a', ['awareness', 'decision'], 'transactional');
    const b = await article('Remove b', ['decision'], null);
    const c = await article('Remove c', ['usage'], 'local');

    const removed = await bulk({
      contentType: ARTICLE,
      documentIds: [a.documentId, b.documentId, c.documentId],
      stages: { remove: [stages.decision] },
    });
    expect(removed.body.data).toMatchObject({ matched: 3, changed: 2, unchanged: 1 });
    expect(await tagsOf(ARTICLE, a.documentId)).toEqual({
      stages: ['awareness'],
      intent: 'transactional',
    });
    expect(await tagsOf(ARTICLE, b.documentId)).toEqual({ stages: [], intent: null });

    const set = await bulk({
      contentType: ARTICLE,
      documentIds: [a.documentId, c.documentId],
      stages: { set: [ref('loyalty'), ref('usage')] },
      intent: null,
    });
    expect(set.body.data).toMatchObject({ matched: 2, changed: 2 });
    expect(await tagsOf(ARTICLE, a.documentId)).toEqual({
      stages: ['loyalty', 'usage'],
      intent: null,
    });
    expect(await tagsOf(ARTICLE, c.documentId)).toEqual({
      stages: ['loyalty', 'usage'],
      intent: null,
    });
  });

  test('a type without draft & publish or locales: its one row', async () => {
    const page = (await createTagged(app.strapi, PAGE, stages, {
      title: 'A page',
      stages: ['awareness'],
    })) as { documentId: string };
    const res = await bulk({
      contentType: PAGE,
      documentIds: [page.documentId],
      stages: { add: [ref('usage')] },
      intent: 'navigational',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ matched: 1, changed: 1 });
    expect(await tagsOf(PAGE, page.documentId)).toEqual({
      stages: ['awareness', 'usage'],
      intent: 'navigational',
    });
  });

  test('dryRun counts what would change and writes nothing', async () => {
    const a = await article('Dry a', ['consideration'], null);
    const b = await article('Dry b', [], null);
    const c = await article('Dry c', ['awareness'], null);
    const res = await bulk({
      contentType: ARTICLE,
      documentIds: [a.documentId, b.documentId, c.documentId, 'no-such-document'],
      stages: { add: [ref('consideration')] },
      dryRun: true,
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      changeId: null,
      matched: 3,
      changed: 2,
      unchanged: 1,
      skipped: [{ documentId: 'no-such-document', reason: 'not found in locale en' }],
      perStage: { [ref('consideration')]: { already: 1, will: 2 } },
      // A dry run writes nothing, so it names no documents written.
      written: [],
    });
    expect(await tagsOf(ARTICLE, b.documentId)).toEqual({ stages: [], intent: null });
    expect(await tagsOf(ARTICLE, c.documentId)).toEqual({ stages: ['awareness'], intent: null });
  });
});

describe("bulk tagging the list view's query", () => {
  test('filters and _q select the matching drafts of the locale', async () => {
    const w1 = await article('Filtered winter jacket', [], null);
    const w2 = await article('Filtered winter boots', ['awareness'], null);
    const s1 = await article('Filtered summer hat', [], null);
    const sv = await article('Filtered winter mössa', [], null, { locale: 'sv' });

    const byFilter = await bulk({
      contentType: ARTICLE,
      locale: 'en',
      filters: { $and: [{ title: { $containsi: 'filtered winter' } }] },
      stages: { add: [ref('decision')] },
    });
    expect(byFilter.status).toBe(200);
    expect(byFilter.body.data).toMatchObject({ matched: 2, changed: 2 });
    expect((await tagsOf(ARTICLE, w1.documentId))?.stages).toEqual(['decision']);
    expect((await tagsOf(ARTICLE, w2.documentId))?.stages).toEqual(['awareness', 'decision']);
    expect((await tagsOf(ARTICLE, s1.documentId))?.stages).toEqual([]);
    expect((await tagsOf(ARTICLE, sv.documentId, { locale: 'sv' }))?.stages).toEqual([]);

    const bySearch = await bulk({
      contentType: ARTICLE,
      locale: 'en',
      _q: 'summer hat',
      intent: 'transactional',
    });
    expect(bySearch.status).toBe(200);
    expect(bySearch.body.data).toMatchObject({ matched: 1, changed: 1 });
    expect(await tagsOf(ARTICLE, s1.documentId)).toEqual({ stages: [], intent: 'transactional' });
  });
});

describe('bad requests answer 400 naming the problem, and change nothing', () => {
  let doc: { documentId: string };
  beforeAll(async () => {
    doc = await article('Bad request target', ['awareness'], null);
  });

  const expect400 = async (body: object, parameter: string, text: RegExp) => {
    const res = await bulk(body);
    expect(res.status).toBe(400);
    expect(res.body.error.details.parameter).toBe(parameter);
    expect(res.body.error.message).toMatch(text);
    expect(await tagsOf(ARTICLE, doc.documentId)).toEqual({
      stages: ['awareness'],
      intent: null,
    });
  };

  test('unknown stage, with the valid references', () =>
    expect400(
      { contentType: ARTICLE, documentIds: [doc.documentId], stages: { add: ['customer/nope'] } },
      'stages.add',
      /customer\/nope.*customer\/awareness/
    ));

  test('unknown intent, with the valid values', () =>
    expect400(
      { contentType: ARTICLE, documentIds: [doc.documentId], intent: 'buying' },
      'intent',
      /buying.*informational, commercial, transactional, navigational, local/
    ));

  test('more than 10,000 documentIds', () =>
    expect400(
      {
        contentType: ARTICLE,
        documentIds: Array.from({ length: 10_001 }, (_, i) => `d${i}`),
        intent: 'local',
      },
      'documentIds',
      /10001 items.*at most 10000/
    ));

  test('a filter that matches nothing', () =>
    expect400(
      {
        contentType: ARTICLE,
        filters: { title: { $eq: 'no entry has this title' } },
        intent: 'local',
      },
      'filters',
      /matches none/
    ));

  test('no operation', () =>
    expect400({ contentType: ARTICLE, documentIds: [doc.documentId] }, 'stages', /nothing to do/));

  test('a type that is not journey-aware', () =>
    expect400(
      { contentType: 'api::note.note', documentIds: [doc.documentId], intent: 'local' },
      'contentType',
      /api::article\.article/
    ));
});

describe('permissions: the content manager update right on the type and locale', () => {
  let doc: { documentId: string };
  let svDoc: { documentId: string };

  beforeAll(async () => {
    doc = await article('Permission target', ['awareness'], null);
    svDoc = await article('Permission target sv', ['awareness'], null, { locale: 'sv' });
  });

  const unchanged = async () => {
    expect(await tagsOf(ARTICLE, doc.documentId)).toEqual({ stages: ['awareness'], intent: null });
    expect(await tagsOf(ARTICLE, svDoc.documentId, { locale: 'sv' })).toEqual({
      stages: ['awareness'],
      intent: null,
    });
  };

  test('an editor who may only read articles gets 403', async () => {
    const role = await createRoleWith(app.strapi, 'Article readers', [cmRead(ARTICLE)]);
    const editor = await adminWithRole(app.strapi, role);
    const res = await bulk(
      { contentType: ARTICLE, documentIds: [doc.documentId], intent: 'local' },
      editor.token
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/update api::article\.article/);
    await unchanged();
  });

  test('an editor who may update English articles gets 403 in Swedish, 200 in English', async () => {
    const role = await createRoleWith(app.strapi, 'English article editors', [
      cmRead(ARTICLE, { locales: ['en'] }),
      cmUpdate(ARTICLE, { locales: ['en'] }),
    ]);
    const editor = await adminWithRole(app.strapi, role);
    const sv = await bulk(
      { contentType: ARTICLE, locale: 'sv', documentIds: [svDoc.documentId], intent: 'local' },
      editor.token
    );
    expect(sv.status).toBe(403);
    expect(sv.body.error.message).toMatch(/locale sv/);
    const svByFilter = await bulk(
      { contentType: ARTICLE, locale: 'sv', filters: {}, intent: 'local' },
      editor.token
    );
    expect(svByFilter.status).toBe(403);
    await unchanged();

    const en = await bulk(
      { contentType: ARTICLE, locale: 'en', documentIds: [doc.documentId], intent: 'local' },
      editor.token
    );
    expect(en.status).toBe(200);
    expect(await tagsOf(ARTICLE, doc.documentId)).toEqual({
      stages: ['awareness'],
      intent: 'local',
    });
  });

  test("an editor limited to their own entries leaves others' entries untouched", async () => {
    const role = await createRoleWith(app.strapi, 'Own article editors', [
      cmRead(ARTICLE, { conditions: ['admin::is-creator'] }),
      cmUpdate(ARTICLE, { conditions: ['admin::is-creator'] }),
    ]);
    const editor = await adminWithRole(app.strapi, role);
    const mine = await article('Mine', [], null);
    const theirs = await article('Theirs', [], null);
    const meta = app.strapi.db.metadata.get(ARTICLE);
    const column = (meta.attributes.createdBy as unknown as { joinColumn: { name: string } })
      .joinColumn.name;
    await app.strapi.db
      .connection(meta.tableName)
      .where('document_id', mine.documentId)
      .update({ [column]: editor.id });

    const res = await bulk(
      {
        contentType: ARTICLE,
        documentIds: [mine.documentId, theirs.documentId],
        stages: { add: [ref('usage')] },
      },
      editor.token
    );
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      changed: 1,
      skipped: [{ documentId: theirs.documentId, reason: 'not permitted' }],
    });
    expect((await tagsOf(ARTICLE, mine.documentId))?.stages).toEqual(['usage']);
    expect((await tagsOf(ARTICLE, theirs.documentId))?.stages).toEqual([]);
  });
});
