import * as yup from 'yup';
import { INTENTS } from '../intents';
import { COLOUR_PATTERN } from '../keys';
import { EMOTIONS } from '../journeys';
import { key, name, stringList, text, translated } from './field-schemas';
import { LIMITS } from './limits';

// Object keys that look like numbers come out 0, 1, 2 before -2, -1: sorted back into the scale.
const EMOTION_MESSAGE = `\${path} must be a whole number from -2 to 2 (${Object.entries(EMOTIONS)
  .sort(([a], [b]) => Number(a) - Number(b))
  .map(([score, label]) => `${score} ${label}`)
  .join(', ')}), or null`;

export const stageSchema = yup
  .object({
    key: key().required(),
    name: name().required(),
    names: translated(),
    description: text(LIMITS.textLength),
    colour: yup
      .string()
      .strict()
      .matches(COLOUR_PATTERN, '${path} must be a hex colour like #4945FF'),
    customerGoal: text(LIMITS.textLength),
    touchpoints: stringList(LIMITS.listItems),
    feelings: text(LIMITS.textLength),
    painPoints: stringList(LIMITS.listItems),
    kpis: stringList(LIMITS.listItems),
    opportunities: stringList(LIMITS.listItems),
    emotion: yup
      .number()
      // A word such as "happy" gets the scale too, not yup's bare type message.
      .typeError(EMOTION_MESSAGE)
      .strict()
      .integer(EMOTION_MESSAGE)
      .min(-2, EMOTION_MESSAGE)
      .max(2, EMOTION_MESSAGE)
      .nullable(),
    nextStages: yup
      .array(key().required())
      .strict()
      .max(LIMITS.stagesPerJourney, '${path} must have at most ${max} stages')
      .test('unique', '${path} names a stage twice', (v) => !v || new Set(v).size === v.length)
      .test('self', '${path} must not name the stage itself', function notSelf(v) {
        return !v || !v.includes((this.parent as { key?: string }).key as string);
      }),
    expectedIntents: yup
      .array(
        yup
          .string()
          .strict()
          .required()
          .oneOf([...INTENTS], `\${path} must be one of: ${INTENTS.join(', ')}`)
      )
      .strict()
      .nullable()
      .test('unique', '${path} names an intent twice', (v) => !v || new Set(v).size === v.length),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

/** The names the analytics beacon sends with a goal event: 'signup', 'purchase', 'newsletter_2'. */
export const GOAL_PATTERN = /^[a-z0-9_-]+$/;

const goalsSchema = yup
  .array(
    yup
      .string()
      .strict()
      .required('${path} must not be empty')
      .max(LIMITS.keyLength, '${path} must be at most ${max} characters')
      .matches(GOAL_PATTERN, '${path} must be lowercase letters, digits, - and _ (like signup)')
  )
  .strict()
  .nullable()
  .max(LIMITS.goalsPerJourney, '${path} must have at most ${max} goals')
  .test('unique', '${path} names a goal twice', (v) => !v || new Set(v).size === v.length);

const intentStagesSchema = yup
  .object(Object.fromEntries(INTENTS.map((i) => [i, text(LIMITS.keyLength).nullable()])))
  .noUnknown(true, `\${path} has an unknown intent: \${unknown}; valid: ${INTENTS.join(', ')}`)
  .default(undefined);

export const journeySchema = yup
  .object({
    key: key().required(),
    name: name().required(),
    names: translated(),
    description: text(LIMITS.textLength),
    intentStages: intentStagesSchema,
    goals: goalsSchema,
    stages: yup
      .array(stageSchema)
      .strict()
      .required()
      .min(1, '${path} needs at least one stage')
      .max(LIMITS.stagesPerJourney, '${path} must have at most ${max} stages'),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

/** A journey as the settings page edits it: its stages have routes of their own. */
export const journeyFieldsSchema = journeySchema.omit(['stages']);

export const journeyListSchema = () =>
  yup
    .array(journeySchema)
    .strict()
    .max(LIMITS.journeys, '${path} must have at most ${max} journeys');
