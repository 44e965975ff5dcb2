import { adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE } from '../helpers/content';
import { POST, UNTAGGED_EN, byTitle, useReviewQueueApp } from '../helpers/review-queue';

/*
 * Issue 13, the review queue: untagged entries with the classifier's suggestion, accepted one by
 * one, edited, or all above a confidence; skipped; computed for the whole backlog by a job that
 * any instance can run, resume and report.
 */
const { app, stages, get, post, list, ids, tagsOf } = useReviewQueueApp();

describe('GET /journey/suggestions', () => {
  test('lists untagged entries a page at a time, with suggestions computed for the page', async () => {
    const pages = [];
    for (const page of [1, 2, 3]) {
      pages.push(await list(`contentType=${ARTICLE}&locale=en&pageSize=3&page=${page}`));
    }
    const titles = pages.flatMap((p) => p.data.map((i) => i.title));
    expect(titles.sort()).toEqual([...UNTAGGED_EN].sort());
    expect(pages.map((p) => p.data.length)).toEqual([3, 3, 1]);
    expect(pages[0].meta.pagination).toMatchObject({ total: 7, pageCount: 3 });
    expect(pages[0].meta.untagged).toBe(7);
    // Every page listed has its suggestions stored now.
    expect((await list(`contentType=${ARTICLE}&locale=en`)).meta.computed).toBe(7);

    const items = byTitle(titles.length ? pages.flatMap((p) => p.data) : []);
    expect(items['Buy running shoes online'].suggestion).toMatchObject({
      intent: 'transactional',
      confidence: 1,
      source: 'title',
      text: 'Buy running shoes online',
      stage: {
        key: 'decision',
        documentId: stages.decision,
        names: expect.objectContaining({ sv: expect.any(String), nb: expect.any(String) }),
      },
    });
    expect(items['Buy running shoes online'].suggestion.matches).toContainEqual(
      expect.objectContaining({ intent: 'transactional', term: 'buy' })
    );
    expect(items['Best running shoes 2026 review'].suggestion.stage?.key).toBe('consideration');
    expect(items['Published buy boots'].status).toBe('published');
    expect(items['Buy running shoes online'].status).toBe('draft');
  });

  test('an entry the classifier cannot place is listed with no clear intent, not guessed', async () => {
    const { data } = await list(`contentType=${ARTICLE}&locale=en&intent=none`);
    expect(data.map((i) => i.title)).toEqual(['Zebra quartz']);
    expect(data[0].suggestion).toMatchObject({ intent: null, stage: null, confidence: 0 });
  });

  test('filters by suggested intent and minimum confidence', async () => {
    const transactional = await list(`contentType=${ARTICLE}&locale=en&intent=transactional`);
    expect(transactional.data.map((i) => i.title).sort()).toEqual([
      'Buy running shoes online',
      'Published buy boots',
      'Winter sale',
    ]);
    const confident = await list(`contentType=${ARTICLE}&locale=en&minConfidence=0.9`);
    expect(confident.data.map((i) => i.title).sort()).toEqual([
      'Best running shoes 2026 review',
      'Buy running shoes online',
      'How to clean running shoes',
      'Published buy boots',
    ]);
    const sv = await list(`contentType=${ARTICLE}&locale=sv`);
    expect(sv.data.map((i) => i.title)).toEqual(['Köpa vinterjacka']);
    expect(sv.data[0].suggestion).toMatchObject({ intent: 'transactional', source: 'title' });
  });

  test('falls back to the focus keyword, then the slug, where the title says nothing', async () => {
    const items = byTitle((await list(`contentType=${POST}`)).data);
    expect(items['Zebra quartz post'].suggestion).toMatchObject({
      intent: 'transactional',
      source: 'focusKeyword',
      text: 'buy zebra quartz',
    });
    expect(items['Zebra onyx'].suggestion).toMatchObject({
      intent: 'informational',
      source: 'slug',
      text: 'how to polish onyx',
    });
    expect(items['Zebra mica'].suggestion).toMatchObject({ intent: null, source: 'title' });
  });

  test('an entry edited since its suggestion is classified again', async () => {
    await app.strapi.documents(POST as never).update({
      documentId: ids['Zebra mica'],
      data: { title: 'Compare zebra mica vs onyx' },
    } as never);
    const items = byTitle((await list(`contentType=${POST}`)).data);
    expect(items['Compare zebra mica vs onyx'].suggestion).toMatchObject({
      intent: 'commercial',
      source: 'title',
    });
    await app.strapi.documents(POST as never).update({
      documentId: ids['Zebra mica'],
      data: { title: 'Zebra mica' },
    } as never);
  });

  test('only types and rows the caller may read in the content manager', async () => {
    const svOnly = await adminWithRole(
      app.strapi,
      await createRoleWith(app.strapi, 'Swedish articles', [cmRead(ARTICLE, { locales: ['sv'] })])
    );
    const sv = await list(`contentType=${ARTICLE}&locale=sv`, svOnly.token);
    expect(sv.data.map((i) => i.title)).toEqual(['Köpa vinterjacka']);
    const en = await list(`contentType=${ARTICLE}&locale=en`, svOnly.token);
    expect(en.data).toEqual([]);
    expect(en.meta.untagged).toBe(0);
    const page = await get(`/journey/suggestions?contentType=${PAGE}`, svOnly.token);
    expect(page.status).toBe(403);
    expect(page.body.error.message).toContain(PAGE);
    expect((await app.http().get(`/journey/suggestions?contentType=${ARTICLE}`)).status).toBe(401);
  });

  test.each([
    ['contentType=api::note.note', 'contentType'],
    ['', 'contentType'],
    [`contentType=${ARTICLE}&locale=xx`, 'locale'],
    [`contentType=${ARTICLE}&journey=nope`, 'journey'],
    [`contentType=${ARTICLE}&intent=curious`, 'intent'],
    [`contentType=${ARTICLE}&minConfidence=2`, 'minConfidence'],
    [`contentType=${ARTICLE}&pageSize=1000`, 'pageSize'],
    [`contentType=${ARTICLE}&showSkipped=maybe`, 'showSkipped'],
    [`contentType=${ARTICLE}&sort=title`, 'sort'],
  ])('?%s → 400 naming %s', async (query, parameter) => {
    const res = await get(`/journey/suggestions?${query}`);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });
});

