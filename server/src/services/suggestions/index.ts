import { randomUUID } from 'crypto';
import type { Core } from '@strapi/strapi';
import { stageOf, stageView } from '../../domain/stage-of';
import { KEYWORD_FIELDS } from '../../domain/text-fields';
import { suggestionAccept } from './accept';
import { suggestionJob } from './job';
import { suggestionQueue } from './queue';
import { suggestionRows } from './rows';

export {
  JOB_BATCH,
  jobProgress,
  LEASE_MS,
  SUGGESTION_UID,
  type JobState,
  type ListQuery,
  type Scope,
  type Source,
  type StoredSuggestion,
} from './shared';
export { KEYWORD_FIELDS, stageOf, stageView };
export { MAX_ACCEPT, MAX_ITEMS, type AcceptInput } from './accept';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const instanceId = randomUUID();
  const rows = suggestionRows(strapi);
  const queue = suggestionQueue(strapi, rows);
  const job = suggestionJob(strapi, rows, instanceId);
  return {
    ...queue,
    ...suggestionAccept(strapi, queue),
    ...job,
    instanceId: () => instanceId,
  };
};
