/**
 * `npm run intent:bench`: classifications per second on one core, classifying the evaluation sets
 * in a loop: the clean queries and the variants as people type them (whose fuzzy lookups cost
 * more). A benchmark, not a test: it prints figures and asserts nothing. The rate is per second of
 * this process's CPU time (user + system), which other processes on a shared machine disturb far
 * less than wall-clock time; the wall-clock rate is printed beside it.
 */
import { createClassifier } from '../server/src/intent/classifier';
import { ALL } from '../eval/intent-queries';
import { VARIANTS } from '../eval/intent-variants';

const { classify } = createClassifier();
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

const bench = (name: string, queries: string[]) => {
  // Warm-up, so that the JIT has compiled the hot paths before timing starts.
  for (let i = 0; i < 20_000; i += 1) classify(queries[i % queries.length]);
  let count = 0;
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (const q of queries) classify(q);
    count += queries.length;
    elapsed = process.hrtime.bigint() - started;
  }
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  const wallSeconds = Number(elapsed) / 1e9;
  const rate = (seconds: number) => Math.round(count / seconds).toLocaleString('en');
  console.log(
    `${name.padEnd(9)} ${count} classifications, ${cpuSeconds.toFixed(2)} s CPU: ${rate(cpuSeconds)} per CPU second on one core (wall clock ${wallSeconds.toFixed(2)} s: ${rate(wallSeconds)}/s; node ${process.version})`
  );
};

bench(
  'original',
  ALL.map(([q]) => q)
);
bench(
  'variants',
  VARIANTS.map(([, q]) => q)
);
