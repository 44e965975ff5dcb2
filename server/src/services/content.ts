import type { Core } from '@strapi/strapi';
import { contentTypes as contentTypeUtils, errors } from '@strapi/utils';
import {
  CONTENT_PARAMS,
  NEXT_PARAMS,
  ParamError,
  checkKnownParams,
  foreignCursor,
  integerParam,
  intentsParam,
  listParam,
  nextStageCandidates,
  paginationParams,
  sortParam,
  stringParam,
  MAX_PAGE_SIZE,
  type Pagination,
  type SortParam,
} from '../domain/content-params';
import { translatedName, type Intent } from '../domain/intents';
import { dbClient, type Knex, type QueryBuilder } from '../utils/db';
import {
  boundValue,
  cursorValue,
  encodeCursor,
  queryFingerprint,
  type PageCursor,
} from '../domain/cursor';
import { chooseLocale } from '../domain/locale';
import { getService } from '../utils/get-service';
import { PLUGIN_ID } from '../utils/constants';
import { rethrowAsBadRequest } from '../utils/params';
import type { StoredJourney } from '../domain/stored';
import type { TagTable } from '../domain/stored';
import type { ContentResponse, JourneyItem, NextResponse, OmittedTypes } from '../domain/api-types';

type Query = Record<string, unknown>;
type Auth = unknown;
type Doc = Record<string, unknown> & { id: number; documentId: string };
type PageRow = {
  document_id: string;
  entry_id: number;
  type_index: number | string;
  intent: string | null;
  locale: string | null;
  sort_value: unknown;
};

/** Where a page starts: after a cursor (a keyset on the sort), or at an offset. */
interface PageStart {
  offset: number;
  after?: PageCursor;
}

/** Sortable across content types: columns every document row has. */
const COMMON_SORT_FIELDS = ['publishedAt', 'createdAt', 'updatedAt'];

interface Selection {
  journeys: StoredJourney[];
  journey: StoredJourney;
  stageIds: number[];
  stageKeys: string[] | null;
  intents: Intent[] | null;
  uids: string[];
  omitted: OmittedTypes[];
  locale: string | undefined;
  sort: SortParam;
  fields: unknown;
  populate: unknown;
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const contentTypes = () => getService(strapi, 'content-types');
  const schema = (uid: string) =>
    strapi.getModel(uid as never) as unknown as {
      info: { singularName: string };
      attributes: Record<string, { type?: string }>;
    };

  /**
   * Verdicts of the public role's ability, which is kept per settings version
   * (services/public-ability.ts) and never changes while kept: a refused scope is otherwise a
   * thrown and caught error (a stack trace) on every request.
   */
  const publicVerdicts = new WeakMap<object, Map<string, boolean>>();
  const publicAbility = (auth: Auth) => {
    const a = auth as { strategy?: { name?: string }; credentials?: unknown; ability?: unknown };
    return a?.strategy?.name === 'users-permissions' &&
      !a.credentials &&
      a.ability &&
      typeof a.ability === 'object'
      ? a.ability
      : null;
  };

  /** Whether the caller's role or token may `find` the type: the journey route opens nothing more. */
  const mayFind = async (auth: Auth, uid: string) => {
    const ability = publicAbility(auth);
    const known = ability ? publicVerdicts.get(ability)?.get(uid) : undefined;
    if (known !== undefined) return known;
    let allowed: boolean;
    try {
      await strapi.get('auth').verify(auth, { scope: [`${uid}.find`] });
      allowed = true;
    } catch {
      allowed = false;
    }
    if (ability) {
      const verdicts = publicVerdicts.get(ability) ?? new Map<string, boolean>();
      verdicts.set(uid, allowed);
      publicVerdicts.set(ability, verdicts);
    }
    return allowed;
  };

  const chooseJourney = (journeys: StoredJourney[], query: Query) => {
    const key = stringParam(query, 'journey');
    const keys = journeys.map((j) => j.key);
    if (key === undefined) {
      if (journeys.length === 1) return journeys[0];
      throw new ParamError('journey', '', keys);
    }
    const journey = journeys.find((j) => j.key === key);
    if (!journey) throw new ParamError('journey', key, keys);
    return journey;
  };

