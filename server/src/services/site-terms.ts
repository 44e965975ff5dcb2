import type { Core } from '@strapi/strapi';
import { INTENTS, LANGUAGES, isIntent, type Intent, type Language } from '../domain/intents';
import { ParamError } from '../domain/content-params';
import { proposeSiteTerms } from '../domain/site-terms';
import type { IntentChoice } from '../domain/stored';
import { languageOfLocale } from '../intent/classifier';
import { INTENT_CHOICE_UID, INTENT_FIELD, SITE_TERM_UID } from '../utils/constants';
import { rowDefaults } from '../utils/rows';
import { withKnex, type Knex } from '../utils/db';
import { getService } from '../utils/get-service';
import { rethrowAsBadRequest } from '../utils/params';

export { INTENT_CHOICE_UID, SITE_TERM_UID, rowDefaults };

export interface SiteTerm {
  term: string;
  language: Language;
  intent: Intent;
}

export type { IntentChoice };

export const MAX_TERM_LENGTH = 100;
export const MAX_IMPORT = 5_000;
/** Proposals are read from the latest choices only: old habits fade, and the read stays bounded. */
const PROPOSAL_WINDOW = 10_000;
/** Choices older than the proposals' window serve nothing: the table keeps a bounded margin. */
const CHOICES_KEPT = 2 * PROPOSAL_WINDOW;

/** Lower case and NFC, as the classifier's tokenizer reads words. */
export const normaliseTerm = (term: string) =>
  term.normalize('NFC').toLowerCase().replace(/\s+/g, ' ').trim();

const tableOf = (strapi: Core.Strapi, uid: string) => strapi.db.metadata.get(uid).tableName;

