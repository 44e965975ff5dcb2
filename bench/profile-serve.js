'use strict';

// bench/profile-cache.ts's server: bench/serve.js plus a count of the SQL statements it runs
// (knex 'query' events), reported over IPC on request, so the profile can say how many
// statements one request of a scenario costs; and a V8 CPU profile of the scenarios alone
// (`cpu-start`, then `{ cpuStop: file }` over IPC, through node:inspector), without the boot.
const fs = require('fs');
const path = require('path');
const inspector = require('inspector');
const { createStrapi } = require('@strapi/strapi');

const appDir = process.argv[2];
const serveAdminPanel = fs.existsSync(path.join(appDir, 'build', 'index.html'));
const counts = new Map();
const times = new Map();
createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel })
  .start()
  .then((strapi) => {
    // Time from knex's 'query' (the connection held) to its 'query-response': the statement's
    // own time on SQLite, whose driver is synchronous, plus the ticks before knex answers.
    const started = new Map();
    const shape = (q) => String(q.sql).replace(/\s+/g, ' ').slice(0, 160);
    strapi.db.connection.on('query', (q) => {
      const sql = shape(q);
      counts.set(sql, (counts.get(sql) ?? 0) + 1);
      started.set(q.__knexQueryUid, process.hrtime.bigint());
    });
    strapi.db.connection.on('query-response', (_response, q) => {
      const t0 = started.get(q.__knexQueryUid);
      if (t0 === undefined) return;
      started.delete(q.__knexQueryUid);
      const sql = shape(q);
      times.set(sql, (times.get(sql) ?? 0) + Number(process.hrtime.bigint() - t0) / 1e6);
    });
    const session = new inspector.Session();
    session.connect();
    process.on('message', (message) => {
      if (message === 'cpu-start') {
        session.post('Profiler.enable', () =>
          session.post('Profiler.start', () => process.send({ cpu: 'started' }))
        );
      }
      if (message && message.cpuStop) {
        session.post('Profiler.stop', (error, result) => {
          if (!error) fs.writeFileSync(message.cpuStop, JSON.stringify(result.profile));
          process.send({ cpu: error ? String(error) : 'stopped' });
        });
      }
      if (message === 'counts') process.send({ counts: [...counts], times: [...times] });
      if (message === 'reset') {
        counts.clear();
        times.clear();
      }
      if (message === 'exit') process.exit(0);
    });
    process.send?.('ready');
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
