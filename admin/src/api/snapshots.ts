import type { SnapshotSeries } from '../../../server/src/domain/snapshots';
import { saveBlob } from '../utils/saveFile';
import { journeyApi } from './base';

/** The admin routes of coverage over time (server/src/controllers/snapshots.ts). */

// The server's own types: a change of the series' shape breaks the admin's build, not the chart.
export type {
  SeriesPoint as TrendPoint,
  SeriesStage as TrendStage,
  SnapshotSeries as TrendSeries,
} from '../../../server/src/domain/snapshots';

export interface TakeResult {
  taken: Array<{ journey: string; day: string }>;
  skipped: Array<{ journey: string; day: string }>;
}

export type TrendWithExcluded = SnapshotSeries & { excluded: string[] };

const snapshotsApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    /** The series, and the types left out of it because the caller reads them only in part. */
    trend: builder.query<TrendWithExcluded, string>({
      query: (journey) => ({ url: '/journey/snapshots', config: { params: { journey } } }),
      transformResponse: (answer: { data: SnapshotSeries; meta?: { excluded?: string[] } }) => ({
        ...answer.data,
        excluded: answer.meta?.excluded ?? [],
      }),
      providesTags: ['JourneySnapshot'],
    }),
    /** "Snapshot now": today's snapshot of the journey, replacing one taken earlier today. */
    takeSnapshot: builder.mutation<TakeResult, string>({
      query: (journey) => ({ url: '/journey/snapshots', method: 'POST', data: { journey } }),
      transformResponse: (answer: { data: TakeResult }) => answer.data,
      invalidatesTags: ['JourneySnapshot'],
    }),
    /**
     * The series as CSV, saved as a file: fetched with the admin's token (a link would not carry
     * it), and nothing kept in the store.
     */
    exportTrendCsv: builder.mutation<null, string>({
      async queryFn(journey, _api, _extra, baseQuery) {
        const result = await baseQuery({
          url: '/journey/snapshots/export',
          config: { params: { journey }, responseType: 'blob' },
        });
        if (result.error) return { error: result.error };
        saveBlob(`coverage-trend-${journey}.csv`, result.data as Blob);
        return { data: null };
      },
    }),
  }),
  overrideExisting: false,
});

export const { useTrendQuery, useTakeSnapshotMutation, useExportTrendCsvMutation } = snapshotsApi;
