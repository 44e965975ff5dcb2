import { bootError } from '../helpers/app';
import { adminToken, createRole } from '../helpers/admin';
import { ARTICLE, PAGE, createTagged, grantPublic, stageIds } from '../helpers/content';
import { cellsService, sqlAccess, sqlTotal, storedAndCounted } from '../helpers/cells';
import { useApp } from '../helpers/suite';

/**
 * Issue 16: per-cell counts kept in the write's transaction. After every kind of write the
 * stored cells equal a recount from the entries, the coverage service and the public route's
 * total read them and agree with SQL, a drift is repaired, and the stamp of a scope moves when
 * a document in it is written.
 */

const app = useApp({ admin: true });
let stages: Record<string, string>;
let ids: Record<string, number>;
const UIDS = [ARTICLE, PAGE];

const http = app.http;
const articles = () =>
  app.strapi.documents(ARTICLE as never) as unknown as Record<
    string,
    (p: unknown) => Promise<{ documentId: string }>
  >;

const expectExact = async () => {
  const { stored, counted } = await storedAndCounted(app.strapi, UIDS);
  expect(stored).toEqual(counted);
  return stored;
};

const cellLine = (lines: string[], prefix: string) => lines.find((l) => l.startsWith(prefix));

beforeAll(async () => {
  stages = await stageIds(app.strapi);
  const rows = (await app.strapi.db
    .query('plugin::journey.stage')
    .findMany({ select: ['id', 'key'] })) as Array<{ id: number; key: string }>;
  ids = Object.fromEntries(rows.map((r) => [r.key, r.id]));
  await grantPublic(app.strapi, [
    'plugin::journey.content.find',
    `${ARTICLE}.find`,
    `${PAGE}.find`,
  ]);
});

