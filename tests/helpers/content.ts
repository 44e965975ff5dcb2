import type { Core } from '@strapi/strapi';

export const ARTICLE = 'api::article.article';
export const PAGE = 'api::page.page';

/** Grants actions to the Users & Permissions public role, as an admin would in Settings. */
export const grantPublic = async (strapi: Core.Strapi, actions: string[]) => {
  const role = await strapi.db
    .query('plugin::users-permissions.role')
    .findOne({ where: { type: 'public' } });
  for (const action of actions) {
    await strapi.db
      .query('plugin::users-permissions.permission')
      .create({ data: { action, role: role.id } });
  }
};

export const stageIds = async (strapi: Core.Strapi, journey = 'customer') => {
  const stages = (await strapi.documents('plugin::journey.stage' as never).findMany({
    filters: { journey: { key: journey } },
  } as never)) as unknown as Array<{ key: string; documentId: string; id: number }>;
  return Object.fromEntries(stages.map((s) => [s.key, s.documentId])) as Record<string, string>;
};

export interface Tagged {
  title: string;
  stages?: string[];
  intent?: string | null;
  locale?: string;
  status?: 'draft' | 'published';
}

/** Creates a document through the document service, as the content manager would. */
export const createTagged = async (
  strapi: Core.Strapi,
  uid: string,
  stages: Record<string, string>,
  item: Tagged
) =>
  (await strapi.documents(uid as never).create({
    data: {
      title: item.title,
      journeyStages: (item.stages ?? []).map((key) => stages[key]),
      searchIntent: item.intent ?? null,
    },
    ...(item.locale ? { locale: item.locale } : {}),
    ...(item.status ? { status: item.status } : {}),
  } as never)) as unknown as { documentId: string; id: number };
