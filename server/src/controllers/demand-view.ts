import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { localeParam, singleParam } from '../utils/params';
import { answeringAdmin, readAccess, type AdminCtx } from '../utils/read-access';

export type Ctx = AdminCtx & {
  query: Record<string, unknown>;
  body?: unknown;
  type?: string;
  set: (name: string, value: string) => void;
};

/**
 * Search demand beside supply. The route needs "read coverage"; what is counted as supply and
 * which documents may be shown as a query's best match follow the caller's content-manager read
 * rights, as on the coverage page.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const callerAccess = (ctx: Ctx) =>
    readAccess(strapi, ctx, getService(strapi, 'content-types').journeyAwareUids());

  const common = async (ctx: Ctx) => ({
    journey: singleParam(ctx.query, 'journey'),
    contentType: singleParam(ctx.query, 'contentType'),
    locale: await localeParam(strapi, ctx.query),
    metric: singleParam(ctx.query, 'metric'),
    threshold: singleParam(ctx.query, 'threshold'),
    access: await callerAccess(ctx),
  });

  return {
    async matrix(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const { meta, ...data } = await getService(strapi, 'demand-view').matrix(await common(ctx));
        return { data, meta };
      });
    },

    /** The imports of a journey, which count, and the queries two sources share. */
    async sources(ctx: Ctx) {
      return answeringAdmin(ctx, async () => ({
        data: await getService(strapi, 'demand-view').sources({
          journey: singleParam(ctx.query, 'journey'),
          locale: await localeParam(strapi, ctx.query),
        }),
      }));
    },

    async cell(ctx: Ctx) {
      return answeringAdmin(ctx, async () =>
        getService(strapi, 'demand-view').cell({
          ...(await common(ctx)),
          stage: singleParam(ctx.query, 'stage'),
          intent: singleParam(ctx.query, 'intent'),
          page: singleParam(ctx.query, 'page'),
          pageSize: singleParam(ctx.query, 'pageSize'),
        })
      );
    },

    async export(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const { csv, journey, matching, imports, overlaps } = await getService(
          strapi,
          'demand-view'
        ).exportCsv(await common(ctx));
        const day = new Date().toISOString().slice(0, 10);
        ctx.set('Content-Type', 'text/csv; charset=utf-8');
        // The CSV has no place for it: whether the matches are being refreshed goes in headers.
        ctx.set('X-Journey-Matching', matching.state);
        ctx.set('X-Journey-Matching-As-Of', matching.asOf);
        // Which imports the numbers come from, and how many source pairs share queries.
        ctx.set('X-Journey-Demand-Imports', imports.join(','));
        ctx.set('X-Journey-Demand-Overlaps', String(overlaps.length));
        ctx.set('Content-Disposition', `attachment; filename="demand-${journey}-${day}.csv"`);
        ctx.body = csv;
        return undefined;
      });
    },
  };
};
