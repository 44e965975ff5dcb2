/** Where a type keeps its SEO focus keyword, in the order the intent suggestions read them. */
const KEYWORD_FIELDS = ['focusKeyword', 'focusKeyphrase', 'keyword', 'keyphrase', 'metaKeyword'];
const TEXT_TYPES = ['string', 'text'];

/**
 * The field a search query goes into: the focus keyword when the type has one (the query is
 * what the entry should rank for), else the title, else the list view's main field.
 */
export const queryField = (
  attributes: Record<string, { type?: string }> | undefined,
  mainField: string | undefined
): string | null => {
  const text = (name: string | undefined) =>
    name !== undefined && TEXT_TYPES.includes(attributes?.[name]?.type ?? '') ? name : null;
  for (const name of KEYWORD_FIELDS) if (text(name)) return name;
  return text('title') ?? text(mainField);
};
