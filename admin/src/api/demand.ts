import { saveBlob } from '../utils/saveFile';
import { journeyApi } from './base';
import {
  queryString,
  type CellAnswer,
  type DemandImport,
  type DemandMatrix,
  type DemandMetric,
  type DemandSources,
  type Mapping,
  type Preview,
} from './demand-shapes';

export * from './demand-shapes';

/** The import form as sent: the file and where its queries belong. */
export interface DemandUpload {
  file: File;
  journey: string;
  locale: string;
  source: string;
  period: string;
  mapping: Mapping | null;
}

const formOf = (upload: DemandUpload) => {
  const body = new FormData();
  body.append('file', upload.file);
  body.append('journey', upload.journey);
  body.append('locale', upload.locale);
  body.append('source', upload.source);
  body.append('period', upload.period);
  if (upload.mapping?.query) body.append('mapping', JSON.stringify(upload.mapping));
  return body;
};

export interface MatrixArgs {
  journey: string;
  metric: DemandMetric;
  locale?: string;
  contentType?: string;
}

export interface CellArgs {
  journey?: string;
  stage: string;
  intent: string;
  locale?: string;
  metric: DemandMetric;
  threshold?: number;
  page: number;
  pageSize: number;
}

export interface OverrideArgs {
  journey?: string;
  locale: string;
  query: string;
  /** Both null: back to the classifier's intent and the mapping's stage. */
  intent: string | null;
  stage: string | null;
}

export interface DemandExportArgs {
  journey?: string;
  metric: DemandMetric;
  threshold?: number;
  locale?: string;
}

/*
 * Every demand answer is tagged JourneyDemand: an import, a deletion or an override changes the
 * imports list, the model summary, the coverage page's demand layer and its drill-downs at once.
 */
const demandApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    getDemandImports: builder.query<DemandImport[], string>({
      query: (journey) => `/journey/demand/imports?${queryString({ journey })}`,
      transformResponse: (res: { data: DemandImport[] }) => res.data,
      providesTags: ['JourneyDemand'],
    }),
    getDemandSources: builder.query<DemandSources, string>({
      query: (journey) => `/journey/demand/sources?${queryString({ journey })}`,
      transformResponse: (res: { data: DemandSources }) => res.data,
      providesTags: ['JourneyDemand'],
    }),
    /** What the file would store; writes nothing, so it invalidates nothing. */
    previewDemand: builder.mutation<Preview, DemandUpload>({
      query: (upload) => ({ url: '/journey/demand/preview', method: 'POST', data: formOf(upload) }),
      transformResponse: (res: { data: Preview }) => res.data,
    }),
    importDemand: builder.mutation<{ import: DemandImport; replaced: boolean }, DemandUpload>({
      query: (upload) => ({ url: '/journey/demand/imports', method: 'POST', data: formOf(upload) }),
      transformResponse: (res: { data: { import: DemandImport; replaced: boolean } }) => res.data,
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyDemand']),
    }),
    deleteDemandImport: builder.mutation<unknown, number>({
      query: (id) => ({ url: `/journey/demand/imports/${id}`, method: 'DELETE' }),
      // Refetched even after a refusal, as the page did: the list shows what the server has.
      invalidatesTags: ['JourneyDemand'],
    }),
    getDemandMatrix: builder.query<DemandMatrix, MatrixArgs>({
      query: (args) => `/journey/demand/matrix?${queryString({ ...args })}`,
      // The imports the numbers are read from come beside the data: the totals name their period.
      transformResponse: (res: { data: DemandMatrix; meta?: DemandMatrix['meta'] }) => ({
        ...res.data,
        meta: res.meta,
      }),
      providesTags: ['JourneyDemand'],
    }),
    getDemandCell: builder.query<CellAnswer, CellArgs>({
      query: (args) => `/journey/demand/cell?${queryString({ ...args })}`,
      providesTags: ['JourneyDemand'],
    }),
    /** An override moves the query's demand to another cell: matrix and drill-downs refetch. */
    saveDemandOverride: builder.mutation<unknown, OverrideArgs>({
      query: ({ journey, locale, query, intent, stage }) =>
        intent === null && stage === null
          ? {
              url: `/journey/demand/overrides?${queryString({ journey, locale, query })}`,
              method: 'DELETE',
            }
          : {
              url: '/journey/demand/overrides',
              method: 'PUT',
              data: { journey, locale, query, intent, stage },
            },
      invalidatesTags: (_r, error) => (error ? [] : ['JourneyDemand']),
    }),
    /**
     * The ranked opportunities as the server writes them, saved as a file: fetched with the
     * admin's token (a link would not carry it), and nothing kept in the store.
     */
    exportDemandCsv: builder.mutation<null, DemandExportArgs>({
      async queryFn(args, _api, _extra, baseQuery) {
        const result = await baseQuery({
          url: `/journey/demand/export?${queryString({ ...args })}`,
          config: { responseType: 'blob' },
        });
        if (result.error) return { error: result.error };
        saveBlob(`demand-${args.journey ?? 'journey'}.csv`, result.data as Blob);
        return { data: null };
      },
    }),
  }),
  overrideExisting: false,
});

export const {
  useGetDemandImportsQuery,
  useGetDemandSourcesQuery,
  usePreviewDemandMutation,
  useImportDemandMutation,
  useDeleteDemandImportMutation,
  useGetDemandMatrixQuery,
  useGetDemandCellQuery,
  useSaveDemandOverrideMutation,
  useExportDemandCsvMutation,
} = demandApi;
