import fs from 'fs';
import os from 'os';
import path from 'path';
import vm from 'vm';
import ts from 'typescript';
import { defaultsDeep } from 'lodash/fp';
import { DEFAULT_CONFIG, configProblems } from '../../server/src/domain/config';

/**
 * `npm run fresh-app` creates its app and enables the plugin with the README's own install
 * blocks (`<!-- fresh-app: create -->`, `<!-- fresh-app: plugins -->`); these tests check that
 * the blocks are there, parse, and would boot a new app, without running the five-minute check.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
type Create = { npxFlags: string[]; version: string; appName: string; flags: string[] };
const { readInstall, markedBlock, parseCreate } = require('../../scripts/readme-install') as {
  readInstall: (readme?: string) => { create: Create; pluginsEntry: string };
  markedBlock: (readme: string, name: string) => string;
  parseCreate: (block: string) => Create;
};
const { enablePlugin } = require('../../scripts/fresh-app') as {
  enablePlugin: (appDir: string) => void;
};
/* eslint-enable @typescript-eslint/no-require-imports */

const ROOT = path.join(__dirname, '../..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** A new app's content types: Strapi's and its plugins' own, none of the app's (`api::`). */
const FRESH_APP_UIDS = [
  'admin::user',
  'admin::role',
  'plugin::upload.file',
  'plugin::i18n.locale',
  'plugin::users-permissions.user',
  'plugin::users-permissions.role',
];

/** Runs a TypeScript config file the way Strapi loads it: its default export, called with env. */
const loadConfigFile = (source: string) => {
  const { outputText, diagnostics } = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
    reportDiagnostics: true,
  });
  expect(diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
  const module = { exports: {} as { default?: unknown } };
  vm.runInNewContext(outputText, { module, exports: module.exports, require });
  const factory = module.exports.default as (params: { env: () => undefined }) => unknown;
  return factory({ env: () => undefined }) as Record<
    string,
    { enabled?: boolean; config?: unknown }
  >;
};

/** What register() validates: the user's config with the plugin's defaults filled in. */
const problemsOnAFreshApp = (config: unknown = {}) =>
  configProblems(defaultsDeep(DEFAULT_CONFIG, config), FRESH_APP_UIDS);

describe("the README's create-strapi-app command", () => {
  const { create } = readInstall(readme);

  test('pins the Strapi version this repository builds and tests against', () => {
    expect(create.version).toBe(pkg.devDependencies['@strapi/strapi']);
  });

  test('runs unattended: every question create-strapi-app would ask is answered by a flag', () => {
    // npx asks before it downloads a package unless --yes; create-strapi-app asks about Cloud,
    // the language, the package manager, the database, the example, git and (closed stdin
    // answering "no") whether to install.
    expect(create.npxFlags).toContain('--yes');
    for (const flag of [
      '--skip-cloud',
      '--typescript',
      '--use-npm',
      '--skip-db',
      '--no-example',
      '--no-git-init',
      '--install',
      '--no-run',
    ]) {
      expect(create.flags).toContain(flag);
    }
  });

  test('names the directory the next README step changes into', () => {
    expect(create.appName).toBe('my-app');
    expect(readme).toContain(`cd ${create.appName}\nnpm install strapi-plugin-journey\n`);
  });

  test('a command that is not one pinned create-strapi-app call is refused', () => {
    expect(() => parseCreate('npx create-strapi-app my-app --skip-cloud')).toThrow(
      /create-strapi-app@<x.y.z>/
    );
    expect(() => parseCreate('npx --yes create-strapi-app@5.54.0 --skip-cloud')).toThrow(
      /no app directory/
    );
    expect(() => parseCreate('npx create-strapi-app@5.54.0 a\nnpm run develop')).toThrow(
      /one command/
    );
    expect(() => markedBlock('no marker here', 'create')).toThrow(/<!-- fresh-app: create -->/);
  });
});

describe("the README's config/plugins.ts", () => {
  const block = markedBlock(readme, 'plugins');

  test('is a whole config file that enables the plugin without naming a type a new app lacks', () => {
    const plugins = loadConfigFile(block);
    expect(plugins.journey.enabled).toBe(true);
    expect(problemsOnAFreshApp(plugins.journey.config)).toEqual([]);
  });

  test('the check has teeth: naming a type the app lacks is a boot error', () => {
    expect(problemsOnAFreshApp({ contentTypes: ['api::page.page'] })).toEqual([
      'contentTypes[0]: content type "api::page.page" does not exist',
    ]);
  });

  test("fresh-app adds the README's entry to a generated plugins.ts, keeping its keys", () => {
    const appDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-readme-install-'));
    try {
      fs.mkdirSync(path.join(appDir, 'config'));
      const file = path.join(appDir, 'config', 'plugins.ts');
      // The shape create-strapi-app 5.54 writes: an arrow function returning an object literal.
      fs.writeFileSync(
        file,
        [
          "import type { Core } from '@strapi/strapi';",
          '',
          'const config = ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Plugin => ({',
          "  'users-permissions': { config: { jwtManagement: 'refresh' } },",
          "  upload: { config: { sizeLimit: env('UPLOAD_LIMIT') } },",
          '});',
          '',
          'export default config;',
          '',
        ].join('\n')
      );
      enablePlugin(appDir);
      const written = fs.readFileSync(file, 'utf8');
      expect(written).toContain(readInstall(readme).pluginsEntry.replace(/^/gm, '  '));
      const plugins = loadConfigFile(written);
      expect(Object.keys(plugins).sort()).toEqual(['journey', 'upload', 'users-permissions']);
      expect(plugins.journey.enabled).toBe(true);
      enablePlugin(appDir); // a rerun on the same app adds nothing
      expect(fs.readFileSync(file, 'utf8')).toBe(written);
    } finally {
      fs.rmSync(appDir, { recursive: true, force: true });
    }
  });
});

describe("the README's configuration example", () => {
  test('passes the plugin config check on a new app', () => {
    const section = readme.slice(readme.indexOf('## Configuration essentials'));
    const example = /```ts\n(journey: \{[\s\S]*?\n\},)\n```/.exec(section);
    expect(example).not.toBeNull();
    const config = vm.runInNewContext(`({${example![1]}})`) as {
      journey: { enabled: boolean; config: unknown };
    };
    expect(config.journey.enabled).toBe(true);
    expect(problemsOnAFreshApp(config.journey.config)).toEqual([]);
  });
});
