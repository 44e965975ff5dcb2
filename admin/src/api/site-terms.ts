import { journeyApi } from './base';
import type { SiteTerm, SiteTermProposal } from './queue';

/*
 * Site terms are configuration (they travel with the journeys export) and teach the classifier:
 * accepting or removing one changes the queue's suggestions too.
 */
const siteTermsApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    getSiteTermProposals: builder.query<SiteTermProposal[], void>({
      query: () => '/journey/site-terms/proposals',
      transformResponse: (res: { data: SiteTermProposal[] }) => res.data,
      providesTags: ['JourneyConfig'],
    }),
    getSiteTerms: builder.query<SiteTerm[], void>({
      query: () => '/journey/site-terms',
      transformResponse: (res: { data: SiteTerm[] }) => res.data,
      providesTags: ['JourneyConfig'],
    }),
    acceptSiteTerm: builder.mutation<unknown, Pick<SiteTerm, 'term' | 'language' | 'intent'>>({
      query: (data) => ({ url: '/journey/site-terms', method: 'POST', data }),
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyConfig', 'JourneyQueue']),
    }),
    removeSiteTerm: builder.mutation<unknown, number>({
      query: (id) => ({ url: `/journey/site-terms/${id}`, method: 'DELETE' }),
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyConfig', 'JourneyQueue']),
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetSiteTermProposalsQuery,
  useGetSiteTermsQuery,
  useAcceptSiteTermMutation,
  useRemoveSiteTermMutation,
} = siteTermsApi;
