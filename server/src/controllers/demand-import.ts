import { promises as fs } from 'fs';
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DemandLimitError, DemandMappingError, DemandParseError } from '../domain/demand-parse';
import type { AdminUser, ImportFileInput } from '../services/demand-import';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest, singleParam } from '../utils/params';

/** A file as Strapi's body middleware (koa-body, formidable 2) hands it over. */
interface FormidableFile {
  filepath: string;
  originalFilename?: string | null;
  size?: number;
}

export interface Ctx {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: {
    body?: Record<string, unknown>;
    files?: Record<string, FormidableFile | FormidableFile[] | undefined>;
  };
  state: { user?: AdminUser };
  status: number;
  body: unknown;
}

/**
 * A file the parser refused is the caller's mistake: a 400 whose details say the line and the
 * column (or the mapping field and the file's columns), as the message does.
 */
const asBadRequest = (error: unknown): never => {
  if (error instanceof DemandLimitError) {
    throw new errors.ValidationError(error.message, { parameter: 'file', limit: error.limit });
  }
  if (error instanceof DemandMappingError) {
    throw new errors.ValidationError(error.message, {
      parameter: error.field,
      valid: error.valid,
    });
  }
  if (error instanceof DemandParseError) {
    throw new errors.ValidationError(error.message, {
      parameter: 'file',
      line: error.line,
      column: error.column,
    });
  }
  return rethrowAsBadRequest(error);
};

const badRequests = async <T>(handle: () => Promise<T>): Promise<T> => {
  try {
    return await handle();
  } catch (error) {
    return asBadRequest(error);
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
  const service = () => getService(strapi, 'demand-import');

  /**
   * Reads the upload into memory (at most 50,000 rows: a few MB) and removes formidable's temp
   * file, which Strapi's body middleware only cleans up for a field named "files".
   */
  const formInput = async (ctx: Ctx): Promise<ImportFileInput> => {
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
        journey: field(body, 'journey'),
        locale: field(body, 'locale'),
        source: field(body, 'source'),
        period: field(body, 'period'),
        mapping: field(body, 'mapping'),
        delimiter: field(body, 'delimiter'),
        file,
        user: ctx.state.user ?? null,
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
      ctx.body = {
        data: await badRequests(async () =>
          service().listImports(singleParam(ctx.query, 'journey'))
        ),
      };
    },

    async deleteImport(ctx: Ctx) {
      ctx.body = { data: await badRequests(() => service().deleteImport(ctx.params.id)) };
    },

    async listOverrides(ctx: Ctx) {
      ctx.body = {
        data: await badRequests(async () =>
          service().listOverrides({
            journey: singleParam(ctx.query, 'journey'),
            locale: singleParam(ctx.query, 'locale'),
          })
        ),
      };
    },

    async putOverride(ctx: Ctx) {
      const body = ctx.request.body ?? {};
      ctx.body = {
        data: await badRequests(() =>
          service().putOverride({
            journey: body.journey,
            locale: body.locale,
            query: body.query,
            intent: body.intent,
            stage: body.stage,
            user: ctx.state.user ?? null,
          })
        ),
      };
    },

    async deleteOverride(ctx: Ctx) {
      ctx.body = {
        data: await badRequests(async () =>
          service().deleteOverride({
            journey: singleParam(ctx.query, 'journey'),
            locale: singleParam(ctx.query, 'locale'),
            query: singleParam(ctx.query, 'query'),
          })
        ),
      };
    },
  };
};
