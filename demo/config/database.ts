import path from 'path';
import type { Core } from '@strapi/strapi';
import { appRoot } from '../src/utils/paths';

type Client = 'sqlite' | 'postgres' | 'mysql';

export default ({ env }: Core.Config.Shared.ConfigParams): Core.Config.Database => {
  const client = env.oneOf('DATABASE_CLIENT', ['sqlite', 'postgres', 'mysql'], 'sqlite') as Client;

  const ssl = env.bool('DATABASE_SSL', false) && {
    rejectUnauthorized: env.bool('DATABASE_SSL_REJECT_UNAUTHORIZED', true),
  };
  const pool = { min: env.int('DATABASE_POOL_MIN', 0), max: env.int('DATABASE_POOL_MAX', 10) };

  const connections: Record<Client, Core.Config.Database['connection']> = {
    sqlite: {
      client: 'sqlite',
      connection: {
        // Relative names are taken from the demo folder; absolute ones (e.g. /tmp/x.db) as given.
        filename: path.resolve(appRoot(), env('DATABASE_FILENAME', '.tmp/data.db')),
      },
      useNullAsDefault: true,
    },
    postgres: {
      client: 'postgres',
      connection: {
        connectionString: env('DATABASE_URL'),
        host: env('DATABASE_HOST', 'localhost'),
        port: env.int('DATABASE_PORT', 5432),
        database: env('DATABASE_NAME', 'journey_demo'),
        user: env('DATABASE_USERNAME', 'strapi'),
        password: env('DATABASE_PASSWORD', 'strapi'),
        schema: env('DATABASE_SCHEMA', 'public'),
        ssl,
      },
      pool,
    },
    mysql: {
      client: 'mysql',
      connection: {
        host: env('DATABASE_HOST', 'localhost'),
        port: env.int('DATABASE_PORT', 3306),
        database: env('DATABASE_NAME', 'journey_demo'),
        user: env('DATABASE_USERNAME', 'strapi'),
        password: env('DATABASE_PASSWORD', 'strapi'),
        ssl,
      },
      pool,
    },
  };

  return {
    connection: {
      ...connections[client],
      acquireConnectionTimeout: env.int('DATABASE_CONNECTION_TIMEOUT', 60000),
    },
  };
};
