import { JOURNEY_UID, STAGE_UID } from '../../utils/constants';
import { configSchema } from './config-schema';
import { journeysProblems } from './journey-problems';
import { duplicates, isRecord, schemaProblems } from './schema-problems';

const contentTypeProblems = (contentTypes: unknown, knownUids?: readonly string[]): string[] => {
  if (!Array.isArray(contentTypes)) return [];
  const problems: string[] = [];
  contentTypes.forEach((uid, index) => {
    if (typeof uid !== 'string') return;
    if (uid === JOURNEY_UID || uid === STAGE_UID) {
      problems.push(
        `contentTypes[${index}]: "${uid}" is the plugin's own type and cannot be tagged`
      );
    } else if (knownUids && !knownUids.includes(uid)) {
      problems.push(`contentTypes[${index}]: content type "${uid}" does not exist`);
    }
  });
  for (const dup of new Set(duplicates(contentTypes.filter((u) => typeof u === 'string')))) {
    problems.push(`contentTypes[${contentTypes.lastIndexOf(dup)}]: duplicate uid "${dup}"`);
  }
  return problems;
};

/**
 * Every problem with a plugin config, each naming the key; empty when the config is valid.
 * The whole config is checked, shape and meaning alike, so one boot shows every mistake.
 * `knownUids` are the app's content types: given once they are loaded (in register), the
 * configured uids are checked against them too.
 */
export const configProblems = (config: unknown, knownUids?: readonly string[]): string[] => {
  const problems = schemaProblems(configSchema, config);
  if (!isRecord(config)) return problems;
  problems.push(...journeysProblems(config.journeys, 'journeys'));
  problems.push(...contentTypeProblems(config.contentTypes, knownUids));
  return problems;
};

export class ConfigError extends Error {
  constructor(public readonly problems: string[]) {
    super(`Invalid config for plugin "journey":\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export const validateConfig = (config: unknown, knownUids?: readonly string[]): void => {
  const problems = configProblems(config, knownUids);
  if (problems.length) throw new ConfigError(problems);
};
