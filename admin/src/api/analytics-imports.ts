import type {
  AnalyticsImportPreview,
  AnalyticsImportResult,
  AnalyticsImportSummary,
  AnalyticsTool,
  AnalyticsUrlPatterns,
} from '../../../server/src/domain/analytics-types';
import { journeyApi } from './base';

/**
 * Importing page-level analytics exports (Settings → Journey → Analytics imports): the URL
 * patterns per content type, the preview of a file, the import, the list of imports. An import
 * or a delete changes every analytics figure, so it invalidates 'JourneyAnalytics'.
 */

export const ANALYTICS_TOOLS: AnalyticsTool[] = [
  'ga4',
  'ga4-bigquery',
  'matomo',
  'plausible',
  'umami',
];

/** The form as sent; an empty period lets the server read it from the file (GA4, event exports). */
export interface AnalyticsUpload {
  file: File;
  tool: AnalyticsTool | 'auto';
  from: string;
  to: string;
  goal: string;
}

const formOf = (upload: AnalyticsUpload) => {
  const body = new FormData();
  body.append('file', upload.file);
  if (upload.tool !== 'auto') body.append('tool', upload.tool);
  if (upload.from) body.append('from', upload.from);
  if (upload.to) body.append('to', upload.to);
  if (upload.goal.trim()) body.append('goal', upload.goal.trim());
  return body;
};

const analyticsImportsApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    getAnalyticsUrlPatterns: builder.query<AnalyticsUrlPatterns, void>({
      query: () => '/journey/analytics/url-patterns',
      transformResponse: (res: { data: AnalyticsUrlPatterns }) => res.data,
      providesTags: ['JourneyAnalytics'],
    }),
    saveAnalyticsUrlPatterns: builder.mutation<AnalyticsUrlPatterns, Record<string, string>>({
      query: (patterns) => ({
        url: '/journey/analytics/url-patterns',
        method: 'PUT',
        data: { patterns },
      }),
      transformResponse: (res: { data: AnalyticsUrlPatterns }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyAnalytics']),
    }),
    getAnalyticsImports: builder.query<AnalyticsImportSummary[], void>({
      query: () => '/journey/analytics/imports',
      transformResponse: (res: { data: AnalyticsImportSummary[] }) => res.data,
      providesTags: ['JourneyAnalytics'],
    }),
    /** What the file would import; writes nothing, so it invalidates nothing. */
    previewAnalyticsImport: builder.mutation<AnalyticsImportPreview, AnalyticsUpload>({
      query: (upload) => ({
        url: '/journey/analytics/import/preview',
        method: 'POST',
        data: formOf(upload),
      }),
      transformResponse: (res: { data: AnalyticsImportPreview }) => res.data,
    }),
    importAnalytics: builder.mutation<AnalyticsImportResult, AnalyticsUpload>({
      query: (upload) => ({
        url: '/journey/analytics/imports',
        method: 'POST',
        data: formOf(upload),
      }),
      transformResponse: (res: { data: AnalyticsImportResult }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyAnalytics']),
    }),
    deleteAnalyticsImport: builder.mutation<unknown, number>({
      query: (id) => ({ url: `/journey/analytics/imports/${id}`, method: 'DELETE' }),
      // Refetched after a refusal too: the list shows what the server has.
      invalidatesTags: ['JourneyAnalytics'],
    }),
  }),
});

export const {
  useGetAnalyticsUrlPatternsQuery,
  useSaveAnalyticsUrlPatternsMutation,
  useGetAnalyticsImportsQuery,
  usePreviewAnalyticsImportMutation,
  useImportAnalyticsMutation,
  useDeleteAnalyticsImportMutation,
} = analyticsImportsApi;