  /** Each type by its uid and its singular name, as `type=` accepts them. */
  const typeNames = (uids: string[]) =>
    new Map(
      uids.flatMap((uid) => [[uid, uid] as const, [schema(uid).info.singularName, uid] as const])
    );

  /**
   * A 400 for an unknown type lists only the types the caller may read: the names of the others
   * are not theirs to learn. Naming a type that exists but is not readable stays a 403.
   */
  const askedTypes = (query: Query, all: string[], readable: string[]) => {
    const names = typeNames(all);
    try {
      const asked = listParam(query, 'type', [...names.keys()]);
      return asked && [...new Set(asked.map((n) => names.get(n) as string))];
    } catch (error) {
      if (!(error instanceof ParamError)) throw error;
      throw new ParamError('type', error.value, [...typeNames(readable).keys()]);
    }
  };

  /**
   * The types to read, and how many journey-aware types were left out and why: an empty answer
   * then says it is the caller's rights, not missing content. Only a count: the names of types the
   * caller may not read are not theirs to learn (as in the 400s above).
   */
  const chooseTypes = async (query: Query, auth: Auth) => {
    const all = contentTypes().journeyAwareUids();
    const readable: string[] = [];
    for (const uid of all) if (await mayFind(auth, uid)) readable.push(uid);
    const asked = askedTypes(query, all, readable);
    if (!asked) {
      const count = all.length - readable.length;
      const omitted: OmittedTypes[] = count ? [{ reason: 'no find permission', count }] : [];
      return { uids: readable, omitted };
    }
    const refused = asked.find((uid) => !readable.includes(uid));
    if (refused) throw new errors.ForbiddenError(`This role may not read ${refused}`);
    return { uids: asked, omitted: [] };
  };

  /** Scalar fields a caller may select: never private or password fields, nor relations. */
  const selectableFields = (uid: string) => {
    const model = strapi.getModel(uid as never);
    const attributes = schema(uid).attributes;
    return Object.keys(attributes).filter(
      (name) =>
        !['relation', 'component', 'dynamiczone', 'media', 'password'].includes(
          String(attributes[name].type)
        ) && !contentTypeUtils.isPrivateAttribute(model as never, name)
    );
  };

  /** Locales come from the settings cache: read once, not on every request. */
  const localeOf = async (query: Query) => {
    const locale = stringParam(query, 'locale');
    const { locales, defaultLocale } = await getService(strapi, 'settings-cache').get();
    return chooseLocale(locale, locales, defaultLocale);
  };

  /**
   * Field names must be scalar attributes of every selected type. Strapi's own validator lets
   * names such as `__proto__` through to SQL, where they become a 500.
   */
  const checkFieldNames = (fields: unknown, uids: string[]) => {
    if (fields === undefined) return;
    const list =
      typeof fields === 'string'
        ? fields.split(',').map((f) => f.trim())
        : Array.isArray(fields) || (fields && typeof fields === 'object')
          ? Object.values(fields as object)
          : [fields];
    for (const uid of uids) {
      const valid = selectableFields(uid);
      for (const field of list) {
        if (typeof field !== 'string' || !valid.includes(field)) {
          throw new ParamError(
            'fields',
            typeof field === 'string' ? field : JSON.stringify(field),
            valid
          );
        }
      }
    }
  };

  /** Fields and populate in Strapi's own syntax, checked with the caller's rights on each type. */
  const checkFieldsAndPopulate = async (query: Query, uids: string[], auth: Auth) => {
    const passed = { fields: query.fields, populate: query.populate };
    checkFieldNames(query.fields, uids);
    for (const uid of uids) {
      try {
        await strapi.contentAPI.validate.query(passed, strapi.getModel(uid as never), {
          auth,
        } as never);
      } catch (error) {
        const parameter =
          query.populate !== undefined &&
          /populate|relation/i.test(String((error as Error).message))
            ? 'populate'
            : query.fields !== undefined
              ? 'fields'
              : 'populate';
        throw new errors.ValidationError(
          `Invalid ${parameter} for ${uid}: ${(error as Error).message}`,
          { parameter }
        );
      }
    }
  };

