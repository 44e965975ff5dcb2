import type { Core } from '@strapi/strapi';

/**
 * Adds a cron job that every instance runs, in UTC so that it fires at the same hour on every
 * host. The task itself must make sure the work is done once across instances (a lease, a
 * unique index); a failure is logged, and the job goes on at its next time.
 */
export const addClusterJob = (
  strapi: Core.Strapi,
  job: string,
  rule: string,
  what: string,
  run: () => Promise<unknown>
) =>
  strapi.cron.add({
    [job]: {
      task: async () => {
        try {
          await run();
        } catch (error) {
          strapi.log.error(`[journey] ${what} failed: ${error}`);
        }
      },
      options: { rule, tz: 'UTC' },
    },
  });
