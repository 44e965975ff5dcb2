import { reachable, PG } from '../tests/helpers/databases';
import { prepare } from './bench-app';
import { benchCoverage, explain } from './coverage';
import { DBS, log, RUNS, seconds, SIZES } from './run-settings';

/** Coverage timed against the SQL floor, per database and size, with the plans of the largest. */
export const coverageRuns = async () => {
  const results = [];
  for (const db of DBS) {
    if (db === 'postgres' && !(await reachable(PG.host, PG.port))) {
      log(`  (PostgreSQL not reachable at ${PG.host}:${PG.port}: skipped)`);
      continue;
    }
    for (const size of SIZES) {
      log(`\n[coverage] ${db}, ${size.toLocaleString('en')} documents: generating…`);
      const { strapi, target, generateMs, rows } = await prepare(
        db,
        size,
        `coverage-${db}-${size}`
      );
      log(`  generated in ${seconds(generateMs)} (${rows.toLocaleString('en')} entry rows)`);
      const timing = await benchCoverage(strapi, RUNS);
      const plans = size === Math.max(...SIZES) ? await explain(strapi) : null;
      log(
        `  coverage service ${timing.pluginMs} ms, floor ${timing.floorMs} ms, ratio ${timing.ratio} (same numbers: ${timing.equal})`
      );
      if (timing.recountMs !== null) {
        log(`  recount ${timing.recountMs} ms (drift ${timing.recountDrift}); coverage equals it`);
      }
      if (plans) {
        plans.plugin.plans.forEach((plan, i) => {
          log(`  plan of the coverage service, statement ${i + 1}:`);
          for (const line of plan) log(`    ${line}`);
        });
        log('  plan of the floor:');
        for (const line of plans.floor.plan) log(`    ${line}`);
      }
      results.push({ db, documents: size, entryRows: rows, generateMs, ...timing, plans });
      await strapi.destroy();
      await target.drop();
    }
  }
  return results;
};
