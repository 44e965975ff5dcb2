import request from 'supertest';
import { storedAndCounted } from '../helpers/cells';
import { ARTICLE, PAGE, createTagged, stageIds } from '../helpers/content';
import { useApp } from '../helpers/suite';

/**
 * Issue 22, concurrent writes: the same write sent eight times at once answers each request with
 * a success or a 409 that names what collided, never a 500, and leaves the data as one of the
 * writes (or all of them, where they add up) would. Bounded: 8 requests per case.
 */
const CONCURRENCY = 8;

const app = useApp({ admin: true, pluginConfig: { contentTypes: ['api::page.page'] } });

const QUERIES = 'journey_demand_queries';
const IMPORTS = 'journey_demand_imports';

const http = app.http;
const knex = () => app.strapi.db.connection;

interface Answer {
  status: number;
  message?: string;
  body: Record<string, unknown>;
}

const answer = async (req: request.Test): Promise<Answer> => {
  const res = await req;
  return { status: res.status, message: res.body?.error?.message, body: res.body };
};

/** Sends the requests at once, each built by `make(i)`. */
const together = async (make: (i: number) => request.Test) => {
  const answers = await Promise.all(Array.from({ length: CONCURRENCY }, (_, i) => answer(make(i))));
  if (process.env.JOURNEY_TEST_VERBOSE) console.log(answers.map((a) => a.status).join(' '));
  return answers;
};

/** No 5xx; every answer one of `ok` or a 409 whose message matches `conflict`. */
const expectClean = (answers: Answer[], ok: number[], conflict: RegExp) => {
  for (const a of answers) {
    if (a.status === 409) expect(a.message).toMatch(conflict);
    else
      expect({ ok: ok.includes(a.status), status: a.status, message: a.message }).toEqual({
        ok: true,
        status: a.status,
        message: undefined,
      });
  }
  expect(answers.filter((a) => ok.includes(a.status)).length).toBeGreaterThan(0);
};

const auth = (req: request.Test) => req.set('Authorization', `Bearer ${app.token}`);

interface ListedJourney {
  key: string;
  position: number;
  stages: Array<{ key: string; position: number }>;
}
const listJourneys = async () =>
  (await auth(http().get('/journey/journeys'))).body.data as ListedJourney[];
const journeyOf = async (key: string) =>
  (await listJourneys()).find((j) => j.key === key) as ListedJourney;

describe('demand imports of the same journey, locale, source and period', () => {
  /** Import i carries its own queries ("q<i>-<n>"), 5 + i of them, so the stored rows say whose. */
  const csv = (i: number) =>
    [
      'Top queries,Clicks,Impressions,CTR,Position',
      ...Array.from({ length: 5 + i }, (_, n) => `running q${i}-${n},${10 + n},${100 + n},1%,3`),
    ].join('\n');

  const post = (i: number) =>
    auth(http().post('/journey/demand/imports'))
      .field('journey', 'customer')
      .field('locale', 'en')
      .field('source', 'Concurrent')
      .field('period', '2026-09-01..2026-09-30')
      .attach('file', Buffer.from(csv(i)), `import-${i}.csv`);

  const storedOf = async () => {
    const imports = (await knex()(IMPORTS)
      .select('id', 'file_name', 'rows_stored')
      .where('source', 'Concurrent')) as Array<{
      id: number;
      file_name: string;
      rows_stored: number | string;
    }>;
    const queries = (await knex()(QUERIES)
      .select('import_id', 'query')
      .where('locale', 'en')
      .andWhere('query', 'like', 'running q%')) as Array<{ import_id: number; query: string }>;
    return { imports, queries };
  };

  /** Exactly one import's rows: one import row, and its queries, all of one file, none else. */
  const expectOneImport = async () => {
    const { imports, queries } = await storedOf();
    expect(imports).toHaveLength(1);
    const i = Number(/import-(\d+)\.csv/.exec(imports[0].file_name)?.[1]);
    expect(Number(imports[0].rows_stored)).toBe(5 + i);
    expect(queries.map((q) => Number(q.import_id))).toEqual(
      queries.map(() => Number(imports[0].id))
    );
    expect(queries.map((q) => q.query).sort()).toEqual(
      Array.from({ length: 5 + i }, (_, n) => `running q${i}-${n}`).sort()
    );
  };

  const CONFLICT =
    /another import of the same journey, locale, source and period is running; try again/;

  test('eight at once, none stored before: each 201 or 409, one import stored', async () => {
    const answers = await together(post);
    expectClean(answers, [201], CONFLICT);
    await expectOneImport();
  });

  test('eight at once replacing a stored import: each 201 or 409, one import stored', async () => {
    const answers = await together(post);
    expectClean(answers, [201], CONFLICT);
    await expectOneImport();
    // Whichever import committed last is the one stored, and it says it replaced one.
    expect(
      answers
        .filter((a) => a.status === 201)
        .every((a) => (a.body.data as { replaced: boolean }).replaced)
    ).toBe(true);
  });
});

