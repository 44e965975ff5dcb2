import { ARTICLE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Editors retag entries through the content manager while an admin deletes stages with moveTo.
 * Each entry has one writer, so its last accepted write is well defined; writers run in parallel.
 * Each round also deletes a whole journey with moveTo.
 * Bounded: ROUNDS × (WRITERS + WRITERS × WRITES + TEMP_STAGES + 1) requests (300).
 */
const ROUNDS = 5;
const WRITERS = 8;
const WRITES = 6;
const TEMP_STAGES = 3;
const KEPT = ['awareness', 'consideration', 'loyalty'];
const TARGET = 'decision';

const app = useApp({ admin: true });

const http = app.http;
const journeys = () => app.strapi.plugin('journey').service('journeys');
const knex = () => app.strapi.db.connection;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A deterministic pseudo-random sequence, so a failing round can be replayed. */
const random = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};

interface Outcome {
  status: number;
  message?: string;
}

const retag = async (documentId: string, stages: string[]): Promise<Outcome> => {
  const res = await http()
    .put(`/content-manager/collection-types/${ARTICLE}/${documentId}?locale=en`)
    .set('Authorization', `Bearer ${app.token}`)
    .send({ title: `Entry ${documentId}`, journeyStages: { set: stages } });
  return { status: res.status, message: res.body?.error?.message };
};

/** Deletes a stage (by documentId) or a journey (by key), moving its tags to the target. */
const remove = async (what: 'stages' | 'journeys', ref: string) => {
  const res = await http()
    .delete(`/journey/${what}/${ref}?moveTo=customer.${TARGET}`)
    .set('Authorization', `Bearer ${app.token}`);
  return { status: res.status, message: res.body?.error?.message, body: res.body };
};

/** Stage ids linked to each entry's draft row, read with SQL. */
const linkedStageIds = async (documentIds: string[]) => {
  const t = app.strapi.plugin('journey').service('content-types').tagTable(ARTICLE);
  const rows = (await knex()(`${t.table} as e`)
    .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
    .whereIn(`e.${t.documentId}`, documentIds)
    .whereNull(`e.${t.publishedAt}`)
    .where(`e.${t.locale}`, 'en')
    .select({ documentId: `e.${t.documentId}`, stageId: `l.${t.stageColumn}` })) as Array<{
    documentId: string;
    stageId: number | string;
  }>;
  const byEntry = new Map<string, number[]>(documentIds.map((id) => [id, []]));
  for (const row of rows) byEntry.get(row.documentId)?.push(Number(row.stageId));
  return byEntry;
};

/** Links whose entry or stage row no longer exists. */
const orphanLinks = async () => {
  const t = app.strapi.plugin('journey').service('content-types').tagTable(ARTICLE);
  const stageTable = app.strapi.db.metadata.get('plugin::journey.stage').tableName;
  const row = await knex()(`${t.joinTable} as l`)
    .leftJoin(`${t.table} as e`, 'e.id', `l.${t.entryColumn}`)
    .leftJoin(`${stageTable} as s`, 's.id', `l.${t.stageColumn}`)
    .where((q) => q.whereNull('e.id').orWhereNull('s.id'))
    .count({ count: '*' })
    .first();
  return Number(row?.count ?? 0);
};

const stageRowIds = async (documentIds: string[]) => {
  const rows = (await app.strapi.db.query('plugin::journey.stage').findMany({
    where: { documentId: { $in: documentIds } },
    select: ['id', 'documentId'],
  })) as Array<{ id: number; documentId: string }>;
  return new Map(rows.map((r) => [r.documentId, r.id]));
};

const sorted = (ids: number[]) => [...new Set(ids)].sort((a, b) => a - b);