describe('the counts follow each write', () => {
  test('create, update, publish, locale, unpublish, discard and delete', async () => {
    const awarenessEn = `stage:${ids.awareness}|informational|en|${ARTICLE}`;
    const a = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'c1',
      stages: ['awareness'],
      intent: 'informational',
    });
    let lines = await expectExact();
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=0 d=1 r=1`);

    await articles().publish({ documentId: a.documentId });
    lines = await expectExact();
    // Published: the draft row stays in the cell (rows 2) but no longer counts as draft only.
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=1 d=0 r=2`);

    // The draft moves on: retagged and a new intent; the published version stays where it was.
    await articles().update({
      documentId: a.documentId,
      data: { journeyStages: [stages.decision], searchIntent: 'transactional' },
    });
    lines = await expectExact();
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=1 d=0 r=1`);
    expect(cellLine(lines, `stage:${ids.decision}|transactional|en|`)).toContain('p=0 d=0 r=1');

    await articles().discardDraft({ documentId: a.documentId });
    lines = await expectExact();
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=1 d=0 r=2`);
    expect(cellLine(lines, `stage:${ids.decision}|transactional|en|`)).toBeUndefined();

    // An update that creates a locale, published at once.
    await articles().update({
      documentId: a.documentId,
      locale: 'sv',
      status: 'published',
      data: { title: 'c1 sv', journeyStages: [stages.usage], searchIntent: 'local' },
    });
    lines = await expectExact();
    expect(cellLine(lines, `stage:${ids.usage}|local|sv|${ARTICLE}`)).toContain('p=1 d=0 r=2');

    await articles().unpublish({ documentId: a.documentId, locale: 'en' });
    lines = await expectExact();
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=0 d=1 r=1`);

    // Deleting one locale leaves the other.
    await articles().delete({ documentId: a.documentId, locale: 'sv' });
    lines = await expectExact();
    expect(cellLine(lines, `stage:${ids.usage}|local|sv|`)).toBeUndefined();
    expect(cellLine(lines, awarenessEn)).toBe(`${awarenessEn} p=0 d=1 r=1`);

    await articles().delete({ documentId: a.documentId, locale: '*' });
    lines = await expectExact();
    expect(cellLine(lines, awarenessEn)).toBeUndefined();
  });

  test('types without draft & publish and without locales, untagged entries, journey cells', async () => {
    const p = await createTagged(app.strapi, PAGE, stages, {
      title: 'p1',
      stages: ['awareness', 'decision'],
      intent: null,
    });
    const u = await createTagged(app.strapi, ARTICLE, stages, { title: 'u1', intent: 'local' });
    const lines = await expectExact();
    const journeyId = (
      (await app.strapi.db
        .query('plugin::journey.journey')
        .findOne({ where: { key: 'customer' } })) as { id: number }
    ).id;
    // Two stages of one journey: once in the journey's cell.
    expect(cellLine(lines, `journey:${journeyId}||||${PAGE}`)).toBeUndefined();
    expect(cellLine(lines, `journey:${journeyId}|||${PAGE}`)).toBe(
      `journey:${journeyId}|||${PAGE} p=1 d=0 r=1`
    );
    expect(cellLine(lines, `untagged:0|local|en|${ARTICLE}`)).toBe(
      `untagged:0|local|en|${ARTICLE} p=0 d=1 r=1`
    );
    await app.strapi.documents(PAGE as never).delete({ documentId: p.documentId } as never);
    await articles().delete({ documentId: u.documentId, locale: '*' });
    await expectExact();
  });

  test('bulk tagging, undo, and a stage deleted with its tags moved', async () => {
    const docs = [];
    for (let i = 0; i < 5; i += 1) {
      docs.push(
        await createTagged(app.strapi, ARTICLE, stages, {
          title: `b${i}`,
          stages: i % 2 ? ['usage'] : [],
          intent: null,
          status: i < 2 ? 'published' : undefined,
        })
      );
    }
    const res = await http()
      .post('/journey/tags/bulk')
      .set('Authorization', `Bearer ${app.token}`)
      .send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: docs.map((d) => d.documentId),
        stages: { add: [stages.loyalty] },
        intent: 'commercial',
      });
    expect(res.status).toBe(200);
    await expectExact();
    const undo = await http()
      .post(`/journey/tags/changes/${res.body.data.changeId}/undo`)
      .set('Authorization', `Bearer ${app.token}`)
      .send({});
    expect(undo.status).toBe(200);
    await expectExact();

    // A new stage, tagged, then deleted with its tags moved to loyalty.
    const journey = await http()
      .post('/journey/journeys/customer/stages')
      .set('Authorization', `Bearer ${app.token}`)
      .send({ key: 'winback', name: 'Win-back' });
    expect(journey.status).toBeLessThan(300);
    const extra = await stageIds(app.strapi);
    await app.strapi.documents(ARTICLE as never).update({
      documentId: docs[0].documentId,
      data: { journeyStages: [extra.winback] },
    } as never);
    await articles().publish({ documentId: docs[0].documentId });
    await expectExact();
    const deleted = await http()
      .delete(`/journey/stages/${extra.winback}?moveTo=customer.loyalty`)
      .set('Authorization', `Bearer ${app.token}`);
    expect(deleted.status).toBe(200);
    const lines = await expectExact();
    expect(lines.some((l) => l.includes('|') && l.startsWith(`stage:${ids.loyalty}|`))).toBe(true);
  });

  test('listeners hear of a change after commit, and the stamp of its scope moves', async () => {
    const journeyId = (
      (await app.strapi.db
        .query('plugin::journey.journey')
        .findOne({ where: { key: 'customer' } })) as { id: number }
    ).id;
    const scope = (stageIds: number[] | null) => ({
      journeyId,
      stageIds,
      intents: null,
      locale: 'en',
      uids: UIDS,
    });
    const heard: Array<Record<string, unknown>> = [];
    const stop = cellsService(app.strapi).onChange((change) => heard.push(change));
    const before = {
      awareness: await cellsService(app.strapi).stamp(scope([ids.awareness])),
      usage: await cellsService(app.strapi).stamp(scope([ids.usage])),
      journey: await cellsService(app.strapi).stamp(scope(null)),
    };
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'stamped',
      stages: ['awareness'],
      intent: 'informational',
      status: 'published',
    });
    stop();
    expect(heard).toEqual([
      {
        uids: [ARTICLE],
        documentIds: [doc.documentId],
        locales: ['en'],
        stageIds: [ids.awareness],
        journeyIds: [journeyId],
        intents: ['informational'],
      },
    ]);
    expect(await cellsService(app.strapi).stamp(scope([ids.awareness]))).not.toBe(before.awareness);
    expect(await cellsService(app.strapi).stamp(scope(null))).not.toBe(before.journey);
    expect(await cellsService(app.strapi).stamp(scope([ids.usage]))).toBe(before.usage);
    // A write that changes no count still moves the stamp: the document's fields changed.
    const unchanged = await cellsService(app.strapi).stamp(scope([ids.awareness]));
    await articles().update({
      documentId: doc.documentId,
      status: 'published',
      data: { title: 'stamped again' },
    });
    expect(await cellsService(app.strapi).stamp(scope([ids.awareness]))).not.toBe(unchanged);
    await expectExact();
  });
});

describe('readers', () => {
  test('coverage from the cells equals coverage counted in SQL', async () => {
    const coverage = app.strapi.plugin('journey').service('coverage');
    for (const locale of [undefined, 'en', 'sv']) {
      const fromCells = await coverage.compute({ journey: 'customer', locale });
      const fromSql = await coverage.compute({
        journey: 'customer',
        locale,
        access: sqlAccess(UIDS),
      });
      expect(fromCells.cells).toEqual(fromSql.cells);
      expect(fromCells.untagged).toEqual(fromSql.untagged);
    }
  });

  test("the public route's total equals SQL for one stage, the journey, intents, locales, types", async () => {
    const stageList = Object.keys(ids).filter((k) =>
      ['awareness', 'consideration', 'decision', 'usage', 'loyalty'].includes(k)
    );
    const cases: Array<{ stage?: string; intent?: string; locale?: string; type?: string }> = [
      {},
      { stage: 'awareness' },
      { stage: 'loyalty', intent: 'commercial' },
      { intent: 'informational,local' },
      { locale: 'sv' },
      { type: 'page' },
      { stage: 'awareness,decision' },
    ];
    for (const c of cases) {
      const res = await http()
        .get('/api/journey/content')
        .query({ journey: 'customer', ...c });
      expect(res.status).toBe(200);
      const stagesAsked = c.stage ? c.stage.split(',') : stageList;
      const expected = await sqlTotal(app.strapi, {
        stageIds: stagesAsked.map((k) => ids[k]),
        intents: c.intent ? c.intent.split(',') : null,
        locale: c.locale ?? 'en',
        uids: c.type ? [PAGE] : UIDS,
      });
      expect({ case: c, total: res.body.meta.pagination.total }).toEqual({
        case: c,
        total: expected,
      });
    }
  });
});

describe('recount', () => {
  test('a write that bypassed Strapi is found and repaired, once', async () => {
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'bypassed',
      stages: ['consideration'],
      intent: 'commercial',
      status: 'published',
    });
    // As an SQL import would: the intent column changed under the counts.
    await app.strapi.db
      .connection('articles')
      .where('document_id', doc.documentId)
      .update({ search_intent: 'navigational' });
    const drifted = await storedAndCounted(app.strapi, UIDS);
    expect(drifted.stored).not.toEqual(drifted.counted);

    const res = await http()
      .post('/journey/counts/recount')
      .set('Authorization', `Bearer ${app.token}`)
      .send({});
    expect(res.status).toBe(200);
    expect(res.body.data.drift).toBeGreaterThan(0);
    await expectExact();
    expect(await cellsService(app.strapi).recount()).toEqual({ drift: 0 });
  });

  test('boot remembers the journey-aware types it counted, to recount when they change', async () => {
    const stored = await app.strapi
      .store({ type: 'plugin', name: 'journey', key: 'cellTypes' })
      .get({});
    expect(JSON.parse(String(stored))).toEqual([
      [ARTICLE, true, true],
      [PAGE, false, false],
    ]);
  });

  test('the recount route needs "manage journeys"', async () => {
    const role = await createRole(app.strapi, 'Coverage only', ['plugin::journey.coverage.read']);
    const reader = await adminToken(app.strapi, { roleId: role });
    const res = await http()
      .post('/journey/counts/recount')
      .set('Authorization', `Bearer ${reader}`)
      .send({});
    expect(res.status).toBe(403);
    const anonymous = await http().post('/journey/counts/recount').send({});
    expect(anonymous.status).toBe(401);
  });

  test('the self-check runs on one instance at a time (a lease)', async () => {
    const cells = app.strapi.plugin('journey').service('cells') as {
      selfCheck: () => Promise<{ drift: number } | null>;
    };
    const [first, second] = await Promise.all([cells.selfCheck(), cells.selfCheck()]);
    expect([first, second].filter((r) => r === null)).toHaveLength(1);
    // The lease is held for a minute after a run.
    expect(await cells.selfCheck()).toBeNull();
  });
});

describe('the cheap self-check and the full check', () => {
  type Checks = {
    selfCheck: () => Promise<{ drift: number; recounted: string[] } | null>;
    fullCheck: () => Promise<{ drift: number } | null>;
  };
  const checks = () => app.strapi.plugin('journey').service('cells') as unknown as Checks;
  const knex = () => app.strapi.db.connection;
  // Each check leaves its lease held for a minute; these tests run checks back to back.
  const freeLeases = () =>
    knex()('journey_cell_counts').where('scope', 'lease').update({ version: 0 });
  const link = () =>
    (
      app.strapi.db.metadata.get(ARTICLE).attributes as unknown as Record<
        string,
        {
          joinTable: {
            name: string;
            joinColumn: { name: string };
            inverseJoinColumn: { name: string };
          };
        }
      >
    ).journeyStages.joinTable;
  const watchLog = () => {
    const warn = jest.spyOn(app.strapi.log, 'warn');
    const info = jest.spyOn(app.strapi.log, 'info');
    const lines = () => [...warn.mock.calls, ...info.mock.calls].map((c) => String(c[0]));
    return {
      lines,
      stop: () => {
        warn.mockRestore();
        info.mockRestore();
      },
    };
  };

  beforeEach(freeLeases);
  afterAll(freeLeases);

  test('an entry row or a link row added or deleted by SQL is caught by the cheap check and repaired', async () => {
    const source = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'imported twin',
      stages: ['awareness'],
      intent: 'informational',
    });
    await expectExact();
    expect(await checks().selfCheck()).toEqual({ drift: 0, recounted: [] });
    const j = link();

    // As an SQL import would: a copy of the row under a new document, linked to a stage.
    const [row] = (await knex()('articles').where('document_id', source.documentId)) as Array<
      Record<string, unknown>
    >;
    const { id: _id, ...copy } = row;
    const [inserted] = (await knex()('articles').insert(
      { ...copy, document_id: 'sqlimportedrow00000000001' },
      ['id']
    )) as Array<number | { id: number }>;
    const newId = typeof inserted === 'object' ? inserted.id : inserted;
    await knex()(j.name).insert({
      [j.joinColumn.name]: newId,
      [j.inverseJoinColumn.name]: ids.decision,
    });
    const drifted = await storedAndCounted(app.strapi, UIDS);
    expect(drifted.stored).not.toEqual(drifted.counted);

    await freeLeases();
    let log = watchLog();
    try {
      const found = await checks().selfCheck();
      expect(found?.recounted).toEqual([ARTICLE]);
      expect(found?.drift).toBeGreaterThan(0);
      expect(log.lines()).toContainEqual(
        expect.stringContaining(`counts self-check: ${ARTICLE} has`)
      );
      expect(log.lines()).toContainEqual(
        expect.stringContaining(`counts of ${ARTICLE} had drifted`)
      );
    } finally {
      log.stop();
    }
    await expectExact();

    // A link row deleted by SQL: the row is untagged now.
    await knex()(j.name).where(j.joinColumn.name, newId).delete();
    await freeLeases();
    log = watchLog();
    try {
      const found = await checks().selfCheck();
      expect(found?.recounted).toEqual([ARTICLE]);
      expect(found?.drift).toBeGreaterThan(0);
      expect(log.lines()).toContainEqual(
        expect.stringContaining(`counts of ${ARTICLE} had drifted`)
      );
    } finally {
      log.stop();
    }
    await expectExact();

    // The entry row deleted by SQL.
    await knex()('articles').where('id', newId).delete();
    await freeLeases();
    expect((await checks().selfCheck())?.recounted).toEqual([ARTICLE]);
    await expectExact();
    await freeLeases();
    expect(await checks().selfCheck()).toEqual({ drift: 0, recounted: [] });
  });

  test('an intent changed by SQL is invisible to the cheap check; the full check repairs it', async () => {
    const doc = await createTagged(app.strapi, ARTICLE, stages, {
      title: 'intent changed by SQL',
      stages: ['consideration'],
      intent: 'commercial',
    });
    await knex()('articles')
      .where('document_id', doc.documentId)
      .update({ search_intent: 'transactional' });

    expect(await checks().selfCheck()).toEqual({ drift: 0, recounted: [] });
    const drifted = await storedAndCounted(app.strapi, UIDS);
    expect(drifted.stored).not.toEqual(drifted.counted);

    const log = watchLog();
    try {
      const full = await checks().fullCheck();
      expect(full?.drift).toBeGreaterThan(0);
      expect(log.lines()).toContainEqual(
        expect.stringContaining(`counts of ${ARTICLE} had drifted`)
      );
      expect(log.lines()).toContainEqual(
        expect.stringContaining(`counts full check: ${full?.drift} cell(s) repaired`)
      );
    } finally {
      log.stop();
    }
    await expectExact();
  });

  test('the full check runs on one instance at a time (its own lease)', async () => {
    const [first, second] = await Promise.all([checks().fullCheck(), checks().fullCheck()]);
    expect([first, second].filter((r) => r === null)).toHaveLength(1);
    expect([first, second].find((r) => r !== null)).toEqual({ drift: 0 });
  });
});

describe('config', () => {
  test('a self-check schedule that is not a cron expression stops Strapi at boot, naming the key', async () => {
    const error = await bootError({ pluginConfig: { counts: { selfCheck: 'hourly' } } });
    expect(error.message).toContain('Invalid config for plugin "journey"');
    expect(error.message).toContain('counts.selfCheck: must be a cron expression');
  });

  test('a full-check schedule that is not a cron expression stops Strapi at boot, naming the key', async () => {
    const error = await bootError({ pluginConfig: { counts: { fullCheck: 'daily' } } });
    expect(error.message).toContain('counts.fullCheck: must be a cron expression');
  });
});