  const select = async (
    query: Query,
    auth: Auth,
    known: readonly string[],
    single = false
  ): Promise<Selection> => {
    checkKnownParams(query, known);
    const journeys = await getService(strapi, 'settings-cache').journeys();
    const journey = chooseJourney(journeys, query);
    const stageKeyList = journey.stages.map((s) => s.key);
    let stageKeys: string[] | null = listParam(query, 'stage', stageKeyList) ?? null;
    if (single) {
      const stage = stringParam(query, 'stage');
      if (!stage || !stageKeyList.includes(stage))
        throw new ParamError('stage', stage ?? '', stageKeyList);
      stageKeys = [stage];
    }
    const intents = intentsParam(query) ?? null;
    const { uids, omitted } = await chooseTypes(query, auth);
    const locale = await localeOf(query);
    const sortFields = uids.every((uid) => schema(uid).attributes.title?.type === 'string')
      ? [...COMMON_SORT_FIELDS, 'title']
      : COMMON_SORT_FIELDS;
    const sort = sortParam(query, sortFields);
    await checkFieldsAndPopulate(query, uids, auth);
    const ids = journey.stages
      .filter((s) => !stageKeys || stageKeys.includes(s.key))
      .map((s) => s.id);
    return {
      journeys,
      journey,
      stageIds: ids,
      stageKeys,
      intents,
      uids,
      omitted,
      locale,
      sort,
      fields: query.fields,
      populate: query.populate,
    };
  };

  const column = (uid: string, attribute: string) => {
    const attributes = strapi.db.metadata.get(uid).attributes as Record<
      string,
      { columnName?: string }
    >;
    return attributes[attribute]?.columnName ?? attribute;
  };

  /**
   * The published rows of one type that match, as (document, type, sort key). A document has one
   * published row per locale, so no DISTINCT is needed once the locale is fixed.
   */
  const matchingRows = (
    knex: Knex,
    t: TagTable,
    index: number,
    s: Selection,
    stageIds: number[]
  ) => {
    const link = knex(`${t.joinTable} as l`)
      .select(knex.raw('1'))
      .whereRaw(`l.${t.entryColumn} = e.id`)
      .whereIn(`l.${t.stageColumn}`, stageIds);
    // SQLite 3.53 (better-sqlite3 12) runs this EXISTS as a join; when an entry has links to
    // several of the asked stages and the rows come in index order under LIMIT/OFFSET, pages
    // repeat and skip rows (at 100,000 documents, page walks over two or five stages differed
    // from the full result on almost every row). LIMIT 1 keeps it a per-row lookup, the same
    // index probe, with correct pages. PostgreSQL and MySQL plan EXISTS as a semi-join.
    if (stageIds.length > 1 && strapi.db.dialect.client === 'sqlite') link.limit(1);
    const query = knex(`${t.table} as e`)
      .select({
        document_id: `e.${t.documentId}`,
        entry_id: 'e.id',
        sort_value: `e.${column(t.uid, s.sort.field)}`,
        intent: `e.${t.intent}`,
      })
      .select(t.localized ? { locale: `e.${t.locale}` } : knex.raw('NULL as locale'))
      .select(knex.raw(`${Number(index)} as type_index`))
      .whereNotNull(`e.${t.publishedAt}`)
      .whereExists(link);
    if (t.localized && s.locale) query.where(`e.${t.locale}`, s.locale);
    if (s.intents) query.whereIn(`e.${t.intent}`, s.intents);
    return query;
  };

  const unionOf = (knex: Knex, s: Selection, stageIds: number[]) => {
    const parts = s.uids.map((uid, i) =>
      matchingRows(knex, contentTypes().tagTable(uid), i, s, stageIds)
    );
    const [first, ...rest] = parts;
    // Unwrapped members: SQLite refuses parentheses around the parts of a UNION.
    return (rest.length ? first.unionAll(rest, false) : first) as QueryBuilder;
  };

  /**
   * Published documents (one per locale) that link any of the stages. Read from the per-cell
   * counts (services/cells.ts) when the stages are one stage or the whole journey; an other
   * subset of stages is counted in SQL, where a document linking two of them counts once.
   */
  const count = async (knex: Knex, s: Selection, stageIds: number[]) => {
    if (!s.uids.length || !stageIds.length) return 0;
    const fromCells = await getService(strapi, 'cells').total({
      journeyId: s.journey.id,
      // The ids come from the journey's stages: as many means all of them.
      stageIds: stageIds.length === s.journey.stages.length ? null : stageIds,
      intents: s.intents,
      locale: s.locale ?? null,
      uids: s.uids,
    });
    if (fromCells !== null) return fromCells;
    const row = (await knex
      .from(unionOf(knex, s, stageIds).as('u'))
      .count({ count: '*' })
      .first()) as { count: number | string } | undefined;
    return Number(row?.count ?? 0);
  };

