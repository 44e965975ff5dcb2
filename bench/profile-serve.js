'use strict';

// bench/profile-cache.ts's server: bench/serve.js plus a count of the SQL statements it runs
// (knex 'query' events), reported over IPC on request, so the profile can say how many
// statements one request of a scenario costs.
const fs = require('fs');
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = process.argv[2];
const serveAdminPanel = fs.existsSync(path.join(appDir, 'build', 'index.html'));
const counts = new Map();
createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel })
  .start()
  .then((strapi) => {
    strapi.db.connection.on('query', (q) => {
      const sql = String(q.sql).replace(/\s+/g, ' ').slice(0, 160);
      counts.set(sql, (counts.get(sql) ?? 0) + 1);
    });
    process.on('message', (message) => {
      if (message === 'counts') process.send({ counts: [...counts] });
      if (message === 'reset') counts.clear();
      if (message === 'exit') process.exit(0);
    });
    process.send?.('ready');
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