test('deleting stages with moveTo while editors retag keeps every accepted write', async () => {
  const kept = await stageIds(app.strapi);
  const entries: string[] = [];
  for (let i = 0; i < WRITERS; i += 1) {
    const doc = await createTagged(app.strapi, ARTICLE, kept, { title: `Entry ${i}` });
    entries.push(doc.documentId);
  }
  const figures = { writes: 0, accepted: 0, refused: 0, deletes: 0, moved: 0 };

  for (let round = 0; round < ROUNDS; round += 1) {
    const next = random(round + 1);
    for (let i = 0; i < TEMP_STAGES; i += 1) {
      await journeys().addStage('customer', { key: `temp-${round}-${i}`, name: `Temp ${i}` });
    }
    const side = `side-${round}`;
    await journeys().createJourney({ key: side, name: `Side ${round}` });
    await journeys().addStage(side, { key: 'one', name: 'One' });
    await journeys().addStage(side, { key: 'two', name: 'Two' });
    const sideStages = Object.values(await stageIds(app.strapi, side));
    const stages = await stageIds(app.strapi);
    // Every stage that this round deletes, the side journey's included.
    const temps = [
      ...Array.from({ length: TEMP_STAGES }, (_, i) => stages[`temp-${round}-${i}`]),
      ...sideStages,
    ];
    const pool = [...KEPT.map((k) => stages[k]), ...temps];
    const ids = await stageRowIds([...pool, stages[TARGET]]);
    const pick = () => {
      const size = 1 + Math.floor(next() * 3);
      return [
        ...new Set(Array.from({ length: size }, () => pool[Math.floor(next() * pool.length)])),
      ];
    };

    // Every entry starts the round tagged with a stage about to be deleted.
    const lastAccepted = new Map<string, string[]>();
    for (const [i, documentId] of entries.entries()) {
      const start = [temps[i % temps.length], stages[KEPT[i % KEPT.length]]];
      expect(await retag(documentId, start)).toEqual({ status: 200 });
      lastAccepted.set(documentId, start);
    }

    const plans = entries.map(() => Array.from({ length: WRITES }, pick));
    const writeOutcomes: Array<Outcome & { stages: string[] }> = [];
    const writers = entries.map(async (documentId, w) => {
      for (const set of plans[w]) {
        const outcome = await retag(documentId, set);
        writeOutcomes.push({ ...outcome, stages: set });
        if (outcome.status === 200) lastAccepted.set(documentId, set);
        await sleep(Math.floor(next() * 15));
      }
    });
    // Deletes are spread over the round by progress, not by clock, so that each one meets
    // writes in flight however fast the machine is.
    const removals = [
      ...temps.slice(0, TEMP_STAGES).map((documentId) => () => remove('stages', documentId)),
      () => remove('journeys', side),
    ];
    const deletes = removals.map(async (run, i) => {
      const threshold = ((i + 1) * WRITERS * WRITES) / (removals.length + 1);
      while (writeOutcomes.length < threshold) await sleep(5);
      return run();
    });
    const [deleted] = await Promise.all([Promise.all(deletes), Promise.all(writers)]);

    const problems: string[] = [];
    // Deletes with moveTo never refuse and never fail.
    for (const d of deleted.filter((d) => d.status !== 200)) {
      problems.push(`delete answered ${d.status}: ${d.message}`);
    }
    // A write is accepted, or refused with a 400 that names the deleted stage it could not link.
    for (const o of writeOutcomes.filter((o) => o.status !== 200)) {
      const named = temps.some((t) => o.stages.includes(t) && o.message?.includes(t));
      if (o.status !== 400 || !named) problems.push(`write answered ${o.status}: ${o.message}`);
    }

    const moveTarget = ids.get(stages[TARGET]) as number;
    const expected = (set: string[]) =>
      sorted(set.map((docId) => (temps.includes(docId) ? moveTarget : (ids.get(docId) as number))));
    const actual = await linkedStageIds(entries);
    for (const entry of entries) {
      const want = expected(lastAccepted.get(entry) as string[]);
      const got = sorted(actual.get(entry) ?? []);
      if (want.join() !== got.join()) {
        problems.push(`entry ${entry}: tags [${got}], last accepted write [${want}]`);
      }
    }
    const orphans = await orphanLinks();
    if (orphans) problems.push(`${orphans} links to a missing entry or stage`);
    expect({ round, problems }).toEqual({ round, problems: [] });

    figures.writes += writeOutcomes.length;
    figures.accepted += writeOutcomes.filter((o) => o.status === 200).length;
    figures.refused += writeOutcomes.filter((o) => o.status !== 200).length;
    figures.deletes += deleted.length;
    figures.moved += deleted.reduce((sum, d) => sum + (d.body?.moved?.entries ?? 0), 0);
  }
  // The figures the report quotes: how much of the load met a delete.
  console.log(`[concurrency] ${app.db.name}: ${JSON.stringify(figures)}`);
  expect(figures.accepted).toBeGreaterThan(0);
});

