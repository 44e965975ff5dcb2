import { journeyApi } from './base';
import { useGetJourneysQuery } from './journeys';

/** What the filter bars choose from: locales, journey-aware content types, journeys. */

export interface Locale {
  code: string;
  name: string;
  isDefault?: boolean;
}

export interface TypeInfo {
  uid: string;
  name: string;
}

export interface JourneySummary {
  key: string;
  name: string;
  /** By content language; the journey filter shows the admin's own. */
  names?: Record<string, string> | null;
}

interface ContentTypeAnswer {
  data: Array<{ uid: string; info: { displayName: string }; pluginOptions?: unknown }>;
}

const lookupsApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    journeyLocales: builder.query<Locale[], void>({
      query: () => '/i18n/locales',
    }),
    /** The content types with `pluginOptions.journey.enabled`, the ones the plugin tags. */
    journeyContentTypes: builder.query<TypeInfo[], void>({
      query: () => '/content-manager/content-types',
      transformResponse: (answer: ContentTypeAnswer) =>
        answer.data
          .filter(
            (ct) =>
              (ct.pluginOptions as { journey?: { enabled?: boolean } } | undefined)?.journey
                ?.enabled === true
          )
          .map((ct) => ({ uid: ct.uid, name: ct.info.displayName })),
    }),
    /** How many entries the content manager's list filters match (its own list route, one row). */
    documentCount: builder.query<
      number | null,
      { model: string; filters?: Record<string, unknown>; _q?: string; locale?: string }
    >({
      query: ({ model, filters, _q, locale }) => ({
        url: `/content-manager/collection-types/${model}`,
        config: { params: { page: 1, pageSize: 1, filters, _q, ...(locale ? { locale } : {}) } },
      }),
      transformResponse: (answer: { pagination?: { total: number } }) =>
        answer.pagination?.total ?? null,
      providesTags: (_result, _error, { model }) => [
        { type: 'Document', id: `${model}_LIST` },
        { type: 'Document', id: 'ALL_LIST' },
      ],
    }),
  }),
  overrideExisting: false,
});

/** A failed lookup reads as an empty list, as the filters did before. */
const EMPTY: never[] = [];

export const useLocales = () => lookupsApi.useJourneyLocalesQuery().data ?? (EMPTY as Locale[]);
/** The journeys as the filters list them: the settings' own cache entry of /journey/journeys. */
export const useJourneySummaries = (): JourneySummary[] =>
  useGetJourneysQuery(undefined, { selectFromResult: ({ data }) => ({ data }) }).data ?? EMPTY;
export const { useJourneyContentTypesQuery, useDocumentCountQuery } = lookupsApi;
