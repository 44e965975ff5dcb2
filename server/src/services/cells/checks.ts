import type { Core } from '@strapi/strapi';
import type { JourneyPluginConfig } from '../../domain/config';
import { PLUGIN_ID } from '../../utils/constants';
import { withKnex } from '../../utils/db';
import { addClusterJob } from '../../utils/cron';
import { LEASE_KEY, FULL_LEASE_KEY, LEASE_SECONDS, COOLDOWN_SECONDS, Listener } from './shared';
import type { CellRecount } from './recount';
import type { CellWrites } from './track';

/** The periodic checks, one instance at a time, and the boot-time count. */
export const cellChecks = (
  strapi: Core.Strapi,
  cellRecount: CellRecount,
  cellWrites: CellWrites
) => {
  const { storedCells, recount, quickCheck } = cellRecount;
  const { listeners, contentTypes, table, state, columns } = cellWrites;

  /**
   * Takes a check's lease with a conditional update: of several instances whose crons fire
   * together, one sees an expired lease and moves it on; the others update no row.
   */
  const takeLease = (key: string, seconds: number) =>
    withKnex(strapi, async (knex) => {
      const c = columns();
      const now = Math.floor(Date.now() / 1000);
      await knex(table())
        .insert({
          [c.key]: key,
          [c.scope]: 'lease',
          [c.scopeId]: 0,
          [c.uid]: '',
          [c.version]: 0,
        })
        .onConflict(c.key)
        .ignore();
      const updated = await knex(table())
        .where(c.key, key)
        .where(c.version, '<', now)
        .update({ [c.version]: now + seconds });
      return Number(updated) === 1;
    });

  const releaseLease = (key: string) =>
    withKnex(strapi, (knex) =>
      knex(table())
        .where(columns().key, key)
        .update({ [columns().version]: Math.floor(Date.now() / 1000) + COOLDOWN_SECONDS })
    );

  const underLease = async <T>(key: string, run: () => Promise<T>): Promise<T | null> => {
    if (!(await takeLease(key, LEASE_SECONDS))) return null;
    try {
      return await run();
    } finally {
      await releaseLease(key);
    }
  };

  /** The periodic cheap check: on one instance at a time, logs and repairs drift it can see. */
  const selfCheck = () => underLease(LEASE_KEY, quickCheck);

  /** The rare full check (a recount of every type): on one instance at a time. */
  const fullCheck = async (): Promise<{ drift: number } | null> => {
    const result = await underLease(FULL_LEASE_KEY, recount);
    if (result) strapi.log.info(`[journey] counts full check: ${result.drift} cell(s) repaired`);
    return result;
  };

  const typesSignature = () =>
    JSON.stringify(
      contentTypes()
        .journeyAwareUids()
        .map((uid) => [
          uid,
          contentTypes().isLocalized(uid),
          contentTypes().hasDraftAndPublish(uid),
        ])
    );

  /**
   * On boot: counts everything when the table has no cell yet or the journey-aware types
   * changed since the cells were counted; then schedules the self-check.
   */
  const bootstrap = async () => {
    const store = strapi.store({ type: 'plugin', name: PLUGIN_ID, key: 'cellTypes' });
    const signature = typesSignature();
    const c = columns();
    const any = await strapi.db.connection(table()).whereNot(c.scope, 'lease').first('id');
    if (!any || (await store.get({})) !== signature) {
      const { drift } = await recount();
      strapi.log.info(`[journey] counted the cells (${drift} changed)`);
      await store.set({ value: signature });
    }
    state.ready = true;
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    const schedules = {
      journeyCountsSelfCheck: {
        cron: config.counts?.selfCheck,
        run: selfCheck,
        name: 'self-check',
      },
      journeyCountsFullCheck: {
        cron: config.counts?.fullCheck,
        run: fullCheck,
        name: 'full check',
      },
    };
    for (const [job, { cron, run, name }] of Object.entries(schedules)) {
      if (cron) addClusterJob(strapi, job, cron, `counts ${name}`, run);
    }
  };

  /** Listens to changes, after commit; returns the function that stops listening. */
  const onChange = (listener: Listener) => {
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
    };
  };

  /** Every stored cell of a type (tests, the recount route's answer). */
  const cellsOf = (uid: string) => withKnex(strapi, (knex) => storedCells(knex, uid, false));

  return {
    takeLease,
    releaseLease,
    underLease,
    selfCheck,
    fullCheck,
    typesSignature,
    bootstrap,
    onChange,
    cellsOf,
  };
};

export type CellChecks = ReturnType<typeof cellChecks>;
