import { AsyncLocalStorage } from 'async_hooks';
import type { Core } from '@strapi/strapi';
import { asConflict, retryOnConflict } from './utils/db';
import { getService } from './utils/get-service';

type Context = {
  uid: string;
  action: string;
  params: { documentId?: string; locale?: string };
};
type Next = () => Promise<unknown>;

/** Document-service actions that change a document's rows or links. */
const WRITES = ['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone'];

// Set while a write is run again after a deadlock, so that the inner run does not retry too.
const rerun = new AsyncLocalStorage<boolean>();

/**
 * Keeps the per-cell counts in step with every document-service write of a journey-aware type,
 * in the write's own transaction: the document's rows are read (locked) before and after, and
 * the difference is added to its cells. Registered after the tag guard, so that it runs inside
 * the transaction the guard opens (and retries) for writes that link stages; other writes get
 * their transaction, and their retry after a deadlock, here.
 */
export const registerCellMiddleware = (strapi: Core.Strapi) => {
  const cells = () => getService(strapi, 'cells');
  const contentTypes = () => getService(strapi, 'content-types');

  const tracked = (context: Context, next: Next) => {
    const { uid, action } = context;
    // A clone leaves its source as it is; the copy is a new document.
    const documentId = action === 'clone' ? undefined : context.params.documentId;
    return cells().track(documentId ? [{ uid, documentIds: [documentId] }] : [], next, (result) => {
      if (documentId) return [];
      const created = (result as { documentId?: unknown } | null)?.documentId;
      return typeof created === 'string' ? [{ uid, documentIds: [created] }] : [];
    });
  };

  const middleware = async (ctx: unknown, next: Next) => {
    const context = ctx as Context;
    if (!WRITES.includes(context.action) || !contentTypes().isJourneyAware(context.uid)) {
      return next();
    }
    const what = `Saving ${context.uid} "${context.params.documentId ?? 'new'}"`;
    if (strapi.db.inTransaction() || rerun.getStore()) {
      return rerun.run(false, () =>
        tracked(context, next).catch((error) => {
          throw asConflict(error, what);
        })
      );
    }
    let first = true;
    const params = context.params;
    return retryOnConflict(strapi, what, () => {
      if (first) {
        first = false;
        return tracked(context, next);
      }
      // The middleware chain cannot be walked twice: run the whole call again.
      const service = strapi.documents(context.uid as never) as unknown as Record<
        string,
        (p: unknown) => Promise<unknown>
      >;
      return rerun.run(true, () => service[context.action](params));
    });
  };
  strapi.documents.use(middleware as unknown as Parameters<typeof strapi.documents.use>[0]);
};
