/**
 * `npm run intent:eval`: measures the intent classifier on the labelled set in eval/. A prediction
 * is correct when it is the primary intent or one of the acceptable alternatives ("strict" counts
 * the primary only). Exits non-zero below the target, so CI notices a regression.
 */
import { INTENTS, type Intent } from '../server/src/domain/intents';
import { createClassifier } from '../server/src/intent/classifier';
import { ALL, LANGUAGE_OF } from '../eval/intent-queries';

const TARGET = 0.85;
const { classify } = createClassifier();
const labels = [...INTENTS, 'none'] as const;
type Label = (typeof labels)[number];

const confusion = new Map<string, number>();
const byLanguage = new Map<string, { n: number; ok: number }>();
let correct = 0;
let strict = 0;
const misses: string[] = [];

for (const row of ALL) {
  const [query, primary, alternatives = []] = row;
  const language = LANGUAGE_OF.get(row) as string;
  const predicted: Label = classify(query).intent ?? 'none';
  const ok = predicted === primary || alternatives.includes(predicted as Intent);
  correct += ok ? 1 : 0;
  strict += predicted === primary ? 1 : 0;
  const lang = byLanguage.get(language) ?? { n: 0, ok: 0 };
  lang.n += 1;
  lang.ok += ok ? 1 : 0;
  byLanguage.set(language, lang);
  // The confusion matrix counts an acceptable alternative as the primary it stands for.
  const counted = ok ? primary : predicted;
  confusion.set(`${primary}|${counted}`, (confusion.get(`${primary}|${counted}`) ?? 0) + 1);
  if (!ok)
    misses.push(
      `  [${language}] ${query}  → ${predicted} (expected ${primary}${alternatives.length ? ` or ${alternatives.join('/')}` : ''})`
    );
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string | number, n: number) => String(s).padStart(n);

console.log(`Intent classifier on eval/intent-queries.ts: ${ALL.length} queries`);
console.log(
  `accuracy (primary or acceptable): ${pct(correct / ALL.length)}   strict (primary only): ${pct(strict / ALL.length)}`
);
for (const [language, { n, ok }] of byLanguage)
  console.log(`  ${language}: ${pct(ok / n)} of ${n}`);

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
const accuracy = correct / ALL.length;
console.log(
  `\n${accuracy >= TARGET ? 'OK' : 'BELOW TARGET'}: ${pct(accuracy)} (target ${pct(TARGET)})`
);
process.exit(accuracy >= TARGET ? 0 : 1);
