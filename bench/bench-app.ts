import fs from 'fs';
import path from 'path';
import { createDatabase, type DbName } from '../tests/helpers/databases';
import { buildAdmin, loadStrapi, writeBenchApp } from './app';
import { cellsRecount, rowsOf } from './coverage';
import { generate } from './generate';
import { log, SQLITE_MMAP, WORK } from './run-settings';

/** The servers under load serve their built admin panel, as a deployed Strapi does. */
export const expectAdminServed = async (base: string) => {
  const res = await fetch(`${base}/admin`);
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.includes('html')) {
    throw new Error(`the admin panel is not served at ${base}/admin: ${res.status} ${type}`);
  }
};

/** A fresh database with `size` documents; returns the loaded Strapi and the app dir. */
export const prepare = async (
  db: DbName,
  size: number,
  label: string,
  pluginConfig?: Record<string, unknown>
) => {
  const appDir = path.join(WORK, label);
  const target = await createDatabase(db, WORK);
  writeBenchApp({
    appDir,
    connection: target.connection,
    sqliteMmapBytes: SQLITE_MMAP,
    pluginConfig,
  });
  const strapi = await loadStrapi(appDir);
  if (SQLITE_MMAP && db === 'sqlite') {
    const [pragma] = rowsOf(await strapi.db.connection.raw('PRAGMA mmap_size'));
    if (!Number(pragma?.mmap_size)) throw new Error('PRAGMA mmap_size did not take effect');
  }
  const started = Date.now();
  let last = Date.now();
  await generate(strapi, {
    count: size,
    onProgress: (done) => {
      if (Date.now() - last > 15000) {
        log(`    ${done.toLocaleString('en')} of ${size.toLocaleString('en')} documents…`);
        last = Date.now();
      }
    },
  });
  const generateMs = Date.now() - started;
  // The rows went in beneath the document service: counts kept per cell are rebuilt, as after
  // an SQL import, before anything reads them.
  const recount = cellsRecount(strapi);
  if (recount) log(`  cells recounted after the bulk load (drift ${(await recount()).drift})`);
  const rows = (await strapi.db.connection('articles').count({ n: '*' }).first()) as {
    n: number | string;
  };
  const guideRows = (await strapi.db.connection('guides').count({ n: '*' }).first()) as {
    n: number | string;
  };
  return { strapi, appDir, target, generateMs, rows: Number(rows.n) + Number(guideRows.n) };
};

let adminBuild: { dir: string; seconds: number } | null = null;
/** The admin panel is the same for every database: built once, copied into each app. */
export const withBuiltAdmin = (appDir: string) => {
  if (!adminBuild) {
    const seconds = buildAdmin(appDir).seconds;
    adminBuild = { dir: path.join(appDir, 'build'), seconds };
  } else {
    fs.cpSync(adminBuild.dir, path.join(appDir, 'build'), { recursive: true });
  }
  return adminBuild.seconds;
};
