import type { Core } from '@strapi/strapi';
import { withKnex } from '../../utils/db';
import { cellChecks } from './checks';
import { cellReads } from './read';
import { cellRecount } from './recount';
import { cellWrites } from './track';

export { CELL_UID } from './shared';
export type { CellChange, CellScopeQuery, Listener, Target } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const writes = cellWrites(strapi);
  const { stamp, stampOfAll, total, coverage } = cellReads(strapi, writes);
  const counts = cellRecount(strapi, writes);
  const { selfCheck, fullCheck, bootstrap, onChange, cellsOf } = cellChecks(strapi, counts, writes);
  return {
    track: writes.track,
    linkedDocuments: writes.linkedDocuments,
    touchStage: writes.touchStage,
    stamp,
    stampOfAll,
    total,
    coverage,
    recount: counts.recount,
    selfCheck,
    fullCheck,
    signatures: counts.signatures,
    bootstrap,
    onChange,
    cellsOf,
    countedCells: (uid: string) => withKnex(strapi, (knex) => counts.countedCells(knex, uid)),
  };
};
