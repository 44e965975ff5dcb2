import type { Core } from '@strapi/strapi';
import {
  matchPattern,
  normalizePath,
  type CompiledPattern,
  type PageRow,
} from '../../domain/analytics/imports';
import type { StoredJourney } from '../../domain/stored';
import { getService } from '../../utils/get-service';

export interface MatchedDocument {
  contentType: string;
  documentId: string;
  /** null for a type that is not localized. */
  locale: string | null;
  title: string;
  intent: string;
  /** The document's published stages, one per journey it has a stage in. */
  stages: Array<{ journeyDocumentId: string; stageDocumentId: string }>;
}

interface Candidate {
  uid: string;
  value: string;
  locale: string | null;
}

/** Values per IN list: well under every database's bound-parameter limit. */
const CHUNK = 500;

/**
 * Which published document each row's page is: its path through the types' patterns, then one
 * query per type and chunk of values for the published rows, and one for their stages.
 */
export const documentMatcher = (strapi: Core.Strapi) => {
  const contentTypes = () => getService(strapi, 'content-types');

  const defaultLocale = async (): Promise<string | null> => {
    try {
      return (
        ((await strapi.plugin('i18n')?.service('locales').getDefaultLocale()) as string) ?? null
      );
    } catch {
      return null;
    }
  };

  /** Published rows of `uid` whose `field` is one of `values`, with their tags. */
  const publishedRows = async (uid: string, field: string, values: string[]) => {
    const ct = contentTypes();
    const t = ct.tagTable(uid);
    const fieldColumn = field === 'documentId' ? t.documentId : (ct.columnOf(uid, field) ?? field);
    const titleColumn = ct.columnOf(uid, await ct.titleAttribute(uid));
    const attribute = (
      strapi.contentType(uid as never) as unknown as {
        attributes: Record<string, { type?: string }>;
      }
    ).attributes[field];
    // A URL part that is no number cannot be an integer field's value (PostgreSQL would refuse it).
    const usable = ['integer', 'biginteger'].includes(String(attribute?.type))
      ? values.filter((v) => /^\d{1,15}$/.test(v))
      : values;
    const knex = strapi.db.connection;
    const rows: Array<{
      id: number;
      documentId: string;
      locale: string | null;
      value: string;
      title: string | null;
      intent: string | null;
    }> = [];
    for (let i = 0; i < usable.length; i += CHUNK) {
      const query = knex(`${t.table} as e`)
        .select({
          id: 'e.id',
          documentId: `e.${t.documentId}`,
          value: `e.${fieldColumn}`,
          intent: `e.${t.intent}`,
          ...(titleColumn ? { title: `e.${titleColumn}` } : {}),
          ...(t.localized ? { locale: `e.${t.locale}` } : {}),
        })
        .whereIn(`e.${fieldColumn}`, usable.slice(i, i + CHUNK));
      if (t.draftAndPublish) query.whereNotNull(`e.${t.publishedAt}`);
      rows.push(...((await query) as typeof rows));
    }
    const stageIds = new Map<number, number[]>();
    const ids = rows.map((r) => Number(r.id));
    for (let i = 0; i < ids.length; i += CHUNK) {
      const links = (await knex(t.joinTable)
        .select({ entry: t.entryColumn, stage: t.stageColumn })
        .whereIn(t.entryColumn, ids.slice(i, i + CHUNK))) as Array<{
        entry: number | string;
        stage: number | string;
      }>;
      for (const link of links) {
        const list = stageIds.get(Number(link.entry)) ?? [];
        list.push(Number(link.stage));
        stageIds.set(Number(link.entry), list);
      }
    }
    return { rows, stageIds, localized: t.localized };
  };

  /** Per row (by index), the document its page is, or null. */
  const match = async (
    rows: PageRow[],
    patterns: Array<{ uid: string; compiled: CompiledPattern }>,
    journeys: StoredJourney[]
  ): Promise<Array<MatchedDocument | null>> => {
    const stageById = new Map<number, { journeyDocumentId: string; stageDocumentId: string }>();
    for (const journey of journeys) {
      for (const stage of journey.stages) {
        stageById.set(stage.id, {
          journeyDocumentId: journey.documentId,
          stageDocumentId: stage.documentId,
        });
      }
    }
    const fallbackLocale = await defaultLocale();
    const candidates = rows.map((row) => {
      const path = normalizePath(row.url);
      const found: Candidate[] = [];
      for (const { uid, compiled } of patterns) {
        const m = matchPattern(compiled, path);
        if (m) found.push({ uid, value: m.value, locale: m.locale });
      }
      return found;
    });
    // documents[uid][value \n locale] = the document
    const documents = new Map<string, Map<string, MatchedDocument>>();
    for (const { uid, compiled } of patterns) {
      const values = [
        ...new Set(
          candidates.flatMap((list) => list.filter((c) => c.uid === uid).map((c) => c.value))
        ),
      ];
      const byKey = new Map<string, MatchedDocument>();
      documents.set(uid, byKey);
      if (!values.length) continue;
      const { rows: found, stageIds, localized } = await publishedRows(uid, compiled.field, values);
      for (const r of found) {
        const locale = localized ? (r.locale ?? null) : null;
        const stages = (stageIds.get(Number(r.id)) ?? [])
          .map((id) => stageById.get(id))
          .filter((s): s is NonNullable<typeof s> => !!s);
        byKey.set(`${String(r.value)}\n${localized ? String(locale).toLowerCase() : ''}`, {
          contentType: uid,
          documentId: r.documentId,
          locale,
          title: r.title ? String(r.title) : r.documentId,
          intent: r.intent ?? '',
          stages,
        });
      }
    }
    return candidates.map((list) => {
      for (const c of list) {
        const localized = contentTypes().isLocalized(c.uid);
        const locale = localized ? (c.locale ?? fallbackLocale ?? '').toLowerCase() : '';
        const doc = documents.get(c.uid)?.get(`${c.value}\n${locale}`);
        if (doc) return doc;
      }
      return null;
    });
  };

  return { match };
};
