'use strict';

// A benchmark server: Strapi on the app dir given, in production mode, serving the admin panel
// when one was built into the app dir (bench/app.ts buildAdmin), as a deployed Strapi does.
const fs = require('fs');
const path = require('path');
const { createStrapi } = require('@strapi/strapi');

const appDir = process.argv[2];
const serveAdminPanel = fs.existsSync(path.join(appDir, 'build', 'index.html'));
createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel })
  .start()
  .then(() => process.send?.('ready'))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
