/**
 * `npm run intent:bench`: classifications per second on one core, classifying the evaluation sets
 * in a loop: the clean queries and the variants as people type them (whose fuzzy lookups cost
 * more). A benchmark, not a test: it prints figures and asserts nothing.
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
  const started = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  let elapsed = 0n;
  while (elapsed < budget) {
    for (const q of queries) classify(q);
    count += queries.length;
    elapsed = process.hrtime.bigint() - started;
  }
  const perSecond = count / (Number(elapsed) / 1e9);
  console.log(
    `${name.padEnd(9)} ${count} classifications in ${(Number(elapsed) / 1e9).toFixed(2)} s: ${Math.round(perSecond).toLocaleString('en')} per second on one core (node ${process.version})`
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
