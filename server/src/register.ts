import { registerDocumentation } from './documentation';
import { registerGraphql } from './graphql';
import type { Core } from '@strapi/strapi';
import { ConfigError, validateConfig, type JourneyPluginConfig } from './domain/config';
import { INTENTS } from './domain/intents';
import { journeyIndexes } from './domain/journey-indexes';
import { registerMigrations } from './migrations';
import { registerPublicCaller } from './auth/public-caller';
import { hasOptedIn, isLocalizedSchema } from './services/content-types';
import { INTENT_FIELD, JOURNEY_UID, PLUGIN_ID, STAGE_UID, STAGES_FIELD } from './utils/constants';

type Schema = {
  collectionName?: string;
  pluginOptions?: Record<string, unknown>;
  attributes: Record<string, unknown>;
  indexes?: Array<{ name: string; columns: string[]; type?: string }>;
};

/**
 * The whole config is validated here rather than in the config loader: Strapi loads plugins and
 * the app's APIs side by side, so only now are the content types known, and the uid checks can
 * be reported together with every other problem.
 */
const checkedConfig = (strapi: Core.Strapi): JourneyPluginConfig => {
  const config = strapi.config.get(`plugin::${PLUGIN_ID}`) as JourneyPluginConfig;
  try {
    validateConfig(config, Object.keys(strapi.contentTypes));
  } catch (error) {
    // The same prefix Strapi's config loader gives a validator's error.
    if (error instanceof ConfigError) {
      throw new Error(`Error regarding ${PLUGIN_ID} config: ${error.message}`);
    }
    throw error;
  }
  return config;
};

/**
 * Adds the journey fields before the schema sync, so the database gets their columns and join
 * table. Tags follow the entry's locale when the type is localized: without the i18n flag on
 * each field, i18n would copy one locale's tags onto every other.
 */
const addJourneyFields = (schema: Schema, client: string) => {
  // Types opted in through the config carry the flag too, so the admin can tell them apart.
  schema.pluginOptions = {
    ...schema.pluginOptions,
    journey: { ...(schema.pluginOptions?.journey as object | undefined), enabled: true },
  };
  const i18n = isLocalizedSchema(schema) ? { i18n: { localized: true } } : {};
  schema.indexes = [
    ...(schema.indexes ?? []),
    ...journeyIndexes(schema.collectionName, isLocalizedSchema(schema), client),
  ];
  Object.assign(schema.attributes, {
    [STAGES_FIELD]: {
      type: 'relation',
      relation: 'manyToMany',
      target: STAGE_UID,
      configurable: false,
      writable: true,
      // Out of the edit form, the list's column picker and the built-in filters, as review
      // workflows does with `strapi_stage`: the Journey panel, column and filters are the one
      // control. REST, the CM API and filters still see the field (visible is admin-only).
      visible: false,
      private: false,
      pluginOptions: { ...i18n },
    },
    [INTENT_FIELD]: {
      type: 'enumeration',
      enum: [...INTENTS],
      configurable: false,
      writable: true,
      visible: false,
      private: false,
      pluginOptions: { ...i18n },
    },
  });
  return schema;
};

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const fromConfig = checkedConfig(strapi).contentTypes;
  const client = String(strapi.config.get('database.connection.client') ?? '');
  for (const [uid, schema] of Object.entries(strapi.contentTypes)) {
    if (uid === JOURNEY_UID || uid === STAGE_UID) continue;
    if (!fromConfig.includes(uid) && !hasOptedIn(schema as Schema)) continue;
    strapi
      .get('content-types')
      .extend(uid, (contentType: Schema) => addJourneyFields(contentType, client));
  }
  registerDocumentation(strapi);
  registerGraphql(strapi);
  registerMigrations(strapi);
  registerPublicCaller(strapi);
};
