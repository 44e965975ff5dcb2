#!/usr/bin/env node
'use strict';

/**
 * `npm run e2e`: starts the demo on a free port with a throwaway SQLite file, waits until it
 * serves, runs the browser tests in tests/e2e against it, and stops it. Chromium is Debian's
 * (/usr/bin/chromium, or CHROMIUM_PATH); nothing is downloaded.
 */
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { freePort, startDetached, waitForHealth } = require('./server-process');

const ROOT = path.resolve(__dirname, '..');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const main = async () => {
  if (!fs.existsSync(CHROMIUM)) {
    console.error(`No Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`);
    process.exit(1);
  }
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'journey-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const logFile = path.join(dir, 'demo.log');
  const { child: demo, stop } = startDetached(
    process.execPath,
    [path.join(ROOT, 'scripts/demo.js')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        HOST: '127.0.0.1',
        PORT: String(port),
        DATABASE_FILENAME: path.join(dir, 'demo.db'),
        ADMIN_RATE_LIMIT: 'false',
      },
      logFile,
    }
  );
  let status = 1;
  try {
    // A first start builds the plugin and the demo's admin: minutes on a busy machine.
    const timeoutMs = Number(process.env.E2E_START_TIMEOUT_MS ?? 600000);
    await waitForHealth(url, demo, { timeoutMs, what: 'the demo', logFile });
    const jest = require.resolve('jest/bin/jest');
    const result = spawnSync(
      process.execPath,
      [jest, '--config', 'jest.e2e.config.js', '--runInBand', ...process.argv.slice(2)],
      {
        cwd: ROOT,
        stdio: 'inherit',
        env: { ...process.env, E2E_URL: url, CHROMIUM_PATH: CHROMIUM },
      }
    );
    status = result.status ?? 1;
  } catch (error) {
    console.error(error.message);
    console.error(fs.readFileSync(path.join(dir, 'demo.log'), 'utf8').slice(-3000));
  } finally {
    stop();
  }
  if (status !== 0) console.error(`demo log: ${path.join(dir, 'demo.log')}`);
  process.exit(status);
};

main();
