import type { CellEntry, CoverageCell } from '../../../server/src/domain/coverage';

export type { CellEntry };
import { journeyApi } from './base';

/** The coverage routes (GET /journey/coverage and its cell entries). */

export interface CoverageStage {
  key: string;
  name: string;
  names: Record<string, string> | null;
  colour: string | null;
  /** The intents the stage expects content for: only their empty cells are gaps. */
  expectedIntents?: string[];
  /** The stage chose them; otherwise they are the default from the intent mapping. */
  expectedIntentsSet?: boolean;
}

export interface Coverage {
  journey: { key: string; name: string; stages: CoverageStage[] };
  contentTypes: string[];
  types: Array<{ uid: string; kind: string; name: string }>;
  thinThreshold: number;
  /** Per stage and intent, whether the journey expects content there. */
  expected?: Record<string, Record<string, boolean>>;
  cells: CoverageCell[];
  untagged: Array<{
    contentType: string;
    locale: string | null;
    published: number;
    draftOnly: number;
  }>;
}

export interface CoverageQuery {
  journey?: string;
  contentType?: string;
  locale?: string;
}

export interface CellEntriesQuery {
  journey: string;
  stage: string;
  intent: string;
  state: 'published' | 'draftOnly';
  contentType?: string;
  locale?: string;
  page: number;
  pageSize: number;
}

export interface CellEntriesAnswer {
  data: CellEntry[];
  pagination: { page: number; pageSize: number; pageCount: number; total: number };
}

/** Leaves out the parameters not set: the routes read a present empty one as a filter. */
const defined = (params: object) =>
  Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== ''));

/** Entries whose draft's stages of the journey differ from the published version's. */
export interface PendingPublish {
  journey: string;
  total: number;
  types: Array<{ contentType: string; locale: string | null; count: number }>;
}

const coverageApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    coveragePending: builder.query<PendingPublish, CoverageQuery>({
      query: (params) => ({
        url: '/journey/coverage/pending',
        config: { params: defined(params) },
      }),
      providesTags: [{ type: 'JourneyCoverage', id: 'PENDING' }, 'JourneyConfig'],
    }),
    coverage: builder.query<Coverage, CoverageQuery>({
      query: (params) => ({ url: '/journey/coverage', config: { params: defined(params) } }),
      providesTags: [{ type: 'JourneyCoverage', id: 'MATRIX' }, 'JourneyConfig'],
    }),
    coverageEntries: builder.query<CellEntriesAnswer, CellEntriesQuery>({
      query: (params) => ({
        url: '/journey/coverage/entries',
        config: { params: defined(params) },
      }),
      providesTags: [{ type: 'JourneyCoverage', id: 'ENTRIES' }],
    }),
  }),
  overrideExisting: false,
});

export const { useCoverageQuery, useCoverageEntriesQuery, useCoveragePendingQuery } = coverageApi;
