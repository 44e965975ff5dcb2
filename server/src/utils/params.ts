import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { ParamError } from '../domain/content-params';

/** A query parameter given once, as a string: `?locale=sv&locale=en` is a mistake worth a 400. */
export const singleParam = (query: Record<string, unknown>, name: string): string | undefined => {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') {
    throw new errors.ValidationError(`Query parameter "${name}" must be given once, as a string`, {
      parameter: name,
    });
  }
  return value;
};

export const invalidParam = (name: string, value: string, valid: readonly string[]) =>
  new errors.ValidationError(
    `Invalid ${name} "${value.slice(0, 100)}"; valid values: ${valid.join(', ') || '(none)'}`,
    { parameter: name, value: value.slice(0, 100), valid }
  );

/** The locale asked for, checked against the app's i18n locales. */
export const localeParam = async (strapi: Core.Strapi, query: Record<string, unknown>) => {
  const locale = singleParam(query, 'locale');
  if (!locale) return undefined;
  const locales = (await strapi.plugin('i18n').service('locales').find()) as Array<{
    code: string;
  }>;
  const codes = locales.map((l) => l.code);
  if (!codes.includes(locale)) throw invalidParam('locale', locale, codes);
  return locale;
};

/**
 * Rethrows a ParamError of the pure parsing code as Strapi's 400 ValidationError, so that the
 * response names the parameter, the value and the valid values; anything else passes through.
 */
export const rethrowAsBadRequest = (error: unknown): never => {
  if (error instanceof ParamError) {
    throw new errors.ValidationError(error.message, {
      parameter: error.parameter,
      value: error.value.slice(0, 100),
      valid: error.valid,
    });
  }
  throw error;
};
