import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';
import { writeRetryingOnConflict } from './retry-write';
import { useDocumentMiddleware, type Context, type Next } from './types';

/** Document-service actions that change a document's rows or links. */
const WRITES = ['create', 'update', 'delete', 'publish', 'unpublish', 'discardDraft', 'clone'];

/**
 * Keeps the per-cell counts in step with every document-service write of a journey-aware type,
 * in the write's own transaction: the document's rows are read (locked) before and after, and
 * the difference is added to its cells. Registered after the tag guard, so that it runs inside
 * the transaction the guard opens (and retries) for writes that link stages; other writes get
 * their transaction, and their retry after a deadlock, here.
 */
export const registerCellCounts = (strapi: Core.Strapi) => {
  const cells = () => getService(strapi, 'cells');
  const contentTypes = () => getService(strapi, 'content-types');
  const retrying = writeRetryingOnConflict(strapi);

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

  useDocumentMiddleware(strapi, async (ctx, next) => {
    const context = ctx as Context;
    if (!WRITES.includes(context.action) || !contentTypes().isJourneyAware(context.uid)) {
      return next();
    }
    return retrying(context, () => tracked(context, next));
  });
};
