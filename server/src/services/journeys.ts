import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import isEqual from 'lodash/isEqual';
import {
  configuredJourneys,
  importProblems,
  journeyFieldsSchema,
  LIMITS,
  journeyProblems,
  schemaProblems,
  stageSchema,
  type JourneyPluginConfig,
} from '../domain/config';
import type { JourneyDefinition, StageDefinition } from '../domain/journeys';
import type { StoredJourney, StoredStage } from '../domain/stored';
import { planImport, summariseImport, type ImportChange } from '../domain/journey-import';
import { JOURNEY_UID, PLUGIN_ID, STAGE_UID } from '../utils/constants';
import {
  ConflictError,
  joinTableOf,
  lockJourneys,
  lockRows,
  retryOnConflict,
  StaleReadError,
  withKnex,
} from '../utils/db';
import { getService } from '../utils/get-service';

export type { StoredJourney, StoredStage };

const STAGE_FIELDS = [
  'key',
  'name',
  'names',
  'description',
  'colour',
  'customerGoal',
  'touchpoints',
  'feelings',
  'painPoints',
  'kpis',
  'opportunities',
  'emotion',
  'nextStages',
] as const;
const REQUIRED_FIELDS = ['key', 'name'];
const JOURNEY_FIELDS = ['key', 'name', 'names', 'description', 'intentStages'] as const;

const pick = <T extends object>(source: T, fields: readonly string[]) =>
  Object.fromEntries(
    fields
      .map((f) => [f, (source as Record<string, unknown>)[f]])
      .filter(([, v]) => v !== undefined && v !== null)
  );

const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size)
  );

export interface WriteOptions {
  /** The admin making the change: recorded as updatedBy, named in a conflict. */
  user?: { id?: number } | null;
}

/** A 409 that carries the row as it is now, so the admin can show it beside their edit. */
export class EditConflictError extends ConflictError {
  name = 'ConflictError';

  constructor(
    message: string,
    public details: { current: unknown }
  ) {
    super(message);
  }
}

