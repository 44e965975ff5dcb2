import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { asConflict, retryOnConflict } from '../utils/db';
import type { Context } from './types';

/**
 * Runs a document-service write in a transaction of its own, retried after a deadlock, unless it
 * already runs in one (then a conflict is only renamed for the caller). Each middleware that
 * calls this gets its own marker of "run again", so that the inner run does not retry too.
 */
export const writeRetryingOnConflict = (strapi: Core.Strapi) => {
  const rerun = new AsyncLocalStorage<boolean>();
  return (context: Context, write: () => Promise<unknown>) => {
    const what = `Saving ${context.uid} "${context.params.documentId ?? 'new'}"`;
    if (strapi.db.inTransaction() || rerun.getStore()) {
      return rerun.run(false, () =>
        write().catch((error) => {
          throw asConflict(error, what);
        })
      );
    }
    let first = true;
    const params = context.params;
    return retryOnConflict(strapi, what, () => {
      if (first) {
        first = false;
        return write();
      }
      // The middleware chain cannot be walked twice: run the whole call again.
      const service = strapi.documents(context.uid as never) as unknown as Record<
        string,
        (p: unknown) => Promise<unknown>
      >;
      return rerun.run(true, () => service[context.action](params));
    });
  };
};
