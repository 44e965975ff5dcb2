import type { coverageRuns } from './coverage-runs';
import type { LoadResult } from './load';
import type { LoadRun } from './load-run';
import { log, RUNS } from './run-settings';

const row = (label: string, r: LoadResult | undefined) =>
  r &&
  log(
    `${label.padEnd(34)} ${String(r.rps).padStart(7)} ${String(r.p50).padStart(8)} ${String(r.p99).padStart(8)} ${String(r.requests).padStart(9)} ${String(r.statuses['3xx']).padStart(6)} ${String(r.requests - r.statuses['2xx'] - r.statuses['3xx'] + r.errors).padStart(7)}`
  );

const answers = (r: LoadResult) =>
  Object.entries(r.cache ?? {})
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || '(not counted)';

export const printLoad = (h: LoadRun) => {
  log(
    `\n=== ${h.db}, ${h.documents.toLocaleString('en')} documents, ${h.connections} connections, ${h.rounds} alternating rounds, ${h.seconds} s per side ===`
  );
  log('                                     req/s   p50 ms   p99 ms  requests    3xx  failed');
  log(
    `(a) cache cold (${h.cold.distinctUrls.toLocaleString('en')} distinct URLs; repeats: ${Object.entries(
      h.cold.repeats
    )
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')})`
  );
  row('  journey /api/journey/content', h.cold.journey);
  row('  native /api/{articles,guides}', h.cold.native);
  row('  floor (node:http, cells total)', h.cold.floor);
  row('  floor with COUNT total', h.cold.floorCount);
  log(
    `  journey ÷ floor: ${h.cold.journeyOverFloor}   journey ÷ floor with COUNT: ${h.cold.journeyOverFloorCount}   journey ÷ native: ${h.cold.journeyOverNative}`
  );
  log('  one connection (no queueing):');
  row('    journey', h.cold.singleConnection.journey);
  row('    native', h.cold.singleConnection.native);
  row('    floor', h.cold.singleConnection.floor);
  row('    floor with COUNT', h.cold.singleConnection.floorCount);
  log(
    `headers: ETag ${h.headers.etag ? 'yes' : 'no'}, Cache-Control ${h.headers.cacheControl ?? '(none)'}, Surrogate-Key ${h.headers.surrogateKey ? 'yes' : 'no'}`
  );
  if (h.revalidation.available) {
    log(
      `(b) revalidation, If-None-Match on ${h.revalidation.urls} URLs (304 share ${h.revalidation.share304})`
    );
    row('  journey, 304', h.revalidation.result as LoadResult);
    log(`  X-Journey-Cache: ${answers(h.revalidation.result as LoadResult)}`);
  } else log('(b) revalidation (304): not available in this build');
  if (h.responseCache.available) {
    log(`(c) in-process cache hits on ${h.responseCache.urls} URLs`);
    row('  journey, cached', h.responseCache.result as LoadResult);
    log(`  X-Journey-Cache: ${answers(h.responseCache.result as LoadResult)}`);
  } else log('(c) in-process cache hits: not available in this build');
  log("(d) the framework's floor");
  row('  /_health', h.health);
  if (h.memoryMiB) {
    log(
      `resident memory MiB: with the plugin idle ${h.memoryMiB.withPlugin.idle}, after load ${h.memoryMiB.withPlugin.afterLoad}; without idle ${h.memoryMiB.withoutPlugin.idle}, after load ${h.memoryMiB.withoutPlugin.afterLoad}`
    );
  }
};

export const printCoverage = (coverage: Awaited<ReturnType<typeof coverageRuns>>) => {
  log('\n=== coverage: service vs hand-written SQL floor (median of ' + RUNS + ' runs) ===');
  log('db        documents   entry rows   service ms   floor ms   ratio   recount ms   equal');
  for (const c of coverage) {
    log(
      `${c.db.padEnd(9)} ${String(c.documents).padStart(9)} ${String(c.entryRows).padStart(12)} ${String(c.pluginMs).padStart(12)} ${String(c.floorMs).padStart(10)} ${String(c.ratio).padStart(7)} ${String(c.recountMs ?? '-').padStart(12)} ${String(c.equal).padStart(7)}`
    );
  }
};
