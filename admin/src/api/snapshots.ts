import type { useFetchClient } from '@strapi/strapi/admin';
import type { SnapshotSeries } from '../../../server/src/domain/snapshots';

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

/** The series, and the types left out of it because the caller reads them only in part. */
export const fetchTrend = async (client: FetchClient, journey: string) => {
  const { data } = await client.get<{ data: SnapshotSeries; meta: { excluded?: string[] } }>(
    '/journey/snapshots',
    { params: { journey } }
  );
  return { ...data.data, excluded: data.meta?.excluded ?? [] };
};

/** "Snapshot now": today's snapshot of the journey, replacing one taken earlier today. */
export const takeSnapshot = async (client: FetchClient, journey: string) =>
  (await client.post<{ data: TakeResult }>('/journey/snapshots', { journey })).data.data;

/** The series as CSV, saved through the browser (the route needs the admin's token, a link would not carry it). */
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