  /**
   * Only `title` among the sort fields may be null. Nulls sort as the smallest value on every
   * database (SQLite's and MySQL's rule, said explicitly to PostgreSQL), so pages and cursors
   * agree everywhere.
   */
  const nullable = (s: Selection) => s.sort.field === 'title';

  /** ORDER BY one column, in the sort's direction, with nulls placed as above. */
  const orderBy = (q: QueryBuilder, columnName: string, s: Selection) => {
    const { order } = s.sort;
    if (nullable(s) && dbClient(strapi) === 'postgres') {
      q.orderByRaw(`?? ${order} nulls ${order === 'asc' ? 'first' : 'last'}`, [columnName]);
    } else q.orderBy(columnName, order);
    return q;
  };

  /**
   * Rows after the cursor, in the order (sort value, type position, document id), every part in
   * the sort's direction. For one type's rows the type position is fixed, so ties on the sort
   * value are all after the cursor, none, or those past its document. Written as ranges on the
   * sort column (no row-value comparison, which MariaDB does not turn into an index range).
   */
  const afterCursor = (
    q: QueryBuilder,
    s: Selection,
    sortColumn: string,
    documentColumn: string,
    position: number,
    c: PageCursor
  ) => {
    const desc = s.sort.order === 'desc';
    const cmp = desc ? '<' : '>';
    const cursorPosition = s.uids.indexOf(c.uid);
    const ties =
      position === cursorPosition
        ? 'document'
        : desc === position < cursorPosition
          ? 'all'
          : 'none';
    const tie = (w: QueryBuilder) => {
      if (ties === 'document') w.where(documentColumn, cmp, c.documentId);
      else if (ties === 'none') w.whereRaw('1 = 0');
    };
    if (c.value === null) {
      // Nulls are the smallest: last in a descending order, first in an ascending one.
      if (desc) q.whereNull(sortColumn).where(tie);
      else
        q.where((w) =>
          w.whereNotNull(sortColumn).orWhere((n) => n.whereNull(sortColumn).where(tie))
        );
      return;
    }
    const v = boundValue(c);
    if (!nullable(s)) {
      // A closed range first: the index is walked from the cursor on.
      q.where(sortColumn, ties === 'none' ? cmp : `${cmp}=`, v as never);
      if (ties === 'document') {
        q.where((w) =>
          w
            .where(sortColumn, cmp, v as never)
            .orWhere((e) => e.where(sortColumn, v as never).where(tie))
        );
      }
      return;
    }
    q.where((w) => {
      w.where(sortColumn, cmp, v as never);
      if (desc) w.orWhereNull(sortColumn);
      if (ties !== 'none') w.orWhere((e) => e.where(sortColumn, v as never).where(tie));
    });
  };

  /**
   * One type's matching rows in page order, at most `limit`: each type's part is walked in its
   * index order and stops early, so no database sorts a whole cell.
   */
  const orderedRows = (
    knex: Knex,
    s: Selection,
    stageIds: number[],
    position: number,
    start: PageStart,
    limit: number
  ) => {
    const t = contentTypes().tagTable(s.uids[position]);
    const sortColumn = `e.${column(t.uid, s.sort.field)}`;
    const documentColumn = `e.${t.documentId}`;
    const q = matchingRows(knex, t, position, s, stageIds) as QueryBuilder;
    if (start.after) afterCursor(q, s, sortColumn, documentColumn, position, start.after);
    orderBy(q, sortColumn, s);
    q.orderBy(documentColumn, s.sort.order);
    return q.limit(limit);
  };

