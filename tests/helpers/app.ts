import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { createDatabase, currentDatabase, type DbTarget } from './databases';

const REPO = path.resolve(__dirname, '../..');

export interface TestAppOptions {
  /** Plugin config as an app would write it in config/plugins. */
  pluginConfig?: Record<string, unknown>;
  /** Extra content types: name -> schema.json contents. */
  contentTypes?: Record<string, Record<string, unknown>>;
  locales?: string[];
  /** Also load @strapi/plugin-documentation, as an app that installed it would. */
  withDocumentation?: boolean;
  /** Also load @strapi/plugin-graphql, with the operation limits a production app should set. */
  withGraphql?: boolean;
  /** The same app without this plugin: the baseline of the benchmark. */
  withoutPlugin?: boolean;
  /** Content types instead of the fixtures. */
  onlyTypes?: boolean;
  port?: number;
  /** Extra app files (path relative to the app -> contents), e.g. a plugin extension. */
  files?: Record<string, string>;
}

export interface TestApp {
  strapi: Core.Strapi;
  db: DbTarget;
  appDir: string;
  stop: () => Promise<void>;
}

const attr = (type: string, extra: Record<string, unknown> = {}) => ({ type, ...extra });
const localized = { i18n: { localized: true } };

/** The fixture types: one of each shape the plugin must handle. */
export const FIXTURE_TYPES: Record<string, Record<string, unknown>> = {
  // Localized, draft & publish, opted in through its schema.
  article: {
    kind: 'collectionType',
    collectionName: 'articles',
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true }, journey: { enabled: true } },
    attributes: {
      title: attr('string', { required: true, pluginOptions: localized }),
      summary: attr('text', { pluginOptions: localized }),
      secretNote: attr('string', { private: true, pluginOptions: localized }),
    },
  },
  // Not localized, no draft & publish, opted in through the plugin config.
  page: {
    kind: 'collectionType',
    collectionName: 'pages',
    info: { singularName: 'page', pluralName: 'pages', displayName: 'Page' },
    options: { draftAndPublish: false },
    attributes: { title: attr('string', { required: true }) },
  },
  // Not journey-aware: must stay untouched.
  note: {
    kind: 'collectionType',
    collectionName: 'notes',
    info: { singularName: 'note', pluralName: 'notes', displayName: 'Note' },
    options: { draftAndPublish: false },
    attributes: { title: attr('string') },
  },
};

/** The limits the graphql tests check: the same item limit as the journey routes. */
export const GRAPHQL_TEST_CONFIG = {
  endpoint: '/graphql',
  shadowCRUD: true,
  depthLimit: 10,
  defaultLimit: 25,
  maxLimit: 100,
  landingPage: false,
  generateArtifacts: false,
};

const write = (file: string, content: string) => {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
};

const js = (value: unknown) => `module.exports = ${JSON.stringify(value, null, 2)};\n`;

