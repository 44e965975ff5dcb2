import type { TranslatedText } from '../domain/intents';
import type { JourneyDefinition } from '../domain/journeys';
import b2b from './b2b.json';
import candidate from './candidate.json';
import customer from './customer.json';
import donor from './donor.json';
import investor from './investor.json';

/** A starter is a journeys export file with one journey: adding it is an import like any other. */
export interface StarterFile {
  version: number;
  plugin: string;
  exportedAt: string;
  journeys: JourneyDefinition[];
  siteTerms: unknown[];
}

export interface StarterSummary {
  key: string;
  name: string;
  names?: TranslatedText;
  description?: string;
  stages: number;
}

/** In the order "Add journey" offers them: the B2C default first. */
export const STARTERS: Record<string, StarterFile> = {
  customer: customer as unknown as StarterFile,
  b2b: b2b as unknown as StarterFile,
  candidate: candidate as unknown as StarterFile,
  investor: investor as unknown as StarterFile,
  donor: donor as unknown as StarterFile,
};

export const STARTER_KEYS = Object.keys(STARTERS);

export const starterSummaries = (): StarterSummary[] =>
  Object.entries(STARTERS).map(([key, file]) => {
    const [journey] = file.journeys;
    return {
      key,
      name: journey.name,
      names: journey.names,
      description: journey.description,
      stages: journey.stages.length,
    };
  });

/** A copy: the caller may change it (e.g. the journey key) without touching the module's data. */
export const starterFile = (key: string): StarterFile | undefined =>
  Object.prototype.hasOwnProperty.call(STARTERS, key)
    ? (JSON.parse(JSON.stringify(STARTERS[key])) as StarterFile)
    : undefined;