  /**
   * One page across all selected types, ordered the same way on every database: by the sort,
   * then type position, then document id, all in the sort's direction (so a descending index
   * serves it). Several types: each type's first offset + limit rows, merged; the merge sorts at
   * most that many rows per type.
   */
  const pageRows = async (
    knex: Knex,
    s: Selection,
    stageIds: number[],
    start: PageStart,
    limit: number
  ): Promise<PageRow[]> => {
    if (!s.uids.length || !stageIds.length) return [];
    if (s.uids.length === 1) {
      return (await orderedRows(knex, s, stageIds, 0, start, limit).offset(
        start.offset
      )) as PageRow[];
    }
    const parts = s.uids.map((_, i) =>
      knex
        .select('*')
        .from(orderedRows(knex, s, stageIds, i, start, start.offset + limit).as(`m${i}`))
    );
    const [first, ...rest] = parts;
    // Unwrapped members: SQLite refuses parentheses around the parts of a UNION.
    const merged = knex
      .from((first.unionAll(rest, false) as QueryBuilder).as('u'))
      .select(
        'document_id',
        'entry_id',
        'type_index',
        'intent',
        'locale',
        'sort_value'
      ) as QueryBuilder;
    orderBy(merged, 'sort_value', s);
    merged.orderBy('type_index', s.sort.order).orderBy('document_id', s.sort.order);
    return (await merged.limit(limit).offset(start.offset)) as PageRow[];
  };

  /** What a cursor of this query is bound to: the same filters and sort, the same types. */
  const fingerprintOf = (s: Selection) =>
    queryFingerprint([
      s.journey.key,
      [...s.stageIds].sort((a, b) => a - b),
      s.intents,
      s.locale ?? null,
      s.uids,
      s.sort.field,
      s.sort.order,
    ]);

  /** The cursor after the page's last row, when a next page exists. */
  const nextCursorOf = (
    s: Selection,
    fingerprint: string,
    rows: PageRow[],
    limit: number,
    before: number,
    total: number
  ) => {
    const last = rows[rows.length - 1];
    if (!last || rows.length < limit || before >= total) return null;
    return encodeCursor({
      ...cursorValue(last.sort_value),
      uid: s.uids[Number(last.type_index)],
      documentId: last.document_id,
      before,
      query: fingerprint,
    });
  };

  /** Stages of the page's entries, one query per type, named in the requested locale. */
  const stagesOf = async (
    knex: Knex,
    uid: string,
    entryIds: number[],
    journeys: StoredJourney[],
    locale?: string
  ) => {
    const t = contentTypes().tagTable(uid);
    const byId = new Map(
      journeys.flatMap((j) =>
        j.stages.map((stage) => [
          stage.id,
          { journey: j.key, key: stage.key, name: translatedName(stage.name, stage.names, locale) },
        ])
      )
    );
    const links = (await knex(t.joinTable)
      .whereIn(t.entryColumn, entryIds)
      .select({ entry: t.entryColumn, stage: t.stageColumn })) as Array<{
      entry: number;
      stage: number;
    }>;
    const result = new Map<number, Array<{ journey: string; key: string; name: string }>>();
    for (const link of links) {
      const stage = byId.get(Number(link.stage));
      if (!stage) continue;
      const list = result.get(Number(link.entry)) ?? [];
      list.push(stage);
      result.set(Number(link.entry), list);
    }
    return result;
  };

  /**
   * Items carry their stages only for callers who may `find` stages, the right Strapi's own
   * routes ask before they populate `journeyStages`; the query may still select by stage, as the
   * caller named it.
   */
  const mayReadStages = (auth: Auth) => mayFind(auth, 'plugin::journey.stage');

  /**
   * What Strapi's output sanitizer leaves of a row read without `populate`, worked out once per
   * type and field list: `id`, `documentId` and the asked (or every) selectable attribute, which
   * are the scalar ones less passwords and private attributes (the attribute's flag and
   * `api.responses.privateAttributes`; see `selectableFields`). Relations, the only part that
   * depends on the caller, are not in such a row. The keys are also the projection read: a field
   * the caller may not read is never selected.
   */
  const keptKeys = new Map<string, string[]>();
  const projectionOf = (uid: string, fields: unknown) => {
    const key = `${uid}\u0000${JSON.stringify(fields ?? null)}`;
    const known = keptKeys.get(key);
    if (known) return known;
    const selectable = selectableFields(uid);
    const asked =
      fields === undefined
        ? selectable
        : (typeof fields === 'string' ? fields.split(',') : Object.values(fields as object))
            .map((f) => String(f).trim())
            .filter((name) => selectable.includes(name));
    const kept = [...new Set(['id', 'documentId', ...asked])];
    keptKeys.set(key, kept);
    return kept;
  };

