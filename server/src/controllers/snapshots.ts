import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { getService } from '../utils/get-service';
import { singleParam } from '../utils/params';
import { answeringAdmin, readAccess, type AdminCtx } from '../utils/read-access';

export type Ctx = AdminCtx & {
  query: Record<string, unknown>;
  request: { body?: unknown };
  status: number;
  body: unknown;
  set: (name: string, value: string) => void;
};

/** `{ journey?: string }`: anything else in the body is a mistake worth naming. */
const journeyInBody = (body: unknown): string | undefined => {
  const value = (body ?? {}) as Record<string, unknown>;
  if (value.journey === undefined || value.journey === null || value.journey === '') {
    return undefined;
  }
  if (typeof value.journey !== 'string') {
    throw new errors.ValidationError('Body field "journey" must be a journey key (a string)', {
      parameter: 'journey',
    });
  }
  return value.journey;
};

/** Snapshots of coverage over time: the trend chart's data, "Snapshot now" and the CSV. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const snapshots = () => getService(strapi, 'snapshots');

  /** What of the stored counts this caller may see: the types it reads in full. */
  const readerOf = async (ctx: Ctx) => {
    const uids = getService(strapi, 'content-types').journeyAwareUids();
    const access = await readAccess(strapi, ctx, uids);
    const full = [...access.values()].filter((a) => a.full || a.filters === null);
    return {
      readable: new Set(full.map((a) => a.uid)),
      excluded: [...access.keys()].filter((uid) => !full.some((a) => a.uid === uid)).sort(),
    };
  };

  return {
    async take(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const result = await snapshots().take(
          { journey: journeyInBody(ctx.request.body), refresh: true },
          await readerOf(ctx)
        );
        ctx.status = 201;
        ctx.body = { data: result };
      });
    },

    async find(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const { journey, excluded, ...series } = await snapshots().series(
          {
            journey: singleParam(ctx.query, 'journey'),
            from: singleParam(ctx.query, 'from'),
            to: singleParam(ctx.query, 'to'),
          },
          await readerOf(ctx)
        );
        return { data: series, meta: { journey, excluded } };
      });
    },

    async export(ctx: Ctx) {
      return answeringAdmin(ctx, async () => {
        const { journey, csv } = await snapshots().exportCsv(
          { journey: singleParam(ctx.query, 'journey') },
          await readerOf(ctx)
        );
        ctx.set('Content-Type', 'text/csv; charset=utf-8');
        ctx.set('Content-Disposition', `attachment; filename="coverage-trend-${journey}.csv"`);
        ctx.body = csv;
      });
    },
  };
};
