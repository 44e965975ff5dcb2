#!/usr/bin/env node
'use strict';

/**
 * `npm run test:proxy`: Debian's varnishd (docs/varnish.vcl) in front of a real Strapi with the
 * plugin, on SQLite. Builds the plugin first unless JOURNEY_SKIP_BUILD=1. Without varnishd the
 * test is skipped, except in CI (CI=true), where it fails.
 */
const { spawnSync } = require('child_process');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const run = (args) =>
  spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit', env: process.env }).status;

if (process.env.JOURNEY_SKIP_BUILD !== '1') {
  const built = run([
    path.join(ROOT, 'node_modules/@strapi/sdk-plugin/bin/strapi-plugin.js'),
    'build',
  ]);
  if (built !== 0) process.exit(1);
}
process.exit(
  run([
    require.resolve('jest/bin/jest'),
    '-c',
    'tests/proxy/jest.config.js',
    '--runInBand',
    ...process.argv.slice(2),
  ])
);
