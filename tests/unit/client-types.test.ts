import fs from 'fs';
import path from 'path';

/**
 * The client's types as an app gets them: this checkout packed (the client is built first when
 * dist/ has no build of it), unpacked, linked into an empty app's node_modules and
 * imported under each moduleResolution (scripts/check-client-types.js). Then the same package
 * without `typesVersions` fails under node10, so the check does find the error it is there for.
 */
type Mode = { name: string };
type Result = { name: string; ok: boolean; output: string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(path.resolve(__dirname, '../../scripts/check-client-types.js')) as {
  checkClientTypes: (
    appDir: string,
    options: { tsc: string; log: (line: string) => void; modes?: Mode[] }
  ) => Result[];
  packedApp: () => { app: string; pkgDir: string; remove: () => void };
  tscOf: (dir: string) => string;
  MODES: Mode[];
};

const tsc = script.tscOf(path.resolve(__dirname, '../..'));
let packed: ReturnType<typeof script.packedApp>;
const lines: string[] = [];
const check = (modes = script.MODES) =>
  script.checkClientTypes(packed.app, { tsc, log: (l) => lines.push(l), modes });

beforeAll(() => {
  packed = script.packedApp();
});
afterAll(() => packed?.remove());

describe('strapi-plugin-journey/client types in the packed package', () => {
  test('resolve and type-check under node10, node16, nodenext and bundler', () => {
    const results = check();
    expect({ results: results.map((r) => [r.name, r.ok]), lines }).toEqual({
      results: [
        ['node10', true],
        ['node16', true],
        ['nodenext', true],
        ['bundler', true],
      ],
      lines: expect.any(Array),
    });
  });

  test('without typesVersions, node10 fails with TS2307; bundler does not need it', () => {
    const file = path.join(packed.pkgDir, 'package.json');
    const pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
    delete pkg.typesVersions;
    fs.writeFileSync(file, JSON.stringify(pkg, null, 2));
    const [node10, bundler] = check(
      script.MODES.filter((m) => m.name === 'node10' || m.name === 'bundler')
    );
    expect(node10.ok).toBe(false);
    expect(node10.output).toMatch(/TS2307: Cannot find module 'strapi-plugin-journey\/client'/);
    expect(bundler).toMatchObject({ name: 'bundler', ok: true });
  });
});
