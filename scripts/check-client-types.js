#!/usr/bin/env node
'use strict';

/**
 * `node scripts/check-client-types.js [<app dir>]`: does `import … from
 * 'strapi-plugin-journey/client'` type-check in a TypeScript app, under every module resolution
 * an app may use? A fresh create-strapi-app TypeScript app resolves with the classic `node`
 * (node10) algorithm, which ignores `exports`: there the subpath resolves only through the
 * package's `typesVersions` (TS2307 without it).
 *
 * With an app dir (one that has the plugin installed, e.g. scripts/fresh-app.js's), the check
 * uses the app's own TypeScript and extends the app's tsconfig.json, overriding only the module
 * options. Without one, it packs this checkout (`npm pack --ignore-scripts`; the client is built
 * first when dist/ has no build of it), unpacks the tarball in a temp dir and links it into an
 * empty app's node_modules, as npm would install it; the repository's TypeScript checks it there.
 *
 * Each mode compiles a small file that imports the client, uses its types and expects an error
 * where a wrong call must fail: a resolution that silently ends in `any` fails too. Under node16
 * and nodenext an .mts file checks the `import` condition beside the .ts file's `require`.
 * Exits non-zero on any error, printing tsc's output.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const PACKAGE = 'strapi-plugin-journey';
const CHECK_DIR = '.journey-client-types';

/** moduleResolution, and the module setting it goes with; `files`: the check files it compiles. */
const MODES = [
  { name: 'node10', module: 'commonjs', moduleResolution: 'node10', files: ['check.ts'] },
  {
    name: 'node16',
    module: 'node16',
    moduleResolution: 'node16',
    files: ['check.ts', 'check.mts'],
  },
  {
    name: 'nodenext',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    files: ['check.ts', 'check.mts'],
  },
  { name: 'bundler', module: 'esnext', moduleResolution: 'bundler', files: ['check.ts'] },
];

/**
 * Real types of the package, used so that each must be what the client declares: `IsAny` fails
 * the compile when a type came out as `any` (an import that did not resolve inside a .d.ts is
 * `any` under skipLibCheck, which apps turn on), and the expected errors fail as unused when
 * the client is untyped.
 */
const CHECK_SOURCE = `import {
  createJourneyClient,
  JourneyApiError,
  type ContentResponse,
  type JourneyClient,
  type JourneyItem,
  type NextParams,
  createJourneyTracker,
  type JourneyTracker,
} from '${PACKAGE}/client';

type IsAny<T> = 0 extends 1 & T ? true : false;
const typed: [IsAny<JourneyClient>, IsAny<ContentResponse>, IsAny<JourneyItem>] = [
  false,
  false,
  false,
];

interface Article extends JourneyItem {
  title: string;
}

export const titles = async (baseUrl: string): Promise<string[]> => {
  const client: JourneyClient = createJourneyClient({ baseUrl });
  const page: ContentResponse<Article> = await client.content<Article>({
    stage: ['consideration'],
    intent: 'commercial',
    pageSize: 10,
  });
  const total: number = page.meta.pagination.total;
  const next: NextParams = { stage: 'awareness', limit: 3 };
  const served: string = (await client.next(next)).meta.servedStage.key;
  // @ts-expect-error: 'shopping' is not a search intent
  await client.content({ intent: 'shopping' });
  // @ts-expect-error: baseUrl is required
  createJourneyClient({});
  const error: unknown = new JourneyApiError(400, baseUrl, null);
  const track: JourneyTracker = createJourneyTracker({ baseUrl });
  await track.view({ documentId: 'abc', contentType: 'api::article.article' });
  track.helpful('abc', true);
  // @ts-expect-error: a goal is named by a string
  track.goal(1);
  const tracking: [IsAny<JourneyTracker>, boolean] = [false, track.enabled];
  return [...page.data.map((item) => item.title), String(total), served, String(typed), String(error), String(tracking)];
};
`;

const tscOf = (dir) => {
  try {
    return require.resolve('typescript/bin/tsc', { paths: [dir] });
  } catch {
    return null;
  }
};

/**
 * Type-checks the client import in appDir under each mode (`modes`, default all). Returns the
 * modes' results ({ name, ok, output }); `log` receives one line per mode.
 */
