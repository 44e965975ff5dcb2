import request from 'supertest';
import type { Core } from '@strapi/strapi';
import { startApp, type TestApp, type TestAppOptions } from './app';
import { adminToken } from './admin';

/** supertest against an app's HTTP server: admin routes and the content API alike. */
export const httpOf = (strapi: Core.Strapi) => request(strapi.server.httpServer);

/** The Authorization header for a bearer token (an admin JWT or an API token's access key). */
export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

export interface FileApp extends TestApp {
  /** A super admin's JWT from a real login, when booted with `admin: true`. */
  readonly token: string;
  http: () => ReturnType<typeof httpOf>;
}

/**
 * The app a test file runs against: booted in a beforeAll registered here (so before the file's
 * own set-up), stopped after its tests. Its fields can be read inside tests and hooks only.
 */
export const useApp = (options: TestAppOptions & { admin?: boolean } = {}): FileApp => {
  const { admin, ...appOptions } = options;
  let booted: TestApp | undefined;
  let token: string | undefined;
  const live = () => {
    if (!booted) throw new Error('the app is not booted: use it inside a test or a hook');
    return booted;
  };
  beforeAll(async () => {
    booted = await startApp(appOptions);
    if (admin) token = await adminToken(booted.strapi);
  });
  afterAll(async () => {
    await booted?.stop();
  });
  return {
    get strapi() {
      return live().strapi;
    },
    get db() {
      return live().db;
    },
    get appDir() {
      return live().appDir;
    },
    get token() {
      if (!token) throw new Error('no admin token: boot with useApp({ admin: true })');
      return token;
    },
    stop: () => live().stop(),
    http: () => httpOf(live().strapi),
  };
};

/** An API token as Settings › API Tokens creates it; custom tokens carry their permissions. */
export const createApiToken = async (
  strapi: Core.Strapi,
  type: 'read-only' | 'full-access' | 'custom',
  options: { name?: string; permissions?: string[] } = {}
) =>
  (await strapi.service('admin::api-token').create({
    name: options.name ?? `t-${Math.random().toString(36).slice(2, 8)}`,
    type,
    lifespan: null,
    ...(options.permissions ? { permissions: options.permissions } : {}),
  })) as { id: number; accessKey: string };

/** The Authorization header value of a new API token: `Bearer <access key>`. */
export const apiTokenBearer = async (
  strapi: Core.Strapi,
  type: 'read-only' | 'full-access' | 'custom',
  permissions?: string[]
) => `Bearer ${(await createApiToken(strapi, type, { permissions })).accessKey}`;

export type GqlError = {
  message: string;
  extensions?: { code?: string; error?: { details?: { parameter?: string } } };
};
export type GqlBody = { data?: Record<string, unknown> | null; errors?: GqlError[] };

/** POSTs a GraphQL operation to /graphql, with an Authorization header value when given. */
export const postGraphql = async (
  strapi: Core.Strapi,
  query: string,
  variables: Record<string, unknown> = {},
  auth?: string
) => {
  const req = httpOf(strapi).post('/graphql').send({ query, variables });
  if (auth) req.set('Authorization', auth);
  const res = await req;
  return { status: res.status, body: res.body as GqlBody };
};
