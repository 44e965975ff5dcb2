/**
 * The relation shapes Strapi's document service accepts (read in @strapi/core's
 * transform/relations/utils/map-relation.ts and @strapi/database's entity-manager), reduced to
 * what the write does, so that the guards judge a relation the way Strapi will apply it.
 */
export type Ref = { id?: number; documentId?: string };
/** `set` replaces the relation; otherwise `connect` and `disconnect` edit it. */
export type RelationChange = { set?: Ref[]; connect: Ref[]; disconnect: Ref[] };

/** Strapi reads a numeric string as an id and any other string as a documentId (map-relation.ts). */
const toRef = (value: unknown): Ref | null => {
  if (typeof value === 'number') return { id: value };
  if (typeof value === 'string') {
    return Number.isNaN(parseInt(value, 10)) ? { documentId: value } : { id: parseInt(value, 10) };
  }
  if (value && typeof value === 'object') {
    const { id, documentId } = value as Ref;
    if (documentId) return { documentId };
    if (id !== undefined) return { id: Number(id) };
  }
  return null;
};

const toRefs = (value: unknown): Ref[] =>
  (Array.isArray(value) ? value : value === undefined || value === null ? [] : [value])
    .map(toRef)
    .filter((r): r is Ref => r !== null);

/**
 * How the document service will change a relation, in the shapes it accepts: null, a documentId
 * or id, a list of them, `{ set }`, `{ connect, disconnect }`. Undefined: left as it is.
 */
export const relationChange = (value: unknown): RelationChange | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return { set: [], connect: [], disconnect: [] };
  const isLongHand =
    typeof value === 'object' && !Array.isArray(value) && ('id' in value || 'documentId' in value);
  if (typeof value !== 'object' || Array.isArray(value) || isLongHand) {
    return { set: toRefs(value), connect: [], disconnect: [] };
  }
  const v = value as { set?: unknown; connect?: unknown; disconnect?: unknown };
  if (v.set) return { set: toRefs(v.set), connect: [], disconnect: [] };
  return { connect: toRefs(v.connect), disconnect: toRefs(v.disconnect) };
};

/** The related ids after a change whose refs are resolved to ids: `set` wins over the rest. */
export const idsAfter = (
  before: number[],
  change: { set?: number[]; connect: number[]; disconnect: number[] }
): number[] => {
  if (change.set) return change.set;
  const kept = before.filter((id) => !change.disconnect.includes(id));
  return [...kept, ...change.connect].filter((id, i, all) => all.indexOf(id) === i);
};
