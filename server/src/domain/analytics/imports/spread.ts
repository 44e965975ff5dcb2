/** The days of a period, 'YYYY-MM-DD' from..to inclusive (UTC). */
export const daysBetween = (from: string, to: string): string[] => {
  const days: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= end; t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
};

/**
 * A period's total as whole counts per day, evenly: 10 over 3 days is 4, 3, 3 (the remainder on
 * the first days), so a filter on part of the period reads its share and the days add up.
 */
export const spreadOverDays = (total: number, days: number): number[] => {
  if (days <= 0) return [];
  const base = Math.floor(total / days);
  const remainder = total - base * days;
  return Array.from({ length: days }, (_, i) => base + (i < remainder ? 1 : 0));
};
