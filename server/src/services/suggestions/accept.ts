import type { Core } from '@strapi/strapi';
import { ParamError } from '../../domain/content-params';
import { INTENTS, isIntent, type Intent } from '../../domain/intents';
import { stageOf } from '../../domain/stage-of';
import type {
  ApplyResult,
  IntentChoice,
  StoredJourney,
  StoredStage,
  TagUser,
} from '../../domain/stored';
import { getService } from '../../utils/get-service';
import type { TypeAccess } from '../../utils/read-access';
import type { StoredSuggestion } from './shared';

/** "Accept all" in one request: as many as the bulk route takes by id. */
export const MAX_ACCEPT = 10_000;
export const MAX_ITEMS = 1_000;

export interface AcceptInput {
  uid: string;
  /** '' for a type that is not localized. */
  locale: string;
  journey: StoredJourney;
  minConfidence?: number;
  /** "Accept all" of one intent only. */
  intent?: Intent;
  /** The entries to accept, unchecked: `{ documentId, intent, stage? }` each. */
  items: unknown;
  access: TypeAccess;
  user: TagUser | null;
  /**
   * The caller's update right on every entry about to change, judged before anything is
   * written: throws when one is refused; returns the rows it is limited to (null: every row).
   */
  authorize: (documentIds: string[]) => Promise<Record<string, unknown> | null>;
}

type Chosen = { documentId: string; intent: Intent | null; stage: StoredStage };

/**
 * Accepting suggestions: tags entries with their suggestion (or the editor's edit), only those
 * still untagged, as one recorded change that can be undone; what was chosen teaches the
 * classifier.
 */
