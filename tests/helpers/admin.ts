import request from 'supertest';
import type { Core } from '@strapi/strapi';

const PASSWORD = 'Test-password-1';

/** Creates an admin user with the given role (super admin by default) and logs in over HTTP. */
export const adminToken = async (
  strapi: Core.Strapi,
  options: { email?: string; roleId?: number } = {}
) => {
  const email = options.email ?? `admin-${Math.random().toString(36).slice(2, 8)}@journey.test`;
  let roleId = options.roleId;
  if (!roleId) {
    const roles = strapi.service('admin::role');
    if (!(await roles.getSuperAdmin())) await roles.createRolesIfNoneExist();
    roleId = (await roles.getSuperAdmin()).id as number;
  }
  await strapi.service('admin::user').create({
    email,
    firstname: 'Test',
    lastname: 'Admin',
    password: PASSWORD,
    isActive: true,
    roles: [roleId],
  });
  const res = await request(strapi.server.httpServer)
    .post('/admin/login')
    .send({ email, password: PASSWORD });
  if (res.status !== 200)
    throw new Error(`admin login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.token as string;
};

/** A role with exactly the given admin permissions (action uids). */
export const createRole = async (strapi: Core.Strapi, name: string, actions: string[]) => {
  const role = await strapi.service('admin::role').create({ name, description: name });
  if (actions.length) {
    await strapi.service('admin::role').assignPermissions(
      role.id,
      actions.map((action) => ({ action, subject: null, properties: {}, conditions: [] }))
    );
  }
  return role.id as number;
};
