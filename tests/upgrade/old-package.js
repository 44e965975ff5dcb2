'use strict';

/**
 * The 0.1.0 package, built from git history: the commit that first carried version 0.1.0
 * (`git log --reverse -- package.json`), exported with `git archive` and given this checkout's
 * node_modules. Only its server is built, into the file its strapi-server.js requires
 * (dist/server/index.js), with esbuild: `strapi-plugin build` would also build the admin panel,
 * which a test app does not serve, and take minutes instead of a second. Built once into the
 * system's temporary directory (in the repository, jest's module map would find a second package
 * of the same name) and reused; renamed into place only when the build succeeded.
 */
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '../..');
/** "Plugin skeleton": the first commit whose package.json says 0.1.0. */
const OLD_COMMIT = 'db30e7a';

const oldPackageDir = () => path.join(os.tmpdir(), `strapi-plugin-journey-0.1.0-${OLD_COMMIT}`);

/**
 * The build is kept across checkouts (CI clones into a new folder each time), but its
 * node_modules link names the checkout that built it; once that folder is gone every require in
 * the old package fails. Point the link at this checkout before reusing the build.
 */
const relink = (dir) => {
  const link = path.join(dir, 'node_modules');
  const want = path.join(REPO, 'node_modules');
  let have = null;
  try {
    have = fs.readlinkSync(link);
  } catch {
    // missing or not a link: replaced below
  }
  if (have === want) return;
  // The three databases' suites run at once: a new link renamed over the old one is atomic.
  const fresh = `${link}.${process.pid}`;
  fs.rmSync(fresh, { force: true });
  fs.symlinkSync(want, fresh, 'dir');
  fs.renameSync(fresh, link);
};

const buildOldPackage = () => {
  const target = oldPackageDir();
  if (fs.existsSync(path.join(target, 'dist/server/index.js'))) {
    relink(target);
    return target;
  }
  const work = `${target}.${process.pid}`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const archive = execFileSync('git', ['-C', REPO, 'archive', '--format=tar', OLD_COMMIT], {
    maxBuffer: 256 * 1024 * 1024,
  });
  execFileSync('tar', ['-x', '-C', work], { input: archive });
  const version = JSON.parse(fs.readFileSync(path.join(work, 'package.json'), 'utf8')).version;
  if (version !== '0.1.0') throw new Error(`${OLD_COMMIT} is version ${version}, not 0.1.0`);
  fs.symlinkSync(path.join(REPO, 'node_modules'), path.join(work, 'node_modules'), 'dir');
  require('esbuild').buildSync({
    entryPoints: [path.join(work, 'server/src/index.ts')],
    outfile: path.join(work, 'dist/server/index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    // Strapi, lodash, yup… come from the app's node_modules, as for the published package.
    packages: 'external',
    logLevel: 'error',
  });
  fs.rmSync(target, { recursive: true, force: true });
  fs.renameSync(work, target);
  return target;
};

module.exports = { OLD_COMMIT, oldPackageDir, buildOldPackage };
