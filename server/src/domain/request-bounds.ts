import { ParamError } from './content-params';
import { QUERY_LIMITS } from './config';

/**
 * Bounds on structured request values (filters, populate): checked before Strapi sanitizes or
 * queries them, because its sanitizers and lodash recurse once per level (a 3,000-deep filter
 * overflows the stack) and the query builder's work grows with every node (a 20,000-wide `$or`
 * held the server for 14.5 s). Iterative, so that the check itself cannot overflow.
 */

export interface ShapeLimits {
  /** Nesting of objects and arrays; the value itself is level 1. */
  depth: number;
  /** Objects, arrays and scalars in all. */
  nodes: number;
  /** Items of any one array, keys of any one object. */
  items: number;
  /** The value written as JSON, in characters. */
  size: number;
}

export interface Shape {
  depth: number;
  nodes: number;
  /** The widest array or object, and which it is. */
  items: number;
  widest: 'array' | 'object';
  size: number;
  /** False when the walk stopped early: the figures are then lower bounds. */
  complete: boolean;
}

/** A request value over a bound: the message is "<parameter>: <figure>; at most <limit>". */
export class LimitError extends ParamError {
  constructor(parameter: string, problem: string, limit: string) {
    super(parameter, problem, limit);
    this.message = `${parameter}: ${problem}`;
    this.name = 'LimitError';
  }
}

const scalarSize = (value: unknown): number => {
  if (typeof value === 'string') return value.length + 2;
  if (value === null || value === undefined) return 4;
  return String(value).length;
};

/**
 * Depth, nodes, widest container and JSON size of a value, walked with an explicit stack. The
 * walk stops once a limit is passed by far (`stopAt`), so a huge value costs no more than the
 * limit: the figures are then lower bounds, which is all a refusal needs.
 */
export const measureShape = (value: unknown, stopAt = Infinity): Shape => {
  const shape: Shape = {
    depth: 0,
    nodes: 0,
    items: 0,
    widest: 'array',
    size: 0,
    complete: true,
  };
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length) {
    const [current, level] = stack.pop() as [unknown, number];
    shape.nodes += 1;
    if (shape.nodes > stopAt) {
      shape.complete = false;
      break;
    }
    if (typeof current !== 'object' || current === null) {
      shape.size += scalarSize(current);
      continue;
    }
    if (level > shape.depth) shape.depth = level;
    const entries = Array.isArray(current)
      ? current.map((item): [string | null, unknown] => [null, item])
      : Object.entries(current as Record<string, unknown>);
    if (entries.length > shape.items) {
      shape.items = entries.length;
      shape.widest = Array.isArray(current) ? 'array' : 'object';
    }
    // Brackets and commas; each key with its quotes and colon.
    shape.size += 2 + Math.max(entries.length - 1, 0);
    for (const [key, item] of entries) {
      if (key !== null) shape.size += key.length + 3;
      stack.push([item, level + 1]);
    }
  }
  return shape;
};

/** What is over a limit, the most telling first, as [figure, limit]; or null. */
export const shapeProblem = (shape: Shape, limits: ShapeLimits): [string, string] | null => {
  const n = (figure: number) => (shape.complete ? `${figure}` : `at least ${figure}`);
  if (shape.depth > limits.depth) {
    return [`nested ${n(shape.depth)} levels deep`, `at most ${limits.depth}`];
  }
  if (shape.items > limits.items) {
    return shape.widest === 'array'
      ? [`an array of ${shape.items} items`, `at most ${limits.items}`]
      : [`an object of ${shape.items} keys`, `at most ${limits.items}`];
  }
  if (shape.nodes > limits.nodes) return [`${n(shape.nodes)} values`, `at most ${limits.nodes}`];
  if (shape.size > limits.size) {
    return [`${n(shape.size)} characters as JSON`, `at most ${limits.size}`];
  }
  return null;
};

/**
 * Throws a LimitError naming `parameter` when `value` is over any of `limits`; the error names
 * the figure and the limit, e.g. "filters: nested 4003 levels deep; at most 24".
 */
export const boundShape = (
  value: unknown,
  parameter: string,
  limits: ShapeLimits = QUERY_LIMITS.filters
): void => {
  // A hundred times the node limit: exact figures for any plausible mistake, and a walk of
  // bounded length (milliseconds) however large the body is.
  const problem = shapeProblem(measureShape(value, limits.nodes * 100), limits);
  if (problem) throw new LimitError(parameter, `${problem[0]}; ${problem[1]}`, problem[1]);
};

/** The creator fields every content type has; both point to admin users. */
export const ADMIN_USER_FIELDS = ['createdBy', 'updatedBy'] as const;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * The first path of `filters` that reads an admin user's attribute other than `id` through one
 * of `fields` (at any depth: in `$and`/`$or`/`$not` and through relations, since every type has
 * them), e.g. `filters.createdBy.email`; null when there is none. Operators (`$…`) under such a
 * field are followed, so `createdBy: { $eq: { email } }` is found too. Iterative, and meant to run
 * after boundShape.
 */
export const adminUserFilterPath = (
  filters: unknown,
  fields: readonly string[] = ADMIN_USER_FIELDS
): string | null => {
  // [value, path, under an admin-user field]
  const stack: Array<[unknown, string, boolean]> = [[filters, 'filters', false]];
  while (stack.length) {
    const [value, path, underUser] = stack.pop() as [unknown, string, boolean];
    if (!isObject(value)) continue;
    const entries = Array.isArray(value)
      ? value.map((item, i): [string, unknown, string] => [String(i), item, `${path}[${i}]`])
      : Object.entries(value).map(([k, v]): [string, unknown, string] => [k, v, `${path}.${k}`]);
    const isIndex = Array.isArray(value);
    const next: Array<[unknown, string, boolean]> = [];
    for (const [key, item, itemPath] of entries) {
      if (underUser && !isIndex && !key.startsWith('$')) {
        if (key !== 'id') return itemPath;
        continue;
      }
      next.push([item, itemPath, underUser || (!isIndex && fields.includes(key))]);
    }
    // Reversed, so that the first path in the request's own order is the one named.
    stack.push(...next.reverse());
  }
  return null;
};
