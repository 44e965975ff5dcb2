/** The admin languages the plugin has translations for, as Strapi's admin names them. */
export const ADMIN_LANGUAGES = ['en', 'sv', 'no', 'da', 'fi'] as const;

/**
 * Strapi's admin calls Norwegian `no`; `nb` is accepted too, so that an app configured with the
 * content locale's code still gets the Norwegian labels rather than English ones.
 */
const FILE_ALIASES: Record<string, (typeof ADMIN_LANGUAGES)[number]> = { nb: 'no' };

/** The translations file (without `.json`) for an admin locale, or null when there is none. */
export const translationFileOf = (locale: string): string | null => {
  const file = FILE_ALIASES[locale] ?? locale;
  return (ADMIN_LANGUAGES as readonly string[]).includes(file) ? file : null;
};

/**
 * The admin's language as a key of a journey's or stage's `names`, which are keyed by content
 * language: a Norwegian admin (`no`) reads the `nb` names.
 */
export const namesLanguageOf = (adminLocale: string) => {
  const lang = adminLocale.split('-')[0].toLowerCase();
  return lang === 'no' ? 'nb' : lang;
};
