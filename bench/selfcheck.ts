/**
 * The counts' cheap self-check beside the full check (a recount of every type), at one size.
 *
 *   npx tsx bench/selfcheck.ts [sqlite|postgres ...]
 *   BENCH_SELFCHECK_SIZE=100000   documents generated (bench/generate.ts)
 *   BENCH_SELFCHECK_RUNS=5        runs of each check (the median is printed)
 *
 * Prints the median ms of each check and the EXPLAIN of the cheap check's queries on the entries.
 */
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createDatabase, type DbName } from '../tests/helpers/databases';
import { loadStrapi, writeBenchApp } from './app';
import { explainPrefix, rowsOf } from './coverage';
import { generate } from './generate';
import { runMain, workDir } from './work';

const SIZE = Number(process.env.BENCH_SELFCHECK_SIZE ?? 100_000);
const RUNS = Number(process.env.BENCH_SELFCHECK_RUNS ?? 5);
const WORK = workDir('selfcheck');

type Checks = {
  recount: () => Promise<{ drift: number }>;
  selfCheck: () => Promise<{ drift: number; recounted: string[] } | null>;
  fullCheck: () => Promise<{ drift: number } | null>;
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1];

const freeLeases = (strapi: Core.Strapi) =>
  strapi.db.connection('journey_cell_counts').where('scope', 'lease').update({ version: 0 });

const timed = async (strapi: Core.Strapi, run: () => Promise<unknown>) => {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    await freeLeases(strapi);
    const started = process.hrtime.bigint();
    const result = await run();
    ms.push(Number(process.hrtime.bigint() - started) / 1e6);
    if (result === null) throw new Error('the lease was not free');
  }
  return { medianMs: Math.round(median(ms)), runsMs: ms.map((m) => Math.round(m)) };
};

/** The cheap check's statements on the entry and link tables, with their plans. */
const plans = async (strapi: Core.Strapi, checks: Checks) => {
  const knex = strapi.db.connection;
  const client = strapi.db.dialect.client as string;
  const captured: string[] = [];
  const onQuery = (q: { sql: string; bindings?: unknown[] }) => {
    if (/count\(/i.test(q.sql) && !q.sql.includes('journey_cell_counts')) {
      captured.push(knex.raw(q.sql.replace(/\$\d+/g, '?'), (q.bindings ?? []) as never).toQuery());
    }
  };
  knex.on('query', onQuery);
  await freeLeases(strapi);
  await checks.selfCheck();
  knex.removeListener('query', onQuery);
  const prefix = explainPrefix(client);
  const out: Array<{ sql: string; plan: string[] }> = [];
  for (const sql of captured) {
    const rows = rowsOf(await knex.raw(prefix + sql));
    out.push({
      sql,
      plan: rows.map((r) => String(client === 'sqlite' ? r.detail : Object.values(r).join(' | '))),
    });
  }
  return out;
};

const benchOne = async (db: DbName) => {
  const appDir = path.join(WORK, db);
  const target = await createDatabase(db, WORK);
  writeBenchApp({ appDir, connection: target.connection });
  const strapi = await loadStrapi(appDir);
  try {
    const started = Date.now();
    await generate(strapi, { count: SIZE });
    const generateMs = Date.now() - started;
    const checks = strapi.plugin('journey').service('cells') as unknown as Checks;
    // The generator writes with SQL, behind the counts: the first recount fills the cells.
    const filled = await checks.recount();
    const rows = Number(
      ((await strapi.db.connection('articles').count({ n: '*' }).first()) as { n: number }).n
    );
    const guideRows = Number(
      ((await strapi.db.connection('guides').count({ n: '*' }).first()) as { n: number }).n
    );
    const cheap = await timed(strapi, () => checks.selfCheck());
    const full = await timed(strapi, () => checks.fullCheck());
    const explained = await plans(strapi, checks);
    console.log(
      JSON.stringify(
        {
          db,
          documents: SIZE,
          entryRows: rows + guideRows,
          generateMs,
          cellsFilled: filled.drift,
          cheapCheck: cheap,
          fullCheck: full,
          plans: explained,
        },
        null,
        2
      )
    );
  } finally {
    await strapi.destroy();
    await target.drop();
  }
};

runMain(async () => {
  const dbs = (process.argv.slice(2).length ? process.argv.slice(2) : ['sqlite']) as DbName[];
  console.log(
    `load average: ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  );
  for (const db of dbs) await benchOne(db);
}, WORK);
