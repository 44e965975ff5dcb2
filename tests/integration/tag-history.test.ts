import { adminWithRole, cmRead, cmUpdate, createRoleWith } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Issue 13: every bulk change is recorded and can be undone; undo puts back exactly the tags
 * each entry had, unless it changed since; the record is kept bounded.
 */

const app = useApp({ admin: true });
let stages: Record<string, string>;
let stageId: Record<string, number>;

const http = app.http;
const bulk = (body: object, as = app.token) =>
  http().post('/journey/tags/bulk').set('Authorization', `Bearer ${as}`).send(body);
const undo = (id: number, as = app.token) =>
  http().post(`/journey/tags/changes/${id}/undo`).set('Authorization', `Bearer ${as}`);
const changes = (as = app.token, query = '') =>
  http().get(`/journey/tags/changes${query}`).set('Authorization', `Bearer ${as}`);

type State = { stageIds: number[]; intent: string | null };

/** Every English draft article's tags whose title starts with `prefix`, read in two queries. */
const statesOf = async (prefix: string): Promise<Map<string, State>> => {
  const meta = app.strapi.db.metadata.get(ARTICLE);
  const join = (
    meta.attributes.journeyStages as unknown as {
      joinTable: {
        name: string;
        joinColumn: { name: string };
        inverseJoinColumn: { name: string };
      };
    }
  ).joinTable;
  const knex = app.strapi.db.connection;
  const rows = (await knex(meta.tableName)
    .select('id', 'document_id as documentId', 'search_intent as intent')
    .where('title', 'like', `${prefix}%`)
    .whereNull('published_at')
    .where('locale', 'en')) as Array<{ id: number; documentId: string; intent: string | null }>;
  const links = (await knex(join.name)
    .select({ entry: join.joinColumn.name, stage: join.inverseJoinColumn.name })
    .whereIn(
      join.joinColumn.name,
      knex(meta.tableName).select('id').where('title', 'like', `${prefix}%`)
    )) as Array<{ entry: number; stage: number }>;
  const byEntry = new Map<number, number[]>();
  for (const l of links) {
    const list = byEntry.get(Number(l.entry)) ?? [];
    list.push(Number(l.stage));
    byEntry.set(Number(l.entry), list);
  }
  return new Map(
    rows.map((r) => [
      r.documentId,
      {
        stageIds: (byEntry.get(Number(r.id)) ?? []).sort((a, b) => a - b),
        intent: r.intent ?? null,
      },
    ])
  );
};

const INTENT_CYCLE = [null, 'informational', 'commercial', 'local', 'navigational'];

/**
 * Draft articles written through the query layer and the link table in a few statements:
 * 10,000 documents through the document service would take minutes. Each gets one of several
 * stage sets and intents, so that undo has different states to restore.
 */
