#!/usr/bin/env node
'use strict';

/**
 * `npm run fresh-app [-- <app dir>]`: the path a user takes, end to end. Generates a Strapi app
 * (5.54.0, or the version in FRESH_APP_STRAPI) with create-strapi-app (not the demo), packs this plugin (`npm pack` runs prepack: build
 * and verify; with JOURNEY_SKIP_BUILD=1, as CI runs it after its own build and verify, dist/ is
 * packed as it is), installs the tarball into the app, adds the `journey` key to the app's existing
 * config/plugins.ts, adds an article type that opts in, builds the admin, starts the app on a
 * free port, registers the first admin, calls one admin route and one public route, and checks
 * the article's edit view in Debian's Chromium. With @strapi/plugin-graphql installed beside it,
 * as an app that uses GraphQL has it, it then publishes a tagged article and reads it back three
 * ways a frontend would: the REST route, the plugin's GraphQL query and the typed client
 * (`strapi-plugin-journey/client`, CommonJS and ESM, resolved from the app's node_modules).
 * Prints the timings; exits non-zero on any error.
 *
 * With an app dir that already has Strapi installed, the create step is skipped (for reruns by
 * hand); without one, a throwaway app is generated in the temp dir and removed when all passed.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort, startDetached, waitForHealth } = require('./server-process');
const { readInstall } = require('./readme-install');

const ROOT = path.resolve(__dirname, '..');
// CI runs it on the oldest Strapi the peer range admits and on the newest the registry installs.
const STRAPI_VERSION = process.env.FRESH_APP_STRAPI || '5.54.0';
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ADMIN = {
  firstname: 'Fresh',
  lastname: 'App',
  email: 'admin@fresh-app.test',
  password: 'Fresh-app-1',
};
const ARTICLE_UID = 'api::article.article';

const timings = [];
const scriptStarted = Date.now();

/** Runs a command with its output streamed through, and records how long it took. */
const run = (label, command, args, options = {}) =>
  new Promise((resolve, reject) => {
    const started = Date.now();
    console.log(`\n--- ${label}: ${command} ${args.join(' ')}`);
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('exit', (code) => {
      const seconds = (Date.now() - started) / 1000;
      timings.push([label, seconds]);
      if (code === 0) resolve(seconds);
      else reject(new Error(`${label} failed (exit code ${code})`));
    });
  });

const check = (condition, message) => {
  if (!condition) throw new Error(message);
};

// The npm cache is shared with the CI's own install: prefer it over the registry for every step.
const npmEnv = {
  ...process.env,
  npm_config_prefer_offline: 'true',
  npm_config_audit: 'false',
  npm_config_fund: 'false',
  STRAPI_TELEMETRY_DISABLED: 'true',
};

const hasStrapi = (appDir) =>
  fs.existsSync(path.join(appDir, 'node_modules', '@strapi', 'strapi', 'package.json'));

const createApp = async (appDir) => {
  if (hasStrapi(appDir)) {
    console.log(`\n--- create: ${appDir} already has Strapi installed, reused`);
    return;
  }
  // The README's command as written (its app name replaced by appDir); tests/unit/readme-install
  // checks that its version is the Strapi this repository pins.
  const { create } = readInstall();
  await run(
    'create app (npx create-strapi-app, npm install)',
    'npx',
    [...create.npxFlags, `create-strapi-app@${STRAPI_VERSION}`, appDir, ...create.flags],
    { cwd: path.dirname(appDir), env: npmEnv }
  );
};

/**
 * An app create-strapi-app makes today for an older 5.x mixes in the newest of some of Strapi's
 * own packages (loose ranges inside them): @strapi/admin, @strapi/utils, … at the root, the app's
 * version nested under @strapi/strapi. Two copies break the app with or without this plugin (two
 * `adminApi` slices hang the content manager; a 403 is answered as a 500). Pin them to the app's
 * version, as a user of that version would, so that the check is of the plugin on that version.
 */
const pinStrapiPackages = async (appDir) => {
  const scope = path.join(appDir, 'node_modules', '@strapi');
  const versionOf = (name) => {
    const file = path.join(scope, name, 'package.json');
    return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')).version : null;
  };
  const strapi = versionOf('strapi');
  if (!strapi) return;
  const stray = fs
    .readdirSync(scope)
    .filter((name) => /^5\./.test(versionOf(name) ?? '') && versionOf(name) !== strapi);
  if (stray.length === 0) return;
  const manifest = path.join(appDir, 'package.json');
  const pkg = JSON.parse(fs.readFileSync(manifest, 'utf8'));
  pkg.overrides = {
    ...pkg.overrides,
    ...Object.fromEntries(stray.map((name) => [`@strapi/${name}`, strapi])),
  };
  fs.writeFileSync(manifest, `${JSON.stringify(pkg, null, 2)}\n`);
  console.log(
    `pinned to ${strapi} by overrides (create-strapi-app brought newer): ${stray
      .map((name) => `@strapi/${name} ${versionOf(name)}`)
      .join(', ')}`
  );
  await run('npm install (Strapi packages pinned)', 'npm', ['install'], {
    cwd: appDir,
    env: npmEnv,
  });
};

