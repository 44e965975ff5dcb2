import fs from 'fs';
import path from 'path';

/**
 * The config files run both from source (`config/*.ts`, when the admin build reads
 * `config/plugins.ts`) and compiled (`dist/config/*.js`, on the server), so a fixed number of
 * `..` from `__dirname` is wrong in one of the two. Walk up to the nearest folder whose
 * package.json has the given name instead.
 */
const findPackageRoot = (name: string, from: string): string => {
  let dir = from;
  for (;;) {
    const pkgFile = path.join(dir, 'package.json');
    if (fs.existsSync(pkgFile)) {
      try {
        if ((JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { name?: string }).name === name)
          return dir;
      } catch {
        // not JSON we can read: keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`No package.json named "${name}" above ${from}`);
    dir = parent;
  }
};

/** The demo app's folder (demo/). */
export const appRoot = (): string => findPackageRoot('journey-demo', __dirname);

/** The plugin's folder: the repository root, holding strapi-server.js and the built dist/. */
export const pluginRoot = (): string => findPackageRoot('strapi-plugin-journey', __dirname);
