import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DemandParseError } from '../domain/demand-parse';
import type { AnalyticsImportInput } from '../services/analytics-import';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';
import type { Ctx } from './demand-import';
import { field, readUploadForm } from './upload-form';

/** A file the readers refused: a 400 whose details say the line and the column. */
const badRequests = async <T>(handle: () => Promise<T>): Promise<T> => {
  try {
    return await handle();
  } catch (error) {
    if (error instanceof DemandParseError) {
      throw new errors.ValidationError(error.message, {
        parameter: 'file',
        line: error.line,
        column: error.column,
      });
    }
    return rethrowAsBadRequest(error);
  }
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'analytics-import');

  const formInput = (ctx: Ctx): Promise<AnalyticsImportInput> =>
    readUploadForm(ctx.request, (body, file) => ({
      file,
      tool: field(body, 'tool'),
      from: field(body, 'from'),
      to: field(body, 'to'),
      goal: field(body, 'goal'),
      patterns: field(body, 'patterns'),
    }));

  return {
    async preview(ctx: Ctx) {
      const input = await formInput(ctx);
      ctx.body = { data: await badRequests(() => service().preview(input)) };
    },

    async importFile(ctx: Ctx) {
      const input = await formInput(ctx);
      const data = await badRequests(() => service().importFile(input));
      ctx.status = 201;
      ctx.body = { data };
    },

    async listImports(ctx: Ctx) {
      ctx.body = { data: await service().listImports() };
    },

    async deleteImport(ctx: Ctx) {
      ctx.body = { data: await badRequests(() => service().deleteImport(ctx.params.id)) };
    },

    async getUrlPatterns(ctx: Ctx) {
      ctx.body = { data: await service().getUrlPatterns() };
    },

    async putUrlPatterns(ctx: Ctx) {
      ctx.body = {
        data: await badRequests(() => service().putUrlPatterns(ctx.request.body ?? {})),
      };
    },
  };
};