const packPlugin = async (destination) => {
  // CI has just built and verified dist/ from this tree (JOURNEY_SKIP_BUILD=1 says so): packing
  // it again through prepack would only repeat that build.
  const built = process.env.JOURNEY_SKIP_BUILD === '1';
  await run(
    built ? 'pack (dist/ as built and verified)' : 'pack (prepack: build + verify)',
    'npm',
    ['pack', '--pack-destination', destination, ...(built ? ['--ignore-scripts'] : [])],
    { cwd: ROOT, env: npmEnv }
  );
  const { version } = require(path.join(ROOT, 'package.json'));
  const tarball = path.join(destination, `strapi-plugin-journey-${version}.tgz`);
  check(fs.existsSync(tarball), `npm pack wrote no ${tarball}`);
  console.log(`packed: ${tarball} (${(fs.statSync(tarball).size / 1024).toFixed(1)} kB)`);
  return tarball;
};

/** What the issue complained about: build tools and second copies of the admin's libraries. */
const checkNoDuplicates = (appDir) => {
  const plugin = path.join(appDir, 'node_modules', 'strapi-plugin-journey');
  check(fs.existsSync(path.join(plugin, 'dist', 'server', 'index.js')), 'the plugin has no dist/');
  check(
    !fs.existsSync(path.join(appDir, 'node_modules', '@strapi', 'sdk-plugin')),
    '@strapi/sdk-plugin was installed into the app (it must be a dev dependency only)'
  );
  const nested = path.join(plugin, 'node_modules');
  const copies = fs.existsSync(nested)
    ? fs
        .readdirSync(nested)
        .flatMap((name) =>
          name.startsWith('@')
            ? fs.readdirSync(path.join(nested, name)).map((sub) => `${name}/${sub}`)
            : [name]
        )
    : [];
  check(
    copies.filter((name) => !name.startsWith('.')).length === 0,
    `npm nested second copies under the plugin: ${copies.join(', ')}`
  );
  console.log('installed: one copy of each dependency, no @strapi/sdk-plugin');
};

/** Adds the README's journey entry to the app's generated plugins config, as a user would. */
const enablePlugin = (appDir) => {
  const file = path.join(appDir, 'config', 'plugins.ts');
  const source = fs.readFileSync(file, 'utf8');
  if (/^\s*journey:/m.test(source)) return;
  const opening = /=>\s*\(\{\n/;
  check(opening.test(source), `${file} does not return an object literal: add the key by hand`);
  const entry = readInstall().pluginsEntry.replace(/^/gm, '  ');
  fs.writeFileSync(
    file,
    source.replace(opening, (match) => `${match}${entry}\n`)
  );
};

/** An article type that opts in from its schema, with the files the Content-Type Builder writes. */
const addArticleType = (appDir) => {
  const api = path.join(appDir, 'src', 'api', 'article');
  const schema = {
    kind: 'collectionType',
    collectionName: 'articles',
    info: { singularName: 'article', pluralName: 'articles', displayName: 'Article' },
    options: { draftAndPublish: true },
    pluginOptions: { journey: { enabled: true } },
    attributes: { title: { type: 'string', required: true }, body: { type: 'text' } },
  };
  const files = {
    'content-types/article/schema.json': `${JSON.stringify(schema, null, 2)}\n`,
    'controllers/article.ts': `import { factories } from '@strapi/strapi';\n\nexport default factories.createCoreController('${ARTICLE_UID}');\n`,
    'services/article.ts': `import { factories } from '@strapi/strapi';\n\nexport default factories.createCoreService('${ARTICLE_UID}');\n`,
    'routes/article.ts': `import { factories } from '@strapi/strapi';\n\nexport default factories.createCoreRouter('${ARTICLE_UID}');\n`,
  };
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(api, file)), { recursive: true });
    fs.writeFileSync(path.join(api, file), text);
  }
};

