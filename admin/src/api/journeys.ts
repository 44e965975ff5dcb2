import type { EditorJourney } from '../journeys';
import { TAG_WRITE_INVALIDATES, journeyApi, type JourneyTag } from './base';

/** Shapes of the journeys admin routes (GET /journey/journeys and friends), shared by Settings and the map. */

export interface Stage {
  id: number;
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour?: string | null;
  position: number;
  updatedAt?: string;
  opportunities?: string[] | null;
  emotion?: number | null;
  nextStages?: string[] | null;
  [field: string]: unknown;
}

export interface Journey {
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  description?: string | null;
  intentStages?: Record<string, string | null> | null;
  /** Goal names the analytics count conversions of (signup, purchase…). */
  goals?: string[] | null;
  updatedAt?: string;
  stages: Stage[];
}

export interface Usage {
  contentType: string;
  documents: number;
}

export interface ImportResult {
  dryRun: boolean;
  summary: Record<string, number>;
  changes: Array<{ kind: string; action: string; journey: string; stage?: string }>;
}

/** One entry of GET /journey/starters. */
export interface StarterSummary {
  key: string;
  name: string;
  names?: Record<string, string> | null;
  description?: string | null;
  stages: number;
}

/** The journeys export format (GET /journey/journeys/export); a starter is one of these. */
export interface JourneysFile {
  journeys: Array<Record<string, unknown> & { key: string; name: string }>;
  [field: string]: unknown;
}

interface ApiError {
  name?: string;
  status?: number;
  message?: string;
  details?: Record<string, unknown>;
  response?: {
    status?: number;
    data?: { error?: { name?: string; message?: string; details?: Record<string, unknown> } };
  };
}

/**
 * The server's error as the admin shows it; `conflict` is the optimistic check's 409. Read from
 * an RTK Query error (the route's own `{ name, message, details, status }`) or from a fetch
 * client's error (the same object under `response.data.error`).
 */
export const errorOf = (e: unknown) => {
  const raw = e as ApiError;
  const response = raw.response;
  const error = response?.data?.error ?? (raw.name !== undefined ? raw : undefined);
  return {
    message: error?.message ?? raw.message ?? 'Error',
    details: error?.details,
    conflict: response?.status === 409 || raw.status === 409 || error?.name === 'ConflictError',
  };
};

/**
 * What a journey, stage or order change can change elsewhere: stage names and order in the
 * coverage matrix, the trend and the demand matrix, the stages the queue suggests and the edit
 * view offers, and (a delete that moves entries) the tags themselves.
 */
export const CONFIG_WRITE_INVALIDATES: JourneyTag[] = [
  'JourneyConfig',
  ...TAG_WRITE_INVALIDATES,
  'JourneySnapshot',
];

type MoveTo = { moveTo?: string };

const journeysApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    getJourneys: builder.query<Journey[], void>({
      query: () => '/journey/journeys',
      transformResponse: (res: { data: Journey[] }) => res.data,
      providesTags: ['JourneyConfig'],
    }),
    /** The journeys of one content type as its editors tag with them (list view and panel). */
    getEditorJourneys: builder.query<EditorJourney[], string>({
      query: (contentType) => ({
        url: '/journey/editor/journeys',
        config: { params: { contentType } },
      }),
      transformResponse: (res: { data: EditorJourney[] }) => res.data,
      providesTags: ['JourneyConfig'],
    }),
    createJourney: builder.mutation<Journey, Record<string, unknown>>({
      query: (data) => ({ url: '/journey/journeys', method: 'POST', data }),
      transformResponse: (res: { data: Journey }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    updateJourney: builder.mutation<Journey, { key: string; data: Record<string, unknown> }>({
      query: ({ key, data }) => ({ url: `/journey/journeys/${key}`, method: 'PUT', data }),
      transformResponse: (res: { data: Journey }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    deleteJourney: builder.mutation<unknown, { key: string } & MoveTo>({
      query: ({ key, moveTo }) => ({
        url: `/journey/journeys/${key}`,
        method: 'DELETE',
        config: { params: moveTo ? { moveTo } : {} },
      }),
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    reorderJourneys: builder.mutation<unknown, string[]>({
      query: (journeys) => ({ url: '/journey/journeys/order', method: 'PUT', data: { journeys } }),
      // Refetched even after a refusal: the list then shows the order the server kept.
      invalidatesTags: CONFIG_WRITE_INVALIDATES,
    }),
    createJourneyStage: builder.mutation<
      Journey,
      { journey: string; data: Record<string, unknown> }
    >({
      query: ({ journey, data }) => ({
        url: `/journey/journeys/${journey}/stages`,
        method: 'POST',
        data,
      }),
      transformResponse: (res: { data: Journey }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    /** Answers with the stage's journey as saved; a stale `expectedUpdatedAt` gets a 409. */
    updateJourneyStage: builder.mutation<
      Journey,
      { documentId: string; data: Record<string, unknown> }
    >({
      query: ({ documentId, data }) => ({
        url: `/journey/stages/${documentId}`,
        method: 'PUT',
        data,
      }),
      transformResponse: (res: { data: Journey }) => res.data,
      // The saved journey at once, so the map's cell shows it before the refetch lands.
      async onQueryStarted(_arg, { dispatch, queryFulfilled }) {
        try {
          const { data: saved } = await queryFulfilled;
          dispatch(
            journeysApi.util.updateQueryData('getJourneys', undefined, (draft) =>
              draft.map((j) => (j.key === saved.key ? saved : j))
            )
          );
        } catch {
          // The caller shows the error; nothing was changed here.
        }
      },
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    deleteJourneyStage: builder.mutation<unknown, { documentId: string } & MoveTo>({
      query: ({ documentId, moveTo }) => ({
        url: `/journey/stages/${documentId}`,
        method: 'DELETE',
        config: { params: moveTo ? { moveTo } : {} },
      }),
      invalidatesTags: (_r, error) => (error ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    reorderJourneyStages: builder.mutation<unknown, { journey: string; stages: string[] }>({
      query: ({ journey, stages }) => ({
        url: `/journey/journeys/${journey}/stages/order`,
        method: 'PUT',
        data: { stages },
      }),
      // Shown at once, as the server will have it; the refetch then replaces it either way.
      async onQueryStarted({ journey, stages }, { dispatch, queryFulfilled }) {
        dispatch(
          journeysApi.util.updateQueryData('getJourneys', undefined, (draft) =>
            draft.map((j) =>
              j.key === journey
                ? { ...j, stages: stages.map((k) => j.stages.find((s) => s.key === k) as Stage) }
                : j
            )
          )
        );
        await queryFulfilled.catch(() => undefined);
      },
      invalidatesTags: CONFIG_WRITE_INVALIDATES,
    }),
    /** A dry run answers what would change and writes nothing; only the apply invalidates. */
    importJourneys: builder.mutation<ImportResult, { payload: unknown; dryRun: boolean }>({
      query: ({ payload, dryRun }) => ({
        url: '/journey/journeys/import',
        method: 'POST',
        data: payload,
        config: { params: { dryRun: String(dryRun) } },
      }),
      invalidatesTags: (_r, error, { dryRun }) => (error || dryRun ? [] : CONFIG_WRITE_INVALIDATES),
    }),
    /** The export file, read when asked for (a lazy query) and saved by the caller. */
    exportJourneys: builder.query<JourneysFile, void>({
      query: () => '/journey/journeys/export',
      providesTags: ['JourneyConfig'],
    }),
    getJourneyStarters: builder.query<StarterSummary[], void>({
      query: () => '/journey/starters',
      transformResponse: (res: { data: StarterSummary[] }) => res.data,
    }),
    getJourneyStarter: builder.query<JourneysFile, string>({
      query: (key) => `/journey/starters/${key}`,
      transformResponse: (res: { data: JourneysFile }) => res.data,
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetJourneysQuery,
  useGetEditorJourneysQuery,
  useCreateJourneyMutation,
  useUpdateJourneyMutation,
  useDeleteJourneyMutation,
  useReorderJourneysMutation,
  useCreateJourneyStageMutation,
  useUpdateJourneyStageMutation,
  useDeleteJourneyStageMutation,
  useReorderJourneyStagesMutation,
  useImportJourneysMutation,
  useLazyExportJourneysQuery,
  useGetJourneyStartersQuery,
  useLazyGetJourneyStarterQuery,
} = journeysApi;

/**
 * The journeys a content type is tagged with. Every list-view cell and the edit-view panel of a
 * type read the same cache entry: one request, not one per row, refetched after a settings edit.
 */
export const useEditorJourneys = (model: string | undefined) => {
  const { data, isError } = useGetEditorJourneysQuery(model ?? '', { skip: !model });
  return { journeys: data ?? null, failed: isError };
};
