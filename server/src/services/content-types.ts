import type { Core } from '@strapi/strapi';
import { JOURNEY_UID, STAGE_UID, STAGES_FIELD, INTENT_FIELD } from '../utils/constants';
import { joinTableOf, type Knex } from '../utils/db';
import { restrictToReadable, type TypeAccess } from '../utils/read-access';
import type { TagTable } from '../domain/stored';
import { keywordAndSlug } from '../domain/text-fields';

type Schema = {
  uid?: string;
  kind?: string;
  pluginOptions?: Record<string, unknown>;
  options?: { draftAndPublish?: boolean };
  attributes: Record<string, Record<string, unknown>>;
};

/** The opt-in flag, read the way i18n reads `pluginOptions.i18n.localized`. */
export const hasOptedIn = (schema: Pick<Schema, 'pluginOptions'>): boolean =>
  (schema.pluginOptions?.journey as { enabled?: unknown } | undefined)?.enabled === true;

export const isLocalizedSchema = (schema: Pick<Schema, 'pluginOptions'>): boolean =>
  (schema.pluginOptions?.i18n as { localized?: unknown } | undefined)?.localized === true;

export type { TagTable };

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const schemaOf = (uid: string) =>
    strapi.contentType(uid as never) as unknown as Schema | undefined;

  const isJourneyAware = (uid: string): boolean => {
    const stages = schemaOf(uid)?.attributes?.[STAGES_FIELD];
    return stages?.type === 'relation' && stages.target === STAGE_UID;
  };

  let uids: string[] | undefined;
  /**
   * Derived from the loaded schemas, so every instance behind a load balancer agrees. Schemas only
   * change with a restart, so the list is kept: building `strapi.contentTypes` costs about half a
   * millisecond, on every public request.
   */
  const journeyAwareUids = (): string[] => {
    if (uids) return [...uids];
    const found = Object.keys(strapi.contentTypes)
      .filter((uid) => uid !== JOURNEY_UID && uid !== STAGE_UID && isJourneyAware(uid))
      .sort();
    // Only once loading is over: before that, types may still be registered or extended.
    if ((strapi as unknown as { isLoaded?: boolean }).isLoaded) uids = found;
    return [...found];
  };

  const isLocalized = (uid: string): boolean => {
    const schema = schemaOf(uid);
    return !!schema && isLocalizedSchema(schema);
  };

  const hasDraftAndPublish = (uid: string): boolean =>
    schemaOf(uid)?.options?.draftAndPublish === true;

  // Schemas and table metadata are fixed once Strapi has loaded; a batch of events or a page of
  // content asks for them several times per request.
  const tagTables = new Map<string, TagTable>();
  const tagTable = (uid: string): TagTable => {
    const known = tagTables.get(uid);
    if (known) return known;
    const t = Object.freeze(readTagTable(uid));
    if ((strapi as unknown as { isLoaded?: boolean }).isLoaded) tagTables.set(uid, t);
    return t;
  };

  const readTagTable = (uid: string): TagTable => {
    const meta = strapi.db.metadata.get(uid);
    const attributes = meta.attributes as Record<string, Record<string, unknown>>;
    const joinTable = joinTableOf(strapi, uid, STAGES_FIELD);
    const column = (name: string) => (attributes[name]?.columnName as string | undefined) ?? name;
    return {
      uid,
      table: meta.tableName,
      joinTable: joinTable.name,
      entryColumn: joinTable.joinColumn.name,
      stageColumn: joinTable.inverseJoinColumn.name,
      documentId: column('documentId'),
      publishedAt: column('publishedAt'),
      updatedAt: column('updatedAt'),
      locale: column('locale'),
      intent: column(INTENT_FIELD),
      localized: isLocalized(uid),
      draftAndPublish: hasDraftAndPublish(uid),
    };
  };

  const kind = (uid: string): string => schemaOf(uid)?.kind ?? 'collectionType';

  /**
   * The attribute that names an entry: the content manager's main field when it is a text
   * attribute, so lists read as they do there; else a title or name attribute; else none.
   */
  const titleAttribute = async (uid: string): Promise<string | null> => {
    const schema = schemaOf(uid);
    if (!schema) return null;
    const isText = (name?: string) =>
      !!name && ['string', 'text', 'uid', 'email'].includes(String(schema.attributes[name]?.type));
    let mainField: string | undefined;
    try {
      const configuration = (await strapi
        .plugin('content-manager')
        ?.service('content-types')
        .findConfiguration({ uid })) as { settings?: { mainField?: string } } | undefined;
      mainField = configuration?.settings?.mainField;
    } catch {
      // No content manager configuration yet: fall back to the attribute names below.
    }
    return [mainField, 'title', 'name'].find(isText) ?? null;
  };

  /** Title, focus keyword and slug attributes of a type (null where it has none). */
  const textFields = async (uid: string) => ({
    title: await titleAttribute(uid),
    ...keywordAndSlug(schemaOf(uid)?.attributes ?? {}),
  });

  /** The column an attribute is stored in (null for none). */
  const columnOf = (uid: string, name: string | null): string | null => {
    if (!name) return null;
    const attributes = strapi.db.metadata.get(uid).attributes as Record<
      string,
      { columnName?: string }
    >;
    return attributes[name]?.columnName ?? name;
  };

  /**
   * The stage ids of documents as the content manager shows them: the draft row where the type
   * has draft & publish, since that is the version an editor works on. With `access`, only the
   * rows the caller may read in the content manager.
   */
  const tagsOf = async (
    uid: string,
    documentIds: string[],
    locale?: string,
    access?: TypeAccess
  ) => {
    if (!documentIds.length) return [];
    const t = tagTable(uid);
    const query = strapi.db
      .connection(`${t.table} as e`)
      .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
      .whereIn(`e.${t.documentId}`, documentIds)
      .select({ documentId: `e.${t.documentId}`, stageId: `l.${t.stageColumn}` })
      .orderBy(`l.${t.stageColumn}`)
      .modify(restrictToReadable(strapi, access));
    if (t.draftAndPublish) query.whereNull(`e.${t.publishedAt}`);
    if (t.localized && locale) query.where(`e.${t.locale}`, locale);
    const rows = (await query) as Array<{ documentId: string; stageId: number | string }>;
    return rows.map((r) => ({ documentId: r.documentId, stageId: Number(r.stageId) }));
  };

  /**
   * Counts documents (not rows: a draft and its published version are one document) per
   * content type that carry any of the given stages.
   */
  const usage = async (knex: Knex, stageIds: number[]) => {
    if (!stageIds.length) return [];
    const counts = await Promise.all(
      journeyAwareUids().map(async (uid) => {
        const t = tagTable(uid);
        const row = await knex(`${t.table} as e`)
          .join(`${t.joinTable} as l`, `l.${t.entryColumn}`, 'e.id')
          .whereIn(`l.${t.stageColumn}`, stageIds)
          .countDistinct({ count: `e.${t.documentId}` })
          .first();
        return { contentType: uid, documents: Number(row?.count ?? 0) };
      })
    );
    return counts.filter((c) => c.documents > 0);
  };

  /** The order columns of a type's link table, copied with a moved link so it keeps its place. */
  const linkOrderColumns = (uid: string): string[] => {
    const joinTable = joinTableOf(strapi, uid, STAGES_FIELD);
    return [joinTable.orderColumnName, joinTable.inverseOrderColumnName].filter(
      (c): c is string => !!c
    );
  };

  /**
   * Gives every entry linked to `from` a link to `to`, unless it has one: a single
   * INSERT … SELECT that skips existing (entry, stage) pairs, so a link to `to` committed by a
   * concurrent editor meets no unique-constraint error.
   */
  const linkToTarget = (knex: Knex, uid: string, from: number, to: number) => {
    const t = tagTable(uid);
    const order = linkOrderColumns(uid);
    const stageTable = strapi.db.metadata.get(STAGE_UID).tableName;
    const source = knex(`${t.joinTable} as l`)
      // Taking the target id from its row types the column for every database (a bare
      // parameter in a select list is text on PostgreSQL).
      .join(`${stageTable} as s`, (join) => join.onVal('s.id', to))
      .where(`l.${t.stageColumn}`, from)
      // knex drops ON CONFLICT from INSERT … SELECT on SQLite, which runs one writer at a time.
      .whereNotExists(
        knex(`${t.joinTable} as x`)
          .select('x.id')
          .whereRaw('?? = ??', [`x.${t.entryColumn}`, `l.${t.entryColumn}`])
          .where(`x.${t.stageColumn}`, to)
      )
      .select([`l.${t.entryColumn}`, 's.id', ...order.map((c) => `l.${c}`)]);
    return knex
      .into(
        knex.raw(`?? (${[t.entryColumn, t.stageColumn, ...order].map(() => '??').join(', ')})`, [
          t.joinTable,
          t.entryColumn,
          t.stageColumn,
          ...order,
        ])
      )
      .insert(source)
      .onConflict([t.entryColumn, t.stageColumn])
      .ignore();
  };

  /**
   * Re-points every tag from the `from` stages to `to`, on draft and published rows alike so
   * that no entry changes status. An entry that already has `to` keeps it once. The caller holds
   * the `from` stages locked, so no editor links them meanwhile.
   */
  const moveTags = async (knex: Knex, from: number[], to: number) => {
    for (const uid of journeyAwareUids()) {
      const t = tagTable(uid);
      for (const stageId of from.filter((id) => id !== to)) {
        await linkToTarget(knex, uid, stageId, to);
        await knex(t.joinTable).where(t.stageColumn, stageId).delete();
      }
    }
  };

  return {
    isJourneyAware,
    journeyAwareUids,
    isLocalized,
    hasDraftAndPublish,
    tagTable,
    kind,
    titleAttribute,
    textFields,
    columnOf,
    tagsOf,
    usage,
    moveTags,
  };
};
