import type { Core } from '@strapi/strapi';

/**
 * The columns Strapi fills for rows it creates itself, for rows written with plain SQL: a
 * documentId from the model's own generator, and publishedAt as a type without draft & publish
 * stores its documents.
 */
export const rowDefaults = (strapi: Core.Strapi, uid: string) => {
  const { attributes } = strapi.db.metadata.get(uid);
  const newDocumentId = (attributes.documentId as unknown as { default: () => string }).default;
  return { document_id: newDocumentId(), ...rowTimestamps(new Date()) };
};

/** rowDefaults without the documentId, for rows that derive theirs. */
export const rowTimestamps = (now: Date) => ({
  created_at: now,
  updated_at: now,
  published_at: now,
});
