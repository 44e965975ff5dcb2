#!/usr/bin/env node
'use strict';

/**
 * `node .ci/prebuild-cache.js [dir]`: stores the better-sqlite3 binary that `npm ci` (or an app's
 * `npm install`) just compiled under `dir` (default: this repository) where prebuild-install
 * looks before it downloads: the npm cache's `_prebuilds/`, under the name of the release asset
 * it would fetch. This machine cannot fetch it, so every install compiled SQLite from source (a
 * few minutes on two cores, twice a CI run: here and in the fresh app); the next install on the
 * machine unpacks this one instead. Keyed, as prebuild-install keys it, by version, Node ABI,
 * platform, libc and arch. Does nothing when the binary is missing or already stored.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const cachePrebuild = (dir) => {
  const paths = [dir, path.resolve(__dirname, '..')];
  let pkgDir;
  try {
    pkgDir = path.dirname(require.resolve('better-sqlite3/package.json', { paths: [dir] }));
  } catch {
    return null;
  }
  const binary = path.join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
  if (!fs.existsSync(binary)) return null;
  const resolve = (name) => require(require.resolve(name, { paths: [pkgDir, ...paths] }));
  const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
  const util = resolve('prebuild-install/util');
  const options = resolve('prebuild-install/rc')(pkg);
  const cached = util.cachedPrebuild(util.getDownloadUrl({ ...options, pkg }));
  if (fs.existsSync(cached)) return cached;
  fs.mkdirSync(path.dirname(cached), { recursive: true });
  const partial = `${cached}.${process.pid}.tmp`;
  execFileSync('tar', ['-czf', partial, '-C', pkgDir, 'build/Release/better_sqlite3.node']);
  fs.renameSync(partial, cached);
  console.log(`stored the compiled better-sqlite3 ${pkg.version} for the next install: ${cached}`);
  return cached;
};

if (require.main === module) cachePrebuild(path.resolve(process.argv[2] ?? '.'));

module.exports = { cachePrebuild };
