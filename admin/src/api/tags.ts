import { adminApi } from '@strapi/strapi/admin';
import type { Intent } from '../journeys';

/** Stage references are stage documentIds, as the Journey panel and the routes use them. */
export interface StageOps {
  add?: string[];
  remove?: string[];
  set?: string[];
}

export interface BulkBody {
  contentType: string;
  locale?: string;
  documentIds?: string[];
  filters?: Record<string, unknown>;
  _q?: string;
  stages?: StageOps;
  intent?: Intent | null;
  dryRun?: boolean;
}

export interface ApplyResult {
  changeId: number | null;
  matched: number;
  changed: number;
  unchanged: number;
  skipped: Array<{ documentId: string; reason: string }>;
  perStage: Record<string, { already: number; will: number }>;
}

export interface Person {
  firstname?: string | null;
  lastname?: string | null;
  email?: string | null;
}

export interface TagChange {
  id: number;
  kind: 'bulk' | 'queue' | 'undo';
  contentType: string;
  locale: string | null;
  label: string | null;
  createdAt: string;
  user: Person | null;
  /** Entries the caller may read: restored by undos, settled (changed since), still to restore. */
  counts: { entries: number; restored: number | null; skipped: number; remaining: number };
  /** 'partially-undone': an undo restored some entries, others are left for someone else. */
  state: 'open' | 'partially-undone' | 'undone';
  /** Whether the caller may restore an entry still left. */
  canUndo: boolean;
  undoneAt: string | null;
  undoneBy: Person | null;
  undoOf: number | null;
}

export interface Pagination {
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

export interface UndoResult {
  changeId: number | null;
  restored: number;
  skipped: Array<{ documentId: string; reason: string }>;
  state: TagChange['state'];
  /** Entries of the change left for someone who may edit them. */
  remaining: number;
}

/** The message of a route's error answer (400s name the parameter and the valid values). */
export const errorMessage = (error: unknown): string => {
  const e = error as {
    response?: { data?: { error?: { message?: string } } };
    message?: string;
  };
  return e?.response?.data?.error?.message ?? e?.message ?? 'Error';
};

export const personName = (person: Person | null) =>
  person
    ? [person.firstname, person.lastname].filter(Boolean).join(' ') || person.email || '—'
    : '—';

/**
 * The bulk route as a mutation of the admin's own API, so that applying it invalidates the
 * content manager's cached list of that type and the list view refetches by itself. 'Document'
 * is the tag the content manager's list queries provide.
 */
const tagsApi = adminApi.enhanceEndpoints({ addTagTypes: ['Document'] }).injectEndpoints({
  endpoints: (builder) => ({
    journeyBulkTags: builder.mutation<{ data: ApplyResult }, BulkBody>({
      query: (body) => ({ url: '/journey/tags/bulk', method: 'POST', data: body }),
      invalidatesTags: (_result, error, body) =>
        error || body.dryRun
          ? []
          : [
              { type: 'Document' as const, id: `${body.contentType}_LIST` },
              { type: 'Document' as const, id: 'ALL_LIST' },
            ],
    }),
  }),
  overrideExisting: false,
});

export const { useJourneyBulkTagsMutation } = tagsApi;
