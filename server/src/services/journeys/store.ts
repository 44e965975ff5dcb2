import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import isEqual from 'lodash/isEqual';
import { configuredJourneys, importProblems, type JourneyPluginConfig } from '../../domain/config';
import type { JourneyDefinition, StageDefinition } from '../../domain/journeys';
import type { StoredJourney } from '../../domain/stored';
import { planImport, summariseImport, type ImportChange } from '../../domain/journey-import';
import { JOURNEY_UID, PLUGIN_ID, STAGE_UID } from '../../utils/constants';
import { ConflictError, joinTableOf, lockJourneys, withKnex } from '../../utils/db';
import { getService } from '../../utils/get-service';
import { STAGE_FIELDS, JOURNEY_FIELDS, pick, chunks, WriteOptions } from './shared';

/** Journeys as stored: reading them, creating them in bulk, seeding, export and import. */
export const journeyStore = (strapi: Core.Strapi) => {
  const journeys = () => strapi.documents(JOURNEY_UID as never);
  const stages = () => strapi.documents(STAGE_UID as never);
  const contentTypes = () => getService(strapi, 'content-types');

  const list = async (): Promise<StoredJourney[]> => {
    const found = (await journeys().findMany({
      sort: ['position:asc', 'key:asc'],
      populate: { stages: { sort: ['position:asc', 'id:asc'] } },
    } as never)) as unknown as StoredJourney[];
    return found.map((j) => ({ ...j, stages: j.stages ?? [] }));
  };

  const findByKey = async (key: string): Promise<StoredJourney | null> =>
    (await list()).find((j) => j.key === key) ?? null;

  const toDefinition = (journey: StoredJourney): JourneyDefinition =>
    ({
      ...pick(journey, JOURNEY_FIELDS),
      stages: journey.stages.map((s) => pick(s, STAGE_FIELDS)),
    }) as unknown as JourneyDefinition;

  const createStage = (journey: { documentId: string }, stage: StageDefinition, position: number) =>
    stages().create({
      data: { ...pick(stage, STAGE_FIELDS), position, journey: journey.documentId },
    } as never);

  /**
   * Inserts rows through the query layer in a few statements: the document service takes a
   * transaction per document (2,000 stages blocked SQLite for 13 s). The query layer returns
   * every id on no database but PostgreSQL, so rows get their documentIds here (the model's
   * own generator) and their ids are read back by documentId. It skips the document
   * service's validation: callers validate first.
   */
  const insertRows = async (uid: string, rows: Array<Record<string, unknown>>) => {
    if (!rows.length) return [];
    const { attributes } = strapi.db.metadata.get(uid);
    const newDocumentId = (attributes.documentId as unknown as { default: () => string }).default;
    // A type without draft & publish stores its documents as published (document service).
    const publishedAt = new Date();
    const withIds = rows.map((row) => ({ ...row, documentId: newDocumentId(), publishedAt }));
    await strapi.db.query(uid as never).createMany({ data: withIds });
    const ids: number[] = [];
    for (const chunk of chunks(withIds, 500)) {
      const found = (await strapi.db.query(uid as never).findMany({
        select: ['id', 'documentId'],
        where: { documentId: { $in: chunk.map((r) => r.documentId) } },
      })) as Array<{ id: number; documentId: string }>;
      const byDocumentId = new Map(found.map((f) => [f.documentId, f.id]));
      ids.push(...chunk.map((r) => byDocumentId.get(r.documentId) as number));
    }
    return ids;
  };

  /** Links stages to their journey through the relation's join table, as the document service would. */
  const linkToJourneys = async (links: Array<{ stageId: number; journeyId: number }>) => {
    const joinTable = joinTableOf(strapi, STAGE_UID, 'journey');
    const rows = links.map(({ stageId, journeyId }, index) => ({
      [joinTable.joinColumn.name]: stageId,
      [joinTable.inverseJoinColumn.name]: journeyId,
      ...(joinTable.orderColumnName ? { [joinTable.orderColumnName]: 1 } : {}),
      // Stages are read in `position` order; this only keeps the link order close to it.
      ...(joinTable.inverseOrderColumnName
        ? { [joinTable.inverseOrderColumnName]: index + 1 }
        : {}),
    }));
    await withKnex(strapi, async (knex) => {
      for (const chunk of chunks(rows, 200)) await knex(joinTable.name).insert(chunk);
    });
  };

  type NewStage = { journeyId: number; stage: StageDefinition; position: number };

  const insertStages = async (entries: NewStage[]) => {
    const ids = await insertRows(
      STAGE_UID,
      entries.map(({ stage, position }) => ({ ...pick(stage, STAGE_FIELDS), position }))
    );
    await linkToJourneys(entries.map((e, i) => ({ stageId: ids[i], journeyId: e.journeyId })));
  };

  /** New journeys and all their stages, positioned from `firstPosition` in the given order. */
  const insertJourneys = async (definitions: JourneyDefinition[], firstPosition: number) => {
    const ids = await insertRows(
      JOURNEY_UID,
      definitions.map((d, i) => ({ ...pick(d, JOURNEY_FIELDS), position: firstPosition + i }))
    );
    await insertStages(
      definitions.flatMap((d, i) =>
        d.stages.map((stage, position) => ({ journeyId: ids[i], stage, position }))
      )
    );
    return ids;
  };

  const create = async (definition: JourneyDefinition, position: number) => {
    const [id] = await insertJourneys([definition], position);
    return { id };
  };

  /**
   * Creates the configured journeys the first time their key is seen, and never again: the
   * store remembers what was seeded, so a journey an admin renamed, changed or deleted stays so.
   */
  const seedFromConfig = async () => {
    const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
    const store = strapi.store({ type: 'plugin', name: PLUGIN_ID });
    const seeded = ((await store.get({ key: 'seededJourneys' })) as string[] | null) ?? [];
    const existing = await list();
    const created: string[] = [];
    for (const [index, definition] of configuredJourneys(config).entries()) {
      if (seeded.includes(definition.key)) continue;
      if (!existing.some((j) => j.key === definition.key)) {
        await create(definition, existing.length + index);
        created.push(definition.key);
      }
      seeded.push(definition.key);
    }
    await store.set({ key: 'seededJourneys', value: seeded });
    return created;
  };

  const exportJourneys = async () => ({
    version: 1,
    plugin: PLUGIN_ID,
    exportedAt: new Date().toISOString(),
    journeys: (await list()).map(toDefinition),
    siteTerms: await getService(strapi, 'site-terms').terms(),
  });

  /**
   * Everything an apply would refuse, refused with the same message by the dry run: the file's
   * shape and limits, and the checks against what is stored (journeys and stages an import
   * keeps count towards the limits, and intent mappings may point at kept stages).
   */
  const validateImport = async (
    payload: unknown,
    current: JourneyDefinition[]
  ): Promise<JourneyDefinition[]> => {
    const incoming = (payload as { journeys?: unknown } | null)?.journeys;
    if (!Array.isArray(incoming)) {
      throw new errors.ValidationError(
        'The import must be an object with a "journeys" array, as the export writes it.'
      );
    }
    const problems = await importProblems(incoming, current);
    if (problems.length) {
      throw new errors.ValidationError(`Invalid import: ${problems.join('; ')}`, { problems });
    }
    return incoming as JourneyDefinition[];
  };

  /**
   * Applies one planned change to a journey that existed before the import. Stage positions are
   * written whenever they differ from the plan's, which also mends duplicate positions.
   */
  const applyChange = async (
    change: ImportChange,
    definition: JourneyDefinition,
    journey: StoredJourney,
    author: Record<string, unknown>
  ) => {
    if (change.kind === 'journey') {
      if (change.action === 'update') {
        await strapi.db.query(JOURNEY_UID).update({
          where: { id: journey.id },
          data: { ...pick(definition, JOURNEY_FIELDS), ...author },
        });
      }
      return;
    }
    const existing = journey.stages.find((s) => s.key === change.stage);
    if (!existing || change.position === undefined) return;
    const stage = definition.stages.find((s) => s.key === change.stage);
    const fields = change.action === 'update' && stage ? pick(stage, STAGE_FIELDS) : {};
    if (Object.keys(fields).length || existing.position !== change.position) {
      await strapi.db.query(STAGE_UID).update({
        where: { id: existing.id },
        data: { ...fields, position: change.position, ...author },
      });
    }
  };

  const applyImport = async (
    incoming: JourneyDefinition[],
    changes: ImportChange[],
    options: WriteOptions
  ) => {
    // Rows an import changes were last changed by the importer (or by no one named).
    const author = { updatedBy: options.user?.id ?? null };
    const before = await list();
    const added = incoming.filter((j) => !before.some((b) => b.key === j.key));
    await insertJourneys(added, before.length);
    const newStages: NewStage[] = [];
    for (const journey of before) {
      const definition = incoming.find((j) => j.key === journey.key);
      if (!definition) continue;
      const own = changes.filter((c) => c.journey === journey.key);
      for (const change of own) await applyChange(change, definition, journey, author);
      for (const change of own.filter((c) => c.kind === 'stage' && c.action === 'create')) {
        const stage = definition.stages.find((s) => s.key === change.stage) as StageDefinition;
        newStages.push({ journeyId: journey.id, stage, position: change.position as number });
      }
    }
    await insertStages(newStages);
  };

  /** Reports what an import would change; applies it unless `dryRun`. It never deletes. */
  const importJourneys = async (
    payload: unknown,
    { dryRun = true, ...options }: { dryRun?: boolean } & WriteOptions = {}
  ) => {
    const current = (await list()).map(toDefinition);
    const incoming = await validateImport(payload, current);
    const changes = planImport(current, incoming);
    const siteTermsService = getService(strapi, 'site-terms');
    const siteTerms = siteTermsService.importInput((payload as { siteTerms?: unknown }).siteTerms);
    let siteTermsSummary = await siteTermsService.importTerms(siteTerms, { dryRun: true });
    if (!dryRun) {
      await strapi.db.transaction(async () => {
        await lockJourneys(strapi);
        // Validated outside the transaction, so that readers are served meanwhile: a change an
        // admin made in between would void the check, and the plan.
        if (!isEqual((await list()).map(toDefinition), current)) {
          throw new ConflictError(
            'The journeys changed while this import was being checked; nothing was imported. Run it again.'
          );
        }
        await applyImport(incoming, changes, options);
        siteTermsSummary = await siteTermsService.importTerms(siteTerms, { dryRun: false });
      });
      if (siteTermsSummary.create || siteTermsSummary.update) await siteTermsService.changed();
    }
    return { dryRun, summary: summariseImport(changes), changes, siteTerms: siteTermsSummary };
  };

  return {
    journeys,
    stages,
    contentTypes,
    list,
    findByKey,
    toDefinition,
    createStage,
    insertRows,
    linkToJourneys,
    insertStages,
    insertJourneys,
    create,
    seedFromConfig,
    exportJourneys,
    validateImport,
    applyChange,
    applyImport,
    importJourneys,
  };
};

export type JourneyStore = ReturnType<typeof journeyStore>;
