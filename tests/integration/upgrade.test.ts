import { execFileSync } from 'child_process';
import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { writeApp } from '../helpers/app';
import { storedAndCounted } from '../helpers/cells';
import { createDatabase, currentDatabase, type DbTarget } from '../helpers/databases';
import { expectedJourneyIndexes, journeyIndexesOf } from '../helpers/indexes';
import firstCoverageSnapshot from '../../server/src/migrations/first-coverage-snapshot';

/**
 * An app that installed 0.1.0 (the commit that first carried the version, built from git) and
 * tagged content upgrades to this checkout: every journey, stage and tag survives, the per-cell
 * counts equal a recount, the new tables exist and the trend has its first day, with no step by
 * hand; a second boot changes nothing.
 */

/* eslint-disable @typescript-eslint/no-require-imports */
const { buildOldPackage, OLD_COMMIT } = require('../upgrade/old-package') as {
  buildOldPackage: () => string;
  OLD_COMMIT: string;
};
const { inventory, STAGE_UID, TAGGED_UIDS } = require('../upgrade/inventory') as {
  inventory: (strapi: Core.Strapi) => Promise<Inventory>;
  STAGE_UID: string;
  TAGGED_UIDS: string[];
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface TagRow {
  documentId: string;
  locale: string | null;
  published: boolean | null;
  searchIntent: string | null;
  stages: string[];
}
interface Inventory {
  journeys: Array<{ key: string; documentId: string }>;
  stages: Array<{ key: string; documentId: string; journey: string | null }>;
  tags: Record<string, TagRow[]>;
}

const REPO = path.resolve(__dirname, '../..');
const SNAPSHOTS = 'plugin::journey.coverage-snapshot';

let appDir: string;
let db: DbTarget;
let before: { services: string[]; inventory: Inventory };
let strapi: Core.Strapi | null = null;

const boot = async (): Promise<Core.Strapi> => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createStrapi } = require('@strapi/strapi');
  return createStrapi({
    appDir,
    distDir: appDir,
    autoReload: false,
    serveAdminPanel: false,
  }).load();
};

const snapshotRows = async (s: Core.Strapi) =>
  (await s.db
    .connection(s.db.metadata.get(SNAPSHOTS as never).tableName)
    .select('journey_document_id', 'day')) as Array<{ journey_document_id: string; day: string }>;

const cellLines = (s: Core.Strapi) => storedAndCounted(s, TAGGED_UIDS);

