/** How queries and headers are compared: folded to one spelling. */

const SPECIAL_FOLDS: Record<string, string> = { ø: 'o', æ: 'ae', ß: 'ss', đ: 'd', ł: 'l' };

/** Lower case, no diacritics (ø → o, æ → ae too), single spaces: how queries and headers compare. */
export const foldText = (text: string): string =>
  text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/[øæßđł]/g, (c) => SPECIAL_FOLDS[c])
    .replace(/\s+/g, ' ')
    .trim();

/** The key a query is stored, deduplicated and overridden by. */
export const normalizeQuery = (query: string): string => foldText(query);

/** A header as compared with the known names: folded, punctuation gone. */
export const headerKey = (header: string) =>
  foldText(header)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
