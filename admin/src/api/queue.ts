import type { Intent } from '../journeys';
import * as React from 'react';
import { journeyApi, TAG_WRITE_INVALIDATES } from './base';
import type { ApplyResult, Pagination } from './tags';

/** Shapes of the review-queue routes (GET /journey/suggestions and friends). */
export interface SuggestionStage {
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  color?: string | null;
  colour?: string | null;
}

export interface Suggestion {
  intent: Intent | null;
  confidence: number;
  stage: SuggestionStage | null;
  matches: Array<{ intent: Intent; term: string; rule: string }>;
  source: 'title' | 'focusKeyword' | 'slug';
  text: string;
}

export interface QueueRow {
  documentId: string;
  title: string | null;
  locale: string | null;
  updatedAt: string;
  status?: string;
  suggestion: Suggestion | null;
  skipped: boolean;
}

export interface QueueAnswer {
  data: QueueRow[];
  meta: { pagination: Pagination; untagged: number; computed: number };
}

export interface QueueStatus {
  running: boolean;
  processed: number;
  total: number;
  startedAt: string | null;
  finishedAt: string | null;
  instance?: string | null;
}

export interface SiteTermProposal {
  term: string;
  language: string;
  intent: Intent;
  count: number;
  total: number;
}

export interface SiteTerm {
  id: number;
  term: string;
  language: string;
  intent: Intent;
}

export interface AcceptItem {
  documentId: string;
  intent: Intent | null;
  stage?: string | null;
}

/** Confidence is 0..1 from the classifier; shown as a whole percentage. */
export const percent = (confidence: number) => Math.round(confidence * 100);

export interface QueueQuery {
  contentType: string;
  locale?: string;
  journey?: string;
  intent?: string;
  page: number;
  pageSize: number;
}

/** Where an action on the queue applies: the type, and the locale and journey of the view. */
export interface QueueScope {
  contentType: string;
  locale?: string;
  journey?: string;
}

export interface AcceptBody extends QueueScope {
  items?: AcceptItem[];
  minConfidence?: number;
  filter?: { intent: string };
}

const defined = (params: object) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));

/** Whether the last status seen had a run going: its end changes the queue's rows once more. */
let wasRunning = false;

const queueApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    suggestions: builder.query<QueueAnswer, QueueQuery>({
      query: (params) => ({ url: '/journey/suggestions', config: { params: defined(params) } }),
      providesTags: ['JourneyQueue', { type: 'JourneyQueue', id: 'LIST' }],
    }),
    /**
     * How many entries wait in the review queue, per type, as the queue itself counts them (its
     * `meta.untagged`, one page of one row per type): the home page's widget. A type the caller
     * may not read answers 403 and is left out, as the queue would refuse it too.
     */
    queueCounts: builder.query<Array<{ contentType: string; untagged: number }>, string[]>({
      async queryFn(contentTypes, _api, _extra, baseQuery) {
        const counts = [];
        for (const contentType of contentTypes) {
          const result = await baseQuery({
            url: '/journey/suggestions',
            config: { params: { contentType, page: 1, pageSize: 1 } },
          });
          if (result.error) continue;
          counts.push({ contentType, untagged: (result.data as QueueAnswer).meta.untagged });
        }
        return { data: counts };
      },
      providesTags: ['JourneyQueue'],
    }),
    suggestionStatus: builder.query<QueueStatus, void>({
      query: () => '/journey/suggestions/status',
      transformResponse: (answer: { data: QueueStatus }) => answer.data,
      providesTags: [{ type: 'JourneyQueue', id: 'STATUS' }],
      // While a run computes suggestions, and once when it ends, the listed rows change.
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        try {
          const { data } = await queryFulfilled;
          if (data.running || wasRunning) {
            dispatch(journeyApi.util.invalidateTags([{ type: 'JourneyQueue', id: 'LIST' }]));
          }
          wasRunning = data.running;
        } catch {
          // A failed poll leaves the queue as it is; the next one tries again.
        }
      },
    }),
    /** Accepting tags entries: every view that counts tags, and the type's lists, change. */
    acceptSuggestions: builder.mutation<ApplyResult, AcceptBody>({
      query: (body) => ({
        url: '/journey/suggestions/accept',
        method: 'POST',
        data: defined(body),
      }),
      transformResponse: (answer: { data: ApplyResult }) => answer.data,
      invalidatesTags: (_result, _error, body) => [
        ...TAG_WRITE_INVALIDATES,
        { type: 'Document', id: `${body.contentType}_LIST` },
        { type: 'Document', id: 'ALL_LIST' },
      ],
    }),
    skipSuggestions: builder.mutation<unknown, QueueScope & { documentIds: string[] }>({
      query: (body) => ({
        url: '/journey/suggestions/skip',
        method: 'POST',
        data: defined({ ...body, journey: undefined }),
      }),
      invalidatesTags: ['JourneyQueue'],
    }),
    /** Starts the background run; the status is polled while it runs. */
    runSuggestions: builder.mutation<unknown, Partial<QueueScope>>({
      query: (body) => ({ url: '/journey/suggestions/run', method: 'POST', data: defined(body) }),
      invalidatesTags: [{ type: 'JourneyQueue', id: 'STATUS' }],
    }),
  }),
  overrideExisting: false,
});

export const {
  useQueueCountsQuery,
  useSuggestionsQuery,
  useSuggestionStatusQuery,
  useAcceptSuggestionsMutation,
  useSkipSuggestionsMutation,
  useRunSuggestionsMutation,
} = queueApi;

/** The background run's status, polled every second while it runs (and the rows with it). */
export const useSuggestionRun = () => {
  const [polling, setPolling] = React.useState(false);
  const { data } = queueApi.useSuggestionStatusQuery(undefined, {
    pollingInterval: polling ? 1000 : 0,
  });
  const running = data?.running === true;
  // Derived from the last answer during render, as React allows for state from earlier renders.
  if (polling !== running) setPolling(running);
  return data;
};
