import fs from 'fs';
import path from 'path';

const DIR = path.resolve(__dirname, '../../admin/src');
const read = (lang: string) =>
  JSON.parse(fs.readFileSync(path.join(DIR, 'translations', `${lang}.json`), 'utf8')) as Record<
    string,
    string
  >;

const sources = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return /\.(tsx?|jsx?)$/.test(entry.name) ? [full] : [];
  });

test('en, sv and nb have the same keys, none empty', () => {
  const en = read('en');
  for (const lang of ['sv', 'nb']) {
    const other = read(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    expect(Object.entries(other).filter(([, v]) => !v.trim())).toEqual([]);
  }
});

test('every translation id used in the admin exists in en.json', () => {
  const en = read('en');
  const used = new Set<string>();
  for (const file of sources(DIR)) {
    const text = fs.readFileSync(file, 'utf8');
    for (const match of text.matchAll(
      /(?:getTranslation\(|\bt\(\s*|\bid=")['"`]?([a-z][a-zA-Z.]+)['"`]/g
    )) {
      used.add(match[1]);
    }
  }
  // Ids built at run time, e.g. `intent.${column}`.
  for (const intent of ['informational', 'commercial', 'transactional', 'navigational', 'local']) {
    used.add(`intent.${intent}`);
  }
  expect(used.size).toBeGreaterThan(30);
  expect([...used].filter((id) => !(id in en))).toEqual([]);
});
