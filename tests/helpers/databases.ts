import { randomBytes } from 'crypto';
import net from 'net';

export type DbName = 'sqlite' | 'postgres' | 'mariadb';
export const ALL_DATABASES: DbName[] = ['sqlite', 'postgres', 'mariadb'];

export interface DbTarget {
  name: DbName;
  /** The `connection` block of a Strapi database config. */
  connection: Record<string, unknown>;
  drop: () => Promise<void>;
}

export const PG = {
  host: process.env.PGHOST ?? '127.0.0.1',
  port: Number(process.env.PGPORT ?? 5432),
  user: process.env.PGUSER ?? 'postgres',
  password: process.env.PGPASSWORD ?? '',
};
export const MARIADB = {
  host: process.env.MYSQL_HOST ?? '127.0.0.1',
  port: Number(process.env.MYSQL_PORT ?? 3306),
  user: process.env.MYSQL_USER ?? 'root',
  password: process.env.MYSQL_PASSWORD ?? '',
};

export const reachable = (host: string, port: number, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

const uniqueName = () => `journey_test_${process.pid}_${randomBytes(3).toString('hex')}`;

/** A fresh, empty database of the given kind, and a function that drops it afterwards. */
export const createDatabase = async (name: DbName, sqliteDir: string): Promise<DbTarget> => {
  if (name === 'sqlite') {
    const filename = `${sqliteDir}/${uniqueName()}.db`;
    return {
      name,
      connection: { client: 'sqlite', connection: { filename }, useNullAsDefault: true },
      drop: async () => {},
    };
  }
  const database = uniqueName();
  if (name === 'postgres') {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Client } = require('pg');
    const admin = new Client({ ...PG, database: 'postgres' });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
    return {
      name,
      connection: { client: 'postgres', connection: { ...PG, database }, pool: { min: 0, max: 5 } },
      drop: async () => {
        const c = new Client({ ...PG, database: 'postgres' });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await c.end();
      },
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const mysql = require('mysql2/promise');
  const admin = await mysql.createConnection(MARIADB);
  await admin.query(`CREATE DATABASE ${database} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  await admin.end();
  return {
    name,
    connection: { client: 'mysql', connection: { ...MARIADB, database }, pool: { min: 0, max: 5 } },
    drop: async () => {
      const c = await mysql.createConnection(MARIADB);
      await c.query(`DROP DATABASE IF EXISTS ${database}`);
      await c.end();
    },
  };
};

/** The database this jest run targets: scripts/test.js runs the integration suite once per database. */
export const currentDatabase = (): DbName => {
  const name = (process.env.JOURNEY_TEST_DB ?? 'sqlite') as DbName;
  if (!ALL_DATABASES.includes(name))
    throw new Error(`JOURNEY_TEST_DB must be one of ${ALL_DATABASES.join(', ')}`);
  return name;
};
