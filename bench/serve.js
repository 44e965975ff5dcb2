'use strict';

// A benchmark server: Strapi on the app dir given, in production mode, without the admin panel
// (the benchmark measures the API; the admin's static files are not on that path).
const { createStrapi } = require('@strapi/strapi');

const appDir = process.argv[2];
createStrapi({ appDir, distDir: appDir, autoReload: false, serveAdminPanel: false })
  .start()
  .then(() => process.send?.('ready'))
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