const checkClientTypes = (
  appDir,
  { tsc = tscOf(appDir), log = console.log, modes = MODES } = {}
) => {
  const installed = path.join(appDir, 'node_modules', PACKAGE, 'package.json');
  if (!fs.existsSync(installed)) throw new Error(`${PACKAGE} is not installed in ${appDir}`);
  if (!tsc) throw new Error(`no TypeScript in ${appDir} (npm install -D typescript)`);
  const { version } = require(path.join(path.dirname(path.dirname(tsc)), 'package.json'));
  const appConfig = path.join(appDir, 'tsconfig.json');
  const dir = path.join(appDir, CHECK_DIR);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  try {
    fs.writeFileSync(path.join(dir, 'check.ts'), CHECK_SOURCE);
    fs.writeFileSync(path.join(dir, 'check.mts'), CHECK_SOURCE);
    return modes.map((mode) => {
      const config = {
        ...(fs.existsSync(appConfig) ? { extends: '../tsconfig.json' } : {}),
        compilerOptions: {
          module: mode.module,
          moduleResolution: mode.moduleResolution,
          noEmit: true,
          // An app's config may ask for incremental builds: keep their state out of the app.
          incremental: true,
          tsBuildInfoFile: `./${mode.name}.tsbuildinfo`,
        },
        files: mode.files,
        include: [],
      };
      const configFile = path.join(dir, `tsconfig.${mode.name}.json`);
      fs.writeFileSync(configFile, `${JSON.stringify(config, null, 2)}\n`);
      const result = spawnSync(process.execPath, [tsc, '-p', configFile], {
        cwd: appDir,
        encoding: 'utf8',
      });
      const ok = result.status === 0;
      const output = `${result.stdout}${result.stderr}`.trim();
      log(
        `${ok ? 'ok  ' : 'FAIL'} moduleResolution ${mode.moduleResolution}, module ${mode.module} (TypeScript ${version}): ${mode.files.join(' + ')}${ok ? '' : `\n${output}`}`
      );
      return { name: mode.name, ok, output };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/**
 * The client's build, as npm would ship it. Built here when missing: `strapi-plugin build` (what
 * `npm test` runs) replaces dist/ and leaves no client declarations of its own for ESM.
 */
const ensureClientBuilt = () => {
  const needed = ['cjs', 'esm'].map((format) => `dist/client/${format}/client/src/index.d.ts`);
  if (needed.every((file) => fs.existsSync(path.join(ROOT, file)))) return;
  execFileSync(process.execPath, [path.join(ROOT, 'client', 'build.js')], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
};

/**
 * An empty TypeScript app in a temp dir with this checkout packed and installed: the tarball
 * unpacked beside it and linked as node_modules/strapi-plugin-journey. Its tsconfig is the one
 * create-strapi-app's server config starts from, strict and with library checks on, and the
 * DOM library in place of the @types/node an app has (the client uses fetch's types).
 */
const packedApp = () => {
  ensureClientBuilt();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-client-types-'));
  const out = execFileSync(
    'npm',
    ['pack', '--ignore-scripts', '--json', '--pack-destination', work],
    { cwd: ROOT, encoding: 'utf8', env: { ...process.env, npm_config_audit: 'false' } }
  );
  const [{ filename }] = JSON.parse(out);
  const unpacked = path.join(work, 'unpacked');
  fs.mkdirSync(unpacked);
  execFileSync('tar', ['-xzf', path.join(work, path.basename(filename)), '-C', unpacked]);
  const pkgDir = path.join(unpacked, 'package');
  const app = path.join(work, 'app');
  fs.mkdirSync(path.join(app, 'node_modules'), { recursive: true });
  fs.symlinkSync(pkgDir, path.join(app, 'node_modules', PACKAGE), 'dir');
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
  const tsconfig = {
    compilerOptions: {
      module: 'commonjs',
      moduleResolution: 'node10',
      lib: ['ES2020', 'DOM'],
      target: 'ES2019',
      types: [],
      strict: true,
      skipLibCheck: false,
      esModuleInterop: true,
    },
  };
  fs.writeFileSync(path.join(app, 'tsconfig.json'), `${JSON.stringify(tsconfig, null, 2)}\n`);
  return { app, pkgDir, remove: () => fs.rmSync(work, { recursive: true, force: true }) };
};

const main = () => {
  const given = process.argv[2];
  let results;
  if (given) {
    results = checkClientTypes(path.resolve(given));
  } else {
    const { app, remove } = packedApp();
    try {
      results = checkClientTypes(app, { tsc: tscOf(ROOT) });
    } finally {
      remove();
    }
  }
  const failed = results.filter((r) => !r.ok).map((r) => r.name);
  if (failed.length) {
    console.error(`${PACKAGE}/client does not type-check under: ${failed.join(', ')}`);
    process.exit(1);
  }
  console.log(`${PACKAGE}/client types resolve under ${results.map((r) => r.name).join(', ')}`);
};

if (require.main === module) {
  try {
    main();
  } catch (error) {
    console.error(error.message);
    process.exit(1);
  }
}

module.exports = { checkClientTypes, packedApp, MODES, tscOf };