export const writeApp = (
  appDir: string,
  db: Pick<DbTarget, 'connection'>,
  options: TestAppOptions
) => {
  write(
    path.join(appDir, 'package.json'),
    JSON.stringify({
      name: 'journey-test-app',
      private: true,
      version: '0.0.0',
      dependencies: {
        '@strapi/strapi': '*',
        '@strapi/plugin-users-permissions': '*',
        ...(options.withDocumentation ? { '@strapi/plugin-documentation': '*' } : {}),
        ...(options.withGraphql ? { '@strapi/plugin-graphql': '*' } : {}),
        // What `strapi build` checks for before it builds an admin panel (the benchmark's server).
        react: '*',
        'react-dom': '*',
        'react-router-dom': '*',
        'styled-components': '*',
      },
    })
  );
  write(path.join(appDir, 'config/database.js'), js({ connection: db.connection }));
  write(
    path.join(appDir, 'config/server.js'),
    js({
      host: '127.0.0.1',
      port: options.port ?? 0,
      app: { keys: ['test-key-a', 'test-key-b'] },
    })
  );
  write(
    path.join(appDir, 'config/admin.js'),
    js({
      auth: { secret: 'test-admin-jwt-secret' },
      apiToken: { salt: 'test-api-token-salt' },
      transfer: { token: { salt: 'test-transfer-salt' } },
      secrets: { encryptionKey: 'test-encryption-key-0123456789abcdef' },
    })
  );
  write(
    path.join(appDir, 'config/plugins.js'),
    js({
      journey: {
        enabled: !options.withoutPlugin,
        resolve: REPO,
        config: options.pluginConfig ?? { contentTypes: ['api::page.page'] },
      },
      'users-permissions': { config: { jwtSecret: 'test-users-permissions-secret' } },
      ...(options.withGraphql ? { graphql: { config: GRAPHQL_TEST_CONFIG } } : {}),
    })
  );
  write(
    path.join(appDir, 'config/api.js'),
    js({ rest: { defaultLimit: 25, maxLimit: 100, withCount: true } })
  );
  write(
    path.join(appDir, 'config/middlewares.js'),
    js([
      'strapi::logger',
      'strapi::errors',
      'strapi::security',
      'strapi::cors',
      'strapi::poweredBy',
      'strapi::query',
      'strapi::body',
      'strapi::session',
      'strapi::favicon',
      'strapi::public',
    ])
  );
  write(path.join(appDir, 'config/logger.js'), `module.exports = ${loggerConfig};\n`);
  fs.mkdirSync(path.join(appDir, 'public/uploads'), { recursive: true });
  for (const [file, content] of Object.entries(options.files ?? {})) {
    write(path.join(appDir, file), content);
  }
  const types = options.onlyTypes
    ? (options.contentTypes ?? {})
    : { ...FIXTURE_TYPES, ...(options.contentTypes ?? {}) };
  for (const [name, schema] of Object.entries(types)) {
    const base = path.join(appDir, 'src/api', name);
    const uid = `api::${name}.${name}`;
    write(path.join(base, 'content-types', name, 'schema.json'), JSON.stringify(schema, null, 2));
    write(
      path.join(base, 'controllers', `${name}.js`),
      `module.exports = require('@strapi/strapi').factories.createCoreController('${uid}');\n`
    );
    write(
      path.join(base, 'services', `${name}.js`),
      `module.exports = require('@strapi/strapi').factories.createCoreService('${uid}');\n`
    );
    write(
      path.join(base, 'routes', `${name}.js`),
      `module.exports = require('@strapi/strapi').factories.createCoreRouter('${uid}');\n`
    );
  }
};

// Quiet logs keep the test output readable; errors still show.
const loggerConfig = `(() => { const { winston } = require('@strapi/logger'); return { transports: [new winston.transports.Console({ level: process.env.JOURNEY_TEST_LOG || 'error' })] }; })()`;

const tmpRoot = () => {
  const dir = path.join(REPO, 'tests/.tmp');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
};

/** Writes a fixture app, creates a fresh database, and loads a real Strapi on it. */
export const startApp = async (options: TestAppOptions = {}): Promise<TestApp> => {
  const appDir = fs.mkdtempSync(path.join(tmpRoot(), 'app-'));
  const db = await createDatabase(currentDatabase(), appDir);
  writeApp(appDir, db, options);
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_UPDATE_NOTIFICATION = 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require('@strapi/strapi');
  let strapi: Core.Strapi;
  try {
    strapi = await createStrapi({
      appDir,
      distDir: appDir,
      autoReload: false,
      serveAdminPanel: false,
    }).load();
  } catch (error) {
    await db.drop().catch(() => {});
    fs.rmSync(appDir, { recursive: true, force: true });
    throw error;
  }
  await strapi.server.mount();
  const locales = strapi.plugin('i18n').service('locales');
  for (const code of options.locales ?? ['sv', 'nb']) {
    if (!(await locales.findByCode(code))) await locales.create({ code, name: code });
  }
  return {
    strapi,
    db,
    appDir,
    stop: async () => {
      await strapi.destroy();
      await db.drop();
      fs.rmSync(appDir, { recursive: true, force: true });
    },
  };
};

/** Loads a Strapi app expected to fail at boot, and returns the error it failed with. */
export const bootError = async (options: TestAppOptions): Promise<Error> => {
  try {
    const app = await startApp(options);
    await app.stop();
  } catch (error) {
    return error as Error;
  }
  throw new Error('Strapi booted although a failure was expected');
};
