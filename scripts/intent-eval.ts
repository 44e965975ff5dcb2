/**
 * `npm run intent:eval`: measures the intent classifier on the labelled sets in eval/: the clean
 * queries (intent-queries.ts) and the variants as people type them (intent-variants.ts: no
 * diacritics, typos, compounds, unknown services, mixed languages), reported separately. A
 * prediction is correct when it is the primary intent or one of the acceptable alternatives
 * ("strict" counts the primary only). Exits non-zero when either set is below its target, so CI
 * notices a regression.
 */
import { INTENTS, type Intent } from '../server/src/domain/intents';
import { createClassifier } from '../server/src/intent/classifier';
import { ALL, LANGUAGE_OF } from '../eval/intent-queries';
import { VARIANTS, VARIANT_LANGUAGE_OF } from '../eval/intent-variants';
import { NEUTRAL } from '../eval/intent-neutral';
import { HOLDOUT } from '../eval/intent-holdout';
import { DEMO_INTENT_CONFIG } from '../demo/src/intent-terms';

const TARGETS = { original: 0.95, variants: 0.9 };
// The sets have queries for the demo shop's brand: the run gets the demo's configuration, as
// the demo app does, since the plugin's own lexicons hold no site's brand.
const { classify } = createClassifier(DEMO_INTENT_CONFIG);
const labels = [...INTENTS, 'none'] as const;
type Label = (typeof labels)[number];

interface Row {
  query: string;
  primary: Intent;
  alternatives: Intent[];
  groups: string[];
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

/** Prints the figures for one set and returns its accuracy. */
const evaluate = (title: string, rows: Row[], target: number) => {
  const confusion = new Map<string, number>();
  const byGroup = new Map<string, { n: number; ok: number }>();
  let correct = 0;
  let strict = 0;
  const misses: string[] = [];
  for (const { query, primary, alternatives, groups } of rows) {
    const result = classify(query);
    const predicted: Label = result.intent ?? 'none';
    const ok = predicted === primary || alternatives.includes(predicted as Intent);
    correct += ok ? 1 : 0;
    strict += predicted === primary ? 1 : 0;
    groups.forEach((group, dimension) => {
      const key = `${dimension}|${group}`;
      const g = byGroup.get(key) ?? { n: 0, ok: 0 };
      g.n += 1;
      g.ok += ok ? 1 : 0;
      byGroup.set(key, g);
    });
    // The confusion matrix counts an acceptable alternative as the primary it stands for.
    const counted = ok ? primary : predicted;
    confusion.set(`${primary}|${counted}`, (confusion.get(`${primary}|${counted}`) ?? 0) + 1);
    if (!ok) {
      const fired = result.matches.map((m) => `${m.term}:${m.rule}→${m.intent}`).join(', ');
      misses.push(
        `  [${groups.join(' ')}] ${query}  → ${predicted} (expected ${primary}${alternatives.length ? ` or ${alternatives.join('/')}` : ''})${fired ? `  {${fired}}` : ''}`
      );
    }
  }

  console.log(`\n=== ${title}: ${rows.length} queries`);
  console.log(
    `accuracy (primary or acceptable): ${pct(correct / rows.length)}   strict (primary only): ${pct(strict / rows.length)}`
  );
  // Per language first, then per variant kind.
  for (const [key, { n, ok }] of [...byGroup].sort((a, b) => a[0][0].localeCompare(b[0][0])))
    console.log(`  ${key.split('|')[1].padEnd(13)} ${pad(pct(ok / n), 6)} of ${n}`);

  console.log('\nper intent        precision  recall    f1   n');
  for (const intent of INTENTS) {
    const tp = confusion.get(`${intent}|${intent}`) ?? 0;
    const predicted = labels.reduce((sum, l) => sum + (confusion.get(`${l}|${intent}`) ?? 0), 0);
    const actual = labels.reduce((sum, l) => sum + (confusion.get(`${intent}|${l}`) ?? 0), 0);
    const p = predicted ? tp / predicted : 0;
    const r = actual ? tp / actual : 0;
    const f1 = p + r ? (2 * p * r) / (p + r) : 0;
    console.log(
      `${intent.padEnd(16)} ${pad(pct(p), 9)} ${pad(pct(r), 8)} ${pad(f1.toFixed(2), 5)} ${pad(actual, 3)}`
    );
  }

  const short = (l: string) => l.slice(0, 6);
  console.log('\nconfusion (rows: expected, columns: predicted)');
  console.log(`${''.padEnd(14)}${labels.map((l) => pad(short(l), 7)).join('')}`);
  for (const expected of INTENTS) {
    console.log(
      `${expected.padEnd(14)}${labels.map((l) => pad(confusion.get(`${expected}|${l}`) ?? 0, 7)).join('')}`
    );
  }
  if (misses.length) console.log(`\nmisses (${misses.length}):\n${misses.join('\n')}`);
  const accuracy = correct / rows.length;
  console.log(
    `\n${accuracy >= target ? 'OK' : 'BELOW TARGET'}: ${title} ${pct(accuracy)} (target ${pct(target)})`
  );
  return accuracy;
};

const original = evaluate(
  'original set, eval/intent-queries.ts',
  ALL.map((row) => ({
    query: row[0],
    primary: row[1],
    alternatives: row[2] ?? [],
    groups: [LANGUAGE_OF.get(row) as string],
  })),
  TARGETS.original
);
const variants = evaluate(
  'variants, eval/intent-variants.ts (per language, then per kind)',
  VARIANTS.map((row) => ({
    query: row[1],
    primary: row[2],
    alternatives: row[3] ?? [],
    groups: [VARIANT_LANGUAGE_OF.get(row) as string, row[0]],
  })),
  TARGETS.variants
);

// Held out: written after the tuning and never tuned on; reported, not a gate (it is small).
const holdout = evaluate(
  'held-out variants, eval/intent-holdout.ts (per language, then per kind)',
  HOLDOUT.map(([language, kind, query, primary, alternatives]) => ({
    query,
    primary,
    alternatives: alternatives ?? [],
    groups: [language, kind],
  })),
  TARGETS.variants
);

// False positives: queries without a signal should stay without an intent, whatever the matching.
const guessed = NEUTRAL.map(([language, query]) => ({ language, query, result: classify(query) }))
  .filter(({ result }) => result.intent !== null)
  .map(
    ({ language, query, result }) =>
      `  [${language}] ${query}  → ${result.intent}  {${result.matches.map((m) => `${m.term}:${m.rule}`).join(', ')}}`
  );
console.log(
  `\n=== neutral queries, eval/intent-neutral.ts: ${guessed.length} of ${NEUTRAL.length} given an intent (should be none)`
);
if (guessed.length) console.log(guessed.join('\n'));

console.log(
  `\nsummary: original ${pct(original)} (target ${pct(TARGETS.original)}), variants ${pct(variants)} (target ${pct(TARGETS.variants)}), held out ${pct(holdout)}, neutral ${guessed.length}/${NEUTRAL.length} given an intent`
);
process.exit(original >= TARGETS.original && variants >= TARGETS.variants ? 0 : 1);