const insertArticles = async (prefix: string, count: number) => {
  const meta = app.strapi.db.metadata.get(ARTICLE);
  const newDocumentId = (meta.attributes.documentId as unknown as { default: () => string })
    .default;
  const now = new Date();
  const data = Array.from({ length: count }, (_, i) => ({
    documentId: newDocumentId(),
    title: `${prefix} ${String(i).padStart(5, '0')}`,
    locale: 'en',
    publishedAt: null,
    searchIntent: INTENT_CYCLE[i % INTENT_CYCLE.length],
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < data.length; i += 500) {
    await app.strapi.db
      .query(ARTICLE as never)
      .createMany({ data: data.slice(i, i + 500) } as never);
  }
  const join = (
    meta.attributes.journeyStages as unknown as {
      joinTable: {
        name: string;
        joinColumn: { name: string };
        inverseJoinColumn: { name: string };
        orderColumnName?: string;
      };
    }
  ).joinTable;
  const rows = (await app.strapi.db
    .connection(meta.tableName)
    .select('id')
    .where('title', 'like', `${prefix}%`)
    .orderBy('id')) as Array<{ id: number }>;
  const sets = [
    [],
    [stageId.awareness],
    [stageId.awareness, stageId.consideration],
    [stageId.decision],
    [stageId.usage, stageId.loyalty, stageId.decision],
  ];
  const links = rows.flatMap((r, i) =>
    sets[i % sets.length].map((stage, k) => ({
      [join.joinColumn.name]: r.id,
      [join.inverseJoinColumn.name]: stage,
      ...(join.orderColumnName ? { [join.orderColumnName]: k + 1 } : {}),
    }))
  );
  for (let i = 0; i < links.length; i += 300) {
    await app.strapi.db.connection(join.name).insert(links.slice(i, i + 300));
  }
  return data.map((d) => d.documentId);
};

beforeAll(async () => {
  stages = await stageIds(app.strapi);
  const rows = (await app.strapi.db
    .query('plugin::journey.stage' as never)
    .findMany({ select: ['id', 'key'] } as never)) as Array<{ id: number; key: string }>;
  stageId = Object.fromEntries(rows.map((r) => [r.key, Number(r.id)]));
});

describe('undo of a bulk change on 10,000 entries', () => {
  let ids: string[];
  let original: Map<string, State>;
  let changeId: number;

  test('the bulk change tags all 10,000 drafts', async () => {
    ids = await insertArticles('Mass', 10_000);
    original = await statesOf('Mass');
    expect(original.size).toBe(10_000);

    const res = await bulk({
      contentType: ARTICLE,
      locale: 'en',
      documentIds: ids,
      stages: { add: ['customer/consideration'], remove: [stages.decision] },
      intent: 'transactional',
    });
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ matched: 10_000, changed: 10_000, skipped: [] });
    changeId = res.body.data.changeId;

    const after = await statesOf('Mass');
    for (const [documentId, before] of original) {
      const expected = [
        ...new Set([
          ...before.stageIds.filter((s) => s !== stageId.decision),
          stageId.consideration,
        ]),
      ].sort((a, b) => a - b);
      expect(after.get(documentId)).toEqual({ stageIds: expected, intent: 'transactional' });
    }
  });

  test('undo returns every entry to its exact previous tags, but one changed since', async () => {
    const touched = ids[7];
    await app.strapi.documents(ARTICLE as never).update({
      documentId: touched,
      locale: 'en',
      data: { journeyStages: [stages.usage], searchIntent: 'local' },
    } as never);

    const res = await undo(changeId);
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({
      changeId: expect.any(Number),
      restored: 9_999,
      skipped: [{ documentId: touched, reason: 'changed since' }],
      state: 'undone',
      remaining: 0,
    });
    const now = await statesOf('Mass');
    for (const [documentId, before] of original) {
      if (documentId === touched) continue;
      expect(now.get(documentId)).toEqual(before);
    }
    expect(now.get(touched)).toEqual({ stageIds: [stageId.usage], intent: 'local' });

    const again = await undo(changeId);
    expect(again.status).toBe(409);
    expect(again.body.error.message).toMatch(/already been undone/);

    const list = await changes(app.token, '?pageSize=5');
    expect(list.status).toBe(200);
    const [undoChange, bulkChange] = list.body.data;
    expect(undoChange).toMatchObject({
      id: res.body.data.changeId,
      kind: 'undo',
      contentType: ARTICLE,
      locale: 'en',
      undoOf: changeId,
      counts: { entries: 9_999 },
      user: { firstname: 'Test', lastname: 'Admin' },
    });
    expect(bulkChange).toMatchObject({
      id: changeId,
      kind: 'bulk',
      counts: { entries: 10_000 },
      label: expect.stringContaining('10000 entries: +customer/consideration'),
      undoneAt: expect.anything(),
      undoneBy: { firstname: 'Test' },
    });
  });
});

