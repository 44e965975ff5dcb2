/**
 * `npm run intent:bench`: classifications per second on one core, classifying the evaluation set
 * in a loop. A benchmark, not a test: it prints figures and asserts nothing.
 */
import { createClassifier } from '../server/src/intent/classifier';
import { ALL } from '../eval/intent-queries';

const { classify } = createClassifier();
const queries = ALL.map(([q]) => q);
const seconds = Number(process.env.BENCH_SECONDS ?? 3);

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
  `${count} classifications in ${(Number(elapsed) / 1e9).toFixed(2)} s: ${Math.round(perSecond).toLocaleString('en')} per second on one core (node ${process.version})`
);
