import { CONTENT_INTENTS, mostRecent, type RecentEntry } from '../components/map/map-model';
import { journeyApi } from './base';

/*
 * The journey map's live content row: its counts are the coverage page's own query
 * (`useCoverageQuery`), its newest entries this one; tagged JourneyCoverage, both refetch after
 * any tag write.
 */
const mapApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    /**
     * Each stage's three newest entries. The entries route lists one cell (stage × intent) at a
     * time, newest first; three from each intent of a stage hold the stage's three newest. A
     * cell that fails counts as empty, as one missing list should not hide the others.
     */
    getMapRecentEntries: builder.query<
      Record<string, RecentEntry[]>,
      { journey: string; stages: string[] }
    >({
      async queryFn({ journey, stages }, _api, _extra, baseQuery) {
        const list = async (stage: string, intent: string) => {
          const result = await baseQuery({
            url: '/journey/coverage/entries',
            config: { params: { journey, stage, intent, pageSize: 3 } },
          });
          return result.error ? [] : (result.data as { data: RecentEntry[] }).data;
        };
        const pairs = await Promise.all(
          stages.map(async (stage) => {
            const lists = await Promise.all(
              [...CONTENT_INTENTS, 'none'].map((intent) => list(stage, intent))
            );
            return [stage, mostRecent(lists.flat(), 3)] as const;
          })
        );
        return { data: Object.fromEntries(pairs) };
      },
      providesTags: ['JourneyCoverage'],
    }),
  }),
  overrideExisting: false,
});

export const { useGetMapRecentEntriesQuery } = mapApi;
