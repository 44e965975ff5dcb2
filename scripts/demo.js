#!/usr/bin/env node
'use strict';

/**
 * `npm run demo`: the demo Strapi app in demo/, with the plugin from this working tree.
 *
 * 1. Builds the plugin when dist/ is missing or older than its sources: the demo loads dist/, as
 *    an app that installed the package would.
 * 2. Builds the demo's admin panel when its inputs changed (the plugin's dist/admin, demo/src/admin,
 *    the admin and plugin config, the Strapi version). It is the slow step (~30 s), so it is
 *    skipped when a fingerprint of those inputs matches the one stored beside the last build.
 * 3. Runs `strapi develop` in the foreground without rebuilding the admin: develop rather than
 *    start, so the Content-Type Builder (and its Journey-aware switch) can edit types.
 *
 * Asks nothing. The demo has no node_modules of its own: Node (and the admin's Vite build)
 * resolve upwards from demo/ to the repository's node_modules.
 *
 * Honours HOST, PORT (1337), DATABASE_FILENAME (SQLite file, relative to demo/; default
 * demo/.tmp/data.db) and DEMO_ADMIN_EMAIL / DEMO_ADMIN_PASSWORD. DEMO_FORCE_ADMIN_BUILD=1 rebuilds
 * the admin regardless of the fingerprint.
 */
const { spawn } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const { setInterval, setTimeout } = require('timers');

const ROOT = path.resolve(__dirname, '..');
const DEMO = path.join(ROOT, 'demo');
const ADMIN_BUILD = path.join(DEMO, 'dist', 'build');
const FINGERPRINT_FILE = path.join(ADMIN_BUILD, '.journey-demo-fingerprint');
const started = Date.now();

const resolveBin = (pkg, bin) => {
  try {
    const dir = path.dirname(require.resolve(`${pkg}/package.json`, { paths: [ROOT] }));
    return path.join(dir, bin);
  } catch {
    console.error(`${pkg} is not installed: run \`npm install\` in ${ROOT} first.`);
    process.exit(1);
  }
};

const STRAPI = resolveBin('@strapi/strapi', 'bin/strapi.js');
const STRAPI_PLUGIN = resolveBin('@strapi/sdk-plugin', 'bin/strapi-plugin.js');

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

/** Every file under the given paths (files or folders), skipping missing ones. */
const filesUnder = (...paths) => {
  const out = [];
  const visit = (p) => {
    let stat;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) visit(path.join(p, name));
    } else {
      out.push(p);
    }
  };
  paths.forEach(visit);
  return out;
};

const mtime = (file) => fs.statSync(file).mtimeMs;

// --- the child process and signals ----------------------------------------------------------

const childEnv = { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' };

let child = null;
let signalled = 0;

/**
 * Children run in their own process group, and signals are forwarded to the whole group: `strapi
 * develop` is a cluster primary with a worker, and a SIGTERM sent to this script alone (not from
 * a terminal, which signals the group) must still reach the worker that holds the port.
 */
const forward = (signal) => {
  signalled += 1;
  if (!child) process.exit(128 + (os.constants.signals[signal] || 1));
  try {
    // A second Ctrl-C means "now": Strapi's graceful shutdown can wait on the database.
    process.kill(-child.pid, signalled > 1 ? 'SIGKILL' : signal);
  } catch {
    // the group has already gone
  }
};
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));

// `npm run` runs this script under `sh -c`, and killing npm does not reach it: when the parent
// goes away, stop as if told to, rather than leave Strapi holding the port.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent && !signalled) forward('SIGTERM');
}, 1000).unref();

const exitCode = (code, signal) => code ?? (signal ? 128 + (os.constants.signals[signal] || 1) : 1);

/** Runs a command to completion; stdin is closed, so nothing can stop to ask a question. */
const run = (label, args, cwd) =>
  new Promise((resolve) => {
    console.log(`\n[demo] ${label}`);
    const t0 = Date.now();
    child = spawn(process.execPath, args, {
      cwd,
      env: childEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
      detached: true,
    });
    child.on('exit', (code, signal) => {
      child = null;
      if (code !== 0 || signalled) {
        if (!signalled) console.error(`[demo] ${label} failed`);
        process.exit(exitCode(code, signal));
      }
      console.log(`[demo] ${label}: done in ${seconds(Date.now() - t0)}`);
      resolve(Date.now() - t0);
    });
  });

// --- step 1: the plugin -------------------------------------------------------------------

const PLUGIN_OUTPUTS = [
  'server/index.js',
  'server/index.mjs',
  'admin/index.js',
  'admin/index.mjs',
  // The client's ESM build, which the storefront (demo/public/storefront) imports.
  'client/esm/client/src/index.js',
].map((f) => path.join(ROOT, 'dist', f));

const pluginIsStale = () => {
  if (!PLUGIN_OUTPUTS.every((f) => fs.existsSync(f))) return 'dist/ is missing';
  const built = Math.min(...PLUGIN_OUTPUTS.map(mtime));
  const sources = filesUnder(
    path.join(ROOT, 'server'),
    path.join(ROOT, 'admin'),
    path.join(ROOT, 'client'),
    path.join(ROOT, 'package.json')
  );
  const newer = sources.find((f) => mtime(f) > built);
  return newer ? `${path.relative(ROOT, newer)} is newer than dist/` : null;
};

// --- step 2: the admin panel --------------------------------------------------------------

const packageVersion = (pkg) => {
  try {
    return require(require.resolve(`${pkg}/package.json`, { paths: [DEMO] })).version;
  } catch {
    return 'missing';
  }
};

