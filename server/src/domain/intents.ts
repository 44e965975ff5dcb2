/**
 * The five search intents of the "SEO funnel" (see DOMAIN.md). The order is the one the admin
 * matrix and the public API list them in, from the start of a journey to its end.
 */
export const INTENTS = [
  'informational',
  'commercial',
  'transactional',
  'navigational',
  'local',
] as const;

export type Intent = (typeof INTENTS)[number];

export type Likelihood = 'low' | 'medium' | 'high';

/** How likely a search of each intent is to convert; frontends use it to rank calls to action. */
export const INTENT_CONVERSION: Record<Intent, Likelihood> = {
  informational: 'low',
  commercial: 'medium',
  transactional: 'high',
  navigational: 'high',
  local: 'high',
};

export const LANGUAGES = ['en', 'sv', 'nb'] as const;
export type Language = (typeof LANGUAGES)[number];
export type TranslatedText = Partial<Record<Language, string>>;

export const INTENT_NAMES: Record<Intent, Required<TranslatedText>> = {
  informational: { en: 'Informational', sv: 'Informativ', nb: 'Informasjonssøk' },
  commercial: { en: 'Commercial', sv: 'Kommersiell', nb: 'Kommersiell' },
  transactional: { en: 'Transactional', sv: 'Transaktionell', nb: 'Transaksjonell' },
  navigational: { en: 'Navigational', sv: 'Navigerande', nb: 'Navigasjonell' },
  local: { en: 'Local', sv: 'Lokal', nb: 'Lokal' },
};

export const isIntent = (value: unknown): value is Intent =>
  typeof value === 'string' && (INTENTS as readonly string[]).includes(value);

/**
 * Picks the name for a locale such as "sv-SE" or "nb", falling back to the default name: stage
 * and intent names are shown to people, and a missing translation must not hide the stage.
 */
export const translatedName = (
  fallback: string,
  names: TranslatedText | null | undefined,
  locale: string | undefined
): string => {
  if (!locale || !names) return fallback;
  const base = locale.toLowerCase().split(/[-_]/)[0];
  const lang = base === 'no' || base === 'nn' ? 'nb' : base;
  return (names as Record<string, string | undefined>)[lang] || fallback;
};
