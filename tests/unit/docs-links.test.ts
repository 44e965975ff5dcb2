import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';

/**
 * README.md is a short path for newcomers and the reference lives in docs/*.md: every link
 * between them must land on a file and, with a #fragment, on a heading of that file (GitHub's
 * anchors), and images load from the repository, not from a CDN copy of a published version.
 */
const ROOT = path.join(__dirname, '../..');
const pages = [
  'README.md',
  ...fs
    .readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** Markdown outside fenced code blocks: links inside code are examples, not links. */
const prose = (text: string) => text.replace(/^```[\s\S]*?^```/gm, '');

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (file: string) =>
  new Set(
    [...prose(fs.readFileSync(path.join(ROOT, file), 'utf8')).matchAll(/^#+ (.*)$/gm)].map((m) =>
      anchor(m[1])
    )
  );

const linksOf = (file: string) =>
  [
    ...prose(fs.readFileSync(path.join(ROOT, file), 'utf8')).matchAll(
      /(!?)\[[^\]]*\]\(([^)\s]+)\)/g
    ),
  ].map((m) => ({ image: m[1] === '!', target: m[2] }));

test('the pages are there: README and the reference it links to', () => {
  expect(pages).toEqual(
    expect.arrayContaining(['README.md', 'docs/configuration.md', 'docs/content-api.md'])
  );
  expect(linksOf('README.md').length).toBeGreaterThan(10);
});

test.each(pages)('every relative link in %s lands on a file and a heading', (page) => {
  const broken: string[] = [];
  for (const { target } of linksOf(page)) {
    if (/^[a-z]+:/i.test(target)) continue;
    const [file, fragment] = target.split('#');
    const resolved = file
      ? path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, page)), file))
      : page;
    if (!fs.existsSync(path.join(ROOT, resolved))) broken.push(`${target}: no ${resolved}`);
    else if (fragment && resolved.endsWith('.md') && !anchorsOf(resolved).has(fragment)) {
      broken.push(`${target}: no heading #${fragment} in ${resolved}`);
    }
  }
  expect(broken).toEqual([]);
});

test.each(pages)('%s loads its images from the repository', (page) => {
  const images = linksOf(page).filter((link) => link.image);
  expect(images.filter((image) => /^[a-z]+:/i.test(image.target))).toEqual([]);
});

test('the README shows coverage and the measured journey; the reference pages show the rest', () => {
  const shown = pages.flatMap((page) =>
    linksOf(page)
      .filter((link) => link.image)
      .map((link) => path.basename(link.target))
  );
  // Coverage on top; the analytics tab and the map's measured lines where the README says what
  // is collected (issue 24 asks for both beside the privacy section).
  expect(
    linksOf('README.md')
      .filter((link) => link.image)
      .map((link) => path.basename(link.target))
  ).toEqual(['coverage.png', 'analytics-tab.png', 'journey-map-measured.png']);
  const screenshots = fs
    .readdirSync(path.join(ROOT, 'docs/screenshots'))
    .filter((name) => name.endsWith('.png'));
  expect(screenshots.filter((name) => !shown.includes(name))).toEqual([]);
});

test('the npm package ships no screenshots: npm shows the README with images from the repository', () => {
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
  ) as { files: { path: string }[] }[];
  const paths = packed.files.map((file) => file.path);
  expect(paths).toContain('README.md');
  expect(paths.filter((file) => /\.(png|jpe?g|gif|webp)$/i.test(file))).toEqual([]);
});
