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
import { PLUGIN_ID } from '../utils/constants';
import { ConflictError } from '../utils/db';
import { getService } from '../utils/get-service';
import type { TypeAccess } from '../utils/read-access';
import { CHANGE_ENTRY_UID, CHANGE_UID, type Skipped, type TagUser } from './tags';

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
  createdAt: string | Date;
}

export interface UndoResult {
  changeId: number | null;
  restored: number;
  skipped: Skipped[];
}

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

  const toView = (c: StoredChange) => ({
    id: Number(c.id),
    kind: c.kind,
    contentType: c.contentType,
    locale: c.contentLocale ?? null,
    label: c.label ?? null,
    createdAt: c.createdAt,
    user: person(c.user),
    counts: { entries: Number(c.entries ?? 0) },
    undoneAt: c.undoneAt ?? null,
    undoneBy: person(c.undoneBy),
    undoOf: c.undoOf ?? null,
  });

  const find = async (id: number) =>
    ((await changes().findOne({ where: { id } } as never)) as StoredChange | null) ?? null;

  const list = async ({
    page = 1,
    pageSize = 10,
    uids,
  }: {
    page?: number;
    pageSize?: number;
    uids: string[];
  }) => {
    const where = { contentType: { $in: uids.length ? uids : ['-'] } };
    const rows = (await changes().findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      offset: (page - 1) * pageSize,
      limit: pageSize,
    } as never)) as StoredChange[];
    const total = Number(await changes().count({ where } as never));
    return {
      data: rows.map(toView),
      meta: {
        pagination: { page, pageSize, pageCount: Math.ceil(Number(total) / pageSize), total },
      },
    };
  };

  /**
   * Puts back the tags a change found, on the entries still as it left them; an entry changed
   * since is skipped and named. The undo is itself a change (kind 'undo'), so it can be undone.
   */
  const undo = async (
    changeId: number,
    user: TagUser | null,
    access?: Pick<TypeAccess, 'uid' | 'filters'> | null
  ): Promise<UndoResult> => {
    const change = await find(changeId);
    if (!change) throw new errors.NotFoundError(`No tag change with id ${changeId}`);
    const now = new Date();
    // Claimed in one statement, so two admins undoing at once cannot both run it.
    const claimed = (await changes().updateMany({
      where: { id: changeId, undoneAt: { $null: true } },
      data: {
        undoneAt: now,
        undoneBy: user
          ? { id: user.id, firstname: user.firstname, lastname: user.lastname, email: user.email }
          : null,
      },
    } as never)) as { count: number };
    if (!claimed.count) {
      throw new ConflictError(`Tag change ${changeId} has already been undone`);
    }
    try {
      const tags = getService(strapi, 'tags');
      const t = getService(strapi, 'content-types').tagTable(change.contentType);
      const rows = (await entries().findMany({
        where: { changeId },
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
      return {
        changeId: undoId,
        restored: results.reduce((n, r) => n + r.changed.length + r.unchanged.length, 0),
        skipped: results.flatMap((r) => r.skipped),
      };
    } catch (error) {
      await changes().update({
        where: { id: changeId },
        data: { undoneAt: null, undoneBy: null },
      } as never);
      throw error;
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

  return { list, find, undo, prune, toView };
};
