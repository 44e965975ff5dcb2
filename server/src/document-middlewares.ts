import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import type { AnySchema } from 'yup';
import { journeyFieldsSchema, journeyProblems, schemaProblems, stageSchema } from './domain/config';
import type { JourneyDefinition } from './domain/journeys';
import { idsAfter, relationChange, type Ref, type RelationChange } from './domain/relation-change';
import { JOURNEY_UID, STAGE_UID } from './utils/constants';
import { joinTableOf, lockJourneys, locking, withKnex, type Knex } from './utils/db';
import { getService } from './utils/get-service';

type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; data?: Record<string, unknown> };
};
type Next = () => Promise<unknown>;
type Row = { id: number; documentId: string; key: string } & Record<string, unknown>;
type StageRow = Row & { journey?: (Row & { intentStages?: unknown }) | null };
type JourneyRow = Row & { stages: Row[] };

/** The content manager sends a document's identity back with its fields. */
const IDENTITY_KEYS = ['id', 'documentId'];

/** Stage and journey fields the yup schemas judge, without the nulls that clear a field. */
const schemaFields = (schema: AnySchema & { fields: object }, source: Record<string, unknown>) =>
  Object.fromEntries(
    Object.keys(schema.fields)
      .filter((f) => source[f] !== undefined && source[f] !== null)
      .map((f) => [f, source[f]])
  );

/** "names.sv must be …" → ['names', 'sv'], "kpis[2] …" → ['kpis', '2']: the form marks the input. */
const problemPath = (problem: string) =>
  problem
    .split(/[\s:]/)[0]
    .split(/[.[\]]/)
    .filter(Boolean);

export const refuse = (what: string, problems: string[]): never => {
  throw new errors.ValidationError(`Invalid ${what}: ${problems.join('; ')}`, {
    problems,
    errors: problems.map((message) => ({
      path: problemPath(message),
      message,
      name: 'ValidationError',
    })),
  });
};

/**
 * Guards that hold wherever a journey or stage is written (Settings → Journey, import, the
 * content manager, app code): fields pass the same schemas as the plugin's routes, keys stay
 * unique, every stage keeps its journey, and no delete or move drops a tag.
 */
