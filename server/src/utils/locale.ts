import type { Core } from '@strapi/strapi';
import { chooseLocale } from '../domain/locale';
import { getService } from './get-service';

/**
 * The locale of the rows of a type a request works on: null for a type that is not localized,
 * the default locale when none is given, else the given one, checked against the app's locales
 * unless `check` is false (internal callers that pass a locale already checked).
 */
export const typeLocale = async (
  strapi: Core.Strapi,
  uid: string,
  value: unknown,
  { check = true }: { check?: boolean } = {}
): Promise<string | null> => {
  if (!getService(strapi, 'content-types').isLocalized(uid)) return null;
  const service = strapi.plugin('i18n').service('locales');
  if (value === undefined || value === null || value === '') {
    return (await service.getDefaultLocale()) as string;
  }
  if (!check) return value as string;
  const codes = ((await service.find()) as Array<{ code: string }>).map((l) => l.code);
  return chooseLocale(value, codes, null) as string;
};
