const CRON_FIELDS = [
  { name: 'second', min: 0, max: 59 },
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  {
    name: 'month',
    min: 1,
    max: 12,
    names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
  },
  { name: 'day of week', min: 0, max: 7, names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] },
];

const CRON_NICKNAMES = ['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@hourly'];

/**
 * What is wrong with a cron expression, or null. Strapi's cron only logs a schedule it cannot
 * parse and runs nothing, so a typo would silently stop the snapshots: checked here instead.
 * Five fields (minute first) or six (second first); numbers, names, `*`, ranges, steps, lists.
 */
export const cronProblem = (expression: string): string | null => {
  const trimmed = expression.trim();
  if (CRON_NICKNAMES.includes(trimmed.toLowerCase())) return null;
  const parts = trimmed.split(/\s+/);
  const usage = `must be a cron expression of 5 or 6 fields (second minute hour day month weekday), e.g. "0 5 0 * * *"; got "${expression}"`;
  if (!trimmed || (parts.length !== 5 && parts.length !== 6)) return usage;
  const fields = parts.length === 5 ? CRON_FIELDS.slice(1) : CRON_FIELDS;
  for (const [index, part] of parts.entries()) {
    const field = fields[index];
    const value = (token: string) => {
      const named = field.names?.indexOf(token.toLowerCase()) ?? -1;
      if (named >= 0) return named + (field.name === 'month' ? 1 : 0);
      return /^\d+$/.test(token) ? Number(token) : NaN;
    };
    for (const item of part.split(',')) {
      const [range, step, extra] = item.split('/');
      const badStep = step !== undefined && !(/^\d+$/.test(step) && Number(step) > 0);
      const bounds = range === '*' || range === '?' ? [] : range.split('-');
      const numbers = bounds.map(value);
      const bad =
        extra !== undefined ||
        badStep ||
        bounds.length > 2 ||
        numbers.some((n) => Number.isNaN(n) || n < field.min || n > field.max) ||
        (numbers.length === 2 && numbers[0] > numbers[1]);
      if (bad) {
        return `has a wrong ${field.name} field "${part}" (${field.min}-${field.max}); ${usage}`;
      }
    }
  }
  return null;
};
