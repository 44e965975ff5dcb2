/**
 * What in a document-service read would let a caller see drafts: Strapi 5 answers `status=draft`
 * (REST) or `status: DRAFT` (GraphQL) to anyone holding `find` on a type, and a filter through
 * `localizations` matches draft-only localizations (strapi/strapi#25326). Pure, so each shape can
 * be tested without Strapi; the document middleware in document-middlewares/draft-read-guard.ts
 * decides who is guarded.
 */
export const READ_ACTIONS = ['findMany', 'findFirst', 'findOne', 'count'] as const;

const LOCALIZATIONS = 'localizations';

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/**
 * Whether a filter tree names `localizations` at any depth. Iterative with a visited set, since
 * filters can arrive deep (bounded elsewhere) and must not be able to overflow the stack here.
 */
export const filtersReachLocalizations = (filters: unknown): boolean => {
  const stack: unknown[] = [filters];
  const seen = new Set<unknown>();
  while (stack.length) {
    const node = stack.pop();
    if (!isRecord(node) || seen.has(node)) continue;
    seen.add(node);
    for (const [key, value] of Object.entries(node)) {
      if (key === LOCALIZATIONS) return true;
      stack.push(value);
    }
  }
  return false;
};

/** Why a read with these params would expose drafts, or null when it cannot. */
export const draftExposure = (params: {
  status?: unknown;
  filters?: unknown;
}): 'status' | 'localizations' | null => {
  if (params.status === 'draft') return 'status';
  if (params.filters !== undefined && filtersReachLocalizations(params.filters)) {
    return 'localizations';
  }
  return null;
};
