import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import isEqual from 'lodash/isEqual';
import {
  journeyFieldsSchema,
  LIMITS,
  journeyProblems,
  schemaProblems,
  stageSchema,
} from '../../domain/config';
import type { JourneyDefinition, StageDefinition } from '../../domain/journeys';
import type { StoredJourney } from '../../domain/stored';
import { JOURNEY_UID, STAGE_UID } from '../../utils/constants';
import { ConflictError, lockJourneys, lockRows, retryOnConflict } from '../../utils/db';
import {
  STAGE_FIELDS,
  REQUIRED_FIELDS,
  JOURNEY_FIELDS,
  pick,
  WriteOptions,
  EditConflictError,
  updatedBy,
} from './shared';
import type { JourneyRemoval } from './removal';
import type { JourneyStore } from './store';

/** The admin's edits of one journey or stage: checked input, stale-edit detection, one lock. */
export const journeyEdits = (
  strapi: Core.Strapi,
  journeyRemoval: JourneyRemoval,
  journeyStore: JourneyStore
) => {
  const { requireJourney, resolveStage, journeyTable } = journeyRemoval;
  const { journeys, stages, list, findByKey, createStage, create } = journeyStore;

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

  return {
    invalid,
    knownFields,
    definitionFields,
    changedFields,
    withoutExpected,

    assertUnchanged,
    createJourney,
    updateJourney,
    reorderJourneys,
    addStage,
    updateStage,
  };
};

export type JourneyEdits = ReturnType<typeof journeyEdits>;
