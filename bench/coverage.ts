import type { Core } from '@strapi/strapi';
import { ARTICLE, GUIDE } from './app';

type Knex = Core.Strapi['db']['connection'];

interface Cell {
  stage: string;
  intent: string | null;
  contentType: string;
  locale: string | null;
  published: number;
  draftOnly: number;
}

interface TagTable {
  table: string;
  joinTable: string;
  entryColumn: string;
  stageColumn: string;
}

/** Where a journey-aware type keeps its rows and its stage tags (its journeyStages join table). */
export const tagTable = (strapi: Core.Strapi, uid: string): TagTable => {
  const meta = strapi.db.metadata.get(uid);
  const jt = (
    meta.attributes as unknown as Record<
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
  return {
    table: meta.tableName,
    joinTable: jt.name,
    entryColumn: jt.joinColumn.name,
    stageColumn: jt.inverseJoinColumn.name,
  };
};

/**
 * The floor: the best SQL we can write by hand for the same numbers. One pass per type over the
 * tagged rows, counting published rows and draft rows without a published twin with CASE, and one
 * for the untagged. A document has one published row per locale and one link per stage, so
 * COUNT(*) equals the plugin's COUNT(DISTINCT document_id) here.
 */
export const floorQueries = (knex: Knex, t: TagTable, stageIds: number[], postgres = false) => {
  // On PostgreSQL a hash LEFT JOIN finds the published twins faster than a correlated subquery.
  const twinJoin = postgres
    ? `LEFT JOIN ${t.table} p ON p.document_id = e.document_id AND p.locale = e.locale AND p.published_at IS NOT NULL AND e.published_at IS NULL`
    : '';
  const draftOnly = postgres
    ? 'e.published_at IS NULL AND p.id IS NULL'
    : `e.published_at IS NULL AND NOT EXISTS (SELECT 1 FROM ${t.table} p WHERE p.document_id = e.document_id AND p.locale = e.locale AND p.published_at IS NOT NULL)`;
  const tagged = knex.raw(
    `SELECT l.${t.stageColumn} AS stage, e.search_intent AS intent, e.locale AS locale,
       SUM(CASE WHEN e.published_at IS NOT NULL THEN 1 ELSE 0 END) AS published,
       SUM(CASE WHEN ${draftOnly} THEN 1 ELSE 0 END) AS draft_only
     FROM ${t.table} e JOIN ${t.joinTable} l ON l.${t.entryColumn} = e.id ${twinJoin}
     WHERE l.${t.stageColumn} IN (${stageIds.map(() => '?').join(', ')})
     GROUP BY l.${t.stageColumn}, e.search_intent, e.locale`,
    stageIds
  );
  const untagged = knex.raw(
    `SELECT e.locale AS locale,
       SUM(CASE WHEN e.published_at IS NOT NULL THEN 1 ELSE 0 END) AS published,
       SUM(CASE WHEN ${draftOnly} THEN 1 ELSE 0 END) AS draft_only
     FROM ${t.table} e ${twinJoin}
     WHERE NOT EXISTS (SELECT 1 FROM ${t.joinTable} l WHERE l.${t.entryColumn} = e.id)
     GROUP BY e.locale`
  );
  return { tagged, untagged };
};

/** How each database is asked for a statement's plan (PostgreSQL's with real timings). */
export const explainPrefix = (client: string) =>
  client === 'sqlite'
    ? 'EXPLAIN QUERY PLAN '
    : client === 'postgres'
      ? 'EXPLAIN ANALYZE '
      : 'EXPLAIN ';

export const rowsOf = (result: unknown): Array<Record<string, unknown>> =>
  Array.isArray(result)
    ? (result as Array<Record<string, unknown>>)
    : ((result as { rows: Array<Record<string, unknown>> }).rows ?? []);

/** The floor's numbers in the coverage service's shape, to check both agree. */
export const floorCoverage = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection;
  const stages = (await strapi.db.query('plugin::journey.stage').findMany({
    populate: { journey: true },
  })) as Array<{ id: number; key: string; journey?: { key: string } }>;
  const customer = stages.filter((s) => s.journey?.key === 'customer');
  const keyOf = new Map(customer.map((s) => [Number(s.id), s.key]));
  const cells: Cell[] = [];
  const untagged: Array<{
    contentType: string;
    locale: string | null;
    published: number;
    draftOnly: number;
  }> = [];
  await Promise.all(
    [ARTICLE, GUIDE].map(async (uid) => {
      const q = floorQueries(
        knex,
        tagTable(strapi, uid),
        [...keyOf.keys()],
        strapi.db.dialect.client === 'postgres'
      );
      const [tagged, none] = await Promise.all([q.tagged, q.untagged]);
      for (const r of rowsOf(tagged)) {
        cells.push({
          stage: keyOf.get(Number(r.stage)) as string,
          intent: (r.intent as string | null) ?? null,
          contentType: uid,
          locale: (r.locale as string | null) ?? null,
          published: Number(r.published),
          draftOnly: Number(r.draft_only),
        });
      }
      for (const r of rowsOf(none)) {
        untagged.push({
          contentType: uid,
          locale: (r.locale as string | null) ?? null,
          published: Number(r.published),
          draftOnly: Number(r.draft_only),
        });
      }
    })
  );
  return { cells, untagged };
};

const key = (c: {
  stage?: string;
  intent?: string | null;
  contentType: string;
  locale: string | null;
}) => `${c.stage ?? ''}|${c.intent ?? ''}|${c.contentType}|${c.locale ?? ''}`;

