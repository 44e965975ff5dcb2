import type { Core } from '@strapi/strapi';
import { getService } from './utils/get-service';

/** At shutdown, before the database closes: the analytics buffer is written, not lost. */
export default async ({ strapi }: { strapi: Core.Strapi }) => {
  await getService(strapi, 'analytics-ingest').stop();
};
