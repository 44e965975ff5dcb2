/**
 * `npm run bench`: generates journey-aware documents, times coverage against a hand-written SQL
 * floor (and the cells' recount when the build has one), then loads the public API on SQLite and
 * PostgreSQL, interleaved in one run: the journey route, Strapi's own REST route and two floors
 * (bench/floor.js: plain node:http running the route's SQL; the floor takes its total from the
 * per-cell counts as the route does, the second counts it with COUNT(*) as the route once did),
 * alternating rounds of 10
 * connections each. Scenarios: (a) cache cold, every request a different page or cell;
 * (b) revalidation with If-None-Match (when the build sends ETags); (c) in-process cache hits
 * (when the build has `http.responseCache`; the `X-Journey-Cache` answers are counted and fewer
 * than 95% `hit` fails the run); (d) `/_health`, the framework's floor. Prints tables
 * and writes bench/results/<date>-<mode>.json.
 *
 *   BENCH_SMOKE=1          1,000 documents, 2 s per side: CI's check that every scenario runs
 *   BENCH_SIZES=10000,100000,1000000   sizes for the coverage timing (default 10,000 and 100,000)
 *   BENCH_DBS=sqlite,postgres          databases for the coverage timing (default both)
 *   BENCH_LOAD_DBS=sqlite,postgres     databases for the load (default both; smoke: sqlite)
 *   BENCH_LOAD_SIZE=100000             documents behind the load (default 100,000)
 *   BENCH_LOAD_SECONDS=20              seconds per side and scenario, split into the rounds
 *   BENCH_ROUNDS=2                     alternating rounds
 *   BENCH_MAX_PAGE=200                 pages per cell in the cold scenario's URL list
 *   BENCH_SKIP_LOAD=1 / BENCH_SKIP_COVERAGE=1 / BENCH_SKIP_MEMORY=1
 *   BENCH_SQLITE_MMAP=2147483648       SQLite memory-mapped I/O (PRAGMA mmap_size) for every run
 *
 * The servers under load run as deployed: NODE_ENV=production, admin panel built and served.
 * The plugin is loaded from dist/: run `npm run build` first.
 */
import os from 'os';
import { reachable, PG } from '../tests/helpers/databases';
import { coverageRuns } from './coverage-runs';
import { loadRun, type LoadRun } from './load-run';
import { printCoverage, printLoad } from './print';
import {
  DBS,
  LOAD_DBS,
  LOAD_SECONDS,
  LOAD_SIZE,
  log,
  MAX_PAGE,
  ROUNDS,
  SIZES,
  smoke,
  SQLITE_MMAP,
  WORK,
} from './run-settings';
import { runMain, writeResult } from './work';

const loadRuns = async () => {
  const loads: LoadRun[] = [];
  if (process.env.BENCH_SKIP_LOAD === '1') return loads;
  for (const db of LOAD_DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: load skipped)`);
      continue;
    }
    loads.push(await loadRun(db));
  }
  return loads;
};

const machine = () => ({
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  loadAverage: os.loadavg(),
});

const main = async () => {
  const started = Date.now();
  const coverage = process.env.BENCH_SKIP_COVERAGE === '1' ? [] : await coverageRuns();
  const loads = await loadRuns();
  const result = {
    date: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    machine: machine(),
    command: smoke ? 'BENCH_SMOKE=1 npm run bench' : 'npm run bench',
    env: {
      SIZES,
      DBS,
      LOAD_DBS,
      LOAD_SIZE,
      LOAD_SECONDS,
      ROUNDS,
      MAX_PAGE,
      SQLITE_MMAP: SQLITE_MMAP ?? null,
    },
    coverage,
    load: loads,
    totalSeconds: Math.round((Date.now() - started) / 1000),
  };

  if (coverage.length) printCoverage(coverage);
  for (const h of loads) printLoad(h);

  const file = writeResult(
    `${result.mode}${loads.length ? '' : '-coverage'}${SQLITE_MMAP ? '-sqlite-mmap' : ''}`,
    result
  );
  log(`\nwritten: ${file} (${result.totalSeconds} s in all)`);
  const problems = loads.flatMap((h) => h.problems.map((p) => `${h.db}: ${p}`));
  if (problems.length) throw new Error(`some requests failed:\n${problems.join('\n')}`);
};

runMain(main, WORK);
