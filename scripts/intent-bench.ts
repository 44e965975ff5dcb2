/**
 * `npm run intent:bench`: classifications per second on one core, classifying the evaluation sets
 * in a loop: the clean queries and the variants as people type them (whose fuzzy lookups cost
 * more). A benchmark, not a test: it prints figures and asserts nothing.
 *
 * The time is this process's CPU time (user + system), which other processes on a shared machine
 * disturb less than wall-clock time, and it is measured in short rounds: the best round is the
 * speed of one core with the machine to itself, the median what a busy machine gave.
 */
import { createClassifier } from '../server/src/intent/classifier';
import { ALL } from '../eval/intent-queries';
import { VARIANTS } from '../eval/intent-variants';
import { DEMO_INTENT_CONFIG } from '../demo/src/intent-terms';

// The eval sets' brand queries are the demo's: classified with its configuration, as in intent:eval.
const { classify } = createClassifier(DEMO_INTENT_CONFIG);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);
const ROUND_SECONDS = 0.2;

const bench = (name: string, queries: string[]) => {
  // Warm-up, so that the JIT has compiled the hot paths before timing starts.
  for (let i = 0; i < 20_000; i += 1) classify(queries[i % queries.length]);
  const rates: number[] = [];
  let count = 0;
  let cpuTotal = 0;
  const started = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - started) / 1e9 < seconds) {
    const cpu = process.cpuUsage();
    const roundStart = process.hrtime.bigint();
    let round = 0;
    while (Number(process.hrtime.bigint() - roundStart) / 1e9 < ROUND_SECONDS) {
      for (const q of queries) classify(q);
      round += queries.length;
    }
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    rates.push(round / cpuSeconds);
    count += round;
    cpuTotal += cpuSeconds;
  }
  rates.sort((a, b) => a - b);
  const fmt = (rate: number) => Math.round(rate).toLocaleString('en');
  console.log(
    `${name.padEnd(9)} ${count} classifications in ${rates.length} rounds, ${cpuTotal.toFixed(2)} s CPU: best round ${fmt(rates[rates.length - 1])}, median ${fmt(rates[Math.floor(rates.length / 2)])} per CPU second on one core (node ${process.version})`
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
