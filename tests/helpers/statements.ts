import type { Core } from '@strapi/strapi';

export interface Statement {
  sql: string;
  bindings: unknown[];
}

/** The SQL statements (with their bindings) the app's connection runs while `fn` runs. */
export const statementsDuring = async <T>(
  strapi: Core.Strapi,
  fn: () => Promise<T>
): Promise<{ statements: Statement[]; result: T }> => {
  const statements: Statement[] = [];
  const listener = (q: { sql: string; bindings?: unknown[] }) =>
    statements.push({ sql: q.sql, bindings: q.bindings ?? [] });
  strapi.db.connection.on('query', listener);
  try {
    return { statements, result: await fn() };
  } finally {
    strapi.db.connection.removeListener('query', listener);
  }
};