const startApp = async (appDir, port, logFile) => {
  // A reused app starts from an empty database too, so the first admin can be registered.
  fs.rmSync(path.join(appDir, '.tmp'), { recursive: true, force: true });
  const { child, stop } = startDetached('npm', ['run', 'start'], {
    cwd: appDir,
    env: { ...npmEnv, HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'production' },
    logFile,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    const seconds = await waitForHealth(url, child, {
      timeoutMs: 180000,
      what: 'the app',
      logFile,
    });
    timings.push(['first start (npm run start until /_health answers)', seconds]);
    return { url, stop };
  } catch (error) {
    stop();
    throw error;
  }
};

const call = async (url, { method = 'GET', token, body } = {}) => {
  const res = await fetch(url, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
};

const registerAdmin = async (url) => {
  const res = await call(`${url}/admin/register-admin`, { method: 'POST', body: ADMIN });
  check(res.status === 200 || res.status === 201, `register-admin: ${res.status} ${res.text}`);
  const token = res.json?.data?.token;
  check(typeof token === 'string', `register-admin returned no token: ${res.text}`);
  return token;
};

const checkAdminRoute = async (url, token) => {
  const res = await call(`${url}/journey/coverage`, { token });
  check(res.status === 200, `GET /journey/coverage: ${res.status} ${res.text.slice(0, 500)}`);
  check(
    res.text.includes(ARTICLE_UID),
    `GET /journey/coverage does not list ${ARTICLE_UID}: ${res.text.slice(0, 500)}`
  );
  console.log(`GET /journey/coverage (admin JWT): 200, lists ${ARTICLE_UID}`);
};

/** Grants the public role the journeys action the way the Users & Permissions roles page does. */
const grantPublicJourneys = async (url, token) => {
  const roles = await call(`${url}/users-permissions/roles`, { token });
  check(roles.status === 200, `GET /users-permissions/roles: ${roles.status} ${roles.text}`);
  const publicRole = roles.json.roles.find((role) => role.type === 'public');
  check(publicRole, 'no public role');
  const detail = await call(`${url}/users-permissions/roles/${publicRole.id}`, { token });
  check(detail.status === 200, `GET the public role: ${detail.status} ${detail.text}`);
  const { role } = detail.json;
  const action = role.permissions['plugin::journey']?.controllers?.journey?.find;
  check(
    action,
    `the roles page does not offer plugin::journey.journey.find: ${detail.text.slice(0, 500)}`
  );
  action.enabled = true;
  const saved = await call(`${url}/users-permissions/roles/${publicRole.id}`, {
    method: 'PUT',
    token,
    body: { name: role.name, description: role.description, permissions: role.permissions },
  });
  check(saved.status === 200, `PUT the public role: ${saved.status} ${saved.text}`);
};

const checkPublicRoute = async (url, token) => {
  const before = await call(`${url}/api/journey/journeys`);
  check(
    before.status === 403,
    `GET /api/journey/journeys before any grant: ${before.status}, not 403`
  );
  await grantPublicJourneys(url, token);
  const res = await call(`${url}/api/journey/journeys`);
  check(res.status === 200, `GET /api/journey/journeys: ${res.status} ${res.text.slice(0, 500)}`);
  const journeys = res.json?.data;
  check(
    Array.isArray(journeys) && journeys.length > 0,
    `GET /api/journey/journeys returned no journeys: ${res.text.slice(0, 500)}`
  );
  console.log(
    `GET /api/journey/journeys (public): 403 before the grant, 200 after, journeys: ${journeys
      .map((journey) => journey.key)
      .join(', ')}`
  );
};

/**
 * The edit view shows one control per journey field: the side panel, not the raw fields; then
 * the journey map page draws the default journey.
 */
const checkEditView = async (url, workDir) => {
  check(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: apt-get install chromium`);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  try {
    await page.goto(`${url}/admin/auth/login`);
    await page.getByLabel(/email/i).fill(ADMIN.email);
    await page.getByLabel(/^password/i).fill(ADMIN.password);
    await page.getByRole('button', { name: /login/i }).click();
    await page.waitForURL(/\/admin\/?$/, { timeout: 60000 });
    await page.goto(`${url}/admin/content-manager/collection-types/${ARTICLE_UID}/create`);
    await page.getByTestId('journey-stage-awareness').waitFor({ timeout: 60000 });
    await page.locator('input[name="title"]').waitFor({ timeout: 30000 });
    const controlsOf = async (field) =>
      (await page.locator(`[name="${field}"]`).count()) +
      (await page.locator('label').getByText(field, { exact: true }).count());
    // The same count finds the title field, so a zero below means the field is not there.
    check((await controlsOf('title')) > 0, 'the edit view has no title field: is the form shown?');
    const raw = {};
    for (const field of ['journeyStages', 'searchIntent']) raw[field] = await controlsOf(field);
    await page.screenshot({ path: path.join(workDir, 'edit-view.png'), fullPage: true });
    console.log(
      `edit view: Journey panel present; raw fields in the form: journeyStages ${raw.journeyStages}, searchIntent ${raw.searchIntent} (screenshot ${path.join(workDir, 'edit-view.png')})`
    );
    check(
      raw.journeyStages === 0 && raw.searchIntent === 0,
      'the edit view shows the raw journeyStages / searchIntent fields beside the Journey panel'
    );
    // The journey map of the default journey: five columns and a live content row.
    await page.goto(`${url}/admin/plugins/journey/map?journey=customer`);
    await page.getByTestId('journey-map').waitFor({ timeout: 60000 });
    await page.getByTestId('journey-map-content-awareness').waitFor({ timeout: 30000 });
    const columns = await page.locator('[data-testid^="journey-map-stage-"]').count();
    await page.screenshot({ path: path.join(workDir, 'journey-map.png'), fullPage: true });
    check(columns === 5, `the journey map shows ${columns} stage columns, not the default 5`);
    console.log(`journey map: ${columns} stage columns and the content row`);
  } catch (error) {
    await page.screenshot({ path: path.join(workDir, 'edit-view-failed.png'), fullPage: true });
    throw error;
  } finally {
    await browser.close();
  }
};

/** Turns on Users & Permissions actions of the public role, as the roles page does. */
const grantPublic = async (url, token, grants) => {
  const roles = await call(`${url}/users-permissions/roles`, { token });
  const publicRole = roles.json.roles.find((role) => role.type === 'public');
  const detail = await call(`${url}/users-permissions/roles/${publicRole.id}`, { token });
  const { role } = detail.json;
  for (const [plugin, controller, action] of grants) {
    const entry = role.permissions[plugin]?.controllers?.[controller]?.[action];
    check(entry, `the roles page does not offer ${plugin}.${controller}.${action}`);
    entry.enabled = true;
  }
  const saved = await call(`${url}/users-permissions/roles/${publicRole.id}`, {
    method: 'PUT',
    token,
    body: { name: role.name, description: role.description, permissions: role.permissions },
  });
  check(saved.status === 200, `PUT the public role: ${saved.status} ${saved.text}`);
};

/**
 * A published, tagged article read through REST, GraphQL and the typed client: the three must
 * agree, and a draft-only article must stay out of all of them.
 */
const checkFrontends = async (url, token, appDir) => {
  const stages = await call(`${url}/journey/editor/journeys?contentType=${ARTICLE_UID}`, {
    token,
  });
  check(stages.status === 200, `GET /journey/editor/journeys: ${stages.status} ${stages.text}`);
  const journey = stages.json.data[0];
  const stage = journey.stages.find((s) => s.key === 'consideration') ?? journey.stages[0];
  const cm = `${url}/content-manager/collection-types/${ARTICLE_UID}`;
  const tags = { journeyStages: { connect: [{ documentId: stage.documentId }] } };
  const published = await call(`${cm}/actions/publish`, {
    method: 'POST',
    token,
    body: { title: 'Fresh app: compare trail shoes', searchIntent: 'commercial', ...tags },
  });
  check(published.status === 200, `create + publish: ${published.status} ${published.text}`);
  const draft = await call(cm, {
    method: 'POST',
    token,
    body: { title: 'Fresh app: draft only', searchIntent: 'commercial', ...tags },
  });
  check(draft.status === 200 || draft.status === 201, `create draft: ${draft.status}`);
  await grantPublic(url, token, [
    ['plugin::journey', 'content', 'find'],
    ['api::article', 'article', 'find'],
  ]);
  const query = `journey=${journey.key}&stage=${stage.key}&intent=commercial`;

  const rest = await call(`${url}/api/journey/content?${query}`);
  check(rest.status === 200, `GET /api/journey/content: ${rest.status} ${rest.text}`);
  const restTitles = rest.json.data.map((item) => item.title);
  check(
    restTitles.length === 1 && restTitles[0] === 'Fresh app: compare trail shoes',
    `REST /api/journey/content should list the published article only: ${restTitles.join(', ')}`
  );

  const graphql = await call(`${url}/graphql`, {
    method: 'POST',
    body: {
      query: `{ journeyContent_connection(journey: "${journey.key}", stage: ["${stage.key}"], intent: [commercial]) {
        nodes { __typename ... on Article { title searchIntent } }
        pageInfo { total } } }`,
    },
  });
  check(
    graphql.status === 200 && !graphql.json.errors,
    `POST /graphql journeyContent_connection: ${graphql.status} ${graphql.text.slice(0, 500)}`
  );
  const connection = graphql.json.data.journeyContent_connection;
  const graphqlTitles = connection.nodes.map((item) => item.title);
  check(
    JSON.stringify(graphqlTitles) === JSON.stringify(restTitles) &&
      connection.pageInfo.total === rest.json.meta.pagination.total,
    `GraphQL and REST disagree: ${graphqlTitles.join(', ')} (total ${connection.pageInfo.total}) vs ${restTitles.join(', ')} (total ${rest.json.meta.pagination.total})`
  );

  // Resolved from the app, as its frontend code would: the package's exports map, not our dist/.
  const cjsPath = require.resolve('strapi-plugin-journey/client', { paths: [appDir] });
  const { createJourneyClient } = require(cjsPath);
  const fromCjs = await createJourneyClient({ baseUrl: url }).content({
    journey: journey.key,
    stage: stage.key,
    intent: 'commercial',
  });
  const esmPath = path.join(
    appDir,
    'node_modules',
    'strapi-plugin-journey',
    require(path.join(appDir, 'node_modules', 'strapi-plugin-journey', 'package.json')).exports[
      './client'
    ].import
  );
  const esm = await import(require('url').pathToFileURL(esmPath).href);
  const fromEsm = await esm.createJourneyClient({ baseUrl: url }).content({
    journey: journey.key,
    stage: stage.key,
    intent: 'commercial',
  });
  for (const [label, response] of [
    ['CommonJS', fromCjs],
    ['ESM', fromEsm],
  ]) {
    const titles = response.data.map((item) => item.title);
    check(
      JSON.stringify(titles) === JSON.stringify(restTitles),
      `the ${label} client disagrees with REST: ${titles.join(', ')}`
    );
  }
  let refused;
  try {
    await createJourneyClient({ baseUrl: url }).content({ intent: 'shopping' });
  } catch (error) {
    refused = error;
  }
  check(
    refused?.name === 'JourneyApiError' && refused.parameter === 'intent',
    `the client should turn a 400 into a JourneyApiError naming intent: ${refused}`
  );
  console.log(
    `frontends: REST, GraphQL journeyContent_connection and the client (CJS and ESM) agree on ${restTitles.length} published article; the draft stays out; a bad intent → JourneyApiError(parameter: intent)`
  );
};

const printTimings = () => {
  console.log('\n--- timings');
  for (const [label, seconds] of timings)
    console.log(`${seconds.toFixed(1).padStart(7)} s  ${label}`);
  console.log(`${((Date.now() - scriptStarted) / 1000).toFixed(1).padStart(7)} s  in all`);
};

const main = async () => {
  const given = process.argv[2];
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-fresh-'));
  const appDir = given ? path.resolve(given) : path.join(workDir, 'app');
  let passed = false;
  try {
    await createApp(appDir);
    await pinStrapiPackages(appDir);
    const tarball = await packPlugin(workDir);
    await run(
      'install the tarball and @strapi/plugin-graphql',
      'npm',
      ['install', tarball, `@strapi/plugin-graphql@${STRAPI_VERSION}`],
      { cwd: appDir, env: npmEnv }
    );
    checkNoDuplicates(appDir);
    // The client's types under the app's own tsc, as node10 (the app's default) and the rest.
    await run('client types', 'node', [path.join(__dirname, 'check-client-types.js'), appDir]);
    // The app's better-sqlite3 compiled from source: CI keeps it for its next fresh app.
    if (process.env.CI === 'true') require('../.ci/prebuild-cache').cachePrebuild(appDir);
    enablePlugin(appDir);
    addArticleType(appDir);
    await run('build (npm run build)', 'npm', ['run', 'build'], { cwd: appDir, env: npmEnv });
    const { url, stop } = await startApp(appDir, await freePort(), path.join(workDir, 'app.log'));
    try {
      const token = await registerAdmin(url);
      await checkAdminRoute(url, token);
      await checkPublicRoute(url, token);
      await checkEditView(url, workDir);
      await checkFrontends(url, token, appDir);
    } finally {
      stop();
    }
    passed = true;
  } catch (error) {
    console.error(`\nFAILED: ${error.message}`);
    console.error(`work dir kept: ${workDir}`);
  } finally {
    printTimings();
  }
  if (passed && !given && !process.env.FRESH_APP_KEEP) {
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  process.exit(passed ? 0 : 1);
};

if (require.main === module) main();

module.exports = { checkNoDuplicates, enablePlugin };