describe('undo by an editor who may edit only some of the entries', () => {
  test('their entries are restored, the rest stay undoable by someone who may edit them', async () => {
    const role = await createRoleWith(app.strapi, 'Own article undoers', [
      cmRead(ARTICLE, { conditions: ['admin::is-creator'] }),
      cmUpdate(ARTICLE, { conditions: ['admin::is-creator'] }),
    ]);
    const editor = await adminWithRole(app.strapi, role);
    const ids = await insertArticles('Shared', 10);
    const meta = app.strapi.db.metadata.get(ARTICLE);
    const column = (meta.attributes.createdBy as unknown as { joinColumn: { name: string } })
      .joinColumn.name;
    const mine = ids.slice(0, 3);
    await app.strapi.db
      .connection(meta.tableName)
      .whereIn('document_id', mine)
      .update({ [column]: editor.id });
    const original = await statesOf('Shared');

    const res = await bulk({
      contentType: ARTICLE,
      locale: 'en',
      documentIds: ids,
      stages: { add: ['customer/usage'] },
      intent: 'transactional',
    });
    expect(res.body.data).toMatchObject({ changed: 10 });
    const changeId = res.body.data.changeId as number;

    const first = await undo(changeId, editor.token);
    expect(first.status).toBe(200);
    expect(first.body.data).toMatchObject({
      restored: 3,
      state: 'partially-undone',
      remaining: 7,
    });
    expect(first.body.data.skipped).toHaveLength(7);
    expect(new Set(first.body.data.skipped.map((s: { reason: string }) => s.reason))).toEqual(
      new Set(['not permitted'])
    );
    let now = await statesOf('Shared');
    for (const id of ids) {
      if (mine.includes(id)) expect(now.get(id)).toEqual(original.get(id));
      else expect(now.get(id)).not.toEqual(original.get(id));
    }

    const rowOf = async (as: string) => {
      const list = await changes(as, '?pageSize=100');
      expect(list.status).toBe(200);
      return list.body.data.find((c: { id: number }) => c.id === changeId);
    };
    expect(await rowOf(app.token)).toMatchObject({
      state: 'partially-undone',
      undoneAt: null,
      canUndo: true,
      counts: { entries: 10, restored: 3, remaining: 7 },
    });
    // The editor reads only their own entries: they count, and the label says, 3.
    expect(await rowOf(editor.token)).toMatchObject({
      state: 'partially-undone',
      canUndo: false,
      counts: { entries: 3, restored: 3, remaining: 0 },
      label: expect.stringMatching(/^3 entries: /),
    });

    const second = await undo(changeId);
    expect(second.status).toBe(200);
    expect(second.body.data).toMatchObject({
      restored: 7,
      skipped: [],
      state: 'undone',
      remaining: 0,
    });
    now = await statesOf('Shared');
    for (const id of ids) expect(now.get(id)).toEqual(original.get(id));
    expect(await rowOf(app.token)).toMatchObject({
      state: 'undone',
      undoneAt: expect.anything(),
      canUndo: false,
      counts: { entries: 10, restored: 10, remaining: 0 },
    });

    const third = await undo(changeId);
    expect(third.status).toBe(409);
    expect(third.body.error.message).toMatch(/already been undone/);
  });

  test('a change undone before entries had outcomes stays undone', async () => {
    const doc = await createTagged(app.strapi, PAGE, stages, { title: 'Legacy undone' });
    const res = await bulk({ contentType: PAGE, documentIds: [doc.documentId], intent: 'local' });
    const id = res.body.data.changeId as number;
    await app.strapi.db.query('plugin::journey.tag-change' as never).update({
      where: { id },
      data: { undoneAt: new Date(), restored: null, undoSkipped: null },
    } as never);
    expect((await undo(id)).status).toBe(409);
    const list = await changes(app.token, '?pageSize=100');
    expect(list.body.data.find((c: { id: number }) => c.id === id)).toMatchObject({
      state: 'undone',
      canUndo: false,
      counts: { entries: 1, restored: null, remaining: 0 },
    });
  });
});

describe('the list shows each caller only what they may read', () => {
  test('an English-only editor sees no Swedish change, and no e-mail addresses', async () => {
    const sv = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'History sv',
      locale: 'sv',
    });
    const en = await createTagged(app.strapi, ARTICLE, stages, { title: 'History en' });
    const toLocal = async (locale: string, documentId: string) =>
      (await bulk({ contentType: ARTICLE, locale, documentIds: [documentId], intent: 'local' }))
        .body.data.changeId as number;
    const svChange = await toLocal('sv', sv.documentId);
    const enChange = await toLocal('en', en.documentId);

    const role = await createRoleWith(app.strapi, 'English article readers', [
      cmRead(ARTICLE, { locales: ['en'] }),
    ]);
    const reader = await adminWithRole(app.strapi, role);
    const list = await changes(reader.token, '?pageSize=100');
    expect(list.status).toBe(200);
    const ids = list.body.data.map((c: { id: number }) => c.id);
    expect(ids).toContain(enChange);
    expect(ids).not.toContain(svChange);
    expect(list.body.data.every((c: { locale: string }) => c.locale === 'en')).toBe(true);
    expect(list.body.meta.pagination.total).toBe(list.body.data.length);
    expect(JSON.stringify(list.body)).not.toMatch(/@journey\.test/);
    expect(list.body.data.find((c: { id: number }) => c.id === enChange)).toMatchObject({
      user: { firstname: 'Test', lastname: 'Admin', email: null },
      counts: { entries: 1 },
    });

    const userReaderRole = await createRoleWith(app.strapi, 'English readers who read users', [
      cmRead(ARTICLE, { locales: ['en'] }),
      { action: 'admin::users.read' },
    ]);
    const userReader = await adminWithRole(app.strapi, userReaderRole);
    const full = await changes(userReader.token, '?pageSize=100');
    expect(full.body.data.map((c: { id: number }) => c.id)).not.toContain(svChange);
    expect(full.body.data.find((c: { id: number }) => c.id === enChange).user.email).toMatch(
      /@journey\.test$/
    );
  });
});

