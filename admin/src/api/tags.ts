import type { Intent } from '../journeys';
import type { WrittenDocuments } from './publish';
import { journeyApi, TAG_WRITE_INVALIDATES, type JourneyTag } from './base';

type JourneyTagDescription = JourneyTag | { type: JourneyTag; id: string };

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
  /** The documents written, per content type and locale; empty in a dry run. */
  written: WrittenDocuments[];
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

/** A tag write's invalidations: every journey view, and the content manager's lists of the type. */
const tagWrite = (contentType: string | undefined): JourneyTagDescription[] => [
  ...TAG_WRITE_INVALIDATES,
  { type: 'Document', id: contentType ? `${contentType}_LIST` : 'ALL_LIST' },
  { type: 'Document', id: 'ALL_LIST' },
];

/**
 * The content manager's document mutations change what the journey views count and list (a
 * save may change an entry's stages, a publish its state), so they invalidate them too, as
 * content releases does for its own lists.
 */
const DOCUMENT_MUTATIONS = [
  'createDocument',
  'updateDocument',
  'deleteDocument',
  'deleteManyDocuments',
  'discardDocument',
  'publishDocument',
  'publishManyDocuments',
  'unpublishDocument',
  'unpublishManyDocuments',
  'cloneDocument',
  'autoCloneDocument',
] as const;

type Invalidates = (...args: unknown[]) => unknown[] | undefined;

const alsoInvalidate = (endpoint: unknown) => {
  const definition = endpoint as { invalidatesTags?: unknown[] | Invalidates } | undefined;
  if (!definition) return;
  const own = definition.invalidatesTags;
  definition.invalidatesTags = (...args: unknown[]) => [
    ...((typeof own === 'function' ? own(...args) : own) ?? []),
    ...TAG_WRITE_INVALIDATES,
  ];
};

const tagsApi = journeyApi
  .enhanceEndpoints({
    endpoints: Object.fromEntries(DOCUMENT_MUTATIONS.map((name) => [name, alsoInvalidate])),
  })
  .injectEndpoints({
    endpoints: (builder) => ({
      /** The bulk route; a dry run (the preview) changes nothing and invalidates nothing. */
      journeyBulkTags: builder.mutation<{ data: ApplyResult }, BulkBody>({
        query: (body) => ({ url: '/journey/tags/bulk', method: 'POST', data: body }),
        invalidatesTags: (_result, error, body) =>
          error || body.dryRun ? [] : tagWrite(body.contentType),
      }),
      /** The bulk route's dry run, as a query of its body: what Apply would do, never cached long. */
      journeyBulkPreview: builder.query<ApplyResult, BulkBody>({
        query: (body) => ({
          url: '/journey/tags/bulk',
          method: 'POST',
          data: { ...body, dryRun: true },
        }),
        transformResponse: (answer: { data: ApplyResult }) => answer.data,
        keepUnusedDataFor: 0,
        providesTags: ['JourneyEntry'],
      }),
      tagChanges: builder.query<
        { data: TagChange[]; meta: { pagination: Pagination } },
        { page: number; pageSize: number }
      >({
        query: (params) => ({ url: '/journey/tags/changes', config: { params } }),
        providesTags: ['JourneyTagChange'],
      }),
      undoTagChange: builder.mutation<UndoResult, TagChange>({
        query: (change) => ({
          url: `/journey/tags/changes/${change.id}/undo`,
          method: 'POST',
          data: {},
        }),
        transformResponse: (answer: { data: UndoResult }) => answer.data,
        // A failed undo may still have restored some entries before it stopped.
        invalidatesTags: (_result, _error, change) => tagWrite(change.contentType),
      }),
      /** The stage ids saved on documents of a type, by documentId. */
      editorTags: builder.query<
        Record<string, number[]>,
        /** `version`: the documents' updatedAt, so that a new save is a new answer. */
        { contentType: string; documentIds: string; locale?: string; version?: string }
      >({
        query: ({ contentType, documentIds, locale }) => ({
          url: '/journey/editor/tags',
          config: { params: { contentType, documentIds, ...(locale ? { locale } : {}) } },
        }),
        transformResponse: (answer: { data: Record<string, number[]> }) => answer.data,
        providesTags: ['JourneyEntry'],
      }),
    }),
    overrideExisting: false,
  });

export const {
  useJourneyBulkTagsMutation,
  useJourneyBulkPreviewQuery,
  useTagChangesQuery,
  useUndoTagChangeMutation,
  useEditorTagsQuery,
} = tagsApi;
