import type { Core } from '@strapi/strapi';
import { singleParam } from '../utils/params';
import { getService } from '../utils/get-service';

type Ctx = {
  query: Record<string, unknown>;
  params: Record<string, string>;
  request: { body?: unknown };
  state: { user?: { id?: number } };
  set: (name: string, value: string) => void;
};

const booleanParam = (value: unknown, fallback: boolean) =>
  value === undefined ? fallback : !['false', '0', 'no'].includes(String(value).toLowerCase());

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const journeys = () => getService(strapi, 'journeys');

  return {
    async find() {
      return { data: await journeys().list() };
    },

    async export(ctx: Ctx) {
      ctx.set('Content-Disposition', 'attachment; filename="journeys.json"');
      return journeys().exportJourneys();
    },

    /** Dry run unless `?dryRun=false`: a team sees what an import changes before it changes it. */
    async import(ctx: Ctx) {
      return journeys().importJourneys(ctx.request.body, {
        dryRun: booleanParam(ctx.query.dryRun, true),
        user: ctx.state.user,
      });
    },

    async create(ctx: Ctx) {
      return { data: await journeys().createJourney(ctx.request.body) };
    },

    async update(ctx: Ctx) {
      return {
        data: await journeys().updateJourney(ctx.params.key, ctx.request.body, {
          user: ctx.state.user,
        }),
      };
    },

    async reorder(ctx: Ctx) {
      const body = ctx.request.body as { journeys?: unknown } | undefined;
      return { data: await journeys().reorderJourneys(body?.journeys) };
    },

    async addStage(ctx: Ctx) {
      return { data: await journeys().addStage(ctx.params.key, ctx.request.body) };
    },

    async updateStage(ctx: Ctx) {
      return {
        data: await journeys().updateStage(ctx.params.documentId, ctx.request.body, {
          user: ctx.state.user,
        }),
      };
    },

    async reorderStages(ctx: Ctx) {
      const body = ctx.request.body as { stages?: unknown } | undefined;
      return {
        data: await journeys().reorderStages(ctx.params.key, body?.stages, {
          user: ctx.state.user,
        }),
      };
    },

    async deleteStage(ctx: Ctx) {
      return journeys().deleteStage(ctx.params.documentId, {
        moveTo: singleParam(ctx.query, 'moveTo'),
      });
    },

    async deleteJourney(ctx: Ctx) {
      return journeys().deleteJourney(ctx.params.key, { moveTo: singleParam(ctx.query, 'moveTo') });
    },
  };
};
