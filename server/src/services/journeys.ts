import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import {
  configuredJourneys,
  journeysProblems,
  schemaProblems,
  journeySchema,
  type JourneyPluginConfig,
} from '../domain/config';
import type { JourneyDefinition, StageDefinition } from '../domain/journeys';
import { planImport, summariseImport, type ImportChange } from '../domain/journey-import';
import { JOURNEY_UID, PLUGIN_ID, STAGE_UID } from '../utils/constants';
import { withKnex } from '../utils/db';
import { getService } from '../utils/get-service';

export interface StoredStage extends StageDefinition {
  id: number;
  documentId: string;
  position: number;
}

export interface StoredJourney extends Omit<JourneyDefinition, 'stages'> {
  id: number;
  documentId: string;
  position: number;
  stages: StoredStage[];
}

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
] as const;
const JOURNEY_FIELDS = ['key', 'name', 'names', 'description', 'intentStages'] as const;

const pick = <T extends object>(source: T, fields: readonly string[]) =>
  Object.fromEntries(
    fields
      .map((f) => [f, (source as Record<string, unknown>)[f]])
      .filter(([, v]) => v !== undefined && v !== null)
  );

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

  const create = async (definition: JourneyDefinition, position: number) => {
    const journey = (await journeys().create({
      data: { ...pick(definition, JOURNEY_FIELDS), position },
    } as never)) as unknown as { documentId: string };
    for (const [index, stage] of definition.stages.entries()) {
      await createStage(journey, stage, index);
    }
    return journey;
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
  });

  const validateImport = (payload: unknown): JourneyDefinition[] => {
    const incoming = (payload as { journeys?: unknown } | null)?.journeys;
    if (!Array.isArray(incoming)) {
      throw new errors.ValidationError(
        'The import must be an object with a "journeys" array, as the export writes it.'
      );
    }
    const problems = incoming.flatMap((j, i) => schemaProblems(journeySchema, j, `journeys[${i}]`));
    if (!problems.length)
      problems.push(...journeysProblems(incoming as JourneyDefinition[], 'journeys'));
    if (problems.length) {
      throw new errors.ValidationError(`Invalid import: ${problems.join('; ')}`, { problems });
    }
    return incoming as JourneyDefinition[];
  };

  const applyChange = async (
    change: ImportChange,
    incoming: JourneyDefinition[],
    current: StoredJourney[]
  ) => {
    const definition = incoming.find((j) => j.key === change.journey) as JourneyDefinition;
    const journey = current.find((j) => j.key === change.journey);
    if (change.kind === 'journey' && change.action === 'update' && journey) {
      await journeys().update({
        documentId: journey.documentId,
        data: pick(definition, JOURNEY_FIELDS),
      } as never);
    }
    if (
      change.kind !== 'stage' ||
      !journey ||
      (change.action !== 'create' && change.action !== 'update')
    )
      return;
    const stage = definition.stages.find((s) => s.key === change.stage) as StageDefinition;
    const existing = journey.stages.find((s) => s.key === change.stage);
    if (existing) {
      await stages().update({
        documentId: existing.documentId,
        data: { ...pick(stage, STAGE_FIELDS), position: change.position },
      } as never);
    } else {
      await createStage(journey, stage, change.position ?? journey.stages.length);
    }
  };

  /** Reports what an import would change; applies it unless `dryRun`. It never deletes. */
  const importJourneys = async (payload: unknown, { dryRun = true }: { dryRun?: boolean } = {}) => {
    const incoming = validateImport(payload);
    const changes = planImport((await list()).map(toDefinition), incoming);
    if (!dryRun) {
      await strapi.db.transaction(async () => {
        const before = await list();
        for (const change of changes.filter((c) => c.kind === 'journey' && c.action === 'create')) {
          const definition = incoming.find((j) => j.key === change.journey) as JourneyDefinition;
          await create(definition, before.length + incoming.indexOf(definition));
        }
        const current = await list();
        for (const change of changes) {
          if (before.some((j) => j.key === change.journey))
            await applyChange(change, incoming, current);
        }
      });
    }
    return { dryRun, summary: summariseImport(changes), changes };
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
  const reorderStages = async (journeyKey: string, stageKeys: unknown) => {
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
      for (const [position, key] of (stageKeys as string[]).entries()) {
        const stage = journey.stages.find((s) => s.key === key) as StoredStage;
        if (stage.position !== position) {
          await stages().update({ documentId: stage.documentId, data: { position } } as never);
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

  const deleteStage = async (documentId: string, options: { moveTo?: string } = {}) => {
    const found = await resolveStage(documentId);
    if (!found) throw new errors.NotFoundError(`Unknown stage "${documentId}"`);
    const { stage, journey } = found;
    return strapi.db.transaction(async () => {
      let moved = null;
      if (options.moveTo) {
        const target = await moveTo(options.moveTo, [stage.id], journey);
        const { total } = usageMessage(await stageUsage([stage.id]));
        await withKnex(strapi, (knex) =>
          contentTypes().moveTags(knex, [stage.id], target.stage.id)
        );
        moved = { to: `${target.journey.key}.${target.stage.key}`, entries: total };
      }
      await stages().delete({ documentId: stage.documentId } as never);
      return { deleted: `${journey.key}.${stage.key}`, moved };
    });
  };

  const deleteJourney = async (key: string, options: { moveTo?: string } = {}) => {
    const journey = await requireJourney(key);
    const ids = journey.stages.map((s) => s.id);
    return strapi.db.transaction(async () => {
      let moved = null;
      if (options.moveTo) {
        const target = await moveTo(options.moveTo, ids);
        const { total } = usageMessage(await stageUsage(ids));
        await withKnex(strapi, (knex) => contentTypes().moveTags(knex, ids, target.stage.id));
        moved = { to: `${target.journey.key}.${target.stage.key}`, entries: total };
      }
      await journeys().delete({ documentId: journey.documentId } as never);
      return { deleted: journey.key, moved };
    });
  };

  return {
    list,
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
