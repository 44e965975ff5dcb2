import type { useFetchClient } from '@strapi/strapi/admin';
import type { SnapshotSeries } from '../../../server/src/domain/snapshots';
import { journeyApi } from './base';

/** The admin routes of coverage over time (server/src/controllers/snapshots.ts). */

type FetchClient = ReturnType<typeof useFetchClient>;

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
  }),
  overrideExisting: false,
});

export const { useTrendQuery, useTakeSnapshotMutation } = snapshotsApi;

/**
 * The series as CSV, saved through the browser (the route needs the admin's token, a link would
 * not carry it). A download, not a query: the file goes to the browser, not into the store.
 */
export const downloadTrendCsv = async (client: FetchClient, journey: string) => {
  const { data } = await client.get<Blob>('/journey/snapshots/export', {
    params: { journey },
    responseType: 'blob',
  });
  const url = URL.createObjectURL(data);
  const link = document.createElement('a');
  link.href = url;
  link.download = `coverage-trend-${journey}.csv`;
  link.click();
  URL.revokeObjectURL(url);
};
