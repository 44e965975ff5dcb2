/** Shapes of the journeys admin routes (GET /journey/journeys and friends), shared by Settings and the map. */

export interface Stage {
  id: number;
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  colour?: string | null;
  position: number;
  updatedAt?: string;
  opportunities?: string[] | null;
  emotion?: number | null;
  nextStages?: string[] | null;
  [field: string]: unknown;
}

export interface Journey {
  documentId: string;
  key: string;
  name: string;
  names?: Record<string, string> | null;
  description?: string | null;
  intentStages?: Record<string, string | null> | null;
  updatedAt?: string;
  stages: Stage[];
}

export interface Usage {
  contentType: string;
  documents: number;
}

export interface ImportResult {
  dryRun: boolean;
  summary: Record<string, number>;
  changes: Array<{ kind: string; action: string; journey: string; stage?: string }>;
}

/** One entry of GET /journey/starters. */
export interface StarterSummary {
  key: string;
  name: string;
  names?: Record<string, string> | null;
  description?: string | null;
  stages: number;
}

/** The journeys export format (GET /journey/journeys/export); a starter is one of these. */
export interface JourneysFile {
  journeys: Array<Record<string, unknown> & { key: string; name: string }>;
  [field: string]: unknown;
}

interface ApiError {
  response?: {
    status?: number;
    data?: { error?: { name?: string; message?: string; details?: Record<string, unknown> } };
  };
  message?: string;
}

/** The server's error as the admin shows it; `conflict` is the optimistic check's 409. */
export const errorOf = (e: unknown) => {
  const response = (e as ApiError).response;
  const error = response?.data?.error;
  return {
    message: error?.message ?? (e as ApiError).message ?? 'Error',
    details: error?.details,
    conflict: response?.status === 409 || error?.name === 'ConflictError',
  };
};