export const registerDocumentMiddlewares = (strapi: Core.Strapi) => {
  const journeys = () => getService(strapi, 'journeys');

  const findStage = async (documentId?: string) =>
    documentId
      ? ((await strapi.db.query(STAGE_UID).findOne({
          where: { documentId },
          populate: ['journey'],
        })) as StageRow | null)
      : null;

  const findJourney = async (documentId?: string) =>
    documentId
      ? ((await strapi.db.query(JOURNEY_UID).findOne({
          where: { documentId },
          populate: ['stages'],
        })) as JourneyRow | null)
      : null;

  /** Row ids of the refs that exist; a ref to nothing is the document service's to refuse. */
  const resolveIds = async (uid: string, refs: Ref[]) => {
    if (!refs.length) return [];
    const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
    const ids = refs.flatMap((r) => (r.documentId || r.id === undefined ? [] : [r.id]));
    const rows = (await strapi.db.query(uid).findMany({
      where: { $or: [{ documentId: { $in: documentIds } }, { id: { $in: ids } }] },
      select: ['id', 'documentId'],
    })) as Row[];
    return refs.flatMap((r) => {
      const row = rows.find((x) => (r.documentId ? x.documentId === r.documentId : x.id === r.id));
      return row ? [row.id] : [];
    });
  };

  /** The related row ids after the write, from the ids before it. */
  const relatedAfter = async (uid: string, before: number[], change?: RelationChange) =>
    change
      ? idsAfter(before, {
          set: change.set && (await resolveIds(uid, change.set)),
          connect: await resolveIds(uid, change.connect),
          disconnect: await resolveIds(uid, change.disconnect),
        })
      : before;

  /** A typo in a field name must not pass as "nothing to change". */
  const unknownKeys = (uid: string, data: Record<string, unknown>) => {
    const attributes = Object.keys(
      strapi.getModel(uid as Parameters<typeof strapi.getModel>[0]).attributes
    );
    return Object.keys(data)
      .filter((k) => !IDENTITY_KEYS.includes(k) && !attributes.includes(k))
      .map((k) => `${k} is not a field; valid: ${attributes.join(', ')}`);
  };

  /**
   * A row stored before these guards existed must not block a reorder or a rename, so a problem
   * it already had is only refused when this write sets that field: a field written is valid.
   */
  const newProblems = (before: string[], after: string[], data: Record<string, unknown>) =>
    after.filter((problem) => !before.includes(problem) || problemPath(problem)[0] in data);

  const stageUsage = (stageIds: number[]) =>
    withKnex(strapi, (knex) => getService(strapi, 'content-types').usage(knex, stageIds));

  /**
   * Tags point at a stage by id, the old journey's intent mapping by key: a stage that carries
   * either stays in its journey, or entries would change journey without anyone choosing it.
   */
  const moveProblems = async (stage: StageRow, field: string) => {
    const from = stage.journey;
    if (!from) return [];
    const problems: string[] = [];
    const usage = await stageUsage([stage.id]);
    const entries = usage.reduce((sum, u) => sum + u.documents, 0);
    if (entries) {
      problems.push(
        `${field}: stage "${from.key}.${stage.key}" tags ${entries} ${entries === 1 ? 'entry' : 'entries'} and cannot move to another journey; create the stage there and delete this one with moveTo`
      );
    }
    const mapped = Object.entries((from.intentStages ?? {}) as Record<string, unknown>)
      .filter(([, key]) => key === stage.key)
      .map(([intent]) => intent);
    if (mapped.length) {
      problems.push(
        `${field}: stage "${from.key}.${stage.key}" is the intent stage of ${mapped.join(', ')} in journey "${from.key}" and cannot move to another journey`
      );
    }
    return problems;
  };

  /** Tags and filters name a stage by journey and key, so a key is unique in its journey. */
  const twinProblems = async (key: unknown, journeyId: number, self?: StageRow | null) => {
    if (typeof key !== 'string') return [];
    const twins = (await strapi.db.query(STAGE_UID).findMany({
      where: { key, journey: { id: journeyId } },
      populate: ['journey'],
    })) as StageRow[];
    const twin = twins.find((t) => t.id !== self?.id);
    return twin ? [`key "${key}" is already used in journey "${twin.journey?.key}"`] : [];
  };

  /** The problems of the stage's journey after the write: it has one, and may move to it. */
  const stageJourneyProblems = async (
    current: StageRow | null,
    data: Record<string, unknown>,
    key: unknown,
    nextStages: unknown
  ) => {
    const before = current?.journey ? [current.journey.id] : [];
    // A stage belongs to one journey: of several, the document service keeps the last.
    const [after] = (await relatedAfter(JOURNEY_UID, before, relationChange(data.journey))).slice(
      -1
    );
    if (after === undefined) {
      return [
        current
          ? `journey: stage "${current.journey?.key ?? '?'}.${current.key}" cannot be left without a journey; delete it in Settings → Journey instead`
          : 'journey: a stage needs a journey',
      ];
    }
    const moves = current && before.length && after !== before[0];
    const keyChanges = key !== current?.key || after !== before[0];
    const nextChanges = data.nextStages !== undefined || after !== before[0];
    return [
      ...(moves ? await moveProblems(current, 'journey') : []),
      ...(keyChanges ? await twinProblems(key, after, current) : []),
      ...(nextChanges ? await nextStagesProblems(current, after, nextStages) : []),
    ];
  };

  const validateStageWrite = async (context: Context) => {
    const current = context.action === 'update' ? await findStage(context.params.documentId) : null;
    if (context.action === 'update' && !current) return null;
    const data = context.params.data ?? {};
    const before = current ? schemaFields(stageSchema, current) : {};
    const after = { ...before, ...schemaFields(stageSchema, data) };
    // A null clears a field; the schema then says whether the field may be empty.
    for (const [field, value] of Object.entries(data)) if (value === null) delete after[field];
    const problems = [
      ...unknownKeys(STAGE_UID, data),
      ...newProblems(
        current ? schemaProblems(stageSchema, before) : [],
        schemaProblems(stageSchema, after),
        data
      ),
      ...(await stageJourneyProblems(current, data, after.key, after.nextStages)),
    ];
    if (problems.length) refuse('stage', problems);
    return current;
  };

  const stagesOf = async (journeyId: number) =>
    (await strapi.db.query(STAGE_UID).findMany({
      where: { journey: { id: journeyId } },
      select: ['id', 'key', 'nextStages'],
    })) as Array<Row & { nextStages?: unknown }>;

  /**
   * Other stages name this one in nextStages by key: a re-key renames it there, a delete drops
   * it. Written through the query layer: only the key changes, the rest was valid already.
   */
  const followInNextStages = async (
    journeyId: number,
    stage: StageRow,
    to: string | null,
    updatedBy: unknown
  ) => {
    for (const sibling of await stagesOf(journeyId)) {
      const next = Array.isArray(sibling.nextStages) ? (sibling.nextStages as string[]) : [];
      if (sibling.id === stage.id || !next.includes(stage.key)) continue;
      const renamed = next.flatMap((k) => (k !== stage.key ? [k] : to ? [to] : []));
      await strapi.db.query(STAGE_UID).update({
        where: { id: sibling.id },
        // The optimistic check names whoever changed a stage last: that is this write's author.
        data: { nextStages: [...new Set(renamed)], updatedBy: updatedBy ?? null },
      });
    }
  };

  /** nextStages name stages of the journey the stage has after the write. */
  const nextStagesProblems = async (
    current: StageRow | null,
    journeyId: number,
    nextStages: unknown
  ) => {
    if (!Array.isArray(nextStages) || !nextStages.length) return [];
    const keys = (await stagesOf(journeyId)).filter((s) => s.id !== current?.id).map((s) => s.key);
    return nextStages
      .filter((k) => typeof k === 'string' && !keys.includes(k))
      .map(
        (k) =>
          `nextStages: unknown stage key "${k}"; other stages of the journey: ${keys.join(', ') || '(none)'}`
      );
  };

  /**
   * The journey's intent mapping names stages by key: it follows a stage re-keyed or deleted
   * here as it does in Settings → Journey, so no path leaves it naming a stage that is gone.
   */
  const followStageKey = async (stage: StageRow, to: string | null, updatedBy?: unknown) => {
    const journey = stage.journey;
    if (!journey) return;
    await followInNextStages(journey.id, stage, to, updatedBy);
    const mapping = (journey.intentStages ?? {}) as Record<string, string | null>;
    if (!Object.values(mapping).includes(stage.key)) return;
    const intentStages = Object.fromEntries(
      Object.entries(mapping).map(([intent, key]) => [intent, key === stage.key ? to : key])
    );
    await strapi
      .documents(JOURNEY_UID as never)
      .update({ documentId: journey.documentId, data: { intentStages } } as never);
  };

  /** The stages a journey will have: none may be dropped, and only a free stage may join. */
  const journeyStageProblems = async (
    current: JourneyRow | null,
    data: Record<string, unknown>
  ) => {
    const before = (current?.stages ?? []).map((s) => s.id);
    const after = await relatedAfter(STAGE_UID, before, relationChange(data.stages));
    const problems = (current?.stages ?? [])
      .filter((s) => !after.includes(s.id))
      .map(
        (s) =>
          `stages: stage "${current?.key}.${s.key}" cannot be left without a journey; delete it in Settings → Journey instead`
      );
    const joining = after.filter((id) => !before.includes(id));
    for (const id of joining) {
      const stage = (await strapi.db.query(STAGE_UID).findOne({
        where: { id },
        populate: ['journey'],
      })) as StageRow;
      problems.push(...(await moveProblems(stage, 'stages')));
    }
    const stages = joining.length
      ? ((await strapi.db.query(STAGE_UID).findMany({ where: { id: { $in: after } } })) as Row[])
      : (current?.stages ?? []);
    return { problems, stages };
  };

  const validateJourneyWrite = async (context: Context) => {
    const current =
      context.action === 'update' ? await findJourney(context.params.documentId) : null;
    if (context.action === 'update' && !current) return;
    const data = context.params.data ?? {};
    const before = current ? schemaFields(journeyFieldsSchema, current) : {};
    const after = { ...before, ...schemaFields(journeyFieldsSchema, data) };
    for (const [field, value] of Object.entries(data)) if (value === null) delete after[field];
    const { problems, stages } = await journeyStageProblems(current, data);
    const whole = (fields: Record<string, unknown>, list: Row[]) => {
      const fieldProblems = schemaProblems(journeyFieldsSchema, fields);
      // Cross-checks read the fields, so they only run on fields of the right shape.
      return fieldProblems.length
        ? fieldProblems
        : journeyProblems({ ...fields, stages: list } as unknown as JourneyDefinition, '').map(
            (p) => p.replace(/^\./, '')
          );
    };
    problems.unshift(
      ...unknownKeys(JOURNEY_UID, data),
      ...newProblems(current ? whole(before, current.stages) : [], whole(after, stages), data)
    );
    if (problems.length) refuse('journey', problems);
  };

  const guardStageDelete = async (context: Context) => {
    const stage = await findStage(context.params.documentId);
    if (stage) {
      await journeys().assertDeletable(
        [stage.id],
        `Stage "${stage.journey?.key ?? '?'}.${stage.key}"`
      );
    }
    return stage;
  };

  /**
   * Locks, as the first statement of the delete's transaction, the stage rows it removes: an
   * editor's write holds them for share (tag-guard.ts) until it commits, so the usage check
   * below sees every committed tag, and no tag slips in between the check and the link table's
   * cascade. First, because MySQL's later plain reads keep the snapshot of the first one.
   */
  const lockForDelete = (where: (stages: ReturnType<Knex>) => void) =>
    withKnex(strapi, async (knex) => {
      const query = knex(`${strapi.db.metadata.get(STAGE_UID).tableName} as s`).select('s.id');
      where(query);
      await locking(strapi, query, 'update');
    });

  const lockStage = (documentId?: string) =>
    lockForDelete((q) => {
      q.where('s.document_id', documentId ?? '');
    });

  const lockStagesOf = (journeyDocumentId?: string) => {
    const joinTable = joinTableOf(strapi, STAGE_UID, 'journey');
    return lockForDelete((q) => {
      q.join(`${joinTable.name} as l`, `l.${joinTable.joinColumn.name}`, 's.id')
        .join(
          `${strapi.db.metadata.get(JOURNEY_UID).tableName} as j`,
          'j.id',
          `l.${joinTable.inverseJoinColumn.name}`
        )
        .where('j.document_id', journeyDocumentId ?? '');
    });
  };

  /**
   * Locks the journeys a stage write touches (the one it has, the one it joins), first in the
   * transaction: key uniqueness and the intent mapping are judged per journey, so two writes
   * to one journey's stages take turns instead of both passing the check.
   */
  const lockJourneysOf = (context: Context) =>
    withKnex(strapi, async (knex) => {
      const joinTable = joinTableOf(strapi, STAGE_UID, 'journey');
      const change = relationChange(context.params.data?.journey);
      const refs = change ? [...(change.set ?? []), ...change.connect] : [];
      const documentIds = refs.flatMap((r) => (r.documentId ? [r.documentId] : []));
      const ids = refs.flatMap((r) => (r.documentId || r.id === undefined ? [] : [r.id]));
      const current = context.params.documentId
        ? knex(`${joinTable.name} as l`)
            .join(
              `${strapi.db.metadata.get(STAGE_UID).tableName} as s`,
              's.id',
              `l.${joinTable.joinColumn.name}`
            )
            .where('s.document_id', context.params.documentId)
            .select(`l.${joinTable.inverseJoinColumn.name}`)
        : null;
      if (!documentIds.length && !ids.length && !current) return;
      const query = knex(strapi.db.metadata.get(JOURNEY_UID).tableName)
        .select('id')
        .where((q) => {
          q.whereIn('document_id', documentIds).orWhereIn('id', ids);
          if (current) q.orWhereIn('id', current);
        })
        .orderBy('id');
      await locking(strapi, query, 'update');
    });

  const writeStage = async (context: Context, next: Next) => {
    if (context.action === 'delete') {
      return strapi.db.transaction(async () => {
        await lockJourneys(strapi);
        await lockStage(context.params.documentId);
        const stage = await guardStageDelete(context);
        const result = await next();
        if (stage) await followStageKey(stage, null);
        return result;
      });
    }
    return strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      await lockJourneysOf(context);
      const stage = await validateStageWrite(context);
      const result = await next();
      const key = context.params.data?.key;
      if (stage && key !== undefined && key !== stage.key) {
        await followStageKey(
          stage,
          typeof key === 'string' ? key : null,
          context.params.data?.updatedBy
        );
        // Answers name the stage by key: its cells' versions move, so caches of them drop.
        await getService(strapi, 'cells').touchStage(stage.id, stage.journey?.id ?? null);
      }
      return result;
    });
  };

  /** A journey takes its stages with it, once none of them tags an entry. */
  const deleteJourney = (context: Context, next: Next) =>
    strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      await lockStagesOf(context.params.documentId);
      const journey = await findJourney(context.params.documentId);
      if (!journey) return next();
      await journeys().assertDeletable(
        journey.stages.map((s) => s.id),
        `Journey "${journey.key}"`
      );
      const result = await next();
      for (const stage of journey.stages) {
        await strapi
          .documents(STAGE_UID as never)
          .delete({ documentId: stage.documentId } as never);
      }
      return result;
    });

  /**
   * A clone copies the source's relations: a cloned stage would share its key within the
   * journey, a cloned journey would take the stages. Settings → Journey and import create them.
   */
  const refuseClone = (what: string) =>
    refuse(what, [`${what}s are not cloned; create one in Settings → Journey or import it`]);

  type Middleware = Parameters<typeof strapi.documents.use>[0];
  const middleware = async (ctx: unknown, next: Next) => {
    const context = ctx as unknown as Context;
    const { uid, action } = context;
    if (uid !== STAGE_UID && uid !== JOURNEY_UID) return next();
    const what = uid === STAGE_UID ? 'stage' : 'journey';
    if (action === 'clone') refuseClone(what);
    const writes = action === 'create' || action === 'update' || action === 'delete';
    if (!writes) return next();
    if (uid === STAGE_UID) return writeStage(context, next);
    if (action === 'delete') return deleteJourney(context, next);
    return strapi.db.transaction(async () => {
      await lockJourneys(strapi);
      await validateJourneyWrite(context);
      return next();
    });
  };
  strapi.documents.use(middleware as unknown as Middleware);
};
