import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AnySchema } from 'yup';

/** The content manager sends a document's identity back with its fields. */
const IDENTITY_KEYS = ['id', 'documentId'];

/** Stage and journey fields the yup schemas judge, without the nulls that clear a field. */
export const schemaFields = (
  schema: AnySchema & { fields: object },
  source: Record<string, unknown>
) =>
  Object.fromEntries(
    Object.keys(schema.fields)
      .filter((f) => source[f] !== undefined && source[f] !== null)
      .map((f) => [f, source[f]])
  );

/** The fields after a write: the stored ones, overwritten by the data; a null clears a field. */
export const fieldsAfter = (
  before: Record<string, unknown>,
  schema: AnySchema & { fields: object },
  data: Record<string, unknown>
) => {
  const after = { ...before, ...schemaFields(schema, data) };
  // The schema then says whether the field may be empty.
  for (const [field, value] of Object.entries(data)) if (value === null) delete after[field];
  return after;
};

/** "names.sv must be …" → ['names', 'sv'], "kpis[2] …" → ['kpis', '2']: the form marks the input. */
const problemPath = (problem: string) =>
  problem
    .split(/[\s:]/)[0]
    .split(/[.[\]]/)
    .filter(Boolean);

export const refuse = (what: string, problems: string[]): never => {
  throw new errors.ValidationError(`Invalid ${what}: ${problems.join('; ')}`, {
    problems,
    errors: problems.map((message) => ({
      path: problemPath(message),
      message,
      name: 'ValidationError',
    })),
  });
};

/** A typo in a field name must not pass as "nothing to change". */
export const unknownKeys = (strapi: Core.Strapi, uid: string, data: Record<string, unknown>) => {
  const attributes = Object.keys(
    strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]).attributes
  );
  return Object.keys(data)
    .filter((k) => !IDENTITY_KEYS.includes(k) && !attributes.includes(k))
    .map((k) => `${k} is not a field; valid: ${attributes.join(', ')}`);
};

/**
 * A row stored before these guards existed must not block a reorder or a rename, so a problem
 * it already had is only refused when this write sets that field: a field written is valid.
 */
export const newProblems = (before: string[], after: string[], data: Record<string, unknown>) =>
  after.filter((problem) => !before.includes(problem) || problemPath(problem)[0] in data);