  /** The projection read applies when the answer is a row of scalars (nothing to populate). */
  const projects = (s: Selection) =>
    s.populate === undefined &&
    (strapi.config.get(`plugin::${PLUGIN_ID}.projectionReads`) as boolean | undefined) !== false;

  type OutputSanitizer = (schema: unknown) => (entity: Doc) => Doc | Promise<Doc>;
  /**
   * Output sanitizers registered by plugins and the app (`content-api.output`; users-permissions
   * registers one): their effect on a row cannot be known ahead, so each runs on each item, as
   * Strapi's `sanitize.output` runs them, after its own rules.
   */
  const registeredSanitizers = () =>
    (strapi.sanitizers.get('content-api.output') as unknown as OutputSanitizer[] | undefined) ?? [];

  /**
   * The page's published rows of one type, as the caller may see them. With a projection: one
   * SELECT by the row ids the page query found (they are the published rows in the locale), no
   * transaction. Otherwise Strapi's path: the document service and its output sanitizer.
   */
  const readDocuments = async (uid: string, rows: PageRow[], s: Selection, auth: Auth) => {
    if (projects(s)) {
      const select = projectionOf(uid, s.fields);
      const docs = (await strapi.db.query(uid as never).findMany({
        select,
        where: { id: { $in: rows.map((r) => Number(r.entry_id)) } },
      } as never)) as unknown as Doc[];
      const sanitizers = registeredSanitizers();
      if (!sanitizers.length) return docs;
      const model = strapi.getModel(uid as never);
      const bound = sanitizers.map((sanitizer) => sanitizer(model));
      const clean: Doc[] = [];
      for (let doc of docs) {
        for (const sanitize of bound) doc = await sanitize(doc);
        clean.push(doc);
      }
      return clean;
    }
    const localized = contentTypes().isLocalized(uid);
    const sanitizedQuery = (await strapi.contentAPI.sanitize.query(
      { fields: s.fields, populate: s.populate },
      strapi.getModel(uid as never),
      { auth } as never
    )) as Record<string, unknown>;
    const docs = (await strapi.documents(uid as never).findMany({
      ...sanitizedQuery,
      filters: { documentId: { $in: rows.map((r) => r.document_id) } },
      status: 'published',
      ...(localized && s.locale ? { locale: s.locale } : {}),
    } as never)) as unknown as Doc[];
    const clean: Doc[] = [];
    for (const doc of docs) {
      clean.push(
        (await strapi.contentAPI.sanitize.output(doc, strapi.getModel(uid as never), {
          auth,
        } as never)) as Doc
      );
    }
    return clean;
  };

  const documentsFor = async (rows: PageRow[], s: Selection, auth: Auth) => {
    const knex = strapi.db.connection;
    const withStages = await mayReadStages(auth);
    const items = new Map<string, JourneyItem>();
    const byType = new Map<number, PageRow[]>();
    for (const row of rows) {
      const index = Number(row.type_index);
      byType.set(index, [...(byType.get(index) ?? []), row]);
    }
    // Intent and locale came with the page's rows: no query per item or per type for them.
    const tagById = new Map(rows.map((r) => [Number(r.entry_id), r]));
    for (const [index, typeRows] of byType) {
      const uid = s.uids[index];
      const docs = await readDocuments(uid, typeRows, s, auth);
      const stages = withStages
        ? await stagesOf(
            knex,
            uid,
            docs.map((d) => d.id),
            s.journeys,
            s.locale
          )
        : null;
      for (const doc of docs) {
        const tag = tagById.get(Number(doc.id));
        items.set(`${index}:${doc.documentId}`, {
          ...doc,
          documentId: doc.documentId,
          contentType: uid,
          locale: tag?.locale ?? null,
          ...(stages ? { journeyStages: stages.get(Number(doc.id)) ?? [] } : {}),
          searchIntent: (tag?.intent ?? null) as Intent | null,
        });
      }
    }
    return rows
      .map((row) => items.get(`${Number(row.type_index)}:${row.document_id}`))
      .filter((item): item is JourneyItem => item !== undefined);
  };

