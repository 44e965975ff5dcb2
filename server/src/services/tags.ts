import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  BATCH_SIZE,
  chunk,
  linkDiff,
  planState,
  resolveStageOps,
  sameState,
  stageRef,
  type StageOps,
  type StageRow,
  type TagState,
} from '../domain/bulk-tags';
import { isIntent, type Intent } from '../domain/intents';
import { CHANGE_ENTRY_UID, CHANGE_UID, STAGE_UID } from '../utils/constants';
import { locking, lockRows, retryOnConflict, withKnex, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { typeLocale } from '../utils/locale';
import { restrictToReadable, type TypeAccess } from '../utils/read-access';
import type { ApplyResult, Skipped, TagTable, TagUser } from '../domain/stored';

export { CHANGE_ENTRY_UID, CHANGE_UID };
export type { ApplyResult, Skipped, TagUser };

export type { StageOps, TagState };

export interface TagGroup {
  documentIds: string[];
  stages?: StageOps;
  intent?: Intent | null;
}

export interface ApplyInput {
  uid: string;
  /** Localized types: the locale of the rows to tag (the default locale when omitted). */
  locale?: string;
  groups: TagGroup[];
  user: TagUser | null;
  kind: 'bulk' | 'queue' | 'undo';
  /** Skip entries that carry any stage or intent now (reason 'tagged meanwhile'). */
  onlyIfUntagged?: boolean;
  dryRun?: boolean;
  label?: string;
  /**
   * The rows the caller may update (the content manager's conditions, as a filter); other rows
   * are skipped with reason 'not permitted'. Absent: every row.
   */
  access?: Pick<TypeAccess, 'uid' | 'filters'> | null;
}

/** What one entry should become, or why it is left alone. */
type Target = TagState | { skip: string };
type TargetFn = (current: TagState, documentId: string) => Target;

interface Outcome {
  documentId: string;
  before: TagState;
  after: TagState;
}

export interface BatchResult {
  matched: number;
  changed: Outcome[];
  unchanged: Outcome[];
  skipped: Skipped[];
}

export interface BatchOptions {
  t: TagTable;
  locale: string | null;
  documentIds: string[];
  /** Every stage a target may link: locked for share, so no stage delete runs meanwhile. */
  stageIds: number[];
  target: TargetFn;
  dryRun: boolean;
  user: TagUser | null;
  access?: Pick<TypeAccess, 'uid' | 'filters'> | null;
  /** The change the written entries are recorded under. */
  changeId: number | null;
}

const userSnapshot = (user: TagUser | null) =>
  user
    ? {
        id: user.id,
        firstname: user.firstname ?? null,
        lastname: user.lastname ?? null,
        email: user.email ?? null,
      }
    : null;

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');

  /** Every stage with its journey's key, for `journeyKey/stageKey` references. */
  const stageRows = async (): Promise<StageRow[]> => {
    const rows = (await strapi.db.query(STAGE_UID as never).findMany({
      select: ['id', 'documentId', 'key'],
      populate: { journey: { select: ['key'] } },
      orderBy: [{ position: 'asc' }, { id: 'asc' }],
    } as never)) as Array<{
      id: number;
      documentId: string;
      key: string;
      journey?: { key: string } | null;
    }>;
    return rows.map((r) => ({
      id: Number(r.id),
      documentId: r.documentId,
      key: r.key,
      journeyKey: r.journey?.key ?? '',
    }));
  };

  const resolveLocale = (uid: string, locale?: string | null) =>
    typeLocale(strapi, uid, locale, { check: false });

  /** The column of the admin user who last updated a row, where the type has one. */
  const updatedByColumn = (uid: string): string | null => {
    const attribute = (
      strapi.db.metadata.get(uid).attributes as Record<string, { joinColumn?: { name: string } }>
    ).updatedBy;
    return attribute?.joinColumn?.name ?? null;
  };

  /** The draft rows (or the only rows, without draft & publish) of these documents, locked. */
  const draftRows = async (knex: Knex, t: TagTable, locale: string | null, ids: string[]) => {
    const query = knex(t.table)
      .select({ id: 'id', documentId: t.documentId, intent: t.intent })
      .whereIn(t.documentId, ids)
      .orderBy('id');
    if (t.draftAndPublish) query.whereNull(t.publishedAt);
    if (t.localized && locale) query.where(t.locale, locale);
    return (await locking(strapi, query, 'update')) as Array<{
      id: number | string;
      documentId: string;
      intent: string | null;
    }>;
  };

  const permittedIds = async (
    knex: Knex,
    t: TagTable,
    access: BatchOptions['access'],
    rowIds: number[]
  ): Promise<Set<number> | null> => {
    if (!access?.filters || !rowIds.length) return null;
    const rows = (await knex(`${t.table} as e`)
      .select('e.id')
      .whereIn('e.id', rowIds)
      .modify(restrictToReadable(strapi, access as TypeAccess))) as Array<{ id: number | string }>;
    return new Set(rows.map((r) => Number(r.id)));
  };

  /**
   * Adds links set-based: per entry after the ones it has (the content manager's order), and
   * per stage after the entries that have it, where the join table keeps that order too.
   */
  const insertLinks = async (
    knex: Knex,
    t: TagTable,
    links: Array<{ entry: number; stage: number }>,
    nextOrder: Map<number, number>
  ) => {
    if (!links.length) return;
    const joinTable = strapi.db.metadata.get(t.uid).attributes as Record<
      string,
      { joinTable?: { orderColumnName?: string; inverseOrderColumnName?: string } }
    >;
    const { orderColumnName, inverseOrderColumnName } =
      joinTable.journeyStages?.joinTable ?? ({} as Record<string, undefined>);
    const inverseNext = new Map<number, number>();
    if (inverseOrderColumnName) {
      const stages = [...new Set(links.map((l) => l.stage))];
      const rows = (await knex(t.joinTable)
        .select({ stage: t.stageColumn })
        .max({ max: inverseOrderColumnName })
        .whereIn(t.stageColumn, stages)
        .groupBy(t.stageColumn)) as Array<{ stage: number | string; max: number | string }>;
      for (const r of rows) inverseNext.set(Number(r.stage), Number(r.max ?? 0));
    }
    const rows = links.map(({ entry, stage }) => {
      const row: Record<string, number> = { [t.entryColumn]: entry, [t.stageColumn]: stage };
      if (orderColumnName) {
        const order = (nextOrder.get(entry) ?? 0) + 1;
        nextOrder.set(entry, order);
        row[orderColumnName] = order;
      }
      if (inverseOrderColumnName) {
        const order = (inverseNext.get(stage) ?? 0) + 1;
        inverseNext.set(stage, order);
        row[inverseOrderColumnName] = order;
      }
      return row;
    });
    for (const part of chunk(rows, 250)) await knex(t.joinTable).insert(part);
  };

  /**
   * One batch in one transaction: lock the stages for share (as an editor's save does) and the
   * draft rows for update, read their links, plan, then write with a few set-based statements
   * and record the entries. Retried as a whole when MariaDB or PostgreSQL break a deadlock.
   */
  const runBatch = (options: BatchOptions): Promise<BatchResult> =>
    retryOnConflict(
      strapi,
      `Tagging ${options.t.uid}`,
      () =>
        strapi.db.transaction(() =>
          withKnex(strapi, async (knex) => {
            const { t, locale, documentIds, dryRun } = options;
            const stageTable = strapi.db.metadata.get(STAGE_UID).tableName;
            const existingStages = new Set(
              await lockRows(strapi, stageTable, options.stageIds, 'share')
            );
            const rows = await draftRows(knex, t, locale, documentIds);
            const rowIds = rows.map((r) => Number(r.id));
            const permitted = await permittedIds(knex, t, options.access, rowIds);
            const links = new Map<number, number[]>();
            const nextOrder = new Map<number, number>();
            const order = (
              strapi.db.metadata.get(t.uid).attributes as Record<
                string,
                { joinTable?: { orderColumnName?: string } }
              >
            ).journeyStages?.joinTable?.orderColumnName;
            for (const part of chunk(rowIds, BATCH_SIZE)) {
              const found = (await knex(t.joinTable)
                .select({
                  entry: t.entryColumn,
                  stage: t.stageColumn,
                  ...(order ? { ord: order } : {}),
                })
                .whereIn(t.entryColumn, part)) as Array<{
                entry: number | string;
                stage: number | string;
                ord?: number | string | null;
              }>;
              for (const link of found) {
                const entry = Number(link.entry);
                (links.get(entry) ?? links.set(entry, []).get(entry))?.push(Number(link.stage));
                nextOrder.set(entry, Math.max(nextOrder.get(entry) ?? 0, Number(link.ord ?? 0)));
              }
            }

            const result: BatchResult = { matched: 0, changed: [], unchanged: [], skipped: [] };
            const seen = new Set<string>();
            const changedRows: Array<{ id: number; outcome: Outcome }> = [];
            for (const row of rows) {
              if (seen.has(row.documentId)) continue;
              seen.add(row.documentId);
              result.matched += 1;
              const id = Number(row.id);
              if (permitted && !permitted.has(id)) {
                result.skipped.push({ documentId: row.documentId, reason: 'not permitted' });
                continue;
              }
              const before: TagState = {
                stageIds: [...new Set(links.get(id) ?? [])].sort((a, b) => a - b),
                intent: isIntent(row.intent) ? row.intent : null,
              };
              const target = options.target(before, row.documentId);
              if ('skip' in target) {
                result.skipped.push({ documentId: row.documentId, reason: target.skip });
                continue;
              }
              const gone = linkDiff(before, target).add.filter((s) => !existingStages.has(s));
              if (gone.length) {
                result.skipped.push({ documentId: row.documentId, reason: 'stage deleted since' });
                continue;
              }
              const outcome = { documentId: row.documentId, before, after: target };
              if (sameState(before, target)) result.unchanged.push(outcome);
              else {
                result.changed.push(outcome);
                changedRows.push({ id, outcome });
              }
            }
            for (const documentId of documentIds) {
              if (!seen.has(documentId)) {
                result.skipped.push({
                  documentId,
                  reason: locale ? `not found in locale ${locale}` : 'not found',
                });
              }
            }
            if (dryRun || !changedRows.length) return result;
            // The counts follow in this transaction: rows read before and after the writes.
            return getService(strapi, 'cells').track(
              [{ uid: t.uid, documentIds: changedRows.map((r) => r.outcome.documentId) }],
              () => writeBatch(knex, options, changedRows, nextOrder, result)
            );
          })
        ) as unknown as Promise<BatchResult>
    );

  /** The batch's writes: links removed and added, intents set, the change's entries recorded. */
  const writeBatch = async (
    knex: Knex,
    options: BatchOptions,
    changedRows: Array<{ id: number; outcome: Outcome }>,
    nextOrder: Map<number, number>,
    result: BatchResult
  ): Promise<BatchResult> => {
    const { t, locale } = options;
    const removals = new Map<number, number[]>();
    const additions: Array<{ entry: number; stage: number }> = [];
    for (const { id, outcome } of changedRows) {
      const diff = linkDiff(outcome.before, outcome.after);
      for (const stage of diff.remove) {
        (removals.get(stage) ?? removals.set(stage, []).get(stage))?.push(id);
      }
      for (const stage of diff.add) additions.push({ entry: id, stage });
    }
    for (const [stage, entries] of removals) {
      for (const part of chunk(entries, BATCH_SIZE)) {
        await knex(t.joinTable).where(t.stageColumn, stage).whereIn(t.entryColumn, part).delete();
      }
    }
    await insertLinks(knex, t, additions, nextOrder);

    // One UPDATE per resulting intent; it also marks the draft as edited (status "modified").
    const now = new Date();
    const byIntent = new Map<string, number[]>();
    for (const { id, outcome } of changedRows) {
      const key = outcome.after.intent ?? '';
      (byIntent.get(key) ?? byIntent.set(key, []).get(key))?.push(id);
    }
    const updatedBy = updatedByColumn(t.uid);
    for (const [intent, ids] of byIntent) {
      for (const part of chunk(ids, BATCH_SIZE)) {
        await strapi.db.query(t.uid as never).updateMany({
          where: { id: { $in: part } },
          data: { updatedAt: now, searchIntent: intent || null },
        } as never);
        if (updatedBy && options.user) {
          await knex(t.table)
            .update({ [updatedBy]: options.user.id })
            .whereIn('id', part);
        }
      }
    }

    if (options.changeId !== null) {
      const newDocumentId = (
        strapi.db.metadata.get(CHANGE_ENTRY_UID).attributes.documentId as unknown as {
          default: () => string;
        }
      ).default;
      const data = changedRows.map(({ outcome }) => ({
        documentId: newDocumentId(),
        changeId: options.changeId,
        entryDocumentId: outcome.documentId,
        entryLocale: locale,
        before: outcome.before,
        after: outcome.after,
        publishedAt: now,
        createdAt: now,
        updatedAt: now,
      }));
      for (const part of chunk(data, 250)) {
        await strapi.db.query(CHANGE_ENTRY_UID as never).createMany({ data: part } as never);
      }
    }
    return result;
  };

  const createChange = async (fields: {
    kind: ApplyInput['kind'];
    uid: string;
    locale: string | null;
    label?: string;
    user: TagUser | null;
    undoOf?: number;
  }): Promise<number> => {
    const now = new Date();
    const created = (await strapi.db.query(CHANGE_UID as never).create({
      data: {
        documentId: (
          strapi.db.metadata.get(CHANGE_UID).attributes.documentId as unknown as {
            default: () => string;
          }
        ).default(),
        kind: fields.kind,
        contentType: fields.uid,
        contentLocale: fields.locale,
        label: fields.label ?? null,
        entries: 0,
        user: userSnapshot(fields.user),
        undoOf: fields.undoOf ?? null,
        createdAt: now,
        updatedAt: now,
        publishedAt: now,
      },
    } as never)) as { id: number };
    return Number(created.id);
  };

  /** Closes a change: its count, or gone when it changed nothing. */
  const finishChange = async (changeId: number, changed: number) => {
    if (!changed) {
      await strapi.db.query(CHANGE_UID as never).delete({ where: { id: changeId } } as never);
      return null;
    }
    await strapi.db
      .query(CHANGE_UID as never)
      .update({ where: { id: changeId }, data: { entries: changed } } as never);
    try {
      await getService(strapi, 'tag-history').prune();
    } catch (error) {
      strapi.log.warn(`[journey] pruning the tag history failed: ${error}`);
    }
    return changeId;
  };

  /**
   * Runs batches of one kind of change, recording them under one change. The change row is
   * written first, so entries of every batch point at it; a change that touched nothing is
   * removed again.
   */
  const runChange = async (
    head: Parameters<typeof createChange>[0] & { dryRun: boolean },
    batches: Array<Omit<BatchOptions, 'changeId' | 'dryRun' | 'user' | 't' | 'locale'>>,
    t: TagTable
  ) => {
    const changeId = head.dryRun ? null : await createChange(head);
    const results: BatchResult[] = [];
    try {
      for (const batch of batches) {
        results.push(
          await runBatch({
            ...batch,
            t,
            locale: head.locale,
            dryRun: head.dryRun,
            user: head.user,
            changeId,
          })
        );
      }
    } catch (error) {
      // Batches already committed stay recorded and can be undone.
      if (changeId !== null) {
        await finishChange(
          changeId,
          results.reduce((n, r) => n + r.changed.length, 0)
        );
      }
      throw error;
    }
    const changed = results.reduce((n, r) => n + r.changed.length, 0);
    return {
      changeId: changeId === null ? null : await finishChange(changeId, changed),
      results,
    };
  };

  const notAware = (uid: string) => {
    const uids = contentTypes().journeyAwareUids();
    if (!uids.includes(uid)) {
      throw new errors.ValidationError(
        `Invalid contentType "${uid}"; valid values: ${uids.join(', ')}`,
        { parameter: 'contentType', value: uid, valid: uids }
      );
    }
  };

  /** Adds, removes or sets stages and sets or clears the intent of documents' drafts. */
  const apply = async (input: ApplyInput): Promise<ApplyResult> => {
    notAware(input.uid);
    const t = contentTypes().tagTable(input.uid);
    const locale = await resolveLocale(input.uid, input.locale);
    const stages = await stageRows();
    const stageIdOf = (ref: string) =>
      stages.find((s) => s.documentId === ref || stageRef(s) === ref)?.id ?? -1;
    const groups = input.groups.map((group, index) => ({
      group,
      ops: resolveStageOps(
        group.stages ?? {},
        stages,
        input.groups.length > 1 ? `groups[${index}].stages` : 'stages'
      ),
    }));
    const batches = groups.flatMap(({ group, ops }) => {
      const target: TargetFn = (current) =>
        input.onlyIfUntagged && (current.stageIds.length || current.intent)
          ? { skip: 'tagged meanwhile' }
          : planState(current, ops, group.intent);
      const stageIds = [...(ops.add ?? []), ...(ops.set ?? [])];
      return chunk([...new Set(group.documentIds)], BATCH_SIZE).map((documentIds) => ({
        documentIds,
        stageIds,
        target,
        access: input.access ?? null,
        group,
        ops,
      }));
    });
    const { changeId, results } = await runChange(
      {
        kind: input.kind,
        uid: input.uid,
        locale,
        label: input.label,
        user: input.user,
        dryRun: !!input.dryRun,
      },
      batches,
      t
    );

    const result: ApplyResult = {
      changeId,
      matched: 0,
      changed: 0,
      unchanged: 0,
      skipped: [],
      perStage: {},
      written: [],
    };
    const written: string[] = [];
    results.forEach((r, i) => {
      const { group } = batches[i];
      result.matched += r.matched;
      result.changed += r.changed.length;
      result.unchanged += r.unchanged.length;
      result.skipped.push(...r.skipped);
      if (!input.dryRun) written.push(...r.changed.map((o) => o.documentId));
      const refs = [...(group.stages?.add ?? []), ...(group.stages?.set ?? [])];
      for (const ref of refs) {
        const id = stageIdOf(ref);
        const tally = (result.perStage[ref] ??= { already: 0, will: 0 });
        for (const o of [...r.changed, ...r.unchanged]) {
          if (o.before.stageIds.includes(id)) tally.already += 1;
          else if (o.after.stageIds.includes(id)) tally.will += 1;
        }
      }
    });
    if (written.length) {
      result.written.push({
        contentType: input.uid,
        locale,
        draftAndPublish: t.draftAndPublish,
        documentIds: [...new Set(written)],
      });
    }
    return result;
  };

  return { apply, runBatch, runChange, stageRows, resolveLocale, createChange, finishChange };
};
