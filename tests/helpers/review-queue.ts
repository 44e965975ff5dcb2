import { useApp } from './suite';
import type { TestAppOptions } from './app';
import { ARTICLE, createTagged, stageIds } from './content';

// The review queue's test files share one app and one fixture: untagged articles in two locales,
// one tagged, and posts whose title says nothing but whose focus keyword or slug does.

export const POST = 'api::post.post';
export const OPTIONS: TestAppOptions = {
  contentTypes: {
    // Draft & publish, not localized, with a focus keyword and a slug to fall back on.
    post: {
      kind: 'collectionType',
      collectionName: 'posts',
      info: { singularName: 'post', pluralName: 'posts', displayName: 'Post' },
      options: { draftAndPublish: true },
      pluginOptions: { journey: { enabled: true } },
      attributes: {
        title: { type: 'string' },
        focusKeyword: { type: 'string' },
        slug: { type: 'uid' },
      },
    },
  },
};

export type Item = {
  documentId: string;
  title: string | null;
  locale: string | null;
  status: string;
  skipped: boolean;
  suggestion: {
    intent: string | null;
    confidence: number;
    stage: { key: string; documentId: string; color: string | null } | null;
    matches: Array<{ intent: string; term: string; rule: string }>;
    source: string;
    text: string;
  };
};

export const byTitle = (items: Item[]) => Object.fromEntries(items.map((i) => [i.title, i]));

export const UNTAGGED_EN = [
  'Buy running shoes online',
  'Best running shoes 2026 review',
  'How to clean running shoes',
  'Zebra quartz',
  'Winter sale',
  'Garden party ideas',
  'Published buy boots',
];

/** Boots the app (admin logged in) and seeds the fixture; `ids` maps titles to document ids. */
export const useReviewQueueApp = () => {
  const app = useApp({ ...OPTIONS, admin: true });
  const stages: Record<string, string> = {};

  const http = app.http;
  const get = (url: string, bearer = app.token) =>
    http().get(url).set('Authorization', `Bearer ${bearer}`);
  const post = (url: string, body: object, bearer = app.token) =>
    http().post(url).set('Authorization', `Bearer ${bearer}`).send(body);

  const list = async (query: string, bearer = app.token) => {
    const res = await get(`/journey/suggestions?${query}`, bearer);
    expect([res.status, res.body.error]).toEqual([200, undefined]);
    return res.body as {
      data: Item[];
      meta: {
        pagination: { total: number; pageCount: number };
        untagged: number;
        computed: number;
      };
    };
  };

  const ids: Record<string, string> = {};

  const article = async (
    title: string,
    extra: { stages?: string[]; locale?: string; status?: 'published' } = {}
  ) => {
    const doc = await createTagged(app.strapi, ARTICLE, stages, { title, ...extra });
    ids[title] = doc.documentId;
    return doc.documentId;
  };

  /** The draft row's tags, as the content manager shows them. */
  const tagsOf = async (uid: string, documentId: string, locale?: string) => {
    const doc = (await app.strapi.documents(uid as never).findOne({
      documentId,
      ...(locale ? { locale } : {}),
      status: 'draft',
      populate: ['journeyStages'],
    } as never)) as unknown as {
      searchIntent: string | null;
      journeyStages: Array<{ key: string }>;
    };
    return { intent: doc.searchIntent, stages: doc.journeyStages.map((s) => s.key).sort() };
  };

  beforeAll(async () => {
    Object.assign(stages, await stageIds(app.strapi));
    for (const title of UNTAGGED_EN) {
      await article(title, title.startsWith('Published') ? { status: 'published' } : {});
    }
    await article('Tagged buy shoes', { stages: ['decision'] });
    await article('Köpa vinterjacka', { locale: 'sv' });
    for (const [title, focusKeyword, slug] of [
      ['Zebra quartz post', 'buy zebra quartz', 'zebra-quartz-post'],
      ['Zebra onyx', null, 'how-to-polish-onyx'],
      ['Zebra mica', null, 'zebra-mica'],
    ]) {
      const doc = (await app.strapi.documents(POST as never).create({
        data: { title, focusKeyword, slug },
      } as never)) as unknown as { documentId: string };
      ids[title as string] = doc.documentId;
    }
  }, 180000);

  return { app, stages, get, post, list, ids, article, tagsOf };
};
