import fs from 'fs';
import path from 'path';
import type { Core } from '@strapi/strapi';
import { seedDemo } from './seed';
import { pluginRoot } from './utils/paths';

/** Where the storefront (demo/public/storefront) imports the plugin's client from. */
const STOREFRONT_CLIENT_PATH = '/storefront/vendor/journey-client.js';

export default {
  /**
   * The storefront loads the client's ESM build from the plugin's dist/, served as it is, rather
   * than a copy in public/: a copy would go stale after `npm run build:client` and would sit in the
   * source tree for lint and prettier to trip over. The build is the client and the tracker it
   * imports as `./tracker.js`, which the browser asks for beside it.
   */
  register({ strapi }: { strapi: Core.Strapi }) {
    const dir = path.join(pluginRoot(), 'dist/client/esm/client/src');
    const vendor = path.posix.dirname(STOREFRONT_CLIENT_PATH);
    const files: Record<string, string> = {
      [STOREFRONT_CLIENT_PATH]: path.join(dir, 'index.js'),
      [`${vendor}/tracker.js`]: path.join(dir, 'tracker.js'),
    };
    strapi.server.routes(
      Object.entries(files).map(([routePath, file]) => ({
        method: 'GET',
        path: routePath,
        handler: (ctx: {
          type: string;
          body: unknown;
          status: number;
          set: (name: string, value: string) => void;
        }) => {
          if (!fs.existsSync(file)) {
            ctx.status = 404;
            ctx.body = 'The client is not built: npm run build:client';
            return;
          }
          ctx.type = 'text/javascript; charset=utf-8';
          ctx.set('Cache-Control', 'no-cache');
          ctx.body = fs.createReadStream(file);
        },
        config: { auth: false },
      })) as never
    );
  },

  /** Runs after the plugins' bootstrap, so the journey plugin has seeded its customer journey. */
  async bootstrap({ strapi }: { strapi: Core.Strapi }) {
    await seedDemo(strapi);
  },
};
