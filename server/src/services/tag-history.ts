import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  BATCH_SIZE,
  DEFAULT_HISTORY,
  chunk,
  sameState,
  type HistoryConfig,
} from '../domain/bulk-tags';
import type { TagState } from '../domain/bulk-tags';
import {
  RESTORED,
  changeState,
  relabel,
  settles,
  undoCounts,
  visiblePerson,
  type ChangeState,
} from '../domain/tag-history';
import { PLUGIN_ID } from '../utils/constants';
import { ConflictError, dbClient, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { restrictToReadable, type ReadAccess, type TypeAccess } from '../utils/read-access';
import type { Skipped, TagUser } from '../domain/stored';
import { CHANGE_ENTRY_UID, CHANGE_UID } from '../utils/constants';

export interface StoredChange {
  id: number;
  kind: 'bulk' | 'queue' | 'undo';
  contentType: string;
  contentLocale: string | null;
  label: string | null;
  entries: number | null;
  user: { firstname?: string; lastname?: string; email?: string } | null;
  undoneAt: string | Date | null;
  undoneBy: { firstname?: string; lastname?: string; email?: string } | null;
  undoOf: number | null;
  restored: number | null;
  undoSkipped: number | null;
  createdAt: string | Date;
}

export interface UndoResult {
  changeId: number | null;
  /** Entries this undo restored. */
  restored: number;
  skipped: Skipped[];
  /** The undone change now: 'partially-undone' while entries are left for someone else. */
  state: ChangeState;
  /** Entries of the change left to restore, by someone who may edit them. */
  remaining: number;
}

/** An undo that stopped without releasing its claim (its instance stopped) is over after this. */
const CLAIM_LAPSE_MS = 15 * 60 * 1000;

const person = (value: unknown) => {
  if (!value || typeof value !== 'object') return null;
  const { firstname, lastname, email } = value as Record<string, unknown>;
  return {
    firstname: (firstname as string) ?? null,
    lastname: (lastname as string) ?? null,
    email: (email as string) ?? null,
  };
};

const asState = (value: unknown): TagState => {
  const parsed = typeof value === 'string' ? JSON.parse(value) : value;
  const state = (parsed ?? {}) as Partial<TagState>;
  return {
    stageIds: (state.stageIds ?? []).map(Number).sort((a, b) => a - b),
    intent: (state.intent ?? null) as TagState['intent'],
  };
};

/**
 * The record of bulk tag changes: the list behind "Recent tag changes", undo, and retention
 * (the last `history.days` days and at most `history.maxChanges` changes).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const changes = () => strapi.db.query(CHANGE_UID as never);
  const entries = () => strapi.db.query(CHANGE_ENTRY_UID as never);

  const config = (): HistoryConfig => ({
    ...DEFAULT_HISTORY,
    ...((strapi.plugin(PLUGIN_ID).config('history') as Partial<HistoryConfig> | undefined) ?? {}),
  });

  /** Column names of a plugin table's attributes, as the query layer maps them. */
  const columns = (uid: string) => {
    const attributes = strapi.db.metadata.get(uid).attributes as Record<
      string,
      { columnName?: string }
    >;
    return (name: string) => attributes[name]?.columnName ?? name;
  };

  /**
   * The change entries (alias ce) whose draft row the given rights reach: an entry is readable
   * when its row is; one deleted since is no one's to read. The form is the one each planner
   * runs in one pass over the entries (measured with 10,000 entries): PostgreSQL flattens a
   * join, IN or EXISTS into a semi-join whose order, with statistics not yet updated after a
   * large insert, scanned the rows once per entry (10 s), so there a scalar subquery per entry
   * probes the row's documentId index; SQLite runs that subquery from the readable ids instead
   * (58 s), and an IN on the readable rows' keys, built once, in 0.3 s.
   */
  const reachableEntries = (
    knex: Knex,
    uid: string,
    rights: Pick<TypeAccess, 'uid' | 'filters'>
  ) => {
    const t = getService(strapi, 'content-types').tagTable(uid);
    const ce = columns(CHANGE_ENTRY_UID);
    const entries = knex(`${strapi.db.metadata.get(CHANGE_ENTRY_UID).tableName} as ce`);
    const keys = [
      `ce.${ce('entryDocumentId')}`,
      ...(t.localized ? [`ce.${ce('entryLocale')}`] : []),
    ];
    if (dbClient(strapi) === 'sqlite') {
      const rows = knex(`${t.table} as e`)
        .select(`e.${t.documentId}`, ...(t.localized ? [`e.${t.locale}`] : []))
        .modify(restrictToReadable(strapi, rights as TypeAccess));
      if (t.draftAndPublish) rows.whereNull(`e.${t.publishedAt}`);
      return t.localized ? entries.whereIn(keys, rows) : entries.whereIn(keys[0], rows);
    }
    const row = knex(`${t.table} as e`)
      .select(knex.raw('1'))
      .whereRaw('?? = ??', [`e.${t.documentId}`, keys[0]])
      .modify(restrictToReadable(strapi, rights as TypeAccess))
      .limit(1);
    if (t.localized) row.whereRaw('?? = ??', [`e.${t.locale}`, keys[1]]);
    if (t.draftAndPublish) row.whereNull(`e.${t.publishedAt}`);
    return entries.whereRaw('? is not null', [row]);
  };

  const find = async (id: number) =>
    ((await changes().findOne({ where: { id } } as never)) as StoredChange | null) ?? null;

  /**
   * Per change, its entries reached by the rights, by undo outcome (restored, settled, open).
   * Only for rights with a filter: unrestricted callers read the change's own counts.
   */
  const reachableCounts = async (
    uid: string,
    rights: Pick<TypeAccess, 'uid' | 'filters'>,
    changeIds: number[],
    onlyOpen = false
  ) => {
    const counts = new Map<number, { entries: number; restored: number; skipped: number }>();
    if (!changeIds.length) return counts;
    const ce = columns(CHANGE_ENTRY_UID);
    const query = reachableEntries(strapi.db.connection, uid, rights)
      .whereIn(`ce.${ce('changeId')}`, changeIds)
      .select({ changeId: `ce.${ce('changeId')}`, outcome: `ce.${ce('undoOutcome')}` })
      .countDistinct({ n: 'ce.id' })
      .groupBy(`ce.${ce('changeId')}`, `ce.${ce('undoOutcome')}`);
    if (onlyOpen) query.whereNull(`ce.${ce('undoOutcome')}`);
    const rows = (await query) as unknown as Array<{
      changeId: number | string;
      outcome: string | null;
      n: number | string;
    }>;
    for (const row of rows) {
      const id = Number(row.changeId);
      const c = counts.get(id) ?? { entries: 0, restored: 0, skipped: 0 };
      c.entries += Number(row.n);
      if (row.outcome === RESTORED) c.restored += Number(row.n);
      else if (row.outcome) c.skipped += Number(row.n);
      counts.set(id, c);
    }
    return counts;
  };

  /**
   * The recent changes the caller may read: on a readable type, with at least one entry the
   * caller may read. Counts and labels count only those entries; who made or undid a change is
   * named without e-mail unless the caller may read admin users. `updatable` tells, per type
   * and locale, which rows the caller may update (null: none), for `canUndo`.
   */
  const list = async ({
    page = 1,
    pageSize = 10,
    access,
    mayReadUsers,
    updatable,
  }: {
    page?: number;
    pageSize?: number;
    access: ReadAccess;
    mayReadUsers: boolean;
    updatable: (
      uid: string,
      locale: string | null
    ) => Promise<Pick<TypeAccess, 'uid' | 'filters'> | null>;
  }) => {
    const knex = strapi.db.connection;
    const c = columns(CHANGE_UID);
    const ce = columns(CHANGE_ENTRY_UID);
    const visible = knex(`${strapi.db.metadata.get(CHANGE_UID).tableName} as c`).where((where) => {
      if (!access.size) where.whereRaw('1 = 0');
      for (const [uid, rights] of access) {
        if (!rights.filters) where.orWhere(`c.${c('contentType')}`, uid);
        else {
          where.orWhere((one) =>
            one.where(`c.${c('contentType')}`, uid).whereExists(
              reachableEntries(knex, uid, rights)
                .select(knex.raw('1'))
                .whereRaw('?? = ??', [`ce.${ce('changeId')}`, 'c.id'])
            )
          );
        }
      }
    });
    const ids = (
      (await visible
        .clone()
        .select({ id: 'c.id' })
        .orderBy([
          { column: `c.${c('createdAt')}`, order: 'desc' },
          { column: 'c.id', order: 'desc' },
        ])
        .offset((page - 1) * pageSize)
        .limit(pageSize)) as Array<{ id: number | string }>
    ).map((r) => Number(r.id));
    const total = Number(
      ((await visible.clone().count({ n: '*' }).first()) as { n: number | string } | undefined)
        ?.n ?? 0
    );
    const found = ids.length
      ? ((await changes().findMany({ where: { id: { $in: ids } } } as never)) as StoredChange[])
      : [];
    const byId = new Map(found.map((r) => [Number(r.id), r]));
    const rows = ids.map((id) => byId.get(id)).filter((r): r is StoredChange => !!r);

    const readable = new Map<number, { entries: number; restored: number; skipped: number }>();
    for (const uid of new Set(rows.map((r) => r.contentType))) {
      const rights = access.get(uid);
      if (!rights?.filters) continue;
      const ofType = rows.filter((r) => r.contentType === uid).map((r) => Number(r.id));
      for (const [id, n] of await reachableCounts(uid, rights, ofType)) readable.set(id, n);
    }

    const views = rows.map((row) => {
      const id = Number(row.id);
      const restricted = !!access.get(row.contentType)?.filters;
      const closed = !!row.undoneAt;
      const own = restricted
        ? (readable.get(id) ?? { entries: 0, restored: 0, skipped: 0 })
        : {
            entries: Number(row.entries ?? 0),
            restored: Number(row.restored ?? 0),
            skipped: Number(row.undoSkipped ?? 0),
          };
      const counts = undoCounts(own.entries, own, closed);
      const overallRemaining = closed
        ? 0
        : Number(row.entries ?? 0) - Number(row.restored ?? 0) - Number(row.undoSkipped ?? 0);
      return {
        id,
        kind: row.kind,
        contentType: row.contentType,
        locale: row.contentLocale ?? null,
        label: restricted ? relabel(row.label ?? null, counts.entries) : (row.label ?? null),
        createdAt: row.createdAt,
        user: visiblePerson(person(row.user), mayReadUsers),
        // Closed before entries had outcomes: how many the undo restored was not kept.
        counts: closed && row.restored == null ? { ...counts, restored: null } : counts,
        state: changeState(counts, closed),
        canUndo: false,
        undoneAt: row.undoneAt ?? null,
        undoneBy: visiblePerson(person(row.undoneBy), mayReadUsers),
        undoOf: row.undoOf ?? null,
        overallRemaining,
      };
    });

    // Undo is offered where the caller may update an entry still to restore.
    const open = views.filter((v) => v.overallRemaining > 0);
    const groups = new Map<string, typeof open>();
    for (const v of open) {
      const key = JSON.stringify([v.contentType, v.locale]);
      (groups.get(key) ?? groups.set(key, []).get(key))?.push(v);
    }
    for (const group of groups.values()) {
      const rights = await updatable(group[0].contentType, group[0].locale);
      if (!rights) continue;
      if (!rights.filters) {
        for (const v of group) v.canUndo = true;
        continue;
      }
      const reach = await reachableCounts(
        group[0].contentType,
        rights,
        group.map((v) => v.id),
        true
      );
      for (const v of group) v.canUndo = (reach.get(v.id)?.entries ?? 0) > 0;
    }

    return {
      data: views.map(({ overallRemaining: _, ...view }) => view),
      meta: {
        pagination: { page, pageSize, pageCount: Math.ceil(Number(total) / pageSize), total },
      },
    };
  };

  /** Counts of the change's entries by undo outcome: restored, settled otherwise, still open. */
  const outcomeCounts = async (changeId: number) => {
    const count = async (where: object) =>
      Number(await entries().count({ where: { changeId, ...where } } as never));
    const [all, restored, open] = await Promise.all([
      count({}),
      count({ undoOutcome: RESTORED }),
      count({ undoOutcome: { $null: true } }),
    ]);
    return { restored, skipped: all - restored - open, open };
  };

  /** Writes what this undo did to each entry, where no other undo has written it meanwhile. */
  const recordOutcomes = async (changeId: number, byOutcome: Map<string, string[]>) => {
    for (const [outcome, documentIds] of byOutcome) {
      for (const part of chunk([...new Set(documentIds)], BATCH_SIZE)) {
        await entries().updateMany({
          where: { changeId, entryDocumentId: { $in: part }, undoOutcome: { $null: true } },
          data: { undoOutcome: outcome },
        } as never);
      }
    }
  };

  /**
   * Puts back the tags a change found, on the entries still as it left them and that the caller
   * may update; an entry changed since is skipped and named. Entries the caller may not update
   * stay open for someone who may: the change is undone once no entry is left. An undo is itself
   * a change (kind 'undo'), so it can be undone.
   */
  const undo = async (
    changeId: number,
    user: TagUser | null,
    access?: Pick<TypeAccess, 'uid' | 'filters'> | null
  ): Promise<UndoResult> => {
    const change = await find(changeId);
    if (!change) throw new errors.NotFoundError(`No tag change with id ${changeId}`);
    const alreadyUndone = () => new ConflictError(`Tag change ${changeId} has already been undone`);
    if (change.undoneAt) throw alreadyUndone();
    const now = new Date();
    // Claimed in one statement, so two admins undoing at once do not both restore the same
    // entries; a claim left by a stopped instance lapses.
    const claimed = (await changes().updateMany({
      where: {
        id: changeId,
        undoneAt: { $null: true },
        $or: [
          { undoStartedAt: { $null: true } },
          { undoStartedAt: { $lt: new Date(now.getTime() - CLAIM_LAPSE_MS) } },
        ],
      },
      data: { undoStartedAt: now },
    } as never)) as { count: number };
    if (!claimed.count) {
      const fresh = await find(changeId);
      if (!fresh || fresh.undoneAt) throw alreadyUndone();
      throw new ConflictError(
        `Tag change ${changeId} is being undone by someone else; try again in a moment`
      );
    }
    try {
      const tags = getService(strapi, 'tags');
      const t = getService(strapi, 'content-types').tagTable(change.contentType);
      const rows = (await entries().findMany({
        where: { changeId, undoOutcome: { $null: true } },
        select: ['entryDocumentId', 'before', 'after'],
        orderBy: { id: 'asc' },
      } as never)) as Array<{ entryDocumentId: string; before: unknown; after: unknown }>;
      const batches = chunk(rows, BATCH_SIZE).map((part) => {
        const states = new Map(
          part.map((r) => [
            r.entryDocumentId,
            { before: asState(r.before), after: asState(r.after) },
          ])
        );
        return {
          documentIds: [...states.keys()],
          stageIds: [...new Set(part.flatMap((r) => asState(r.before).stageIds))],
          target: (current: TagState, documentId: string) => {
            const state = states.get(documentId);
            if (!state) return { skip: 'not in this change' };
            return sameState(current, state.after) ? state.before : { skip: 'changed since' };
          },
          access: access ?? null,
        };
      });
      const { changeId: undoId, results } = await tags.runChange(
        {
          kind: 'undo',
          uid: change.contentType,
          locale: change.contentLocale ?? null,
          label: `Undo of #${changeId}${change.label ? `: ${change.label}` : ''}`,
          user,
          undoOf: changeId,
          dryRun: false,
        },
        batches,
        t
      );
      const skipped = results.flatMap((r) => r.skipped);
      const byOutcome = new Map<string, string[]>([
        [RESTORED, results.flatMap((r) => [...r.changed, ...r.unchanged].map((o) => o.documentId))],
      ]);
      for (const s of skipped.filter((s) => settles(s.reason))) {
        (byOutcome.get(s.reason) ?? byOutcome.set(s.reason, []).get(s.reason))?.push(s.documentId);
      }
      await recordOutcomes(changeId, byOutcome);
      const counts = await outcomeCounts(changeId);
      const done = counts.open === 0;
      await changes().update({
        where: { id: changeId },
        data: {
          restored: counts.restored,
          undoSkipped: counts.skipped,
          ...(done
            ? {
                undoneAt: new Date(),
                undoneBy: user
                  ? {
                      id: user.id,
                      firstname: user.firstname,
                      lastname: user.lastname,
                      email: user.email,
                    }
                  : null,
              }
            : {}),
        },
      } as never);
      return {
        changeId: undoId,
        restored: byOutcome.get(RESTORED)?.length ?? 0,
        skipped,
        state: done ? 'undone' : counts.restored + counts.skipped ? 'partially-undone' : 'open',
        remaining: counts.open,
      };
    } finally {
      await changes().update({
        where: { id: changeId },
        data: { undoStartedAt: null },
      } as never);
    }
  };

  /** Drops changes older than `history.days` and beyond the newest `history.maxChanges`. */
  const prune = async (at = new Date()) => {
    const { days, maxChanges } = config();
    const cutoff = new Date(at.getTime() - days * 24 * 60 * 60 * 1000);
    const old = (await changes().findMany({
      select: ['id'],
      where: { createdAt: { $lt: cutoff } },
    } as never)) as Array<{ id: number }>;
    const beyond = (await changes().findMany({
      select: ['id'],
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      offset: maxChanges,
      limit: 1_000_000,
    } as never)) as Array<{ id: number }>;
    const ids = [...new Set([...old, ...beyond].map((r) => Number(r.id)))];
    for (const part of chunk(ids, 500)) {
      await entries().deleteMany({ where: { changeId: { $in: part } } } as never);
      await changes().deleteMany({ where: { id: { $in: part } } } as never);
    }
    return ids.length;
  };

  return { list, find, undo, prune };
};