export default ({ strapi }: { strapi: Core.Strapi }) => {
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

  const requireJourney = async (key: string) => {
    const journey = await findByKey(key);
    if (!journey) {
      const keys = (await list()).map((j) => j.key);
      throw new errors.NotFoundError(
        `Unknown journey "${key}"; journeys: ${keys.join(', ') || '(none)'}`
      );
    }
    return journey;
  };

  /** Sets stage positions from a list of keys; tags reference stages by id, so none changes. */
  const reorderStages = async (
    journeyKey: string,
    stageKeys: unknown,
    options: WriteOptions = {}
  ) => {
    const journey = await requireJourney(journeyKey);
    const current = journey.stages.map((s) => s.key);
    const valid =
      Array.isArray(stageKeys) &&
      stageKeys.length === current.length &&
      current.every((k) => stageKeys.includes(k));
    if (!valid) {
      throw new errors.ValidationError(
        `"stages" must list each stage key of journey "${journeyKey}" exactly once: ${current.join(', ')}`
      );
    }
    await strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      // As for journeys: the positions and the stages as they are once the lock is held.
      const locked = await requireJourney(journeyKey);
      if (!isEqual(locked.stages.map((s) => s.key).sort(), [...current].sort())) {
        throw new ConflictError(
          `Stages of journey "${journeyKey}" were added, renamed or deleted while this order was being saved; nothing was reordered. Reload and try again.`
        );
      }
      for (const [position, key] of (stageKeys as string[]).entries()) {
        const stage = locked.stages.find((s) => s.key === key) as StoredStage;
        if (stage.position !== position) {
          await stages().update({
            documentId: stage.documentId,
            data: { position, ...updatedBy(options) },
          } as never);
        }
      }
    });
    return requireJourney(journeyKey);
  };

  /** Finds a stage by documentId, by "journey.stage" key, or by key within `journey`. */
  const resolveStage = async (ref: string, journey?: StoredJourney) => {
    const all = await list();
    const [journeyKey, stageKey] = ref.includes('.') ? ref.split('.', 2) : [journey?.key, ref];
    for (const j of all) {
      const byId = j.stages.find((s) => s.documentId === ref);
      if (byId) return { journey: j, stage: byId };
      if (j.key === journeyKey) {
        const byKey = j.stages.find((s) => s.key === stageKey);
        if (byKey) return { journey: j, stage: byKey };
      }
    }
    return null;
  };

  const usageMessage = (usage: Array<{ contentType: string; documents: number }>) => {
    const total = usage.reduce((sum, u) => sum + u.documents, 0);
    const parts = usage.map((u) => `${u.documents} in ${u.contentType}`).join(', ');
    return { total, text: `${total} ${total === 1 ? 'entry' : 'entries'} (${parts})` };
  };

  const stageUsage = (stageIds: number[]) =>
    withKnex(strapi, (knex) => contentTypes().usage(knex, stageIds));

  /**
   * Refuses, with the count per content type, to delete stages that tag entries, unless
   * `moveTo` names a stage to carry those tags. Used by the routes and by the guard on the
   * document service, so the content manager obeys the same rule.
   */
  const assertDeletable = async (stageIds: number[], what: string) => {
    const usage = await stageUsage(stageIds);
    if (usage.length) {
      const { text } = usageMessage(usage);
      throw new errors.ApplicationError(
        `${what} is used by ${text}. Name a stage to move them to (moveTo) before deleting it.`,
        { usage }
      );
    }
  };

  const moveTo = async (ref: string, excluded: number[], journey?: StoredJourney) => {
    const target = await resolveStage(ref, journey);
    if (!target || excluded.includes(target.stage.id)) {
      throw new errors.ValidationError(
        `moveTo "${ref}" is not a stage that remains; give a stage documentId or "journey.stage" key`
      );
    }
    return target;
  };

  const stageTable = () => strapi.db.metadata.get(STAGE_UID).tableName;
  const journeyTable = () => strapi.db.metadata.get(JOURNEY_UID).tableName;

  /**
   * Locks the journey row, then the stage rows being removed (editors lock the stages they link
   * for share, so they wait for the removal or it waits for them), then the target for share so
   * it cannot go away under the move. Returns the removed ids that still existed.
   */
  const lockForRemoval = async (journeyId: number, removed: number[], target?: number) => {
    await lockJourneys(strapi);
    await lockRows(strapi, journeyTable(), [journeyId], 'update');
    const stillThere = await lockRows(strapi, stageTable(), removed, 'update');
    if (target) await lockRows(strapi, stageTable(), [target], 'share');
    return stillThere;
  };

  /**
   * Moves the tags of `removed` onto the stage `ref` names, which must still be the stage locked
   * as `lockedTarget`; returns what the answer reports.
   */
  const moveTagsTo = async (
    ref: string,
    removed: number[],
    lockedTarget: number | undefined,
    journey?: StoredJourney
  ) => {
    const target = await moveTo(ref, removed, journey);
    if (target.stage.id !== lockedTarget) {
      throw new StaleReadError(
        `moveTo "${ref}" changed meanwhile; nothing was deleted, try again.`
      );
    }
    const { total } = usageMessage(await stageUsage(removed));
    // The moved documents' cells follow in this transaction (the stages are locked: no editor
    // links or unlinks them meanwhile, so the documents read here are all the move touches).
    const cells = getService(strapi, 'cells');
    await cells.track(await cells.linkedDocuments(removed), () =>
      withKnex(strapi, (knex) => contentTypes().moveTags(knex, removed, target.stage.id))
    );
    return { to: `${target.journey.key}.${target.stage.key}`, entries: total };
  };

  /** The moveTo target of a removal, resolved before the locks so that it can be locked too. */
  const targetId = async (ref: string | undefined, journey?: StoredJourney) =>
    ref ? (await resolveStage(ref, journey))?.stage.id : undefined;

  /**
   * Moves the stage's tags (with `moveTo`) and deletes it in one transaction, with the stage
   * locked: a tag an editor commits meanwhile is either moved or refused, never dropped by the
   * link table's cascade.
   */
  const deleteStage = (documentId: string, options: { moveTo?: string } = {}) =>
    retryOnConflict(strapi, `Deleting stage "${documentId}"`, async () => {
      const before = await resolveStage(documentId);
      if (!before) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
      const target = await targetId(options.moveTo, before.journey);
      return strapi.db.transaction(async () => {
        // Locks first: on MySQL the first plain read fixes the transaction's snapshot.
        const stillThere = await lockForRemoval(before.journey.id, [before.stage.id], target);
        // Read again under the locks: the journey's intent mapping may have changed meanwhile.
        const found = stillThere.length ? await resolveStage(documentId) : null;
        if (!found) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
        const { stage, journey } = found;
        const moved = options.moveTo
          ? await moveTagsTo(options.moveTo, [stage.id], target, journey)
          : null;
        // An intent mapped onto the stage follows its tags to a target in the same journey; the
        // guard on the document service clears any mapping still naming the stage once it is gone.
        const to = moved && moved.to.startsWith(`${journey.key}.`) ? moved.to.split('.')[1] : null;
        if (to) await remapIntentStages(journey, stage.key, to);
        await stages().delete({ documentId: stage.documentId } as never);
        return { deleted: `${journey.key}.${stage.key}`, moved };
      });
    });

  const deleteJourney = (key: string, options: { moveTo?: string } = {}) =>
    retryOnConflict(strapi, `Deleting journey "${key}"`, async () => {
      const before = await requireJourney(key);
      const target = await targetId(options.moveTo);
      return strapi.db.transaction(async () => {
        const ids = before.stages.map((s) => s.id);
        await lockForRemoval(before.id, ids, target);
        // Stages added before the journey row was locked are read here and locked too.
        const journey = await requireJourney(key);
        const all = journey.stages.map((s) => s.id);
        await lockRows(strapi, stageTable(), all, 'update');
        const moved = options.moveTo ? await moveTagsTo(options.moveTo, all, target) : null;
        await journeys().delete({ documentId: journey.documentId } as never);
        return { deleted: journey.key, moved };
      });
    });

  const invalid = (what: string, problems: string[]) => {
    if (problems.length) {
      throw new errors.ValidationError(`Invalid ${what}: ${problems.join('; ')}`, { problems });
    }
  };

  /** A typo in a field name must not pass as "nothing to change". */
  const knownFields = (input: unknown, fields: readonly string[], what: string) => {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      invalid(what, [`${what} must be an object`]);
    }
    const unknown = Object.keys(input as object).filter((f) => !fields.includes(f));
    invalid(
      what,
      unknown.map((f) => `${what} has an unknown key: ${f}; valid: ${fields.join(', ')}`)
    );
    return input as Record<string, unknown>;
  };

  const definitionFields = (input: unknown, fields: readonly string[], what: string) =>
    pick(knownFields(input, fields, what), fields);

  /** Like definitionFields, but keeps an explicit null: in a change, null clears the field. */
  const changedFields = (input: unknown, fields: readonly string[], what: string) =>
    knownFields(input, fields, what) &&
    Object.fromEntries(
      fields
        .filter((f) => (input as Record<string, unknown>)[f] !== undefined)
        // Required fields cannot be cleared; the validation below then names them.
        .filter(
          (f) => !(REQUIRED_FIELDS.includes(f) && (input as Record<string, unknown>)[f] === null)
        )
        .map((f) => [f, (input as Record<string, unknown>)[f]])
    );

  /**
   * `expectedUpdatedAt` travels with a change but is no field: it is the updatedAt the admin's
   * form was opened with (the optimistic check in assertUnchanged).
   */
  const withoutExpected = (input: unknown, what: string) => {
    if (!input || typeof input !== 'object' || Array.isArray(input)) {
      return { patch: input, expected: undefined };
    }
    const { expectedUpdatedAt, ...patch } = input as Record<string, unknown>;
    if (expectedUpdatedAt === undefined || expectedUpdatedAt === null) {
      return { patch, expected: undefined };
    }
    const time = typeof expectedUpdatedAt === 'string' ? Date.parse(expectedUpdatedAt) : NaN;
    if (Number.isNaN(time)) {
      invalid(what, [
        `expectedUpdatedAt must be an ISO date-time, the ${what}'s updatedAt as the admin read it; got ${JSON.stringify(expectedUpdatedAt)}`,
      ]);
    }
    return { patch, expected: time };
  };

  const updatedBy = ({ user }: WriteOptions) => (user?.id ? { updatedBy: user.id } : {});

  /**
   * Two admins editing one stage: the later save wins only if it saw the earlier one. Checked
   * under the journey's row lock, so of two saves with the same expectation one passes.
   */
  const assertUnchanged = async (
    uid: string,
    row: { id: number; updatedAt?: unknown },
    expected: number | undefined,
    what: string
  ) => {
    if (expected === undefined) return;
    const found = (await strapi.db.query(uid as never).findOne({
      where: { id: row.id },
      populate: { updatedBy: { select: ['firstname', 'lastname', 'username'] } },
    })) as {
      updatedAt?: string | Date;
      updatedBy?: { firstname?: string; lastname?: string; username?: string } | null;
    } | null;
    const updatedAt = found?.updatedAt ? new Date(found.updatedAt) : null;
    if (!updatedAt || updatedAt.getTime() === expected) return;
    const by = found?.updatedBy;
    const name =
      [by?.firstname, by?.lastname].filter(Boolean).join(' ') || by?.username || 'someone';
    const current =
      uid === STAGE_UID
        ? (await resolveStage((row as { documentId?: string }).documentId ?? ''))?.stage
        : await findByKey((row as { key?: string }).key ?? '');
    throw new EditConflictError(
      `This ${what.split(' ')[0]} was changed by ${name} at ${updatedAt.toISOString()} since you opened it; reload to see their change`,
      { current }
    );
  };

  const createJourney = async (input: unknown) => {
    const data = {
      ...definitionFields(input, JOURNEY_FIELDS, 'journey'),
    } as unknown as JourneyDefinition;
    invalid('journey', schemaProblems(journeyFieldsSchema, data, 'journey'));
    invalid('journey', journeyProblems({ ...data, stages: [] }, 'journey'));
    await retryOnConflict(strapi, `Creating journey "${data.key}"`, () =>
      strapi.db.transaction(async () => {
        // Two admins creating one key at once: the second waits here, then sees the first.
        await lockJourneys(strapi);
        const all = await list();
        if (all.length >= LIMITS.journeys) {
          invalid('journey', [
            `journeys: there are ${all.length}, the most allowed (${LIMITS.journeys})`,
          ]);
        }
        if (all.some((j) => j.key === data.key)) {
          invalid('journey', [`journey.key: a journey with key "${data.key}" exists`]);
        }
        await create({ ...data, stages: [] }, all.length);
      })
    );
    return requireJourney(data.key);
  };

  /**
   * Applies a partial change to a journey's own fields. Its stages and every tag stay as they
   * are; a new key only changes how frontends name the journey.
   */
  const updateJourney = async (key: string, input: unknown, options: WriteOptions = {}) => {
    const { patch, expected } = withoutExpected(input, 'journey');
    const changes = changedFields(patch, JOURNEY_FIELDS, 'journey');
    const nextKey = await retryOnConflict(strapi, `Changing journey "${key}"`, () =>
      strapi.db.transaction(async () => {
        await lockJourneys(strapi);
        const journey = await requireJourney(key);
        await assertUnchanged(JOURNEY_UID, journey, expected, `journey "${journey.key}"`);
        const next = pick(
          { ...pick(journey, JOURNEY_FIELDS), ...changes },
          JOURNEY_FIELDS
        ) as unknown as JourneyDefinition;
        invalid('journey', schemaProblems(journeyFieldsSchema, next, 'journey'));
        invalid('journey', journeyProblems({ ...next, stages: journey.stages }, 'journey'));
        if (next.key !== key && (await findByKey(next.key))) {
          invalid('journey', [`journey.key: a journey with key "${next.key}" exists`]);
        }
        await journeys().update({
          documentId: journey.documentId,
          data: { ...changes, ...updatedBy(options) },
        } as never);
        return next.key;
      })
    );
    return requireJourney(nextKey);
  };

  const reorderJourneys = async (keys: unknown) => {
    const all = await list();
    const current = all.map((j) => j.key);
    const valid =
      Array.isArray(keys) &&
      keys.length === current.length &&
      current.every((k) => keys.includes(k));
    if (!valid) {
      throw new errors.ValidationError(
        `"journeys" must list each journey key exactly once: ${current.join(', ')}`
      );
    }
    await strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      // Positions as they are now: read before the lock, a reorder that committed meanwhile
      // would leave some of them out of date, and the order mixed with duplicate positions.
      const locked = await list();
      if (!isEqual(locked.map((j) => j.key).sort(), [...current].sort())) {
        throw new ConflictError(
          'Journeys were added or deleted while this order was being saved; nothing was reordered. Reload and try again.'
        );
      }
      for (const [position, key] of (keys as string[]).entries()) {
        const journey = locked.find((j) => j.key === key) as StoredJourney;
        if (journey.position !== position) {
          await journeys().update({ documentId: journey.documentId, data: { position } } as never);
        }
      }
    });
    return list();
  };

  const addStage = async (journeyKey: string, input: unknown) => {
    const stage = definitionFields(input, STAGE_FIELDS, 'stage') as unknown as StageDefinition;
    invalid('stage', schemaProblems(stageSchema, stage, 'stage'));
    const { id } = await requireJourney(journeyKey);
    await retryOnConflict(strapi, `Adding stage "${stage.key}"`, () =>
      strapi.db.transaction(async () => {
        // Two admins adding the same key at once: the second waits here, then sees the first.
        await lockJourneys(strapi);
        await lockRows(strapi, journeyTable(), [id], 'update');
        const journey = await requireJourney(journeyKey);
        if (journey.stages.length >= LIMITS.stagesPerJourney) {
          invalid('stage', [
            `journey "${journeyKey}" has ${journey.stages.length} stages, the most allowed (${LIMITS.stagesPerJourney})`,
          ]);
        }
        if (journey.stages.some((s) => s.key === stage.key)) {
          invalid('stage', [
            `stage.key: journey "${journeyKey}" already has a stage "${stage.key}"`,
          ]);
        }
        const position = Math.max(-1, ...journey.stages.map((s) => s.position)) + 1;
        await createStage(journey, stage, position);
      })
    );
    return requireJourney(journeyKey);
  };

  /**
   * Applies a partial change to a stage. Tags point at the stage's id, so a new name or key
   * keeps every tag; a new key is also carried into the journey's intent mapping.
   */
  const updateStage = async (documentId: string, input: unknown, options: WriteOptions = {}) => {
    const { patch, expected } = withoutExpected(input, 'stage');
    const changes = changedFields(patch, STAGE_FIELDS, 'stage');
    const journeyKey = await retryOnConflict(strapi, `Changing stage "${documentId}"`, async () => {
      const before = await resolveStage(documentId);
      if (!before) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
      return strapi.db.transaction(async () => {
        // The journey row lock orders re-keys and deletes of its stages, which rewrite its
        // intent mapping: read the mapping and the sibling keys again once it is held.
        await lockJourneys(strapi);
        await lockRows(strapi, journeyTable(), [before.journey.id], 'update');
        const found = await resolveStage(documentId);
        if (!found) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
        const { journey, stage } = found;
        await assertUnchanged(STAGE_UID, stage, expected, `stage "${journey.key}.${stage.key}"`);
        const next = pick(
          { ...pick(stage, STAGE_FIELDS), ...changes },
          STAGE_FIELDS
        ) as unknown as StageDefinition;
        invalid('stage', schemaProblems(stageSchema, next, 'stage'));
        if (next.key !== stage.key && journey.stages.some((s) => s.key === next.key)) {
          invalid('stage', [
            `stage.key: journey "${journey.key}" already has a stage "${next.key}"`,
          ]);
        }
        // The guard on the document service carries a new key into the intent mapping and into
        // the other stages' nextStages.
        await stages().update({
          documentId: stage.documentId,
          data: { ...changes, ...updatedBy(options) },
        } as never);
        return journey.key;
      });
    });
    return requireJourney(journeyKey);
  };

  /** Points the journey's intents mapped onto stage `from` at stage `to`. */
  const remapIntentStages = async (journey: StoredJourney, from: string, to: string) => {
    const mapping = journey.intentStages ?? {};
    if (!Object.values(mapping).includes(from)) return;
    const intentStages = Object.fromEntries(
      Object.entries(mapping).map(([intent, key]) => [intent, key === from ? to : key])
    );
    await journeys().update({ documentId: journey.documentId, data: { intentStages } } as never);
  };

  return {
    list,
    createJourney,
    updateJourney,
    reorderJourneys,
    addStage,
    updateStage,
    findByKey,
    requireJourney,
    toDefinition,
    create,
    seedFromConfig,
    exportJourneys,
    importJourneys,
    reorderStages,
    resolveStage,
    assertDeletable,
    deleteStage,
    deleteJourney,
  };
};
