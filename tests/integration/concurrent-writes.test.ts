import request from 'supertest';
import { startApp, type TestApp } from '../helpers/app';
import { adminToken } from '../helpers/admin';

/**
 * Issue 22, concurrent writes: the same write sent eight times at once answers each request with
 * a success or a 409 that names what collided, never a 500, and leaves the data as one of the
 * writes (or all of them, where they add up) would. Bounded: 8 requests per case.
 */
const CONCURRENCY = 8;

let app: TestApp;
let token: string;

const QUERIES = 'journey_demand_queries';
const IMPORTS = 'journey_demand_imports';

const http = () => request(app.strapi.server.httpServer);
const knex = () => app.strapi.db.connection;

beforeAll(async () => {
  app = await startApp({ pluginConfig: { contentTypes: ['api::page.page'] } });
  token = await adminToken(app.strapi);
});
afterAll(async () => {
  await app?.stop();
});

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
      expect({ status: a.status, message: a.message }).toEqual({
        status: ok[0],
        message: undefined,
      });
  }
  expect(answers.filter((a) => ok.includes(a.status)).length).toBeGreaterThan(0);
};

const auth = (req: request.Test) => req.set('Authorization', `Bearer ${token}`);

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
