import type { Core } from '@strapi/strapi';
import { demandCell } from './cell';
import { demandMatrix } from './matrix';
import { demandReads } from './model';
import { demandIndex } from './search-index';

export { DEFAULT_THRESHOLD, metricParam, thresholdParam } from './shared';
export type { DemandCellQuery, DemandQuery } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const index = demandIndex(strapi);
  const reads = demandReads(strapi, index);
  const { matrix } = demandMatrix(strapi, index, reads);
  const { cell, exportCsv } = demandCell(strapi, index, reads);
  const { sources, monthlyTotals } = reads;
  const { indexStats, reset, refreshed } = index;
  return { matrix, cell, exportCsv, sources, monthlyTotals, indexStats, reset, refreshed };
};
