/**
 * `npm run bench:cluster`: two Strapi instances on one PostgreSQL database behind nginx (Debian's
 * package), against one instance alone, with the same load. Needs PostgreSQL; installs nginx
 * (apt-get install nginx-light, or nginx) when it is missing and this runs as root, otherwise
 * says how to.
 *
 *   CLUSTER_DOCUMENTS=100000   documents generated first (default 100,000)
 *   BENCH_LOAD_SECONDS=20      seconds per load run
 */
import { spawn, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { createDatabase, reachable, PG } from '../tests/helpers/databases';
import { loadStrapi, writeBenchApp } from './app';
import { cellsRecount } from './coverage';
import { generate } from './generate';
import { freePort, load, rssMiB, startServer } from './load';
import { ensureDebianBinary, runMain, workDir, writeResult } from './work';

const DOCUMENTS = Number(process.env.CLUSTER_DOCUMENTS ?? 100000);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 20);
const NGINX = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

const WORK = workDir('cluster');
const log = (line: string) => console.log(line);

const PATHS = [
  ['awareness', 'informational'],
  ['consideration', 'commercial'],
  ['decision', 'transactional'],
  ['usage', 'informational'],
  ['loyalty', 'navigational'],
].map(
  ([stage, intent]) =>
    `/api/journey/content?journey=customer&stage=${stage}&intent=${intent}&type=article&pageSize=10`
);

const nginxConfig = (port: number, upstreams: number[]) => `
worker_processes 1;
daemon off;
pid ${WORK}/nginx.pid;
error_log ${WORK}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${WORK}/client_body;
  proxy_temp_path ${WORK}/proxy;
  fastcgi_temp_path ${WORK}/fastcgi;
  uwsgi_temp_path ${WORK}/uwsgi;
  scgi_temp_path ${WORK}/scgi;
  upstream strapi {
${upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://strapi;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
    }
  }
}
`;

const main = async () => {
  if (!(await reachable(PG.host, PG.port))) throw new Error('PostgreSQL is not reachable');
  ensureDebianBinary(NGINX, ['nginx-light', 'nginx'], 'NGINX_PATH');
  const db = await createDatabase('postgres', WORK);
  try {
    const [portA, portB, portNginx] = [await freePort(), await freePort(), await freePort()];
    const dirA = path.join(WORK, 'a');
    const dirB = path.join(WORK, 'b');
    writeBenchApp({ appDir: dirA, connection: db.connection, port: portA });
    writeBenchApp({ appDir: dirB, connection: db.connection, port: portB });

    log(`[cluster] generating ${DOCUMENTS.toLocaleString('en')} documents on PostgreSQL…`);
    const strapi = await loadStrapi(dirA);
    await generate(strapi, { count: DOCUMENTS });
    // Rows written beneath the document service: counts kept per cell are rebuilt first.
    await cellsRecount(strapi)?.();
    const role = (await strapi.db
      .query('plugin::users-permissions.role')
      .findOne({ where: { type: 'public' } })) as { id: number };
    for (const action of ['plugin::journey.content.find', 'api::article.article.find']) {
      await strapi.db
        .query('plugin::users-permissions.permission')
        .create({ data: { action, role: role.id } });
    }
    await strapi.destroy();

    const a = await startServer(dirA, portA, path.join(WORK, 'a.log'));
    const b = await startServer(dirB, portB, path.join(WORK, 'b.log'));
    const conf = path.join(WORK, 'nginx.conf');
    fs.writeFileSync(conf, nginxConfig(portNginx, [portA, portB]));
    const test = spawnSync(NGINX, ['-t', '-c', conf, '-p', WORK], { encoding: 'utf8' });
    if (test.status !== 0) throw new Error(`nginx -t: ${test.stderr}`);
    const nginx = spawn(NGINX, ['-c', conf, '-p', WORK], { stdio: 'inherit' });
    const viaNginx = `http://127.0.0.1:${portNginx}`;
    for (let i = 0; i < 50; i += 1) {
      const ok = await fetch(viaNginx + PATHS[0]).then(
        (r) => r.status === 200,
        () => false
      );
      if (ok) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    try {
      await load(a.url, PATHS, { seconds: 2 });
      await load(viaNginx, PATHS, { seconds: 2 });
      log(`[cluster] ${SECONDS} s each: one instance, then two behind nginx (10 connections)`);
      const single = await load(a.url, PATHS, { seconds: SECONDS });
      const cluster = await load(viaNginx, PATHS, { seconds: SECONDS });
      const memory = { a: rssMiB(a.child.pid as number), b: rssMiB(b.child.pid as number) };
      const result = {
        date: new Date().toISOString(),
        documents: DOCUMENTS,
        database: 'postgres',
        seconds: SECONDS,
        connections: 10,
        machine: { cpus: os.cpus().length, node: process.version },
        single,
        twoBehindNginx: cluster,
        ratio: Math.round((cluster.rps / single.rps) * 100) / 100,
        memoryMiB: memory,
      };
      log('\nsetup                        req/s   p50 ms   p99 ms   non-2xx');
      log(
        `one instance              ${String(single.rps).padStart(8)} ${String(single.p50).padStart(8)} ${String(single.p99).padStart(8)} ${String(single.non2xx).padStart(9)}`
      );
      log(
        `two instances + nginx     ${String(cluster.rps).padStart(8)} ${String(cluster.p50).padStart(8)} ${String(cluster.p99).padStart(8)} ${String(cluster.non2xx).padStart(9)}`
      );
      log(`ratio two/one: ${result.ratio}`);
      writeResult('cluster', result);
      if (single.non2xx || cluster.non2xx || single.errors || cluster.errors) {
        throw new Error('some requests failed');
      }
    } finally {
      nginx.kill('SIGQUIT');
      await a.stop();
      await b.stop();
    }
  } finally {
    await db.drop();
  }
};

runMain(main, WORK);