export const suggestionAccept = (
  strapi: Core.Strapi,
  queue: {
    suggestionsOf: (
      uid: string,
      locale: string,
      ids: string[]
    ) => Promise<Map<string, StoredSuggestion>>;
    storedFor: (
      scope: { uid: string; locale?: string; access?: TypeAccess },
      filter: { intent?: Intent; minConfidence?: number; limit?: number }
    ) => Promise<Array<{ documentId: string; suggestion: StoredSuggestion }>>;
    forget: (uid: string, locale: string, documentIds: string[]) => Promise<void>;
  }
) => {
  const { suggestionsOf, storedFor, forget } = queue;

  /** A stage of any journey, by documentId or `journeyKey/stageKey`. */
  const stageRef = async (ref: unknown, journey: StoredJourney, name: string) => {
    const journeys = await getService(strapi, 'journeys').list();
    const all: Array<[string, StoredStage]> = journeys.flatMap((j) =>
      j.stages.map((s) => [`${j.key}/${s.key}`, s] as [string, StoredStage])
    );
    const found = all.find(([key, s]) => s.documentId === ref || key === ref);
    if (!found) {
      throw new ParamError(
        name,
        typeof ref === 'string' ? ref : JSON.stringify(ref ?? null),
        journey.stages.map((s) => `${s.documentId} (${journey.key}/${s.key})`)
      );
    }
    return found[1];
  };

  const accept = async (input: AcceptInput): Promise<ApplyResult> => {
    const { uid, locale, journey, minConfidence, intent, access, user } = input;
    const chosen: Chosen[] = [];
    const ownSkips: Array<{ documentId: string; reason: string }> = [];
    let stored = new Map<string, StoredSuggestion>();

    if (input.items !== undefined) {
      if (!Array.isArray(input.items) || !input.items.length || input.items.length > MAX_ITEMS) {
        throw new ParamError(
          'items',
          Array.isArray(input.items) ? `${input.items.length} items` : JSON.stringify(input.items),
          `an array of 1 to ${MAX_ITEMS} { documentId, intent, stage? }`
        );
      }
      const items = input.items as Array<Record<string, unknown>>;
      const ids = items.map((item, i) => {
        if (typeof item?.documentId !== 'string' || !item.documentId) {
          throw new ParamError(
            `items[${i}].documentId`,
            String(item?.documentId ?? ''),
            'a documentId'
          );
        }
        return item.documentId;
      });
      stored = await suggestionsOf(uid, locale, ids);
      for (const [i, item] of items.entries()) {
        const intent = item.intent ?? null;
        if (intent !== null && !isIntent(intent)) {
          throw new ParamError(`items[${i}].intent`, String(intent), [...INTENTS, 'null']);
        }
        const suggestion = stored.get(item.documentId as string);
        const stage =
          item.stage !== undefined && item.stage !== null
            ? await stageRef(item.stage, journey, `items[${i}].stage`)
            : stageOf(journey, intent, intent === suggestion?.intent ? suggestion?.scores : {});
        if (!stage) {
          throw new ParamError(
            `items[${i}].stage`,
            '',
            `a stage: intent "${intent}" points to no stage of journey "${journey.key}"`
          );
        }
        if (minConfidence !== undefined) {
          const above =
            !!suggestion &&
            suggestion.intent !== null &&
            suggestion.intent === intent &&
            suggestion.confidence >= minConfidence;
          if (!above) {
            ownSkips.push({
              documentId: item.documentId as string,
              reason: 'below confidence',
            });
            continue;
          }
        }
        chosen.push({ documentId: item.documentId as string, intent, stage });
      }
    } else {
      if (minConfidence === undefined) {
        throw new ParamError(
          'items',
          '',
          'items to accept, or minConfidence to accept every suggestion of the filter above it'
        );
      }
      const found = await storedFor(
        { uid, locale: locale || undefined, access },
        {
          intent: intent,
          minConfidence,
          limit: MAX_ACCEPT + 1,
        }
      );
      if (found.length > MAX_ACCEPT) {
        throw new ParamError(
          'minConfidence',
          String(minConfidence),
          `a filter matching at most ${MAX_ACCEPT} suggestions (${found.length - 1}+ match); narrow it`
        );
      }
      for (const f of found) {
        stored.set(f.documentId, f.suggestion);
        const stage = stageOf(journey, f.suggestion.intent, f.suggestion.scores);
        if (!stage) {
          ownSkips.push({
            documentId: f.documentId,
            reason: `no stage for ${f.suggestion.intent} in journey ${journey.key}`,
          });
          continue;
        }
        chosen.push({ documentId: f.documentId, intent: f.suggestion.intent, stage });
      }
    }

    const updatable = await input.authorize(chosen.map((c) => c.documentId));
    if (!chosen.length) {
      return {
        changeId: null,
        matched: 0,
        changed: 0,
        unchanged: 0,
        skipped: ownSkips,
        perStage: {},
        written: [],
      };
    }
    const groups = new Map<
      string,
      { documentIds: string[]; stage: StoredStage; intent: Intent | null }
    >();
    for (const c of chosen) {
      const key = `${c.stage.documentId}|${c.intent}`;
      const group = groups.get(key) ?? { documentIds: [], stage: c.stage, intent: c.intent };
      group.documentIds.push(c.documentId);
      groups.set(key, group);
    }
    const result = await getService(strapi, 'tags').apply({
      uid,
      locale: locale || undefined,
      groups: [...groups.values()].map((g) => ({
        documentIds: g.documentIds,
        stages: { add: [g.stage.documentId] },
        intent: g.intent,
      })),
      user,
      kind: 'queue',
      onlyIfUntagged: true,
      // Judged above for every entry; passed on so that a row changed meanwhile is held to it.
      access: { uid, filters: updatable },
      label: `Accepted ${chosen.length} suggestion${chosen.length === 1 ? '' : 's'} (${journey.key})`,
    });

    const skippedIds = new Set(result.skipped.map((s) => s.documentId));
    const accepted = chosen.filter((c) => !skippedIds.has(c.documentId));
    // What the editors chose teaches the classifier (site-term proposals).
    const choices: IntentChoice[] = accepted
      .filter((c): c is Chosen & { intent: Intent } => c.intent !== null)
      .map((c) => {
        const suggestion = stored.get(c.documentId);
        return {
          text: suggestion?.text ?? '',
          language: suggestion?.language ?? 'en',
          suggested: suggestion?.intent ?? null,
          chosen: c.intent,
          kind: suggestion?.intent === c.intent ? 'accept' : 'correct',
          entryType: uid,
          entryDocumentId: c.documentId,
          entryLocale: locale,
          userId: user?.id ?? null,
        };
      });
    await getService(strapi, 'site-terms').recordChoices(choices);
    await forget(
      uid,
      locale,
      accepted.map((c) => c.documentId)
    );
    return { ...result, skipped: [...ownSkips, ...result.skipped] };
  };

  return { accept };
};
