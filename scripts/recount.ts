/**
 * `npm run recount [-- <app dir>]`: rebuilds the plugin's per-cell counts from the entries of a
 * Strapi app, as `POST /journey/counts/recount` and the self-check do, and prints the drift it
 * repaired. Boots the app in this process without its HTTP server (the app in the given
 * directory, else the directory npm was run from); safe while other instances of the app run,
 * since a recount adds differences instead of overwriting counts.
 * Example: `npm run recount -- demo` after loading SQL into the demo's database.
 */
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';

const main = async () => {
  const appDir = path.resolve(process.argv[2] ?? process.env.INIT_CWD ?? process.cwd());
  // A TypeScript app runs from its compiled dist/, as `strapi start` does.
  const distDir =
    fs.existsSync(path.join(appDir, 'tsconfig.json')) && fs.existsSync(path.join(appDir, 'dist'))
      ? path.join(appDir, 'dist')
      : appDir;
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_UPDATE_NOTIFICATION = 'true';
  // The app's own Strapi; this repository's when the app has none installed (the test apps).
  const strapiPath = require.resolve('@strapi/strapi', { paths: [appDir, __dirname] });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require(strapiPath);
  const strapi = (await createStrapi({
    appDir,
    distDir,
    autoReload: false,
    serveAdminPanel: false,
  }).load()) as Core.Strapi;
  try {
    const started = Date.now();
    const { drift } = await strapi.plugin('journey').service('cells').recount();
    console.log(
      `journey counts of ${appDir}: ${drift} cell(s) repaired, in ${Date.now() - started} ms`
    );
  } finally {
    await strapi.destroy();
  }
};

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