/** A 409 of any of the plugin's conflicts: each says what collided and to try again. */
const ANY_CONFLICT = /try again|run it again|already/i;

/** The keys turned by n places: eight requests asking for different orders. */
const rotate = (keys: string[], n: number) => [
  ...keys.slice(n % keys.length),
  ...keys.slice(0, n % keys.length),
];

/** A permutation of the keys, the same for the same seed. */
const shuffled = (keys: string[], seed: number) => {
  const out = [...keys];
  let x = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const j = x % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
};

describe('journeys and stages', () => {
  test('the same journey created eight times: one 200, the others a 400 naming the key', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/journeys')).send({ key: 'twice', name: 'Twice' })
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(400);
      expect(a.message).toMatch(/journey.*"twice"/);
    }
    const rows = await knex()('journey_journeys').where('key', 'twice');
    expect(rows).toHaveLength(1);
  });

  test('the same stage added eight times: one 200, the others a 400 naming the key', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/journeys/twice/stages')).send({ key: 'once', name: 'Once' })
    );
    expect(answers.filter((a) => a.status >= 500)).toEqual([]);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    for (const a of answers.filter((x) => x.status !== 200)) {
      expect(a.status).toBe(400);
      expect(a.message).toMatch(/stage "once"/);
    }
    const journey = await knex()('journey_journeys').where('key', 'twice').first();
    expect(journey).toBeDefined();
    const stages = await stageIds(app.strapi, 'twice');
    expect(Object.keys(stages)).toEqual(['once']);
  });

  test('different stages added at once: each 200, positions distinct', async () => {
    const answers = await together((i) =>
      auth(http().post('/journey/journeys/twice/stages')).send({ key: `s${i}`, name: `S${i}` })
    );
    expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
    const positions = (await journeyOf('twice')).stages.map((s) => s.position);
    expect(new Set(positions).size).toBe(CONCURRENCY + 1);
  });

  test('the journeys reordered eight times at once: each 200 or 409, one order stored', async () => {
    const keys = (await listJourneys()).map((j) => j.key);
    const answers = await together((i) =>
      auth(http().put('/journey/journeys/order')).send({
        journeys: rotate(keys, i),
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    const positions = (await listJourneys()).map((j) => j.position);
    expect([...positions].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
  });

  test('the same stages reordered eight times at once: each 200 or 409', async () => {
    const keys = (await journeyOf('twice')).stages.map((s) => s.key);
    const answers = await together((i) =>
      auth(http().put('/journey/journeys/twice/stages/order')).send({
        stages: rotate(keys, i),
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    const after = (await journeyOf('twice')).stages.map((s) => s.position);
    expect([...after].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
  });

  test('stages reordered in different orders, staggered: positions stay a permutation', async () => {
    const keys = (await journeyOf('twice')).stages.map((s) => s.key);
    for (let round = 0; round < 4; round += 1) {
      // Sent a few milliseconds apart, so that some read the positions while others commit.
      const answers = await Promise.all(
        Array.from({ length: CONCURRENCY }, async (_, i) => {
          await new Promise((resolve) => setTimeout(resolve, i * (3 + round * 4)));
          return answer(
            auth(http().put('/journey/journeys/twice/stages/order')).send({
              stages: shuffled(keys, round * CONCURRENCY + i + 1),
            })
          );
        })
      );
      expectClean(answers, [200], ANY_CONFLICT);
      const after = (await journeyOf('twice')).stages.map((s) => s.position);
      expect([...after].sort((a, b) => a - b)).toEqual(keys.map((_, i) => i));
    }
  });

  test('the same stage deleted eight times at once: one 200, the others 404', async () => {
    const { s7 } = await stageIds(app.strapi, 'twice');
    const answers = await together(() => auth(http().delete(`/journey/stages/${s7}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual(
      Array(CONCURRENCY - 1).fill(404)
    );
    expect(Object.keys(await stageIds(app.strapi, 'twice'))).not.toContain('s7');
  });

  test('the same journeys file imported eight times at once: each 200 or 409, imported once', async () => {
    const exported = (await auth(http().get('/journey/journeys/export'))).body;
    exported.journeys.push({
      ...exported.journeys.find((j: { key: string }) => j.key === 'twice'),
      key: 'imported',
      name: 'Imported',
    });
    const answers = await together(() =>
      auth(http().post('/journey/journeys/import?dryRun=false')).send(exported)
    );
    expectClean(answers, [200], ANY_CONFLICT);
    expect(await knex()('journey_journeys').where('key', 'imported')).toHaveLength(1);
    const stages = await stageIds(app.strapi, 'imported');
    expect(Object.keys(stages).sort()).toEqual(
      Object.keys(await stageIds(app.strapi, 'twice')).sort()
    );
  });
});

describe('site terms, snapshots, overrides', () => {
  test('the same site term created eight times: each 200/201, stored once', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/site-terms')).send({
        term: 'concurrent term',
        language: 'en',
        intent: 'commercial',
      })
    );
    expectClean(answers, [200, 201], ANY_CONFLICT);
    expect(
      await knex()('journey_site_terms').where({ term: 'concurrent term', language: 'en' })
    ).toHaveLength(1);
  });

  test('"Snapshot now" eight times at once: each 201 or 409, one row per journey and day', async () => {
    const answers = await together(() => auth(http().post('/journey/snapshots')).send({}));
    expectClean(answers, [201], ANY_CONFLICT);
    const rows = (await knex()('journey_coverage_snapshots')
      .select('journey_document_id', 'day')
      .count({ n: '*' })
      .groupBy('journey_document_id', 'day')) as Array<{ n: number | string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.filter((r) => Number(r.n) !== 1)).toEqual([]);
  });

  /** A query of the stored import, whichever of the concurrent ones it was. */
  const storedQuery = async () =>
    String(
      (
        (await knex()(QUERIES)
          .select('query_norm')
          .where('query', 'like', 'running q%')
          .orderBy('query_norm')
          .first()) as { query_norm: string }
      ).query_norm
    );

  test('the same override put eight times at once: each 200 or 409, stored once', async () => {
    const query = await storedQuery();
    const answers = await together((i) =>
      auth(http().put('/journey/demand/overrides')).send({
        journey: 'customer',
        locale: 'en',
        query,
        intent: i % 2 ? 'commercial' : 'local',
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    const overrides = (await knex()('journey_demand_overrides').where(
      'query_norm',
      query
    )) as Array<{ intent: string }>;
    expect(overrides).toHaveLength(1);
    // The stored queries follow the override that was written last.
    const queries = (await knex()(QUERIES).where('query_norm', query)) as Array<{
      intent: string;
    }>;
    expect(queries.length).toBeGreaterThan(0);
    expect(queries.map((q) => q.intent)).toEqual(queries.map(() => overrides[0].intent));
  });

  test('the same override deleted eight times at once: one 200, the others 404', async () => {
    const query = await storedQuery();
    const answers = await together(() =>
      auth(
        http().delete(
          `/journey/demand/overrides?journey=customer&locale=en&query=${encodeURIComponent(query)}`
        )
      )
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual(
      Array(CONCURRENCY - 1).fill(404)
    );
    const queries = (await knex()(QUERIES).where('query_norm', query)) as Array<{
      intent: string;
      classified_intent: string;
      overridden: unknown;
    }>;
    expect(queries.every((q) => q.intent === q.classified_intent && !q.overridden)).toBe(true);
  });

  test('the same import deleted eight times at once: one 200, the others 404', async () => {
    const { id } = (await knex()(IMPORTS).select('id').where('source', 'Concurrent').first()) as {
      id: number;
    };
    const answers = await together(() => auth(http().delete(`/journey/demand/imports/${id}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual(
      Array(CONCURRENCY - 1).fill(404)
    );
    expect(await knex()(QUERIES).where('import_id', id)).toEqual([]);
  });

  test('the same site term deleted eight times at once: one 200, the others 404', async () => {
    const { id } = (await knex()('journey_site_terms')
      .select('id')
      .where({ term: 'concurrent term', language: 'en' })
      .first()) as { id: number };
    const answers = await together(() => auth(http().delete(`/journey/site-terms/${id}`)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.status)).toEqual(
      Array(CONCURRENCY - 1).fill(404)
    );
  });
});

describe('suggestions, tags, counts', () => {
  let stages: Record<string, string>;
  const entries: string[] = [];

  beforeAll(async () => {
    stages = await stageIds(app.strapi);
    for (let i = 0; i < 4; i += 1) {
      const doc = await createTagged(app.strapi, ARTICLE, stages, {
        title: `Concurrent best running shoes ${i}`,
      });
      entries.push(doc.documentId);
    }
  });

  /** The stage documentIds each entry's English draft is linked to. */
  const linked = async (documentId: string) => {
    const doc = (await app.strapi.documents(ARTICLE as never).findOne({
      documentId,
      locale: 'en',
      populate: ['journeyStages'],
    } as never)) as unknown as { journeyStages: Array<{ documentId: string }> };
    return doc.journeyStages.map((s) => s.documentId).sort();
  };

  test('the same suggestion accepted eight times at once: each 200 or 409, tagged once', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/suggestions/accept')).send({
        contentType: ARTICLE,
        locale: 'en',
        journey: 'customer',
        items: [{ documentId: entries[0], intent: 'commercial' }],
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    expect(await linked(entries[0])).toEqual([stages.consideration]);
  });

  test('the same entries skipped eight times at once: each 200 or 409, one row each', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/suggestions/skip')).send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: entries.slice(1),
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    const rows = (await knex()('journey_suggestions')
      .whereIn('entry_document_id', entries.slice(1))
      .select('entry_document_id', 'skipped')) as Array<{ skipped: unknown }>;
    expect(rows).toHaveLength(entries.length - 1);
    expect(rows.every((r) => Boolean(r.skipped))).toBe(true);
  });

  test('overlapping skips in different orders at once: each 200 or 409, one row per entry', async () => {
    // Entries not yet computed get a row each; 400 of them in eight different orders.
    const ids = Array.from(
      { length: 400 },
      (_, i) => `concurrentskip${String(i).padStart(10, '0')}`
    );
    const answers = await together((i) =>
      auth(http().post('/journey/suggestions/skip')).send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: shuffled(ids, i + 1),
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    const rows = await knex()('journey_suggestions').whereIn('entry_document_id', ids);
    expect(rows).toHaveLength(ids.length);
  });

  test('the suggestion job started eight times at once: each 200 or 409, one job state', async () => {
    const answers = await together(() => auth(http().post('/journey/suggestions/run')).send({}));
    expectClean(answers, [200, 202], ANY_CONFLICT);
    // However many of them started it (one at a time, or again after it finished), one job
    // state is stored and it ends with everything counted.
    const job = app.strapi.plugin('journey').service('suggestions');
    for (let i = 0; i < 100 && (await job.status()).running; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const status = await job.status();
    expect(status).toMatchObject({ running: false, processed: status.total });
    expect(
      await knex()('strapi_core_store_settings').where('key', 'plugin_journey_suggestionJob')
    ).toHaveLength(1);
  });

  test('the same bulk tag change eight times at once: each 200 or 409, tags as one change', async () => {
    const answers = await together(() =>
      auth(http().post('/journey/tags/bulk')).send({
        contentType: ARTICLE,
        locale: 'en',
        documentIds: entries,
        stages: { add: [stages.decision] },
      })
    );
    expectClean(answers, [200], ANY_CONFLICT);
    for (const documentId of entries) expect(await linked(documentId)).toContain(stages.decision);
  });

  test('the same change undone eight times at once: one 200, the others 409', async () => {
    const change = await auth(http().post('/journey/tags/bulk')).send({
      contentType: PAGE,
      documentIds: [
        (await createTagged(app.strapi, PAGE, stages, { title: 'Concurrent page' })).documentId,
      ],
      intent: 'local',
    });
    expect(change.status).toBe(200);
    const answers = await together(() =>
      auth(http().post(`/journey/tags/changes/${change.body.data.changeId}/undo`)).send({})
    );
    expectClean(answers, [200], /already been undone|try again/);
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
  });

  test('a recount eight times at once after the counts drifted: each 200 or 409, counts right', async () => {
    for (let round = 0; round < 3; round += 1) {
      // Drift: every stored cell gone, as a restore that skipped the table leaves it.
      await knex()('journey_cell_counts').whereIn('content_type', [ARTICLE, PAGE]).delete();
      const answers = await together(() => auth(http().post('/journey/counts/recount')).send({}));
      expectClean(answers, [200], ANY_CONFLICT);
      const { stored, counted } = await storedAndCounted(app.strapi, [ARTICLE, PAGE]);
      expect(stored).toEqual(counted);
    }
  });
});