test('re-keying and deleting stages of one journey at once keeps its intent mapping whole', async () => {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const key = `rekey-${round}`;
    await journeys().importJourneys(
      {
        journeys: [
          {
            key,
            name: `Rekey ${round}`,
            intentStages: { informational: 'a', commercial: 'b', transactional: 'c', local: 'd' },
            stages: ['a', 'b', 'c', 'd'].map((k) => ({ key: k, name: k.toUpperCase() })),
          },
        ],
      },
      { dryRun: false }
    );
    const stages = await stageIds(app.strapi, key);
    const rekey = (documentId: string, to: string) =>
      http()
        .put(`/journey/stages/${documentId}`)
        .set('Authorization', `Bearer ${app.token}`)
        .send({ key: to });
    // Each of these rewrites the journey's mapping; none may undo another.
    const answers = await Promise.all([
      rekey(stages.a, 'a1'),
      rekey(stages.b, 'b1'),
      http()
        .delete(`/journey/stages/${stages.c}?moveTo=${key}.d`)
        .set('Authorization', `Bearer ${app.token}`),
    ]);
    for (const res of answers.filter((r) => r.status !== 200)) {
      problems.push(`round ${round}: ${res.status} ${res.body?.error?.message}`);
    }
    const journey = await journeys().requireJourney(key);
    const mapping = journey.intentStages as Record<string, string | null>;
    const want = { informational: 'a1', commercial: 'b1', transactional: 'd', local: 'd' };
    for (const [intent, stage] of Object.entries(want)) {
      if (mapping[intent] !== stage) {
        problems.push(`round ${round}: ${intent} → ${mapping[intent]}, expected ${stage}`);
      }
    }
    expect(journey.stages.map((s: { key: string }) => s.key).sort()).toEqual(['a1', 'b1', 'd']);
  }
  expect(problems).toEqual([]);
});

test('a write naming a deleted stage is refused with a 400 that names the key and the stage', async () => {
  const doc = await createTagged(app.strapi, ARTICLE, await stageIds(app.strapi), {
    title: 'Late editor',
    stages: ['awareness'],
  });
  await journeys().addStage('customer', { key: 'gone', name: 'Gone' });
  const gone = (await stageIds(app.strapi)).gone;
  expect((await remove('stages', gone)).status).toBe(200);

  const outcome = await retag(doc.documentId, [gone]);
  expect(outcome.status).toBe(400);
  expect(outcome.message).toContain(`journeyStages names a stage that no longer exists: "${gone}"`);
  // Refused means unchanged.
  const tags = await linkedStageIds([doc.documentId]);
  expect(tags.get(doc.documentId)).toHaveLength(1);
});

/**
 * Few writers, many writes: the stage is often untagged for a moment, and that is when a delete
 * without moveTo passes its usage check and races the next write that tags it.
 */
const PLAIN_WRITERS = 2;
const PLAIN_WRITES = 20;

