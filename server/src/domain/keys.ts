/** Keys are what frontends and filters use; they stay URL-safe and stable, unlike names. */
export const KEY_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const KEY_MAX_LENGTH = 64;

export const keyProblem = (key: unknown): string | null => {
  if (typeof key !== 'string' || key.length === 0) return 'must be a non-empty string';
  if (key.length > KEY_MAX_LENGTH) return `must be at most ${KEY_MAX_LENGTH} characters`;
  if (!KEY_PATTERN.test(key)) {
    return 'must be a lowercase slug (a-z, 0-9 and single hyphens, starting with a letter)';
  }
  return null;
};

/** Stage colours come from the design-system palette, so badges read alike in light and dark. */
export const STAGE_COLOURS = [
  '#4945FF',
  '#7B79FF',
  '#0C75AF',
  '#02AFE6',
  '#328048',
  '#5CB176',
  '#D9822F',
  '#EE5E52',
  '#AC73E6',
  '#666687',
] as const;

export const COLOUR_PATTERN = /^#[0-9A-Fa-f]{6}$/;