/** A checked site term from a request body; each problem is a 400 naming the field. */
export const siteTermInput = (body: unknown): SiteTerm => {
  const input = (body ?? {}) as Record<string, unknown>;
  const term = typeof input.term === 'string' ? normaliseTerm(input.term) : '';
  if (!term || term.length > MAX_TERM_LENGTH) {
    throw new ParamError(
      'term',
      String(input.term ?? ''),
      `a word or phrase of 1 to ${MAX_TERM_LENGTH} characters`
    );
  }
  if (!(LANGUAGES as readonly string[]).includes(String(input.language))) {
    throw new ParamError('language', String(input.language ?? ''), LANGUAGES);
  }
  if (!isIntent(input.intent)) throw new ParamError('intent', String(input.intent ?? ''), INTENTS);
  return { term, language: input.language as Language, intent: input.intent };
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const termsTable = () => tableOf(strapi, SITE_TERM_UID);
  const choicesTable = () => tableOf(strapi, INTENT_CHOICE_UID);

  /** Changes whenever a term is added, changed or removed, on any instance. */
  const version = async () =>
    withKnex(strapi, async (knex) => {
      const row = (await knex(termsTable())
        .count({ count: '*' })
        .max({ maxId: 'id' })
        .max({ maxUpdated: 'updated_at' })
        .first()) as { count: unknown; maxId: unknown; maxUpdated: unknown } | undefined;
      const updated = row?.maxUpdated ? new Date(row.maxUpdated as string).getTime() : 0;
      return `${Number(row?.count ?? 0)}:${Number(row?.maxId ?? 0)}:${updated}`;
    });

  const list = async () =>
    (await withKnex(strapi, (knex) =>
      knex(termsTable())
        .select('id', 'term', 'language', 'intent', 'updated_at as updatedAt')
        .orderBy([{ column: 'language' }, { column: 'term' }])
    )) as Array<SiteTerm & { id: number; updatedAt: unknown }>;

  const terms = async (): Promise<SiteTerm[]> =>
    (await list()).map(({ term, language, intent }) => ({ term, language, intent }));

  /**
   * The classifier here reads the new terms at once; the settings version (part of every public
   * ETag, polled by every instance) moves, which empties the response caches and sends the purge.
   */
  const changed = async () => {
    await getService(strapi, 'intent').refresh(true);
    await getService(strapi, 'settings-cache').bump();
  };

  /** Adds a term, or changes the intent of the same term in the same language. */
  const upsert = async (knex: Knex, items: SiteTerm[]) => {
    for (const item of items) {
      const { document_id, created_at, updated_at, published_at } = rowDefaults(
        strapi,
        SITE_TERM_UID
      );
      await knex(termsTable())
        .insert({ ...item, document_id, created_at, updated_at, published_at })
        .onConflict(['term', 'language'])
        .merge(['intent', 'updated_at']);
    }
  };

  const create = async (body: unknown) => {
    const input = siteTermInput(body);
    await withKnex(strapi, (knex) => upsert(knex, [input]));
    await changed();
    const stored = (await list()).find(
      (t) => t.term === input.term && t.language === input.language
    );
    return stored ?? input;
  };

  const remove = async (id: number) => {
    const deleted = await withKnex(strapi, (knex) => knex(termsTable()).where('id', id).delete());
    if (deleted) await changed();
    return deleted > 0;
  };

  /** The `siteTerms` of an import file, checked; each problem names its place in the file. */
  const importInput = (value: unknown): SiteTerm[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.length > MAX_IMPORT) {
      return rethrowAsBadRequest(
        new ParamError(
          'siteTerms',
          JSON.stringify(value).slice(0, 100),
          `an array of at most ${MAX_IMPORT} { term, language, intent }`
        )
      );
    }
    return value.map((item, i) => {
      try {
        return siteTermInput(item);
      } catch (error) {
        // The journeys' import answers Strapi's 400s, not the pure code's ParamError.
        return rethrowAsBadRequest(
          error instanceof ParamError
            ? new ParamError(`siteTerms[${i}].${error.parameter}`, error.value, error.valid)
            : error
        );
      }
    });
  };

  /**
   * Terms from a file are added or change their intent; terms the file does not name are kept,
   * as the journeys' import keeps stages.
   */
  const importTerms = async (items: SiteTerm[], { dryRun }: { dryRun: boolean }) =>
    withKnex(strapi, async (knex) => {
      const before = (await knex(termsTable()).select('term', 'language', 'intent')) as SiteTerm[];
      const plan = items.map((item) => {
        const found = before.find((t) => t.term === item.term && t.language === item.language);
        const action = !found ? 'create' : found.intent === item.intent ? 'unchanged' : 'update';
        return { item, action };
      });
      if (!dryRun) {
        await upsert(
          knex,
          plan.filter((p) => p.action !== 'unchanged').map((p) => p.item)
        );
      }
      return {
        create: plan.filter((p) => p.action === 'create').length,
        update: plan.filter((p) => p.action === 'update').length,
        unchanged: plan.filter((p) => p.action === 'unchanged').length,
      };
    });

  const recordChoices = async (choices: IntentChoice[]) => {
    const rows = choices
      .filter((c) => c.text && c.text.trim())
      .map((c) => {
        const { document_id, created_at, updated_at, published_at } = rowDefaults(
          strapi,
          INTENT_CHOICE_UID
        );
        return {
          document_id,
          created_at,
          updated_at,
          published_at,
          text: c.text.slice(0, 500),
          language: c.language,
          suggested: c.suggested,
          chosen: c.chosen,
          kind: c.kind,
          entry_type: c.entryType ?? null,
          entry_document_id: c.entryDocumentId ?? null,
          entry_locale: c.entryLocale ?? null,
          user_id: c.userId ?? null,
        };
      });
    if (!rows.length) return 0;
    await withKnex(strapi, async (knex) => {
      for (let i = 0; i < rows.length; i += 200)
        await knex(choicesTable()).insert(rows.slice(i, i + 200));
      const newest = (await knex(choicesTable()).max({ id: 'id' }).first()) as
        { id: number | string | null } | undefined;
      const cutoff = Number(newest?.id ?? 0) - CHOICES_KEPT;
      if (cutoff > 0) await knex(choicesTable()).where('id', '<=', cutoff).delete();
    });
    return rows.length;
  };

  /** "'provkörning' → transactional, chosen 14 times": terms the site's choices agree on. */
  const proposals = async () => {
    const rows = (await withKnex(strapi, (knex) =>
      knex(choicesTable())
        .select('text', 'language', 'chosen')
        .orderBy('id', 'desc')
        .limit(PROPOSAL_WINDOW)
    )) as Array<{ text: string; language: Language; chosen: Intent }>;
    const classifier = await getService(strapi, 'intent').current();
    const known = new Set((await terms()).map((t) => `${t.language}:${t.term}`));
    const found = proposeSiteTerms(
      rows.map((r) => ({ text: r.text, language: r.language, intent: r.chosen })),
      (text, options) => classifier.classify(text, options)
    );
    // A term already accepted is no longer a proposal, even before the classifier explains it.
    return found.filter((p) => !known.has(`${p.language}:${p.term}`));
  };

  /**
   * The edit view's choice: a journey-aware entry saved with a different search intent than it
   * had. Recorded after the save, from what the document service wrote, so a refused save records
   * nothing; never fails the editor's save.
   */
  const registerPanelChoices = () => {
    const contentTypes = () => getService(strapi, 'content-types');
    const middleware = async (
      context: {
        uid: string;
        action: string;
        params: { documentId?: string; locale?: string; data?: Record<string, unknown> };
      },
      next: () => Promise<unknown>
    ) => {
      if (
        context.action !== 'update' ||
        !context.params?.data ||
        !(INTENT_FIELD in context.params.data) ||
        !contentTypes().isJourneyAware(context.uid)
      ) {
        return next();
      }
      const chosen = context.params.data[INTENT_FIELD];
      const { documentId, locale } = context.params;
      let before: unknown;
      try {
        const current = (await strapi.db.query(context.uid as never).findOne({
          select: [INTENT_FIELD],
          where: {
            documentId,
            ...(contentTypes().isLocalized(context.uid) && locale ? { locale } : {}),
            ...(contentTypes().hasDraftAndPublish(context.uid) ? { publishedAt: null } : {}),
          },
        })) as Record<string, unknown> | null;
        before = current?.[INTENT_FIELD];
      } catch {
        before = undefined;
      }
      const result = (await next()) as Record<string, unknown> | null;
      if (!isIntent(chosen) || chosen === before || !result) return result;
      try {
        const titleField = await contentTypes().titleAttribute(context.uid);
        const title = titleField ? result[titleField] : null;
        if (typeof title === 'string' && title.trim()) {
          const resultLocale = (result.locale as string | undefined) ?? locale;
          const language = languageOfLocale(resultLocale) ?? 'en';
          // What the classifier would have said, so the record tells a correction from a confirmation.
          const classifier = await getService(strapi, 'intent').current();
          await recordChoices([
            {
              text: title,
              language,
              suggested: classifier.classify(title, { locale: language }).intent,
              chosen,
              kind: 'panel',
              entryType: context.uid,
              entryDocumentId: documentId,
              entryLocale: resultLocale ?? '',
            },
          ]);
        }
      } catch (error) {
        strapi.log.warn(`[journey] the edit view's intent choice was not recorded: ${error}`);
      }
      return result;
    };
    type Middleware = Parameters<typeof strapi.documents.use>[0];
    strapi.documents.use(middleware as unknown as Middleware);
  };

  return {
    version,
    list,
    terms,
    create,
    remove,
    importInput,
    importTerms,
    changed,
    recordChoices,
    proposals,
    registerPanelChoices,
  };
};
