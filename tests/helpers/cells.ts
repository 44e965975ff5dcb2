import type { Core } from '@strapi/strapi';
import { cellKey, type Cell } from '../../server/src/domain/cell-counts';

type CellsService = {
  cellsOf: (uid: string) => Promise<Cell[]>;
  countedCells: (uid: string) => Promise<Cell[]>;
  stamp: (scope: object) => Promise<string>;
  total: (scope: object) => Promise<number | null>;
  recount: () => Promise<{ drift: number }>;
  onChange: (listener: (change: Record<string, unknown>) => void) => () => void;
};

export const cellsService = (strapi: Core.Strapi) =>
  strapi.plugin('journey').service('cells') as unknown as CellsService;

const nonZero = (cells: Cell[]) =>
  cells
    .filter((c) => c.published || c.draftOnly || c.rows)
    .map((c) => `${cellKey(c)} p=${c.published} d=${c.draftOnly} r=${c.rows}`)
    .sort();

/** Stored cells and cells counted from the entries, as sorted lines, for a readable diff. */
export const storedAndCounted = async (strapi: Core.Strapi, uids: string[]) => {
  const stored: string[] = [];
  const counted: string[] = [];
  for (const uid of uids) {
    stored.push(...nonZero(await cellsService(strapi).cellsOf(uid)));
    counted.push(...nonZero(await cellsService(strapi).countedCells(uid)));
  }
  return { stored, counted };
};

type Meta = { tableName: string; attributes: Record<string, Record<string, unknown>> };

/**
 * The public route's total written independently in the test: published rows with any link to
 * the stages, per locale for localized types, with one of the intents.
 */
export const sqlTotal = async (
  strapi: Core.Strapi,
  scope: { stageIds: number[]; intents: string[] | null; locale: string | null; uids: string[] }
) => {
  const knex = strapi.db.connection;
  let total = 0;
  for (const uid of scope.uids) {
    const meta = strapi.db.metadata.get(uid) as unknown as Meta;
    const join = meta.attributes.journeyStages.joinTable as {
      name: string;
      joinColumn: { name: string };
      inverseJoinColumn: { name: string };
    };
    const localized =
      (strapi.getModel(uid as never) as { pluginOptions?: { i18n?: { localized?: boolean } } })
        .pluginOptions?.i18n?.localized === true;
    const query = knex(`${meta.tableName} as e`)
      .whereNotNull('e.published_at')
      .whereExists(
        knex(`${join.name} as l`)
          .select(knex.raw('1'))
          .whereRaw(`l.${join.joinColumn.name} = e.id`)
          .whereIn(
            `l.${join.inverseJoinColumn.name}`,
            scope.stageIds.length ? scope.stageIds : [-1]
          )
      );
    if (scope.intents) query.whereIn('e.search_intent', scope.intents);
    if (scope.locale && localized) query.where('e.locale', scope.locale);
    const row = (await query.count({ n: '*' }).first()) as { n: number | string };
    total += Number(row.n);
  }
  return total;
};

/** A read access that lets every row through but makes coverage count in SQL (a row filter). */
export const sqlAccess = (uids: string[]) =>
  new Map(
    uids.map((uid) => [
      uid,
      {
        uid,
        checker: {
          can: Object.assign(() => true, { read: () => true }),
          cannot: { read: () => false },
          requiresEntity: { read: () => false },
          sanitizedQuery: { read: async () => ({}) },
        },
        filters: { id: { $notNull: true } },
        full: false,
      },
    ])
  );

export type CoverageCell = {
  stage: string;
  intent: string | null;
  contentType: string;
  locale: string | null;
  published: number;
  draftOnly: number;
};

/** A coverage cell as the API answers it, on one line: expected cells read as a table. */
export const cell = (
  stage: string,
  intent: string | null,
  contentType: string,
  locale: string | null,
  published: number,
  draftOnly: number
): CoverageCell => ({ stage, intent, contentType, locale, published, draftOnly });
