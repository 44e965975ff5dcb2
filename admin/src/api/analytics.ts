import type {
  AnalyticsChangeDate,
  AnalyticsEffect,
  AnalyticsResponse,
  AnalyticsTrafficResponse,
} from '../../../server/src/domain/analytics-types';
import { journeyApi } from './base';

/** The admin routes of journey analytics (docs/analytics.md); every answer is `{ data }`. */

export type * from '../../../server/src/domain/analytics-types';

export interface AnalyticsArgs {
  journey?: string;
  from?: string;
  to?: string;
  locale?: string;
  source?: 'all' | 'events' | 'imports';
}

export interface EffectArgs {
  journey?: string;
  stage: string;
  date: string;
  days: number;
  locale?: string;
}

export interface TrafficArgs extends AnalyticsArgs {
  contentType?: string;
}

/** Drops unset arguments so that they do not reach the URL as "undefined". */
const params = (args: object) =>
  Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== ''));

const analyticsApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    analytics: builder.query<AnalyticsResponse, AnalyticsArgs>({
      query: (args) => ({ url: '/journey/analytics', config: { params: params(args) } }),
      transformResponse: (answer: { data: AnalyticsResponse }) => answer.data,
      providesTags: ['JourneyAnalytics'],
    }),
    analyticsEffect: builder.query<AnalyticsEffect, EffectArgs>({
      query: (args) => ({ url: '/journey/analytics/effect', config: { params: params(args) } }),
      transformResponse: (answer: { data: AnalyticsEffect }) => answer.data,
      providesTags: ['JourneyAnalytics'],
    }),
    analyticsChanges: builder.query<AnalyticsChangeDate[], { journey?: string }>({
      query: (args) => ({ url: '/journey/analytics/changes', config: { params: params(args) } }),
      transformResponse: (answer: { data: AnalyticsChangeDate[] }) => answer.data,
      providesTags: ['JourneyAnalytics', 'JourneySnapshot'],
    }),
    analyticsTraffic: builder.query<AnalyticsTrafficResponse, TrafficArgs>({
      query: (args) => ({ url: '/journey/analytics/traffic', config: { params: params(args) } }),
      transformResponse: (answer: { data: AnalyticsTrafficResponse }) => answer.data,
      providesTags: ['JourneyAnalytics'],
    }),
  }),
  overrideExisting: false,
});

export const {
  useAnalyticsQuery,
  useAnalyticsEffectQuery,
  useAnalyticsChangesQuery,
  useAnalyticsTrafficQuery,
} = analyticsApi;
