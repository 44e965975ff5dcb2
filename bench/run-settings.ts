/** What `npm run bench` measures, from its environment (see run.ts for each variable). */
import type { DbName } from '../tests/helpers/databases';
import { workDir } from './work';

export const smoke = process.env.BENCH_SMOKE === '1';
const numbers = (value: string | undefined, fallback: number[]) =>
  value ? value.split(',').map((v) => Number(v.trim())) : fallback;
export const SIZES = smoke ? [1000] : numbers(process.env.BENCH_SIZES, [10000, 100000]);
export const DBS = (process.env.BENCH_DBS ?? (smoke ? 'sqlite' : 'sqlite,postgres')).split(
  ','
) as DbName[];
export const LOAD_SIZE = smoke ? 1000 : Number(process.env.BENCH_LOAD_SIZE ?? 100000);
export const LOAD_SECONDS = smoke ? 2 : Number(process.env.BENCH_LOAD_SECONDS ?? 20);
export const RUNS = smoke ? 3 : 7;
export const LOAD_DBS = (
  process.env.BENCH_LOAD_DBS ?? (smoke ? 'sqlite' : 'sqlite,postgres')
).split(',') as DbName[];
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Pages per cell in the cold scenario's URL list: real traffic reads the first pages. */
export const MAX_PAGE = Number(process.env.BENCH_MAX_PAGE ?? 200);
export const REVALIDATION_URLS = Number(
  process.env.BENCH_REVALIDATION_URLS ?? (smoke ? 100 : 2000)
);
export const HOT_URLS = Number(process.env.BENCH_HOT_URLS ?? (smoke ? 50 : 500));
export const SKIP_MEMORY = process.env.BENCH_SKIP_MEMORY === '1';
/** The plugin's in-process response cache on (httpcache's `http.responseCache`), for (c). */
export const RESPONSE_CACHE_CONFIG = { http: { responseCache: { enabled: true } } };
export const SQLITE_MMAP = Number(process.env.BENCH_SQLITE_MMAP ?? 0) || undefined;
export const WORK = workDir('run');

export const log = (line: string) => console.log(line);
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
