'use strict';

/**
 * Starting a Strapi app for a script (the demo for the browser tests, a freshly generated app
 * for `npm run fresh-app`): a free port, the app in its own process group so that one signal
 * stops npm and Strapi alike, and a wait until `/_health` answers.
 */
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const { setTimeout: sleep } = require('timers/promises');

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

/** Runs `command` detached with its output in `logFile`; `stop` ends its whole group. */
const startDetached = (command, args, { cwd, env, logFile }) => {
  const log = fs.openSync(logFile, 'w');
  const child = spawn(command, args, { cwd, env, stdio: ['ignore', log, log], detached: true });
  const stop = () => {
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      // already gone
    }
  };
  process.on('exit', stop);
  return { child, stop };
};

/** Resolves with the seconds it took once `/_health` answers; throws if the app exits first. */
const waitForHealth = async (url, child, { timeoutMs, what, logFile }) => {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) {
      throw new Error(`${what} exited with code ${child.exitCode} (log: ${logFile})`);
    }
    try {
      if ((await fetch(`${url}/_health`)).status < 500) return (Date.now() - started) / 1000;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  throw new Error(
    `${what} did not answer on ${url} within ${timeoutMs / 1000} s (log: ${logFile})`
  );
};

module.exports = { freePort, startDetached, waitForHealth };
