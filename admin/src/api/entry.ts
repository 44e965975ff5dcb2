import type { Intent } from '../journeys';
import { journeyApi } from './base';

/** The edit view's routes about one entry: the intent its text suggests. */

export interface Classification {
  intent: Intent | null;
  confidence: number;
  matches: Array<{ intent: Intent; term: string; rule: string }>;
  language: string;
}

const entryApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    /** The classifier on the entry's title and keyword; site terms (config) change its answer. */
    classifyIntent: builder.query<
      Classification,
      { q: string; contentType: string; locale?: string }
    >({
      query: ({ locale, ...params }) => ({
        url: '/journey/intent',
        config: { params: { ...params, ...(locale ? { locale } : {}) } },
      }),
      transformResponse: (answer: { data: Classification }) => answer.data,
      providesTags: ['JourneyConfig'],
    }),
  }),
  overrideExisting: false,
});

export const { useClassifyIntentQuery } = entryApi;