  const paginationMeta = (p: Pagination, total: number, nextCursor: string | null) =>
    p.style === 'offset'
      ? { start: p.offset, limit: p.limit, total, nextCursor }
      : {
          page: p.page,
          pageSize: p.limit,
          pageCount: Math.ceil(total / p.limit),
          total,
          nextCursor,
        };

  /**
   * With `q`, the search query picks the intent and the stage it points to, unless the caller named
   * them. When nothing has that intent, the stage alone is served: a visitor still gets content
   * for where they are, and `meta.classification.fallback` says so.
   */
  const applyClassification = async (query: Query, s: Selection) => {
    const intentService = getService(strapi, 'intent');
    const q = intentService.queryParam(query, false);
    if (q === undefined) return null;
    // The content locale defaults to the default locale; the query's language is detected instead.
    const classification = intentService.classify(q, s.journey, stringParam(query, 'locale'));
    const fromQuery = { intent: false, stage: false };
    if (classification.intent && query.intent === undefined) {
      s.intents = [classification.intent];
      fromQuery.intent = true;
    }
    if (classification.stage && query.stage === undefined) {
      s.stageKeys = [classification.stage];
      s.stageIds = s.journey.stages
        .filter((st) => st.key === classification.stage)
        .map((st) => st.id);
      fromQuery.stage = true;
    }
    let fallback = false;
    if (fromQuery.intent && (await count(strapi.db.connection, s, s.stageIds)) === 0) {
      s.intents = null;
      fallback = true;
    }
    return { query: q, ...classification, fromQuery, fallback };
  };

  const find = async (query: Query, auth: Auth): Promise<ContentResponse> => {
    try {
      const s = await select(query, auth, CONTENT_PARAMS);
      const pagination = paginationParams(query);
      const classification = await applyClassification(query, s);
      const knex = strapi.db.connection;
      const after = pagination.cursor?.at;
      const fingerprint = fingerprintOf(s);
      if (pagination.cursor && (after?.query !== fingerprint || !s.uids.includes(after.uid))) {
        throw foreignCursor(pagination.cursor.raw);
      }
      const [total, rows] = await Promise.all([
        count(knex, s, s.stageIds),
        pageRows(knex, s, s.stageIds, { offset: pagination.offset, after }, pagination.limit),
      ]);
      const before = (after?.before ?? pagination.offset) + rows.length;
      return {
        data: await documentsFor(rows, s, auth),
        meta: {
          pagination: paginationMeta(
            pagination,
            total,
            nextCursorOf(s, fingerprint, rows, pagination.limit, before, total)
          ),
          journey: s.journey.key,
          stage: s.stageKeys,
          intent: s.intents,
          locale: s.locale ?? null,
          contentTypes: s.uids,
          omitted: s.omitted,
          ...(classification ? { classification } : {}),
        },
      };
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  };

  const next = async (query: Query, auth: Auth): Promise<NextResponse> => {
    try {
      const s = await select(query, auth, NEXT_PARAMS, true);
      const limit = integerParam(query, 'limit', { min: 1, max: MAX_PAGE_SIZE }) ?? 3;
      const knex = strapi.db.connection;
      const current = (s.stageKeys as string[])[0];
      const declared = s.journey.stages.find((st) => st.key === current)?.nextStages;
      const candidates = nextStageCandidates(
        s.journey.stages.map((st) => st.key),
        current,
        Array.isArray(declared) ? declared : []
      );
      let served = candidates[candidates.length - 1];
      let total = 0;
      for (const candidate of candidates) {
        const stageIds = s.journey.stages
          .filter((st) => st.key === candidate.key)
          .map((st) => st.id);
        total = await count(knex, s, stageIds);
        if (total > 0) {
          served = candidate;
          break;
        }
      }
      const stageIds = s.journey.stages.filter((st) => st.key === served.key).map((st) => st.id);
      const rows = total ? await pageRows(knex, s, stageIds, { offset: 0 }, limit) : [];
      return {
        data: await documentsFor(rows, s, auth),
        meta: {
          journey: s.journey.key,
          stage: current,
          intent: s.intents,
          locale: s.locale ?? null,
          servedStage: {
            key: served.key,
            reason: total ? served.reason : 'none',
          },
          total,
          contentTypes: s.uids,
          omitted: s.omitted,
        },
      };
    } catch (error) {
      return rethrowAsBadRequest(error);
    }
  };

  return { find, next };
};
