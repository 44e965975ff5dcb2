import type { useFetchClient } from '@strapi/strapi/admin';

/** The admin routes of coverage over time (server/src/controllers/snapshots.ts). */

type FetchClient = ReturnType<typeof useFetchClient>;

export interface TrendStage {
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour: string | null;
}

export interface TrendPoint {
  day: string;
  publishedByStage: Record<string, number>;
  published: number;
  draftOnly: number;
  untagged: number;
  gapCells: number;
  demand?: { impressions: number; clicks: number; volume: number };
}

export interface TrendSeries {
  stages: TrendStage[];
  points: TrendPoint[];
}

export interface TakeResult {
  taken: Array<{ journey: string; day: string }>;
  skipped: Array<{ journey: string; day: string }>;
}

export const fetchTrend = async (client: FetchClient, journey: string) =>
  (await client.get<{ data: TrendSeries }>('/journey/snapshots', { params: { journey } })).data
    .data;

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