beforeAll(async () => {
  const oldDir = buildOldPackage();
  fs.mkdirSync(path.join(REPO, 'tests/.tmp'), { recursive: true });
  appDir = fs.mkdtempSync(path.join(REPO, 'tests/.tmp/upgrade-'));
  db = await createDatabase(currentDatabase(), appDir);
  const config = { pluginConfig: { contentTypes: ['api::page.page'] } };
  writeApp(appDir, db, config);
  const plugins = path.join(appDir, 'config/plugins.js');
  const current = fs.readFileSync(plugins, 'utf8');
  fs.writeFileSync(plugins, current.replace(JSON.stringify(REPO), JSON.stringify(oldDir)));
  const out = path.join(appDir, 'before.json');
  execFileSync(process.execPath, [path.join(REPO, 'tests/upgrade/seed-0.1.0.js'), appDir, out], {
    env: { ...process.env, STRAPI_TELEMETRY_DISABLED: 'true' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  before = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.writeFileSync(plugins, current);
  process.env.STRAPI_TELEMETRY_DISABLED = 'true';
  process.env.STRAPI_DISABLE_UPDATE_NOTIFICATION = 'true';
  strapi = await boot();
}, 600_000);

afterAll(async () => {
  await strapi?.destroy();
  await db?.drop();
  if (appDir) fs.rmSync(appDir, { recursive: true, force: true });
});

const live = () => strapi as Core.Strapi;

describe(`upgrade from 0.1.0 (${OLD_COMMIT})`, () => {
  it('seeded tagged content with the 0.1.0 package', () => {
    expect(before.services).not.toContain('cells');
    expect(before.inventory.journeys.map((j) => j.key).sort()).toEqual(['customer', 'partner']);
    expect(before.inventory.stages).toHaveLength(8);
    const tags = before.inventory.tags;
    expect(tags['api::article.article'].filter((r) => r.stages.length).length).toBeGreaterThan(4);
    expect(tags['api::page.page']).toHaveLength(3);
    // A published row and its draft tagged differently, and several locales.
    expect(new Set(tags['api::article.article'].map((r) => r.locale))).toEqual(
      new Set(['en', 'sv', 'nb'])
    );
  });

  it('keeps every journey, stage and tag', async () => {
    expect(await inventory(live())).toEqual(before.inventory);
  });

  it('counts every cell as a recount does, with no step by hand', async () => {
    const { stored, counted } = await cellLines(live());
    expect(stored.length).toBeGreaterThan(10);
    expect(stored).toEqual(counted);
    // And against the 0.1.0 inventory itself: the rows each stage tags, all intents and locales.
    const stageRows = (await live()
      .db.query(STAGE_UID)
      .findMany({ select: ['id', 'documentId'] })) as Array<{ id: number; documentId: string }>;
    for (const uid of TAGGED_UIDS) {
      const expected: Record<string, number> = {};
      for (const row of before.inventory.tags[uid]) {
        for (const stage of row.stages) expected[stage] = (expected[stage] ?? 0) + 1;
      }
      const cells = (await live().plugin('journey').service('cells').cellsOf(uid)) as Array<{
        scope: string;
        scopeId: number;
        rows: number;
      }>;
      const actual: Record<string, number> = {};
      for (const cell of cells.filter((c) => c.scope === 'stage' && c.rows)) {
        const documentId = stageRows.find((s) => s.id === cell.scopeId)?.documentId as string;
        actual[documentId] = (actual[documentId] ?? 0) + cell.rows;
      }
      expect(actual).toEqual(expected);
    }
  });

  it("creates the new tables and takes the trend's first day", async () => {
    const s = live();
    for (const uid of Object.keys(s.contentTypes).filter((u) => u.startsWith('plugin::journey.'))) {
      const table = s.db.metadata.get(uid as never).tableName;
      expect([uid, await s.db.connection.schema.hasTable(table)]).toEqual([uid, true]);
    }
    const rows = await snapshotRows(s);
    expect(rows).toHaveLength(2);
    const series = (await s
      .plugin('journey')
      .service('snapshots')
      .series({ journey: 'customer' })) as { points: Array<{ published: number }> };
    expect(series.points).toHaveLength(1);
    expect(series.points[0].published).toBeGreaterThan(0);
  });

  /** The page and intent indexes of both tagged tables, as the database has them. */
  const pageIndexes = async (s: Core.Strapi) => ({
    articles: await journeyIndexesOf(s, 'articles'),
    pages: await journeyIndexesOf(s, 'pages'),
  });

  it('builds the page indexes on the tables 0.1.0 left', async () => {
    expect(await pageIndexes(live())).toEqual({
      articles: expectedJourneyIndexes(live(), 'articles', true),
      pages: expectedJourneyIndexes(live(), 'pages', false),
    });
  });

  it('changes nothing on a second boot', async () => {
    const cells = await cellLines(live());
    const rows = await snapshotRows(live());
    const indexes = await pageIndexes(live());
    await live().destroy();
    strapi = null;
    strapi = await boot();
    expect(await inventory(live())).toEqual(before.inventory);
    expect(await cellLines(live())).toEqual(cells);
    expect(await snapshotRows(live())).toEqual(rows);
    expect(await pageIndexes(live())).toEqual(indexes);
  });

  it('takes the first snapshot once when two instances upgrade at once', async () => {
    const s = live();
    const table = s.db.metadata.get(SNAPSHOTS as never).tableName;
    await s.db.connection(table).delete();
    const { [SNAPSHOTS]: _snapshots, ...oldContentTypes } = s.contentTypes as unknown as Record<
      string,
      { attributes?: Record<string, unknown> }
    >;
    const schemas = { oldContentTypes, contentTypes: s.contentTypes as never };
    await Promise.all([firstCoverageSnapshot.up(s, schemas), firstCoverageSnapshot.up(s, schemas)]);
    expect(await snapshotRows(s)).toHaveLength(2);
    // A fresh install, or an app that already has snapshots, is left to the cron.
    await s.db.connection(table).delete();
    await firstCoverageSnapshot.up(s, { contentTypes: s.contentTypes as never });
    await firstCoverageSnapshot.up(s, {
      oldContentTypes: s.contentTypes as never,
      contentTypes: {},
    });
    expect(await snapshotRows(s)).toHaveLength(0);
  });

  it('keeps counting writes after the upgrade', async () => {
    const s = live();
    const untagged = before.inventory.tags['api::page.page'].find((r) => !r.stages.length);
    const stage = before.inventory.stages.find((x) => x.key === 'onboard');
    await s.documents('api::page.page' as never).update({
      documentId: untagged?.documentId,
      data: { journeyStages: [stage?.documentId], searchIntent: 'commercial' },
    } as never);
    const { stored, counted } = await cellLines(s);
    expect(stored).toEqual(counted);
  });
});
