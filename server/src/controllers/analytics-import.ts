import { promises as fs } from 'fs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DemandParseError } from '../domain/demand-parse';
import type { AnalyticsImportInput } from '../services/analytics-import';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';
import type { Ctx } from './demand-import';

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

/** A form field given once: twice is a mistake worth a 400, not a guess. */
const field = (body: Record<string, unknown>, name: string) => {
  const value = body[name];
  if (Array.isArray(value)) {
    throw new errors.ValidationError(`Field "${name}" must be given once`, { parameter: name });
  }
  return value;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'analytics-import');

  /** Reads the upload into memory and removes formidable's temp file, as the demand import does. */
  const formInput = async (ctx: Ctx): Promise<AnalyticsImportInput> => {
    const body = ctx.request.body ?? {};
    const upload = ctx.request.files?.file;
    const uploads = Array.isArray(upload) ? upload : upload ? [upload] : [];
    try {
      if (uploads.length > 1) {
        throw new errors.ValidationError('Send one file in the field "file", not several', {
          parameter: 'file',
        });
      }
      const file = uploads[0]
        ? { data: await fs.readFile(uploads[0].filepath), name: uploads[0].originalFilename }
        : null;
      return {
        file,
        tool: field(body, 'tool'),
        from: field(body, 'from'),
        to: field(body, 'to'),
        goal: field(body, 'goal'),
        patterns: field(body, 'patterns'),
      };
    } finally {
      await Promise.all(uploads.map((u) => fs.rm(u.filepath, { force: true })));
    }
  };

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
