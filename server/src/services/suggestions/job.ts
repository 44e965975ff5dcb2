import { randomUUID } from 'crypto';
import type { Core } from '@strapi/strapi';
import { dbClient, locking, type Knex } from '../../utils/db';
import type { SuggestionRows } from './rows';
import {
  IDLE,
  JOB_BATCH,
  JOB_KEY,
  jobProgress,
  json,
  LEASE_MS,
  type EntryRow,
  type JobState,
  type Scope,
} from './shared';

/** The background job that computes the whole queue, run by one instance at a time. */
export const suggestionJob = (strapi: Core.Strapi, rows: SuggestionRows, instanceId: string) => {
  const { contentTypes, table, textColumns, entries, whereStale, suggest, upsert, classifier } =
    rows;

  // ---- The background job: state in the core store, so every instance reports the same. ----

  const storeTable = () => strapi.db.metadata.get('strapi::core-store').tableName;

  const readState = async (): Promise<{
    id: number | null;
    raw: string | null;
    state: JobState;
  }> => {
    const row = (await strapi.db
      .connection(storeTable())
      .select('id', 'value')
      .where('key', JOB_KEY)
      .orderBy('id')
      .first()) as { id: number; value: string } | undefined;
    if (!row) return { id: null, raw: null, state: { ...IDLE } };
    return { id: row.id, raw: row.value, state: { ...IDLE, ...json<JobState>(row.value, IDLE) } };
  };

  /**
   * Writes the job state only if nobody wrote it since it was read: the conditional UPDATE is the
   * lease, so of two instances starting (or taking over) at once exactly one goes on.
   */
  const compareAndSet = async (
    read: { id: number | null; raw: string | null },
    next: JobState
  ): Promise<boolean> => {
    const value = JSON.stringify(next);
    if (read.id === null) {
      // First run on this database: one row, created under a lock so two instances agree on it.
      return (await strapi.db.transaction(async ({ trx }) => {
        const knex = trx as unknown as Knex;
        await locking(
          strapi,
          knex(storeTable()).select('id').where('key', 'plugin_journey_seededJourneys'),
          'update'
        );
        const existing = await knex(storeTable()).select('id').where('key', JOB_KEY).first();
        if (existing) return false;
        await knex(storeTable()).insert({ key: JOB_KEY, value, type: 'object' });
        return true;
      })) as boolean;
    }
    const updated = await strapi.db
      .connection(storeTable())
      .where({ id: read.id, value: read.raw })
      .update({ value });
    return Number(updated) === 1;
  };

  const jobScopes = (scope: JobState['scope']): Scope[] => {
    const uids = scope.contentType ? [scope.contentType] : contentTypes().journeyAwareUids();
    return uids
      .filter((uid) => contentTypes().isJourneyAware(uid))
      .map((uid) => ({ uid, locale: scope.locale }));
  };

  /** Untagged entries of the scope without a suggestion made from their current text. */
  const pendingCount = async (scope: JobState['scope']) => {
    const { version } = await classifier();
    let total = 0;
    for (const s of jobScopes(scope)) {
      const t = contentTypes().tagTable(s.uid);
      const base = entries(strapi.db.connection, t, await textColumns(s.uid), s);
      const row = (await whereStale(base.query.clone(), t, version)
        .count({ count: '*' })
        .first()) as { count: unknown } | undefined;
      total += Number(row?.count ?? 0);
    }
    return total;
  };

  /** One batch of one type: classified and stored. Returns the entries it handled. */
  const processBatch = async (scope: Scope, seen: Set<string>) => {
    const knex = strapi.db.connection;
    const t = contentTypes().tagTable(scope.uid);
    const base = entries(knex, t, await textColumns(scope.uid), scope);
    const { classify, version } = await classifier();
    const rows = (await base
      .select(whereStale(base.query.clone(), t, version))
      .orderBy('e.id')
      .limit(JOB_BATCH)) as unknown as EntryRow[];
    const fresh = rows.filter((r) => !seen.has(`${scope.uid}:${r.document_id}:${r.locale ?? ''}`));
    if (!fresh.length) return 0;
    await upsert(
      knex,
      scope.uid,
      fresh.map((row) => ({ row, suggestion: suggest(classify, row, scope.locale) })),
      version
    );
    // An entry that stays stale after its upsert (edited meanwhile) is not taken again this run.
    for (const r of fresh) seen.add(`${scope.uid}:${r.document_id}:${r.locale ?? ''}`);
    return fresh.length;
  };

  let loopRunning: string | null = null;

  const loop = async (runId: string) => {
    loopRunning = runId;
    const seen = new Set<string>();
    let batches = 0;
    try {
      for (;;) {
        const read = await readState();
        if (read.state.runId !== runId || read.state.instance !== instanceId) return;
        let handled = 0;
        for (const scope of jobScopes(read.state.scope)) {
          handled = await processBatch(scope, seen);
          if (handled) break;
        }
        const state = read.state;
        const next: JobState = handled
          ? {
              ...state,
              heartbeat: Date.now(),
              processed: state.processed + handled,
              total: Math.max(state.total, state.processed + handled),
            }
          : {
              ...state,
              running: false,
              heartbeat: Date.now(),
              finishedAt: new Date().toISOString(),
              total: state.processed,
            };
        if (!(await compareAndSet(read, next))) return;
        if (!handled) return;
        batches += 1;
        // PostgreSQL plans the queue's join from table statistics; the suggestions table grows
        // from nothing during a first run, faster than autovacuum re-reads it (unanalysed, a
        // 10,000-entry backlog took 25 times longer).
        if (dbClient(strapi) === 'postgres' && (batches === 1 || batches % 10 === 0)) {
          await strapi.db.connection.raw('ANALYZE ??', [table()]);
        }
        // Let requests in between batches.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (error) {
      strapi.log.warn(`[journey] suggestion job stopped: ${error}`);
    } finally {
      if (loopRunning === runId) loopRunning = null;
    }
  };

  /**
   * Starts the job, unless another instance runs it (a fresh heartbeat); a job whose instance
   * stopped writing is taken over and goes on with what is still missing.
   */
  const run = async (scope: JobState['scope'] = {}) => {
    const read = await readState();
    const { state } = read;
    if (state.running && Date.now() - state.heartbeat < LEASE_MS) return { started: false, state };
    const resumed =
      state.running && JSON.stringify(state.scope) === JSON.stringify(scope) ? state : null;
    const pending = await pendingCount(scope);
    const next: JobState = {
      running: true,
      runId: randomUUID(),
      instance: instanceId,
      heartbeat: Date.now(),
      startedAt: resumed?.startedAt ?? new Date().toISOString(),
      finishedAt: null,
      processed: resumed?.processed ?? 0,
      total: (resumed?.processed ?? 0) + pending,
      scope,
      error: null,
    };
    if (!(await compareAndSet(read, next)))
      return { started: false, state: (await readState()).state };
    void loop(next.runId as string);
    return { started: true, state: next };
  };

  /** A job left running by an instance that stopped is resumed by whichever instance looks. */
  const resumeAbandoned = async () => {
    const { state } = await readState();
    if (state.running && Date.now() - state.heartbeat >= LEASE_MS) await run(state.scope);
  };

  const status = async () => {
    const { state } = await readState();
    return {
      ...jobProgress(state),
      stale: state.running && Date.now() - state.heartbeat >= LEASE_MS,
    };
  };

  return { run, status, resumeAbandoned, isLooping: () => loopRunning !== null };
};