test('app code deleting a stage without moveTo while editors tag it never drops an accepted tag', async () => {
  const stageDocs = () => app.strapi.documents('plugin::journey.stage' as never);
  const entries: string[] = [];
  for (let i = 0; i < PLAIN_WRITERS; i += 1) {
    const doc = await createTagged(app.strapi, ARTICLE, await stageIds(app.strapi), {
      title: `Plain delete ${i}`,
      stages: ['awareness'],
    });
    entries.push(doc.documentId);
  }
  const problems: string[] = [];
  const figures = { writes: 0, refusedDeletes: 0 };
  const lastAccepted = new Map<string, string[]>();
  for (let round = 0; round < ROUNDS; round += 1) {
    const next = random(100 + round);
    await journeys().addStage('customer', { key: `plain-${round}`, name: `Plain ${round}` });
    const stages = await stageIds(app.strapi);
    const doomed = stages[`plain-${round}`];
    const ids = await stageRowIds([doomed, stages.awareness, stages.loyalty]);
    // Every entry starts the round tagged with the doomed stage, so the delete is refused
    // until the writers take it off, and races the ones that put it back.
    for (const documentId of entries) {
      expect(await retag(documentId, [doomed, stages.awareness])).toEqual({ status: 200 });
      lastAccepted.set(documentId, [doomed, stages.awareness]);
    }
    const outcomes: Array<Outcome & { stages: string[] }> = [];
    // Each writer tags the doomed stage on and off until a write is refused because it is gone:
    // its last accepted write then says what it must keep (a tag on a deleted stage would mean
    // the delete dropped it).
    const writers = entries.map(async (documentId) => {
      for (let w = 0; w < PLAIN_WRITES; w += 1) {
        const set = next() < 0.5 ? [doomed, stages.awareness] : [stages.loyalty];
        const outcome = await retag(documentId, set);
        outcomes.push({ ...outcome, stages: set });
        if (outcome.status === 200) lastAccepted.set(documentId, set);
        else break;
        await sleep(Math.floor(next() * 10));
      }
    });
    // The app's own code, as a plugin or a cron job would call it: no moveTo, so the guard must
    // refuse while the stage tags anything, and must not let a tag slip in before the delete.
    let deleted = false;
    const deleter = (async () => {
      for (;;) {
        try {
          await stageDocs().delete({ documentId: doomed } as never);
          deleted = true;
          return;
        } catch (error) {
          const message = (error as Error).message;
          if (!message.includes('Name a stage to move them to')) {
            problems.push(`round ${round}: delete failed: ${message}`);
            return;
          }
          figures.refusedDeletes += 1;
          await sleep(2);
        }
      }
    })();
    await Promise.all(writers);
    // Writers that never met the delete let it through now.
    const lingering = deleted ? [] : entries;
    for (const documentId of lingering) {
      expect(await retag(documentId, [stages.loyalty])).toEqual({ status: 200 });
      lastAccepted.set(documentId, [stages.loyalty]);
    }
    await deleter;

    for (const o of outcomes.filter((o) => o.status !== 200)) {
      if (o.status !== 400 || !o.message?.includes(doomed)) {
        problems.push(`round ${round}: write answered ${o.status}: ${o.message}`);
      }
    }
    const actual = await linkedStageIds(entries);
    for (const entry of entries) {
      const want = sorted(
        (lastAccepted.get(entry) ?? [stages.awareness]).map((d) => ids.get(d) as number)
      );
      const got = sorted(actual.get(entry) ?? []);
      if (want.join() !== got.join()) {
        problems.push(`round ${round}: entry ${entry}: tags [${got}], last accepted [${want}]`);
      }
    }
    figures.writes += outcomes.length;
  }
  console.log(`[concurrency, plain delete] ${app.db.name}: ${JSON.stringify(figures)}`);
  expect(problems).toEqual([]);
  expect(await orphanLinks()).toBe(0);
});

test('two admins adding a stage with the same key at once get one stage and one 400', async () => {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const key = `twin-${round}`;
    const add = () =>
      http()
        .post('/journey/journeys/customer/stages')
        .set('Authorization', `Bearer ${app.token}`)
        .send({ key, name: `Twin ${round}` });
    const answers = await Promise.all([add(), add(), add()]);
    const statuses = answers.map((a) => a.status).sort();
    if (statuses.join() !== '200,400,400') problems.push(`round ${round}: ${statuses}`);
    const twins = (await journeys().requireJourney('customer')).stages.filter(
      (s: { key: string }) => s.key === key
    );
    if (twins.length !== 1) problems.push(`round ${round}: ${twins.length} stages "${key}"`);
    for (const twin of twins) {
      await app.strapi.documents('plugin::journey.stage' as never).delete({
        documentId: twin.documentId,
      } as never);
    }
  }
  expect(problems).toEqual([]);
});

test('two admins creating a journey with the same key at once get one journey and one 400', async () => {
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    const key = `same-${round}`;
    const create = () =>
      http()
        .post('/journey/journeys')
        .set('Authorization', `Bearer ${app.token}`)
        .send({ key, name: `Same ${round}` });
    const answers = await Promise.all([create(), create(), create()]);
    const statuses = answers.map((a) => a.status).sort();
    if (statuses.join() !== '200,400,400') problems.push(`round ${round}: ${statuses}`);
    const same = (await journeys().list()).filter((j: { key: string }) => j.key === key);
    if (same.length !== 1) problems.push(`round ${round}: ${same.length} journeys "${key}"`);
    for (const journey of same) {
      await app.strapi.documents('plugin::journey.journey' as never).delete({
        documentId: journey.documentId,
      } as never);
    }
  }
  expect(problems).toEqual([]);
});
