import fs from 'fs';
import path from 'path';
import request from 'supertest';
import { startApp, writeApp, type TestApp, type TestAppOptions } from '../helpers/app';
import { adminToken, adminWithRole, cmRead, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { currentDatabase } from '../helpers/databases';
import { freePort, startServer, type Server } from '../../bench/load';

/*
 * Issue 13, the review queue: untagged entries with the classifier's suggestion, accepted one by
 * one, edited, or all above a confidence; skipped; computed for the whole backlog by a job that
 * any instance can run, resume and report.
 */
const POST = 'api::post.post';
const OPTIONS: TestAppOptions = {
  contentTypes: {
    // Draft & publish, not localized, with a focus keyword and a slug to fall back on.
    post: {
      kind: 'collectionType',
      collectionName: 'posts',
      info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
      options: { draftAndPublish: true },
      pluginOptions: { journey: { enabled: true } },
      attributes: {
        title: { type: 'string' },
        focusKeyword: { type: 'string' },
        slug: { type: 'uid' },
      },
    },
  },
};

let app: TestApp;
let token: string;
let stages: Record<string, string>;

const http = () => request(app.strapi.server.httpServer);
const get = (url: string, bearer = token) =>
  http().get(url).set('Authorization', `Bearer ${bearer}`);
const post = (url: string, body: object, bearer = token) =>
  http().post(url).set('Authorization', `Bearer ${bearer}`).send(body);

type Item = {
  documentId: string;
  title: string | null;
  locale: string | null;
  status: string;
  skipped: boolean;
  suggestion: {
    intent: string | null;
    confidence: number;
    stage: { key: string; documentId: string; color: string | null } | null;
    matches: Array<{ intent: string; term: string; rule: string }>;
    source: string;
    text: string;
  };
};

const list = async (query: string, bearer = token) => {
  const res = await get(`/journey/suggestions?${query}`, bearer);
  expect([res.status, res.body.error]).toEqual([200, undefined]);
  return res.body as {
    data: Item[];
    meta: { pagination: { total: number; pageCount: number }; untagged: number; computed: number };
  };
};

const byTitle = (items: Item[]) => Object.fromEntries(items.map((i) => [i.title, i]));

const ids: Record<string, string> = {};

const article = async (
  title: string,
  extra: { stages?: string[]; locale?: string; status?: 'published' } = {}
) => {
  const doc = await createTagged(app.strapi, ARTICLE, stages, { title, ...extra });
  ids[title] = doc.documentId;
  return doc.documentId;
};

/** The draft row's tags, as the content manager shows them. */
const tagsOf = async (uid: string, documentId: string, locale?: string) => {
  const doc = (await app.strapi.documents(uid as never).findOne({
    documentId,
    ...(locale ? { locale } : {}),
    status: 'draft',
    populate: ['journeyStages'],
  } as never)) as unknown as { searchIntent: string | null; journeyStages: Array<{ key: string }> };
  return { intent: doc.searchIntent, stages: doc.journeyStages.map((s) => s.key).sort() };
};

const UNTAGGED_EN = [
  'Buy running shoes online',
  'Best running shoes 2026 review',
  'How to clean running shoes',
  'Zebra quartz',
  'Winter sale',
  'Garden party ideas',
  'Published buy boots',
];

beforeAll(async () => {
  app = await startApp(OPTIONS);
  token = await adminToken(app.strapi);
  stages = await stageIds(app.strapi);
  for (const title of UNTAGGED_EN) {
    await article(title, title.startsWith('Published') ? { status: 'published' } : {});
  }
  await article('Tagged buy shoes', { stages: ['decision'] });
  await article('Köpa vinterjacka', { locale: 'sv' });
  for (const [title, focusKeyword, slug] of [
    ['Zebra quartz post', 'buy zebra quartz', 'zebra-quartz-post'],
    ['Zebra onyx', null, 'how-to-polish-onyx'],
    ['Zebra mica', null, 'zebra-mica'],
  ]) {
    const doc = (await app.strapi.documents(POST as never).create({
      data: { title, focusKeyword, slug },
    } as never)) as unknown as { documentId: string };
    ids[title as string] = doc.documentId;
  }
}, 180000);

afterAll(async () => {
  await app?.stop();
});

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
    expect((await http().get(`/journey/suggestions?contentType=${ARTICLE}`)).status).toBe(401);
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

describe('the background job', () => {
  const pages: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 450; i += 1) {
      const title =
        i % 3 === 0 ? `Buy widget ${i}` : i % 3 === 1 ? `How to fix widget ${i}` : `Widget ${i}`;
      const doc = (await app.strapi.documents(PAGE as never).create({
        data: { title },
      } as never)) as unknown as { documentId: string };
      pages.push(doc.documentId);
    }
  }, 180000);

  const suggestionRows = (uid: string) =>
    app.strapi.db.connection('journey_suggestions').where('entry_type', uid) as unknown as Promise<
      Array<Record<string, unknown>>
    >;

  const waitUntilDone = async () => {
    for (let i = 0; i < 600; i += 1) {
      const res = await get('/journey/suggestions/status');
      expect(res.status).toBe(200);
      if (!res.body.data.running) return res.body.data;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('the job did not finish');
  };

  test('computes every untagged entry of the backlog, with progress in the database', async () => {
    expect(await suggestionRows(PAGE)).toHaveLength(0);
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect(res.status).toBe(202);
    expect(res.body.data).toMatchObject({ started: true, running: true, total: 450 });
    const done = await waitUntilDone();
    expect(done).toMatchObject({ running: false, processed: 450, total: 450 });
    expect(done.finishedAt).toEqual(expect.any(String));
    const rows = await suggestionRows(PAGE);
    expect(rows).toHaveLength(450);
    expect(new Set(rows.map((r) => r.entry_document_id))).toEqual(new Set(pages));
    const listed = await list(`contentType=${PAGE}&intent=transactional&pageSize=100`);
    expect(listed.meta.pagination.total).toBe(150);
    expect(listed.meta.computed).toBe(450);
  });

  test('a job left by an instance that stopped is taken over and finishes what is missing', async () => {
    // 100 entries lose their suggestion, and the job state says a dead instance was halfway.
    await app.strapi.db
      .connection('journey_suggestions')
      .where('entry_type', PAGE)
      .whereIn('entry_document_id', pages.slice(0, 100))
      .delete();
    const store = app.strapi.db.metadata.get('strapi::core-store').tableName;
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({
        value: JSON.stringify({
          running: true,
          runId: 'dead-run',
          instance: 'dead-instance',
          heartbeat: Date.now() - 60_000,
          startedAt: new Date(Date.now() - 120_000).toISOString(),
          finishedAt: null,
          processed: 350,
          total: 450,
          scope: { contentType: PAGE },
        }),
      });
    expect((await get('/journey/suggestions/status')).body.data).toMatchObject({
      running: true,
      instance: 'dead-instance',
    });
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect(res.body.data.started).toBe(true);
    const done = await waitUntilDone();
    expect(done).toMatchObject({ running: false, processed: 450, total: 450 });
    expect(done.instance).not.toBe('dead-instance');
    expect(await suggestionRows(PAGE)).toHaveLength(450);
  });

  test('a start while another instance holds the lease starts nothing', async () => {
    const store = app.strapi.db.metadata.get('strapi::core-store').tableName;
    const other = {
      running: true,
      runId: 'other-run',
      instance: 'other-instance',
      heartbeat: Date.now(),
      startedAt: new Date().toISOString(),
      finishedAt: null,
      processed: 10,
      total: 450,
      scope: { contentType: PAGE },
    };
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({ value: JSON.stringify(other) });
    const res = await post('/journey/suggestions/run', { contentType: PAGE });
    expect([res.status, res.body.data.started, res.body.data.instance]).toEqual([
      202,
      false,
      'other-instance',
    ]);
    // Put back as finished, for the tests after this one.
    await app.strapi.db
      .connection(store)
      .where('key', 'plugin_journey_suggestionJob')
      .update({ value: JSON.stringify({ ...other, running: false, heartbeat: 0 }) });
  });

  test('run and status need content-manager read; bad scopes are 400s', async () => {
    const nobody = await adminWithRole(app.strapi, await createRoleWith(app.strapi, 'Nobody', []));
    expect((await get('/journey/suggestions/status', nobody.token)).status).toBe(403);
    expect(
      (await post('/journey/suggestions/run', { contentType: PAGE }, nobody.token)).status
    ).toBe(403);
    const bad = await post('/journey/suggestions/run', { contentType: 'api::note.note' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('contentType');
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
  const accept = (body: object, bearer = token) =>
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

/*
 * Two instances on one PostgreSQL database both start the job: one runs it, both report it, and
 * every untagged entry ends with exactly one suggestion.
 */
const onPostgres = currentDatabase() === 'postgres';
(onPostgres ? describe : describe.skip)('two instances on one PostgreSQL database', () => {
  let b: Server;

  beforeAll(async () => {
    const appDir = fs.mkdtempSync(path.join(app.appDir, '..', 'instance-b-'));
    const port = await freePort();
    writeApp(appDir, app.db, { ...OPTIONS, port });
    b = await startServer(appDir, port, path.join(appDir, 'server.log'));
    await app.strapi.db.connection('journey_suggestions').delete();
    for (let i = 0; i < 600; i += 1) {
      await app.strapi
        .documents(PAGE as never)
        .create({ data: { title: `Order part ${i}` } } as never);
    }
  }, 240000);

  afterAll(async () => {
    await b?.stop();
  });

  const viaB = (method: 'GET' | 'POST', url: string, body?: object) =>
    fetch(`${b.url}${url}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body ? JSON.stringify(body) : undefined,
    });

  test('both start the job: it runs once, both see it done, one suggestion per entry', async () => {
    const [onA, onB] = await Promise.all([
      post('/journey/suggestions/run', {}),
      viaB('POST', '/journey/suggestions/run', {}),
    ]);
    const bodyB = (await onB.json()) as { data: { started: boolean } };
    expect([onA.status, onB.status]).toEqual([202, 202]);
    expect([onA.body.data.started, bodyB.data.started].filter(Boolean)).toHaveLength(1);
    let statusB: Record<string, unknown> = {};
    for (let i = 0; i < 1200; i += 1) {
      statusB = (
        (await (await viaB('GET', '/journey/suggestions/status')).json()) as {
          data: Record<string, unknown>;
        }
      ).data;
      if (!statusB.running) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const statusA = (await get('/journey/suggestions/status')).body.data;
    expect(statusB).toEqual(statusA);
    expect(statusA.running).toBe(false);

    const knex = app.strapi.db.connection;
    const t = app.strapi.plugin('journey').service('content-types').tagTable(PAGE);
    const untagged = Number(
      (
        (await knex(`${t.table} as e`)
          .whereNotExists(
            knex(`${t.joinTable} as l`).select(knex.raw('1')).whereRaw(`l.${t.entryColumn} = e.id`)
          )
          .count({ count: '*' })
          .first()) as { count: unknown }
      ).count
    );
    expect(untagged).toBe(1050);
    const perEntry = (await knex('journey_suggestions')
      .where('entry_type', PAGE)
      .select('entry_document_id')
      .count({ count: '*' })
      .groupBy('entry_document_id')) as Array<{ count: unknown }>;
    expect(perEntry).toHaveLength(untagged);
    expect(perEntry.every((r) => Number(r.count) === 1)).toBe(true);
    expect(statusA.processed).toBe(statusA.total);
  });
});