describe('undo and the list, per permissions', () => {
  test('403 on undo without update on the type; the list shows only readable types', async () => {
    const doc = await createTagged(app.strapi, PAGE, stages, { title: 'Undo page' });
    const res = await bulk({ contentType: PAGE, documentIds: [doc.documentId], intent: 'local' });
    const id = res.body.data.changeId as number;

    const role = await createRoleWith(app.strapi, 'Article reader', [cmRead(ARTICLE)]);
    const reader = await adminWithRole(app.strapi, role);
    const refused = await undo(id, reader.token);
    expect(refused.status).toBe(403);
    const page = (await app.strapi.documents(PAGE as never).findOne({
      documentId: doc.documentId,
    } as never)) as unknown as { searchIntent: string | null };
    expect(page.searchIntent).toBe('local');

    const list = await changes(reader.token, '?pageSize=100');
    expect(list.status).toBe(200);
    expect(list.body.data.length).toBeGreaterThan(0);
    expect(list.body.data.every((c: { contentType: string }) => c.contentType === ARTICLE)).toBe(
      true
    );

    expect((await undo(id)).status).toBe(200);
    const restored = (await app.strapi.documents(PAGE as never).findOne({
      documentId: doc.documentId,
    } as never)) as unknown as { searchIntent: string | null };
    expect(restored.searchIntent).toBeNull();
  });

  test('404 for an unknown change, 400 for a malformed id', async () => {
    expect((await undo(999_999)).status).toBe(404);
    const bad = await http()
      .post('/journey/tags/changes/abc/undo')
      .set('Authorization', `Bearer ${app.token}`);
    expect(bad.status).toBe(400);
  });
});

describe('retention', () => {
  const CHANGE = 'plugin::journey.tag-change';
  const ENTRY = 'plugin::journey.tag-change-entry';

  const makeChange = async (title: string) => {
    const doc = await createTagged(app.strapi, PAGE, stages, { title });
    const res = await bulk({ contentType: PAGE, documentIds: [doc.documentId], intent: 'local' });
    return res.body.data.changeId as number;
  };
  const exists = async (id: number) =>
    (await app.strapi.db.query(CHANGE as never).count({ where: { id } } as never)) > 0;
  const entriesOf = (id: number) =>
    app.strapi.db.query(ENTRY as never).count({ where: { changeId: id } } as never);

  test('changes older than history.days are pruned with their entries', async () => {
    const old = await makeChange('Old change');
    await app.strapi.db
      .query(CHANGE as never)
      .update({ where: { id: old }, data: { createdAt: new Date('2020-01-01') } } as never);
    expect(await entriesOf(old)).toBe(1);
    const recent = await makeChange('Recent change');
    expect(await exists(old)).toBe(false);
    expect(await entriesOf(old)).toBe(0);
    expect(await exists(recent)).toBe(true);
  });

  test('at most history.maxChanges are kept, the newest', async () => {
    const config = app.strapi.config.get('plugin::journey.history') as object;
    app.strapi.config.set('plugin::journey.history', { days: 90, maxChanges: 2 });
    try {
      const a = await makeChange('Keep a');
      const b = await makeChange('Keep b');
      const c = await makeChange('Keep c');
      expect(await exists(a)).toBe(false);
      expect(await exists(b)).toBe(true);
      expect(await exists(c)).toBe(true);
      expect(await app.strapi.db.query(CHANGE as never).count({} as never)).toBe(2);
    } finally {
      app.strapi.config.set('plugin::journey.history', config);
    }
  });
});
