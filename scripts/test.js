#!/usr/bin/env node
'use strict';

/**
 * `npm test`: builds the plugin (integration tests load it from dist/, as an app would), runs the
 * unit tests once, then the integration suite once per database.
 *
 * Databases: JOURNEY_TEST_DBS=sqlite,postgres,mariadb names them explicitly, and then a database
 * that cannot be reached is a failure. Without it, SQLite always runs and PostgreSQL (127.0.0.1:5432)
 * and MariaDB (127.0.0.1:3306) run when something answers on their port.
 *
 * Then, on a full run, the proxy test: Debian's varnishd (docs/varnish.vcl) in front of a real
 * Strapi (tests/proxy; skipped without varnishd, except when CI=true).
 *
 * Extra arguments go to jest, e.g. `npm test -- tests/integration/coverage.test.ts`.
 * JOURNEY_SKIP_BUILD=1 skips the build when dist/ is known to be fresh.
 *
 * JOURNEY_TEST_JOBS=N runs the integration suites of up to N databases at once (default 1: one
 * after the other). Each suite runs its files one at a time in one process and waits on its
 * database much of the time, so on two cores three at once take far less than three in a row;
 * their output is printed whole as each finishes, so it does not interleave.
 */
const { Buffer } = require('buffer');
const { spawn, spawnSync } = require('child_process');
const net = require('net');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const ALL = ['sqlite', 'postgres', 'mariadb'];
const PORTS = {
  postgres: [process.env.PGHOST || '127.0.0.1', Number(process.env.PGPORT || 5432)],
  mariadb: [process.env.MYSQL_HOST || '127.0.0.1', Number(process.env.MYSQL_PORT || 3306)],
};

const reachable = (host, port) =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const run = (label, command, args, env = {}) => {
  console.log(`\n=== ${label} ===`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  return result.status === 0;
};

/** Like run, but in the background with the output kept until it ends: for suites run at once. */
const runQuietly = (label, command, args, env = {}) =>
  new Promise((resolve) => {
    const started = Date.now();
    const output = [];
    const child = spawn(command, args, {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('close', (code) => {
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      console.log(`\n=== ${label} (${seconds} s, run beside the others) ===`);
      process.stdout.write(Buffer.concat(output));
      resolve(code === 0);
    });
  });

/** Runs the tasks with at most `limit` at a time; resolves to their results in order. */
const pool = async (tasks, limit) => {
  const results = new Array(tasks.length);
  let next = 0;
  const lane = async () => {
    while (next < tasks.length) {
      const index = next++;
      results[index] = await tasks[index]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, lane));
  return results;
};

const chooseDatabases = async () => {
  const requested = process.env.JOURNEY_TEST_DBS;
  if (requested) {
    const names = requested
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const unknown = names.filter((n) => !ALL.includes(n));
    if (unknown.length) {
      throw new Error(`JOURNEY_TEST_DBS: unknown ${unknown.join(', ')}; valid: ${ALL.join(', ')}`);
    }
    for (const name of names) {
      if (name !== 'sqlite' && !(await reachable(...PORTS[name]))) {
        throw new Error(
          `JOURNEY_TEST_DBS names ${name}, but nothing answers on ${PORTS[name].join(':')}`
        );
      }
    }
    return names;
  }
  const names = ['sqlite'];
  for (const name of ['postgres', 'mariadb']) {
    if (await reachable(...PORTS[name])) names.push(name);
    else console.log(`(${name} not reachable on ${PORTS[name].join(':')}: skipped)`);
  }
  return names;
};

const main = async () => {
  const jestArgs = process.argv.slice(2);
  const jest = require.resolve('jest/bin/jest');
  const databases = await chooseDatabases();
  const results = [];

  if (process.env.JOURNEY_SKIP_BUILD !== '1') {
    const built = run('build', process.execPath, [
      path.join(ROOT, 'node_modules/@strapi/sdk-plugin/bin/strapi-plugin.js'),
      'build',
    ]);
    if (!built) process.exit(1);
  }

  // Paths of one kind narrow the run to that kind; paths of both kinds run both.
  const integrationPaths = jestArgs.some((a) => a.includes('tests/integration'));
  const unitPaths = jestArgs.some((a) => a.includes('tests/unit'));
  const onlyIntegration = integrationPaths && !unitPaths;
  const onlyUnit = unitPaths && !integrationPaths;
  if (!onlyIntegration) {
    results.push([
      'unit',
      run('unit tests', process.execPath, [jest, ...jestArgs, '--selectProjects', 'unit']),
    ]);
  }
  if (!onlyUnit) {
    const jobs = Math.max(1, Number(process.env.JOURNEY_TEST_JOBS ?? 1) || 1);
    const args = [jest, ...jestArgs, '--runInBand', '--selectProjects', 'integration'];
    const suites = databases.map((db) => () => {
      const label = `integration tests on ${db}`;
      const env = { JOURNEY_TEST_DB: db };
      return jobs > 1 && databases.length > 1
        ? runQuietly(label, process.execPath, args, env)
        : Promise.resolve(run(label, process.execPath, args, env));
    });
    if (jobs > 1 && databases.length > 1) {
      console.log(`\n=== integration tests on ${databases.join(', ')}: ${jobs} at a time ===`);
    }
    const passed = await pool(suites, jobs);
    databases.forEach((db, i) => results.push([`integration (${db})`, passed[i]]));
  }

  // The proxy test (Debian's varnishd in front of Strapi) belongs to the whole suite, not to a
  // run narrowed to some files. Without varnishd it is skipped, except in CI, where it fails.
  if (!jestArgs.length) {
    const fs = require('fs');
    if (fs.existsSync('/usr/sbin/varnishd') || process.env.CI === 'true') {
      results.push([
        'proxy (varnish)',
        run('proxy test: varnishd in front of Strapi', process.execPath, [
          jest,
          '-c',
          'tests/proxy/jest.config.js',
          '--runInBand',
        ]),
      ]);
    } else {
      console.log('\n(proxy test skipped: no /usr/sbin/varnishd; apt-get install varnish)');
    }
  }

  console.log('\n=== summary ===');
  for (const [label, ok] of results) console.log(`${ok ? 'pass' : 'FAIL'}  ${label}`);
  process.exit(results.every(([, ok]) => ok) ? 0 : 1);
};

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
