import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { writeApp } from '../tests/helpers/app';

export const REPO = path.resolve(__dirname, '..');

const localized = { i18n: { localized: true } };
const text = (type: string) => ({ type, pluginOptions: localized });

/** Two journey-aware types, localized with draft & publish: the shape content teams run. */
export const BENCH_TYPES: Record<string, Record<string, unknown>> = {
  article: {
    kind: 'collectionType',
    collectionName: 'articles',
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true }, journey: { enabled: true } },
    attributes: { title: { ...text('string'), required: true }, summary: text('text') },
  },
  guide: {
    kind: 'collectionType',
    collectionName: 'guides',
    info: { singularName: 'guide', pluralName: 'guides', displayName: 'Guide' },
    options: { draftAndPublish: true },
    pluginOptions: { i18n: { localized: true }, journey: { enabled: true } },
    attributes: { title: { ...text('string'), required: true }, intro: text('text') },
  },
};

export const ARTICLE = 'api::article.article';
export const GUIDE = 'api::guide.guide';

export interface BenchAppOptions {
  appDir: string;
  connection: Record<string, unknown>;
  withoutPlugin?: boolean;
  port?: number;
  /** SQLite only: PRAGMA mmap_size for each connection, set the way an app would (pool.afterCreate). */
  sqliteMmapBytes?: number;
  /** The plugin's config (config/plugins.js), e.g. `http.responseCache` when the build has it. */
  pluginConfig?: Record<string, unknown>;
}

/** Writes the benchmark's Strapi app: the test fixture app with the two types only. */
export const writeBenchApp = ({
  appDir,
  connection,
  withoutPlugin,
  port,
  sqliteMmapBytes,
  pluginConfig = {},
}: BenchAppOptions) => {
  fs.mkdirSync(appDir, { recursive: true });
  writeApp(
    appDir,
    { connection },
    {
      onlyTypes: true,
      contentTypes: BENCH_TYPES,
      pluginConfig,
      withoutPlugin,
      port,
    }
  );
  if (sqliteMmapBytes && connection.client === 'sqlite') {
    // A function cannot go through JSON: the config file is written as code. Strapi calls a
    // user's afterCreate after its own (which turns foreign keys on) with better-sqlite3's handle.
    fs.writeFileSync(
      path.join(appDir, 'config/database.js'),
      `const config = { connection: ${JSON.stringify(connection)} };
config.connection.pool = {
  afterCreate: (conn, done) => {
    conn.pragma('mmap_size = ${Math.floor(sqliteMmapBytes)}');
    done(null, conn);
  },
};
module.exports = config;
`
    );
  }
};

/** Loads Strapi in this process (no HTTP server), for generating data and timing services. */
export const loadStrapi = async (appDir: string): Promise<Core.Strapi> => {
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_UPDATE_NOTIFICATION = 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require('@strapi/strapi');
  const strapi = (await createStrapi({
    appDir,
    distDir: appDir,
    autoReload: false,
    serveAdminPanel: false,
  }).load()) as Core.Strapi;
  const locales = strapi.plugin('i18n').service('locales');
  for (const code of ['sv', 'nb']) {
    if (!(await locales.findByCode(code))) await locales.create({ code, name: code });
  }
  return strapi;
};

/**
 * Builds the benchmark app's admin panel (`strapi build`, production) and copies it into the app
 * dir, so that the server under load is the one users deploy: built admin, served.
 *
 * The build runs in a folder outside the repository: Strapi looks for a tsconfig.json up the
 * tree and would take the repository's for the app's own and compile nothing. The folder links
 * to the repository's node_modules, as the demo does by living inside it.
 */
export const buildAdmin = (appDir: string, { withoutPlugin = false } = {}) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-bench-admin-'));
  try {
    writeBenchApp({
      appDir: dir,
      connection: {
        client: 'sqlite',
        connection: { filename: ':memory:' },
        useNullAsDefault: true,
      },
      withoutPlugin,
    });
    fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
    const started = Date.now();
    const result = spawnSync(path.join(REPO, 'node_modules/.bin/strapi'), ['build'], {
      cwd: dir,
      env: { ...process.env, NODE_ENV: 'production', STRAPI_TELEMETRY_DISABLED: 'true' },
      encoding: 'utf8',
    });
    const index = path.join(dir, 'build/index.html');
    if (result.status !== 0 || !fs.existsSync(index)) {
      throw new Error(
        `strapi build failed (${result.status}):\n${result.stdout}\n${result.stderr}`
      );
    }
    fs.cpSync(path.join(dir, 'build'), path.join(appDir, 'build'), { recursive: true });
    return { seconds: Math.round((Date.now() - started) / 100) / 10 };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
};

/** A super admin the bench logs in as, created the way the admin's first-run sign-up does. */
export const createSuperAdmin = async (
  strapi: Core.Strapi,
  admin: { email: string; password: string; firstname: string; lastname: string }
) => {
  const roles = strapi.service('admin::role');
  await roles.createRolesIfNoneExist();
  await strapi.service('admin::user').create({
    ...admin,
    isActive: true,
    roles: [(await roles.getSuperAdmin()).id],
  });
};
