import { createId } from '@paralleldrive/cuid2';
import type { Core } from '@strapi/strapi';
import { ARTICLE, GUIDE } from './app';

/** A small seeded PRNG (mulberry32): the same seed gives the same data set on every database. */
export const random = (seed: number) => {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = <T>(rand: () => number, weighted: Array<[T, number]>): T => {
  const total = weighted.reduce((sum, [, w]) => sum + w, 0);
  let r = rand() * total;
  for (const [value, weight] of weighted) {
    r -= weight;
    if (r < 0) return value;
  }
  return weighted[weighted.length - 1][0];
};

/** Stages by how much content real teams have: much awareness, little loyalty. */
const STAGE_WEIGHTS: Array<[string, number]> = [
  ['awareness', 35],
  ['consideration', 25],
  ['decision', 20],
  ['usage', 12],
  ['loyalty', 8],
];

/**
 * Intents per stage, with deliberate empty cells (weight 0 or absent): nothing transactional in
 * awareness, nothing commercial in usage, nothing local in loyalty.
 */
const INTENT_WEIGHTS: Record<string, Array<[string | null, number]>> = {
  awareness: [
    ['informational', 70],
    ['commercial', 15],
    ['navigational', 3],
    ['local', 2],
    [null, 10],
  ],
  consideration: [
    ['commercial', 55],
    ['informational', 25],
    ['transactional', 5],
    ['navigational', 5],
    [null, 10],
  ],
  decision: [
    ['transactional', 50],
    ['commercial', 20],
    ['local', 15],
    ['navigational', 5],
    [null, 10],
  ],
  usage: [
    ['informational', 60],
    ['navigational', 15],
    ['transactional', 5],
    ['local', 10],
    [null, 10],
  ],
  loyalty: [
    ['transactional', 30],
    ['informational', 30],
    ['navigational', 20],
    ['commercial', 10],
    [null, 10],
  ],
};

export interface PlannedDocument {
  uid: string;
  documentId: string;
  /** Locales this document has; en always, sv and nb for some. */
  locales: string[];
  published: boolean;
  stages: string[];
  intent: string | null;
  title: string;
  at: Date;
}

/** The documents of a data set, without touching a database. */
export function* planDocuments(count: number, seed = 1): Generator<PlannedDocument> {
  const rand = random(seed);
  const start = Date.UTC(2025, 0, 1);
  for (let i = 0; i < count; i += 1) {
    const first = pick(rand, STAGE_WEIGHTS);
    const tagCount = pick(rand, [
      [1, 85],
      [2, 12],
      [0, 3],
    ]);
    const stages = tagCount === 0 ? [] : [first];
    if (tagCount === 2) {
      const second = pick(rand, STAGE_WEIGHTS);
      if (second !== first) stages.push(second);
    }
    const locales = ['en'];
    if (rand() < 0.4) locales.push('sv');
    if (rand() < 0.25) locales.push('nb');
    yield {
      uid: rand() < 0.65 ? ARTICLE : GUIDE,
      documentId: createId(),
      locales,
      published: rand() < 0.8,
      stages,
      intent: pick(rand, INTENT_WEIGHTS[first]),
      title: `Document ${i + 1}`,
      at: new Date(start + Math.floor(rand() * 300 * 86400000)),
    };
  }
}

const textField = (uid: string) => (uid === ARTICLE ? 'summary' : 'intro');

/** The rows Strapi's document service writes for one locale: a draft, and a published copy. */
export const entryRows = (doc: PlannedDocument, locale: string) => {
  const base = {
    documentId: doc.documentId,
    locale,
    title: locale === 'en' ? doc.title : `${doc.title} (${locale})`,
    [textField(doc.uid)]: `About ${doc.title}`,
    searchIntent: doc.intent,
    createdAt: doc.at,
    updatedAt: doc.at,
    createdBy: null,
    updatedBy: null,
  };
  const draft = { ...base, publishedAt: null };
  return doc.published
    ? [draft, { ...base, publishedAt: new Date(doc.at.getTime() + 1000) }]
    : [draft];
};

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName: string;
}