/** Same numbers, cell by cell (cells with nothing in them are left out on both sides). */
export const sameNumbers = (
  a: {
    cells: Cell[];
    untagged: Array<{
      contentType: string;
      locale: string | null;
      published: number;
      draftOnly: number;
    }>;
  },
  b: typeof a
) => {
  const norm = (x: typeof a) =>
    JSON.stringify([
      x.cells
        .filter((c) => c.published + c.draftOnly > 0)
        .map((c) => [key(c), c.published, c.draftOnly])
        .sort(),
      x.untagged
        .filter((c) => c.published + c.draftOnly > 0)
        .map((c) => [key(c), c.published, c.draftOnly])
        .sort(),
    ]);
  return norm(a) === norm(b);
};

const median = (values: number[]) => {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.floor(sorted.length / 2)];
};

export const timeIt = async (fn: () => Promise<unknown>, runs: number) => {
  await fn(); // warm caches and prepared statements
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return {
    medianMs: Math.round(median(times) * 10) / 10,
    runsMs: times.map((t) => Math.round(t * 10) / 10),
  };
};

/**
 * The cells' recount (`getService(strapi, 'cells').recount`) when the build has it: the bench
 * writes its rows beneath Strapi's document service, as an SQL import would, so the counts must
 * be rebuilt before the coverage service and the public route can read them.
 */
export const cellsRecount = (strapi: Core.Strapi) => {
  let cells: { recount?: () => Promise<{ drift: number }> } | undefined;
  try {
    cells = strapi.plugin('journey').service('cells');
  } catch {
    cells = undefined;
  }
  return typeof cells?.recount === 'function' ? () => cells.recount!() : null;
};

/** A table name as knex quotes it: backticks on SQLite and MySQL, double quotes on PostgreSQL. */
const quotedName = (table: string) => new RegExp(`[\`"]${table}[\`"]`);

/**
 * EXPLAIN of the plugin's coverage queries and of the floor, on this database: the statements
 * the service runs that read the type's table (the counting pass), or, when it reads no entry
 * table any more (counts kept per cell), every SELECT it runs.
 */
export const explain = async (strapi: Core.Strapi) => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  const t = tagTable(strapi, ARTICLE);
  const stageIds = (
    (await strapi.db.query('plugin::journey.stage').findMany({})) as Array<{ id: number }>
  ).map((s) => Number(s.id));
  const selects: Array<{ sql: string; bindings?: unknown[] }> = [];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (/^\s*(with|select)\b/i.test(q.sql)) selects.push(q);
  };
  knex.on('query', onQuery);
  await strapi.plugin('journey').service('coverage').compute({ journey: 'customer' });
  knex.removeListener('query', onQuery);
  const counting = selects.filter(
    (q) => quotedName(t.table).test(q.sql) && quotedName(t.joinTable).test(q.sql)
  );
  const chosen = (counting.length ? counting : selects).slice(0, counting.length ? 2 : 6);
  // PostgreSQL's driver numbers its placeholders; knex.raw expects question marks.
  const captured = chosen.map((q) =>
    knex.raw(q.sql.replace(/\$\d+/g, '?'), (q.bindings ?? []) as never).toQuery()
  );
  const floor = floorQueries(knex, t, stageIds, client === 'postgres').tagged.toQuery();
  const prefix = explainPrefix(client);
  const plan = async (sql: string) => {
    const result = await knex.raw(prefix + sql);
    const rows = rowsOf(result);
    return rows.map((r) =>
      client === 'sqlite'
        ? `${'  '.repeat(Number(r.parent ?? 0) ? 1 : 0)}${r.detail}`
        : Object.values(r).join(' | ')
    );
  };
  return {
    plugin: {
      readsEntries: counting.length > 0,
      sql: captured,
      plans: await Promise.all(captured.map(plan)),
    },
    floor: { sql: floor, plan: await plan(floor) },
  };
};

/**
 * Times the coverage service for one journey, all locales, beside the floor and, when the build
 * keeps counts per cell, beside their recount; the numbers must agree cell by cell first.
 */
export const benchCoverage = async (strapi: Core.Strapi, runs = 5) => {
  const service = strapi.plugin('journey').service('coverage');
  const plugin = await service.compute({ journey: 'customer' });
  const floor = await floorCoverage(strapi);
  const equal = sameNumbers(
    { cells: plugin.cells, untagged: plugin.untagged },
    { cells: floor.cells, untagged: floor.untagged }
  );
  if (!equal) throw new Error('the floor query and the coverage service disagree');
  const pluginTime = await timeIt(() => service.compute({ journey: 'customer' }), runs);
  const floorTime = await timeIt(() => floorCoverage(strapi), runs);
  const recount = cellsRecount(strapi);
  let recountTime: Awaited<ReturnType<typeof timeIt>> | null = null;
  let drift: number | null = null;
  if (recount) {
    // A recount is a full pass, like the floor: fewer runs at a million documents.
    recountTime = await timeIt(
      async () => {
        drift = (await recount()).drift;
      },
      Math.min(runs, 3)
    );
    const after = await service.compute({ journey: 'customer' });
    if (!sameNumbers({ cells: after.cells, untagged: after.untagged }, floor)) {
      throw new Error('after a recount the coverage service and the floor disagree');
    }
  }
  return {
    equal,
    pluginMs: pluginTime.medianMs,
    floorMs: floorTime.medianMs,
    ratio: Math.round((pluginTime.medianMs / floorTime.medianMs) * 100) / 100,
    recountMs: recountTime?.medianMs ?? null,
    /** Drift the last timed recount repaired: 0, or the counts were wrong before it. */
    recountDrift: drift,
    runs: {
      plugin: pluginTime.runsMs,
      floor: floorTime.runsMs,
      recount: recountTime?.runsMs ?? null,
    },
  };
};
