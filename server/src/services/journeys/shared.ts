import {
  JOURNEY_FIELDS as JOURNEY_VALUE_FIELDS,
  STAGE_FIELDS as STAGE_VALUE_FIELDS,
} from '../../domain/journey-import';
import { ConflictError } from '../../utils/db';

export const STAGE_FIELDS = ['key', ...STAGE_VALUE_FIELDS] as const;
export const REQUIRED_FIELDS = ['key', 'name'];
export const JOURNEY_FIELDS = ['key', ...JOURNEY_VALUE_FIELDS] as const;

export const pick = <T extends object>(source: T, fields: readonly string[]) =>
  Object.fromEntries(
    fields
      .map((f) => [f, (source as Record<string, unknown>)[f]])
      .filter(([, v]) => v !== undefined && v !== null)
  );

export const chunks = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, (i + 1) * size)
  );

export interface WriteOptions {
  /** The admin making the change: recorded as updatedBy, named in a conflict. */
  user?: { id?: number } | null;
}

/** A 409 that carries the row as it is now, so the admin can show it beside their edit. */
export class EditConflictError extends ConflictError {
  name = 'ConflictError';

  constructor(
    message: string,
    public details: { current: unknown }
  ) {
    super(message);
  }
}

export const updatedBy = ({ user }: WriteOptions) => (user?.id ? { updatedBy: user.id } : {});
