import type { Core } from '@strapi/strapi';
import { demandOverrides } from './overrides';
import { demandChecks } from './preview';
import { demandStore } from './store';

export {
  NO_INTENT,
  NO_STAGE,
  parseDelimiter,
  parseMappingParam,
  parsePeriod,
  parseSource,
  replaceKeyOf,
} from './shared';
export type { AdminUser, ImportFileInput, ImportRowsInput, Period, UploadedFile } from './shared';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const checks = demandChecks(strapi);
  const { importFile, importRows, listImports, deleteImport } = demandStore(strapi, checks);
  const { listOverrides, putOverride, deleteOverride } = demandOverrides(strapi, checks);
  return {
    preview: checks.preview,
    importFile,
    importRows,
    listImports,
    deleteImport,
    listOverrides,
    putOverride,
    deleteOverride,
  };
};