describe('POST /journey/suggestions/skip', () => {
  test('hides entries from the queue; showSkipped lists them', async () => {
    const res = await post('/journey/suggestions/skip', {
      contentType: POST,
      documentIds: [ids['Zebra mica']],
    });
    expect([res.status, res.body.data]).toEqual([200, { skipped: 1 }]);
    const shown = (await list(`contentType=${POST}`)).data.map((i) => i.title);
    expect(shown).not.toContain('Zebra mica');
    const all = byTitle((await list(`contentType=${POST}&showSkipped=true`)).data);
    expect(all['Zebra mica'].skipped).toBe(true);
    // Recomputing a skipped entry keeps it skipped.
    await app.strapi.documents(POST as never).update({
      documentId: ids['Zebra mica'],
      data: { focusKeyword: 'zebra' },
    } as never);
    expect((await list(`contentType=${POST}`)).data.map((i) => i.title)).not.toContain(
      'Zebra mica'
    );
  });

  test('a reader without update rights gets 403 and nothing is skipped', async () => {
    const reader = await adminWithRole(
      app.strapi,
      await createRoleWith(app.strapi, 'Post reader', [cmRead(POST)])
    );
    const res = await post(
      '/journey/suggestions/skip',
      { contentType: POST, documentIds: [ids['Zebra onyx']] },
      reader.token
    );
    expect(res.status).toBe(403);
    expect((await list(`contentType=${POST}`)).data.map((i) => i.title)).toContain('Zebra onyx');
  });

  test.each([
    [{ contentType: POST }, 'documentIds'],
    [{ contentType: POST, documentIds: [] }, 'documentIds'],
    [{ contentType: 'api::note.note', documentIds: ['x'] }, 'contentType'],
    [{ contentType: ARTICLE, locale: 'xx', documentIds: ['x'] }, 'locale'],
  ])('%j → 400 naming %s', async (body, parameter) => {
    const res = await post('/journey/suggestions/skip', body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });
});

describe('intent choices from the edit view', () => {
  test('saving an entry with a new search intent records the choice with its title', async () => {
    const documentId = ids['Zebra quartz'];
    await app.strapi.documents(ARTICLE as never).update({
      documentId,
      locale: 'en',
      data: { searchIntent: 'local' },
    } as never);
    const rows = (await app.strapi.db
      .connection('journey_intent_choices')
      .where({ entry_document_id: documentId })) as Array<Record<string, unknown>>;
    expect(rows).toEqual([
      expect.objectContaining({
        text: 'Zebra quartz',
        suggested: null,
        chosen: 'local',
        kind: 'panel',
        language: 'en',
      }),
    ]);
    // Saving again with the same intent is no new choice.
    await app.strapi.documents(ARTICLE as never).update({
      documentId,
      locale: 'en',
      data: { searchIntent: 'local', title: 'Zebra quartz' },
    } as never);
    expect(
      await app.strapi.db
        .connection('journey_intent_choices')
        .where({ entry_document_id: documentId })
    ).toHaveLength(1);
  });
});

describe('POST /journey/suggestions/accept', () => {
  const accept = (body: object, bearer = app.token) =>
    post(
      '/journey/suggestions/accept',
      { contentType: ARTICLE, locale: 'en', journey: 'customer', ...body },
      bearer
    );

  const choicesOf = (documentId: string) =>
    app.strapi.db
      .connection('journey_intent_choices')
      .where({ entry_document_id: documentId }) as unknown as Promise<
      Array<Record<string, unknown>>
    >;

  test('accepts one suggestion: the draft gets the stage and intent, as one undoable change', async () => {
    const documentId = ids['Buy running shoes online'];
    const res = await accept({ items: [{ documentId, intent: 'transactional' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ matched: 1, changed: 1, skipped: [] });
    expect(res.body.data.changeId).toEqual(expect.any(Number));
    expect(await tagsOf(ARTICLE, documentId, 'en')).toEqual({
      intent: 'transactional',
      stages: ['decision'],
    });
    const listed = (await list(`contentType=${ARTICLE}&locale=en`)).data.map((i) => i.title);
    expect(listed).not.toContain('Buy running shoes online');
    expect(await choicesOf(documentId)).toEqual([
      expect.objectContaining({
        kind: 'accept',
        suggested: 'transactional',
        chosen: 'transactional',
        text: 'Buy running shoes online',
      }),
    ]);
    // The change is in the history, and undo returns the entry to the queue untagged.
    const undo = await post(`/journey/tags/changes/${res.body.data.changeId}/undo`, {});
    expect([undo.status, undo.body.data?.restored]).toEqual([200, 1]);
    expect(await tagsOf(ARTICLE, documentId, 'en')).toEqual({ intent: null, stages: [] });
    await accept({ items: [{ documentId, intent: 'transactional' }] });
  });

  test('an edited suggestion is accepted as edited and recorded as a correction', async () => {
    const documentId = ids['How to clean running shoes'];
    const res = await accept({
      items: [{ documentId, intent: 'commercial', stage: 'customer/consideration' }],
    });
    expect(res.body.data).toMatchObject({ changed: 1 });
    expect(await tagsOf(ARTICLE, documentId, 'en')).toEqual({
      intent: 'commercial',
      stages: ['consideration'],
    });
    expect(await choicesOf(documentId)).toEqual([
      expect.objectContaining({
        kind: 'correct',
        suggested: 'informational',
        chosen: 'commercial',
      }),
    ]);
  });

  test('never overwrites an entry someone tagged in the meantime', async () => {
    const documentId = ids['Best running shoes 2026 review'];
    await app.strapi.documents(ARTICLE as never).update({
      documentId,
      locale: 'en',
      data: { journeyStages: [stages.awareness] },
    } as never);
    const res = await accept({ items: [{ documentId, intent: 'commercial' }] });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({
      changed: 0,
      skipped: [{ documentId, reason: 'tagged meanwhile' }],
    });
    expect(await tagsOf(ARTICLE, documentId, 'en')).toEqual({
      intent: null,
      stages: ['awareness'],
    });
    expect(await choicesOf(documentId)).toEqual([]);
  });

  test('accepts all suggestions above a confidence on a page, then in the whole filter', async () => {
    const onPage = await accept({
      items: [
        { documentId: ids['Winter sale'], intent: 'transactional' },
        { documentId: ids['Garden party ideas'], intent: 'informational' },
      ],
      minConfidence: 0.6,
    });
    expect(onPage.body.data).toMatchObject({
      changed: 1,
      skipped: [{ documentId: ids['Winter sale'], reason: 'below confidence' }],
    });
    expect((await tagsOf(ARTICLE, ids['Garden party ideas'], 'en')).stages).toEqual(['awareness']);

    const before = (await list(`contentType=${ARTICLE}&locale=en`)).data.map((i) => i.title).sort();
    expect(before).toEqual(['Published buy boots', 'Winter sale', 'Zebra quartz']);
    const all = await accept({ minConfidence: 0.4, filter: { intent: 'transactional' } });
    expect(all.body.data).toMatchObject({ changed: 2 });
    expect((await tagsOf(ARTICLE, ids['Winter sale'], 'en')).stages).toEqual(['decision']);
    expect((await tagsOf(ARTICLE, ids['Published buy boots'], 'en')).stages).toEqual(['decision']);
    // The published version is untouched: tagging edits the draft, like any edit.
    const published = (await app.strapi.documents(ARTICLE as never).findOne({
      documentId: ids['Published buy boots'],
      locale: 'en',
      status: 'published',
      populate: ['journeyStages'],
    } as never)) as unknown as { journeyStages: unknown[] };
    expect(published.journeyStages).toEqual([]);
    // "No clear intent" is never accepted by an accept-all.
    expect((await list(`contentType=${ARTICLE}&locale=en`)).data.map((i) => i.title)).toEqual([
      'Zebra quartz',
    ]);
  });

  test('403 without update on the type or the locale, and nothing changes', async () => {
    const documentId = ids['Köpa vinterjacka'];
    const reader = await adminWithRole(
      app.strapi,
      await createRoleWith(app.strapi, 'Article reader', [cmRead(ARTICLE)])
    );
    const englishEditor = await adminWithRole(
      app.strapi,
      await createRoleWith(app.strapi, 'English article editor', [
        cmRead(ARTICLE),
        {
          action: 'plugin::content-manager.explorer.update',
          subject: ARTICLE,
          properties: { locales: ['en'] },
        },
      ])
    );
    for (const user of [reader, englishEditor]) {
      const res = await accept(
        { locale: 'sv', items: [{ documentId, intent: 'transactional' }] },
        user.token
      );
      expect(res.status).toBe(403);
    }
    expect(await tagsOf(ARTICLE, documentId, 'sv')).toEqual({ intent: null, stages: [] });
  });

  test.each([
    [{}, 'items'],
    [{ items: [] }, 'items'],
    [{ items: [{ documentId: 'x', intent: 'curious' }] }, 'items[0].intent'],
    [
      { items: [{ documentId: 'x', intent: 'commercial', stage: 'customer/nope' }] },
      'items[0].stage',
    ],
    [{ items: [{ intent: 'commercial' }] }, 'items[0].documentId'],
    [{ minConfidence: 5 }, 'minConfidence'],
    [{ minConfidence: 0.5, filter: { intent: 'curious' } }, 'filter.intent'],
    [{ journey: 'nope', minConfidence: 0.5 }, 'journey'],
    [{ contentType: 'api::note.note', minConfidence: 0.5 }, 'contentType'],
  ])('%j → 400 naming %s', async (body, parameter) => {
    const res = await accept(body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(parameter);
  });
});
