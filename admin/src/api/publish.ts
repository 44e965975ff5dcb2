import { useAuth } from '@strapi/strapi/admin';
import { journeyApi, TAG_WRITE_INVALIDATES, type JourneyTag } from './base';

/** The documents a tag write wrote, per content type and locale (`written` in its answer). */
export interface WrittenDocuments {
  contentType: string;
  locale: string | null;
  /** True: the tags were saved on the drafts and go live when those are published. */
  draftAndPublish: boolean;
  documentIds: string[];
}

/** Entries of a write that wait on publish: the drafts of types with draft & publish. */
export const waitingOnPublish = (written: WrittenDocuments[] | undefined) =>
  (written ?? []).filter((w) => w.draftAndPublish && w.documentIds.length > 0);

export const PUBLISH_ACTION = 'plugin::content-manager.explorer.publish';

/**
 * The content manager's bulk publish takes every documentId in one transaction; a bulk tag may
 * name thousands, so they go in requests of this many, as its own list view's pages do.
 */
const PUBLISH_CHUNK = 100;

type Description = JourneyTag | { type: JourneyTag; id: string };

const publishApi = journeyApi.injectEndpoints({
  endpoints: (builder) => ({
    /**
     * Publishes exactly these documents through the content manager's own bulk publish
     * (`POST /content-manager/collection-types/:uid/actions/bulkPublish`), so its permission
     * checks, validation and lifecycles apply. Invalidates the content manager's documents and
     * lists, and every journey view that counts published tags.
     */
    publishWritten: builder.mutation<{ count: number }, WrittenDocuments>({
      async queryFn({ contentType, locale, documentIds }, _api, _extra, baseQuery) {
        let count = 0;
        for (let at = 0; at < documentIds.length; at += PUBLISH_CHUNK) {
          const answer = await baseQuery({
            url: `/content-manager/collection-types/${contentType}/actions/bulkPublish`,
            method: 'POST',
            data: {
              documentIds: documentIds.slice(at, at + PUBLISH_CHUNK),
              ...(locale ? { locale } : {}),
            },
            config: { params: locale ? { locale } : {} },
          });
          if (answer.error) return { error: answer.error };
          count += Number((answer.data as { count?: number } | undefined)?.count ?? 0);
        }
        return { data: { count } };
      },
      // Also after a failure: requests before it may have published some.
      invalidatesTags: (_result, _error, { contentType, documentIds }): Description[] => [
        ...TAG_WRITE_INVALIDATES,
        ...documentIds.map((id) => ({ type: 'Document' as const, id: `${contentType}_${id}` })),
        { type: 'Document', id: `${contentType}_LIST` },
        { type: 'Document', id: 'ALL_LIST' },
      ],
    }),
  }),
  overrideExisting: false,
});

export const { usePublishWrittenMutation } = publishApi;

interface UserPermission {
  action: string;
  subject?: string | null;
  properties?: { locales?: string[] | null } | null;
}

/**
 * Whether the user may publish entries of the type in the locale, as the role editor grants it.
 * Conditions (such as "is creator") are judged by the route on each entry; a refusal there is
 * shown as the route's error.
 */
export const useMayPublish = (contentType: string | undefined, locale: string | null) => {
  const permissions = useAuth(
    'JourneyMayPublish',
    (state) => state.permissions as unknown as UserPermission[]
  );
  if (!contentType) return false;
  return (permissions ?? []).some(
    (p) =>
      p.action === PUBLISH_ACTION &&
      p.subject === contentType &&
      (!locale || !p.properties?.locales || p.properties.locales.includes(locale))
  );
};
