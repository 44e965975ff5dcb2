/**
 * The attributes a type's text is read from besides its title (the SEO focus keyword, the
 * slug): the suggestion queue classifies them, demand matching indexes them. One choice for
 * both, so the two read the same words of an entry.
 */

/** Attributes a type may keep its SEO focus keyword in, in order of preference. */
export const KEYWORD_FIELDS = [
  'focusKeyword',
  'focusKeyphrase',
  'keyword',
  'keyphrase',
  'metaKeyword',
];
const TEXT_TYPES = ['string', 'text', 'uid'];

export type Attributes = Record<string, { type?: string } | undefined>;

/** The focus keyword and slug attributes of a schema (null where it has none). */
export const keywordAndSlug = (attributes: Attributes) => {
  const isText = (name: string) => TEXT_TYPES.includes(String(attributes[name]?.type));
  const keyword = KEYWORD_FIELDS.find(isText) ?? null;
  const slug =
    (isText('slug') ? 'slug' : null) ??
    Object.keys(attributes).find((name) => attributes[name]?.type === 'uid') ??
    null;
  return { keyword, slug };
};
