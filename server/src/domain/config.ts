import * as yup from 'yup';
import { INTENTS, LANGUAGES } from './intents';
import { COLOUR_PATTERN, keyProblem } from './keys';
import { DEFAULT_JOURNEYS, type JourneyDefinition } from './journeys';

export interface IntentConfig {
  terms?: Partial<Record<string, Partial<Record<string, string[]>>>>;
  brands?: string[];
  places?: string[];
}

export interface JourneyPluginConfig {
  /** Content-type uids opted in by config, besides those with `pluginOptions.journey.enabled`. */
  contentTypes: string[];
  /**
   * Journeys created on first boot; after that they are data the admins own. Absent means the
   * default customer journey: it is not in the default config because Strapi deep-merges the app's
   * config over the default, which would splice the default stages into the app's own journeys.
   */
  journeys?: JourneyDefinition[];
  /** Coverage cells with fewer published documents than this are "thin". */
  thinThreshold: number;
  intent: IntentConfig;
}

export const DEFAULT_CONFIG: JourneyPluginConfig = {
  contentTypes: [],
  thinThreshold: 2,
  intent: { terms: {}, brands: [], places: [] },
};

const key = () =>
  yup
    .string()
    .strict()
    .test('key', '${path} ${message}', function check(value) {
      const problem = keyProblem(value);
      return problem ? this.createError({ message: `\${path} ${problem}` }) : true;
    });

const translated = () =>
  yup
    .object(Object.fromEntries(LANGUAGES.map((l) => [l, yup.string().strict()])))
    .noUnknown(true, `\${path} has an unknown language; valid: ${LANGUAGES.join(', ')}`)
    .default(undefined);

const stringList = () => yup.array(yup.string().strict().min(1)).strict();

export const stageSchema = yup
  .object({
    key: key().required(),
    name: yup.string().strict().required(),
    names: translated(),
    description: yup.string().strict(),
    colour: yup
      .string()
      .strict()
      .matches(COLOUR_PATTERN, '${path} must be a hex colour like #4945FF'),
    customerGoal: yup.string().strict(),
    touchpoints: stringList(),
    feelings: yup.string().strict(),
    painPoints: stringList(),
    kpis: stringList(),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

const intentStagesSchema = yup
  .object(Object.fromEntries(INTENTS.map((i) => [i, yup.string().strict().nullable()])))
  .noUnknown(true, `\${path} has an unknown intent: \${unknown}; valid: ${INTENTS.join(', ')}`)
  .default(undefined);

export const journeySchema = yup
  .object({
    key: key().required(),
    name: yup.string().strict().required(),
    names: translated(),
    description: yup.string().strict(),
    intentStages: intentStagesSchema,
    stages: yup.array(stageSchema).strict().required().min(1, '${path} needs at least one stage'),
  })
  .noUnknown(true, '${path} has an unknown key: ${unknown}');

/** A journey as the settings page edits it: its stages have routes of their own. */
export const journeyFieldsSchema = journeySchema.omit(['stages']);

const termsPerIntent = yup
  .object(Object.fromEntries(INTENTS.map((i) => [i, stringList()])))
  .noUnknown(true, `\${path} has an unknown intent: \${unknown}; valid: ${INTENTS.join(', ')}`);

const configSchema = yup
  .object({
    contentTypes: yup
      .array(
        yup
          .string()
          .strict()
          .matches(
            /^(api|plugin)::[\w-]+\.[\w-]+$/,
            '${path} must be a content-type uid like api::article.article'
          )
      )
      .strict(),
    journeys: yup.array(journeySchema).strict(),
    thinThreshold: yup.number().strict().integer().min(0),
    intent: yup
      .object({
        terms: yup
          .object(Object.fromEntries(LANGUAGES.map((l) => [l, termsPerIntent])))
          .noUnknown(
            true,
            `\${path} has an unknown language: \${unknown}; valid: ${LANGUAGES.join(', ')}`
          ),
        brands: stringList(),
        places: stringList(),
      })
      .noUnknown(true, '${path} has an unknown key: ${unknown}'),
  })
  .noUnknown(true, 'the plugin config has an unknown key: ${unknown}');

const duplicates = (values: string[]): string[] =>
  values.filter((value, index) => values.indexOf(value) !== index);

/** Checks that need the whole journey: unique stage keys and mappings onto existing stages. */
export const journeyProblems = (journey: JourneyDefinition, path: string): string[] => {
  const problems: string[] = [];
  const stageKeys = (journey.stages ?? []).map((s) => s.key);
  for (const dup of new Set(duplicates(stageKeys))) {
    const index = stageKeys.lastIndexOf(dup);
    problems.push(
      `${path}.stages[${index}].key: duplicate stage key "${dup}" in journey "${journey.key}"`
    );
  }
  for (const [intent, stage] of Object.entries(journey.intentStages ?? {})) {
    if (stage && !stageKeys.includes(stage)) {
      problems.push(
        `${path}.intentStages.${intent}: unknown stage key "${stage}"; stages of "${journey.key}": ${stageKeys.join(', ')}`
      );
    }
  }
  return problems;
};

export const journeysProblems = (journeys: JourneyDefinition[], path: string): string[] => {
  const problems: string[] = [];
  const keys = journeys.map((j) => j.key);
  for (const dup of new Set(duplicates(keys))) {
    problems.push(`${path}[${keys.lastIndexOf(dup)}].key: duplicate journey key "${dup}"`);
  }
  journeys.forEach((j, i) => problems.push(...journeyProblems(j, `${path}[${i}]`)));
  return problems;
};

export const schemaProblems = (schema: yup.AnySchema, value: unknown, prefix = ''): string[] => {
  try {
    schema.validateSync(value, { abortEarly: false, strict: true });
    return [];
  } catch (error) {
    if (!(error instanceof yup.ValidationError)) throw error;
    const errors = error.inner.length ? error.inner : [error];
    return errors.map((e) => {
      const message = e.message.startsWith('this') ? e.message.slice(5) : e.message;
      return prefix ? `${prefix}${message.startsWith('[') ? '' : '.'}${message}` : message;
    });
  }
};

/** Every problem with a plugin config, each naming the key; empty when the config is valid. */
export const configProblems = (config: unknown): string[] => {
  const problems = schemaProblems(configSchema, config);
  if (problems.length) return problems;
  const { journeys = [], contentTypes = [] } = config as Partial<JourneyPluginConfig>;
  problems.push(...journeysProblems(journeys, 'journeys'));
  for (const dup of new Set(duplicates(contentTypes))) {
    problems.push(`contentTypes[${contentTypes.lastIndexOf(dup)}]: duplicate uid "${dup}"`);
  }
  return problems;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid config for plugin "journey":\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const configuredJourneys = (config: Pick<JourneyPluginConfig, 'journeys'>) =>
  config.journeys ?? DEFAULT_JOURNEYS;

export const validateConfig = (config: unknown): void => {
  const problems = configProblems(config);
  if (problems.length) throw new ConfigError(problems);
};