const joinTableOf = (strapi: Core.Strapi, uid: string) =>
  (strapi.db.metadata.get(uid).attributes as unknown as Record<string, { joinTable: JoinTable }>)
    .journeyStages.joinTable;

export const customerStageIds = async (strapi: Core.Strapi) => {
  const stages = (await strapi.db.query('plugin::journey.stage').findMany({
    populate: { journey: true },
  })) as Array<{ id: number; key: string; journey?: { key: string } }>;
  return new Map(stages.filter((s) => s.journey?.key === 'customer').map((s) => [s.key, s.id]));
};

/**
 * createMany in chunks of the dialect's batch size, so that each chunk is one INSERT: MySQL and
 * MariaDB report only the first id of a multi-row INSERT, and InnoDB gives the rows of one such
 * statement consecutive ids.
 */
const createRows = async (
  strapi: Core.Strapi,
  uid: string,
  rows: Array<Record<string, unknown>>
) => {
  const size = (
    strapi.db.dialect as unknown as { getBatchInsertSize(): number }
  ).getBatchInsertSize();
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += size) {
    const chunk = rows.slice(i, i + size);
    const result = (await strapi.db.query(uid).createMany({ data: chunk })) as { ids: number[] };
    const chunkIds =
      result.ids.length === 1 && chunk.length > 1
        ? chunk.map((_, k) => Number(result.ids[0]) + k)
        : result.ids.map(Number);
    if (chunkIds.length !== chunk.length) {
      throw new Error(`createMany returned ${result.ids.length} ids for ${chunk.length} rows`);
    }
    ids.push(...chunkIds);
  }
  return ids;
};

/**
 * Writes planned documents through Strapi's query layer (`createMany`, which converts values as
 * the document service does), then their stage links with the order column the document service
 * fills.
 */
export const insertDocuments = async (
  strapi: Core.Strapi,
  docs: PlannedDocument[],
  stageId: Map<string, number>
) => {
  const knex = strapi.db.connection;
  for (const uid of [ARTICLE, GUIDE]) {
    const ofType = docs.filter((d) => d.uid === uid);
    if (!ofType.length) continue;
    const rows: Array<Record<string, unknown>> = [];
    const tags: string[][] = [];
    for (const doc of ofType) {
      for (const locale of doc.locales) {
        for (const row of entryRows(doc, locale)) {
          rows.push(row);
          tags.push(doc.stages);
        }
      }
    }
    const ids = await createRows(strapi, uid, rows);
    const jt = joinTableOf(strapi, uid);
    const links = ids.flatMap((id, i) =>
      tags[i].map((key, order) => ({
        [jt.joinColumn.name]: id,
        [jt.inverseJoinColumn.name]: stageId.get(key),
        [jt.orderColumnName]: order + 1,
      }))
    );
    for (let i = 0; i < links.length; i += 500) {
      await knex(jt.name).insert(links.slice(i, i + 500));
    }
  }
};

/** Fills the database with `count` planned documents, in batches: minutes for a million. */
export const generate = async (
  strapi: Core.Strapi,
  {
    count,
    seed = 1,
    batch = 2000,
    onProgress,
  }: { count: number; seed?: number; batch?: number; onProgress?: (done: number) => void }
) => {
  const stageId = await customerStageIds(strapi);
  let pending: PlannedDocument[] = [];
  let done = 0;
  for (const doc of planDocuments(count, seed)) {
    pending.push(doc);
    if (pending.length >= batch) {
      await insertDocuments(strapi, pending, stageId);
      done += pending.length;
      pending = [];
      onProgress?.(done);
    }
  }
  await insertDocuments(strapi, pending, stageId);
  done += pending.length;
  onProgress?.(done);
  // Planner statistics as a settled database has them (autovacuum, or SQLite's ANALYZE): plans
  // on freshly bulk-loaded tables are not the plans production gets.
  const client = strapi.db.dialect.client as string;
  if (client === 'postgres' || client === 'sqlite') await strapi.db.connection.raw('ANALYZE');
  return done;
};
