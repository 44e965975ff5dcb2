import type { Core } from '@strapi/strapi';

/** What the document service hands a middleware, in the parts the plugin reads. */
export type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
};
export type Next = () => Promise<unknown>;
export type Row = { id: number; documentId: string; key: string } & Record<string, unknown>;
export type StageRow = Row & { journey?: (Row & { intentStages?: unknown }) | null };
export type JourneyRow = Row & { stages: Row[] };

/** Strapi's middleware type names its own context; ours reads only what it needs. */
export const useDocumentMiddleware = (
  strapi: Core.Strapi,
  middleware: (ctx: unknown, next: Next) => Promise<unknown>
) => {
  strapi.documents.use(middleware as unknown as Parameters<typeof strapi.documents.use>[0]);
};
