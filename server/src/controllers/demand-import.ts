import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { DemandLimitError, DemandMappingError, DemandParseError } from '../domain/demand-parse';
import type { AdminUser, ImportFileInput } from '../services/demand-import';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest, singleParam } from '../utils/params';
import { field, readUploadForm, type UploadRequest } from './upload-form';

export interface Ctx {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: UploadRequest;
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

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const service = () => getService(strapi, 'demand-import');

  const formInput = (ctx: Ctx): Promise<ImportFileInput> =>
    readUploadForm(ctx.request, (body, file) => ({
      journey: field(body, 'journey'),
      locale: field(body, 'locale'),
      source: field(body, 'source'),
      period: field(body, 'period'),
      mapping: field(body, 'mapping'),
      delimiter: field(body, 'delimiter'),
      file,
      user: ctx.state.user ?? null,
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
