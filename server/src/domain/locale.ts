import { ParamError } from './content-params';

/**
 * The locale a request means: its default when none is given, else the one given if the app
 * has it (a 400 naming the valid ones otherwise). `codes` null: i18n is not installed, so there
 * is nothing to check against and no default.
 */
export const chooseLocale = (
  value: unknown,
  codes: readonly string[] | null,
  defaultLocale: string | null
): string | undefined => {
  if (codes === null) return value === undefined || value === null ? undefined : (value as string);
  if (value === undefined || value === null || value === '') return defaultLocale ?? undefined;
  if (typeof value !== 'string' || !codes.includes(value)) {
    throw new ParamError('locale', typeof value === 'string' ? value : String(value), codes);
  }
  return value;
};
