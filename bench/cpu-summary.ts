/**
 * The top costs of a V8 CPU profile (`node --cpu-prof`): self time by where the code lives
 * (SQLite's native calls, the database layer, Strapi, Koa, lodash, this plugin, Node, GC) and the
 * functions with the most self time. `npx tsx bench/cpu-summary.ts <file.cpuprofile> [requests]`;
 * with the number of requests the profile served, times are also given per request.
 */
import fs from 'fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives, by its script's path (native calls have none). */
const placeOf = (frame: ProfileNode['callFrame']) => {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 / native (program)';
    // better-sqlite3's Statement#all/get/run and Database#prepare are native: SQLite itself.
    if (['all', 'get', 'run', 'prepare', 'iterate', 'pluck', 'raw'].includes(functionName))
      return 'SQLite (native: prepare and run statements)';
    return `native ${functionName || '(anonymous)'}`;
  }
  const rules: Array<[RegExp, string]> = [
    [/strapi-plugin-journey|\/work\/[^/]+\/dist\/server|\/dist\/server\/index/, 'this plugin'],
    [/node_modules\/better-sqlite3\//, 'better-sqlite3 (JS)'],
    [/node_modules\/(pg|pg-protocol|pg-pool|pg-types)\//, 'pg driver (JS)'],
    [/node_modules\/knex\//, 'knex'],
    [/node_modules\/@strapi\/database\//, '@strapi/database'],
    [/node_modules\/@strapi\/core\//, '@strapi/core'],
    [/node_modules\/@strapi\/utils\//, '@strapi/utils'],
    [/node_modules\/@strapi\/plugin-users-permissions\//, 'users-permissions'],
    [/node_modules\/@strapi\/admin\//, '@strapi/admin'],
    [/node_modules\/@strapi\//, 'other @strapi'],
    [/node_modules\/(lodash|lodash-es)\//, 'lodash'],
    [/node_modules\/(@casl|sift)\//, 'CASL'],
    [/node_modules\/(koa|@koa|koa-[^/]+)\//, 'Koa'],
    [/node_modules\/(yup|qs)\//, 'yup / qs'],
    [/^node:|^internal\//, 'Node'],
  ];
  for (const [pattern, name] of rules) if (pattern.test(url)) return name;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  return pkg ? pkg[1] : url.replace(/^file:\/\//, '');
};

export const summarize = (file: string, requests?: number) => {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const places = new Map<string, number>();
  const functions = new Map<string, number>();
  let busy = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    const place = placeOf(node.callFrame);
    if (place === 'idle') continue;
    busy += us;
    places.set(place, (places.get(place) ?? 0) + us);
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'}  ${place}${f.url ? ` ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber + 1}` : ''}`;
    functions.set(name, (functions.get(name) ?? 0) + us);
  }
  const ms = (us: number) => (us / 1000).toFixed(0);
  const per = (us: number) =>
    requests ? ` ${(us / 1000 / requests).toFixed(3).padStart(7)} ms/req` : '';
  const pct = (us: number) => `${((100 * us) / busy).toFixed(1).padStart(5)}%`;
  const lines = [
    `busy (not idle) ${ms(busy)} ms of ${ms(profile.endTime - profile.startTime)} ms profiled${requests ? `; ${requests} requests, ${(busy / 1000 / requests).toFixed(2)} ms busy per request` : ''}`,
    'self time by place:',
    ...[...places]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 16)
      .map(([place, us]) => `  ${pct(us)} ${ms(us).padStart(7)} ms${per(us)}  ${place}`),
    'functions with the most self time:',
    ...[...functions]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([name, us]) => `  ${pct(us)} ${ms(us).padStart(7)} ms${per(us)}  ${name}`),
  ];
  return lines;
};

if (require.main === module) {
  const [file, requests] = process.argv.slice(2);
  if (!file) {
    console.error('usage: npx tsx bench/cpu-summary.ts <file.cpuprofile> [requests]');
    process.exit(2);
  }
  for (const line of summarize(file, requests ? Number(requests) : undefined)) console.log(line);
}
