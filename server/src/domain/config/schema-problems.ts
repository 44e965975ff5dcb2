import { toPath } from 'lodash';
import * as yup from 'yup';

export const duplicates = (values: string[]): string[] =>
  values.filter((value, index) => values.indexOf(value) !== index);

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const keyOf = (value: unknown): string | undefined =>
  isRecord(value) && typeof value.key === 'string' && value.key ? value.key : undefined;

/** `journeys[0]` becomes `journeys[0] ("customer")`: an index alone says little in a big file. */
export const withKey = (path: string, value: unknown) => {
  const k = keyOf(value);
  return k ? `${path} (${JSON.stringify(k)})` : path;
};

/**
 * Writes a yup path against `root` with the key of every array element on the way, e.g.
 * `journeys[0] ("customer").stages[3] ("decision").name`.
 */
export const labelPath = (root: unknown, path: string): string => {
  let value: unknown = root;
  let label = '';
  for (const segment of toPath(path)) {
    const index = Array.isArray(value) && /^\d+$/.test(segment);
    label += index ? `[${segment}]` : label ? `.${segment}` : segment;
    value = isRecord(value) || Array.isArray(value) ? (value as never)[segment] : undefined;
    if (index) label = withKey(label, value);
  }
  return label;
};

const joinPath = (prefix: string, path: string) =>
  !prefix ? path : !path ? prefix : path.startsWith('[') ? `${prefix}${path}` : `${prefix}.${path}`;

/** Yup starts its messages with the path (or "this"); the label replaces it. */
const bareMessage = (error: yup.ValidationError) => {
  for (const start of [error.path, 'this']) {
    if (start && error.message.startsWith(`${start} `))
      return error.message.slice(start.length + 1);
  }
  return error.message;
};

/** Every schema problem as `path: message`, the path labelled with keys (see labelPath). */
export const schemaProblems = (schema: yup.AnySchema, value: unknown, prefix = ''): string[] => {
  try {
    schema.validateSync(value, { abortEarly: false, strict: true });
    return [];
  } catch (error) {
    if (!(error instanceof yup.ValidationError)) throw error;
    const errors = error.inner.length ? error.inner : [error];
    return errors.map((e) => {
      const path = joinPath(prefix, labelPath(value, e.path ?? ''));
      return path ? `${path}: ${bareMessage(e)}` : bareMessage(e);
    });
  }
};
