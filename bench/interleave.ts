import { loadFrom, type LoadResult, type Next } from './load';

type Side = { name: string; url: string; next: () => Next };

/** Alternating rounds of `sides`, each side continuing from where its last round stopped. */
export const interleave = async (
  sides: Side[],
  { seconds, rounds, connections = 10 }: { seconds: number; rounds: number; connections?: number }
) => {
  const results = new Map<string, LoadResult[]>(sides.map((s) => [s.name, []]));
  for (let i = 0; i < rounds; i += 1) {
    for (const side of sides) {
      results
        .get(side.name)
        ?.push(await loadFrom(side.url, side.next, { seconds: seconds / rounds, connections }));
    }
  }
  return Object.fromEntries([...results].map(([name, r]) => [name, combine(r)]));
};

/** Rounds summed: mean rate, the worst round's latency, every request and failure counted. */
const combine = (r: LoadResult[]): LoadResult & { rounds: LoadResult[] } => ({
  rps: Math.round(r.reduce((s, x) => s + x.rps, 0) / r.length),
  p50: Math.max(...r.map((x) => x.p50)),
  p99: Math.max(...r.map((x) => x.p99)),
  requests: r.reduce((s, x) => s + x.requests, 0),
  non2xx: r.reduce((s, x) => s + x.non2xx, 0),
  errors: r.reduce((s, x) => s + x.errors, 0),
  statuses: {
    '2xx': r.reduce((s, x) => s + x.statuses['2xx'], 0),
    '3xx': r.reduce((s, x) => s + x.statuses['3xx'], 0),
    '4xx': r.reduce((s, x) => s + x.statuses['4xx'], 0),
    '5xx': r.reduce((s, x) => s + x.statuses['5xx'], 0),
  },
  cache: r.reduce<Record<string, number>>((all, x) => {
    for (const [k, v] of Object.entries(x.cache ?? {})) all[k] = (all[k] ?? 0) + v;
    return all;
  }, {}),
  rounds: r,
});

export const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 100) / 100 : null);

/** Share of a scenario's answers that carried `X-Journey-Cache: <answer>`. */
export const cacheShare = (r: LoadResult, answer: string) =>
  ratio(r.cache?.[answer] ?? 0, r.requests);
/** Below this share of hits (c) is reported as a problem: the cache did not answer. */
export const MIN_HIT_SHARE = 0.95;
export const same = (path: string) => () => ({ path });

/** Every response of a scenario must be a success; a 304 is one where it is expected. */
export const failures = (name: string, r: LoadResult, allowed: Array<'2xx' | '3xx'> = ['2xx']) => {
  const bad = r.requests - allowed.reduce((s, k) => s + r.statuses[k], 0);
  return bad > 0 || r.errors ? [`${name}: ${bad} unexpected responses, ${r.errors} errors`] : [];
};