/** A hash of everything the compiled admin panel depends on. */
const adminFingerprint = () => {
  const hash = crypto.createHash('sha256');
  hash.update(
    `strapi ${packageVersion('@strapi/strapi')} admin ${packageVersion('@strapi/admin')}\n`
  );
  const inputs = filesUnder(
    path.join(ROOT, 'package.json'),
    path.join(ROOT, 'dist', 'admin'),
    path.join(DEMO, 'src', 'admin'),
    path.join(DEMO, 'config', 'admin.ts'),
    path.join(DEMO, 'config', 'plugins.ts'),
    path.join(DEMO, 'package.json')
  );
  for (const file of inputs) {
    hash.update(`${path.relative(ROOT, file)}\n`);
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
};

const adminIsStale = (fingerprint) => {
  if (process.env.DEMO_FORCE_ADMIN_BUILD) return 'DEMO_FORCE_ADMIN_BUILD is set';
  if (!fs.existsSync(path.join(ADMIN_BUILD, 'index.html'))) return 'no admin build yet';
  let previous = '';
  try {
    previous = fs.readFileSync(FINGERPRINT_FILE, 'utf8').trim();
  } catch {
    // no fingerprint: built by something else
  }
  return previous === fingerprint ? null : 'its inputs changed';
};

// --- step 3: the server -------------------------------------------------------------------

const PORT = Number(process.env.PORT || 1337);
const HOST = process.env.HOST || '0.0.0.0';
const WILDCARD = ['0.0.0.0', '::', '127.0.0.1', '::1', 'localhost'];
const probeHost = WILDCARD.includes(HOST) ? '127.0.0.1' : HOST;
const publicHost = WILDCARD.includes(HOST) ? 'localhost' : HOST;
const BASE_URL = `http://${publicHost.includes(':') ? `[${publicHost}]` : publicHost}:${PORT}`;

/** The same defaults the demo's bootstrap uses, from the one file that holds them. */
const credentials = () => {
  const defaults = JSON.parse(
    fs.readFileSync(path.join(DEMO, 'src', 'seed', 'admin-defaults.json'), 'utf8')
  );
  return {
    email: (process.env.DEMO_ADMIN_EMAIL || defaults.email).trim().toLowerCase(),
    password: process.env.DEMO_ADMIN_PASSWORD || defaults.password,
  };
};

const healthy = () =>
  new Promise((resolve) => {
    const req = http.get(
      { host: probeHost, port: PORT, path: '/_health', timeout: 1000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 204 || res.statusCode === 200);
      }
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });

const banner = (timings) => {
  const { email, password } = credentials();
  const line = '─'.repeat(72);
  const parts = [
    timings.plugin ? `plugin build ${seconds(timings.plugin)}` : null,
    timings.admin ? `admin build ${seconds(timings.admin)}` : null,
    `Strapi ${seconds(timings.strapi)}`,
  ].filter(Boolean);
  console.log(
    [
      '',
      line,
      `  Journey demo is ready in ${seconds(Date.now() - started)} (${parts.join(', ')})`,
      '',
      `  Admin panel   ${BASE_URL}/admin`,
      `  Storefront    ${BASE_URL}/storefront/  (public role, no token)`,
      `  E-mail        ${email}`,
      `  Password      ${password}`,
      '',
      `  Coverage API  GET ${BASE_URL}/journey/coverage?journey=customer (admin token)`,
      `  REST example  ${BASE_URL}/api/articles?filters[journeyStages][key][$eq]=awareness&filters[searchIntent][$eq]=informational`,
      '',
      '  Ctrl-C stops it.',
      line,
      '',
    ].join('\n')
  );
};

const startStrapi = (timings) => {
  console.log(`\n[demo] starting Strapi (strapi develop) on ${BASE_URL}`);
  const t0 = Date.now();
  child = spawn(
    process.execPath,
    [STRAPI, 'develop', '--no-watch-admin', '--no-build-admin', '--no-install-deps'],
    { cwd: DEMO, env: childEnv, stdio: ['ignore', 'inherit', 'inherit'], detached: true }
  );
  let ready = false;
  child.on('exit', (code, signal) => {
    if (!ready && !signalled) {
      // develop exits 0 even when bootstrap threw; a demo that never served has failed.
      console.error('[demo] Strapi stopped before it was ready');
      process.exit(exitCode(code, signal) || 1);
    }
    process.exit(exitCode(code, signal));
  });
  const poll = async () => {
    if (ready || !child) return;
    if (await healthy()) {
      ready = true;
      timings.strapi = Date.now() - t0;
      banner(timings);
      return;
    }
    setTimeout(poll, 500);
  };
  setTimeout(poll, 1000);
};

const main = async () => {
  const timings = {};
  const pluginReason = pluginIsStale();
  if (pluginReason) {
    timings.plugin = await run(
      `building the plugin (${pluginReason})`,
      [STRAPI_PLUGIN, 'build'],
      ROOT
    );
    // What `npm run build` runs after strapi-plugin build (which empties dist/).
    timings.plugin += await run(
      'building the client',
      [path.join(ROOT, 'client', 'build.js')],
      ROOT
    );
  }

  const fingerprint = adminFingerprint();
  const adminReason = adminIsStale(fingerprint);
  if (adminReason) {
    timings.admin = await run(
      `building the demo's admin panel (${adminReason})`,
      [STRAPI, 'build'],
      DEMO
    );
    fs.writeFileSync(FINGERPRINT_FILE, `${fingerprint}\n`);
  }

  // The local upload provider refuses to start without its folder, and git keeps no empty one.
  fs.mkdirSync(path.join(DEMO, 'public', 'uploads'), { recursive: true });
  startStrapi(timings);
};

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
