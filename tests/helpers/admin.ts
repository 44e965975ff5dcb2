import request from 'supertest';
import type { Core } from '@strapi/strapi';

const PASSWORD = 'Test-password-1';

/** Creates an admin user with the given role (super admin by default) and logs in over HTTP. */
export const adminToken = async (
  strapi: Core.Strapi,
  options: { email?: string; roleId?: number; roleIds?: number[] } = {}
) => {
  const email = options.email ?? `admin-${Math.random().toString(36).slice(2, 8)}@journey.test`;
  let roleId = options.roleId;
  if (!roleId && !options.roleIds) {
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
    roles: options.roleIds ?? [roleId],
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

export interface GrantedPermission {
  action: string;
  subject?: string | null;
  /** `fields`: the readable fields (undefined: all); `locales`: the locales (null: all). */
  properties?: { fields?: string[]; locales?: string[] | null };
  /** Condition ids, e.g. `admin::is-creator`. */
  conditions?: string[];
}

/**
 * A role with these permissions, through the same admin service the role editor uses, so
 * i18n's locale handler and the RBAC conditions apply as they do in a real app.
 */
export const createRoleWith = async (
  strapi: Core.Strapi,
  name: string,
  permissions: GrantedPermission[]
) => {
  const role = await strapi.service('admin::role').create({ name, description: name });
  await strapi.service('admin::role').assignPermissions(
    role.id,
    permissions.map((p) => ({
      action: p.action,
      subject: p.subject ?? null,
      properties: p.properties ?? {},
      conditions: p.conditions ?? [],
    }))
  );
  return role.id as number;
};

/** Content-manager read on one type: the permission the role editor's "Read" box grants. */
export const cmRead = (
  subject: string,
  options: Pick<GrantedPermission, 'conditions'> & GrantedPermission['properties'] = {}
): GrantedPermission => ({
  action: 'plugin::content-manager.explorer.read',
  subject,
  properties: {
    ...(options.fields ? { fields: options.fields } : {}),
    locales: options.locales ?? null,
  },
  conditions: options.conditions ?? [],
});

/** Content-manager update on one type: the role editor's "Update" box (all locales by default). */
export const cmUpdate = (
  subject: string,
  options: Pick<GrantedPermission, 'conditions'> & GrantedPermission['properties'] = {}
): GrantedPermission => ({
  action: 'plugin::content-manager.explorer.update',
  subject,
  properties: { locales: options.locales ?? null },
  conditions: options.conditions ?? [],
});

/** Creates an admin with the role(s) and returns both its id and a JWT from a real login. */
export const adminWithRole = async (strapi: Core.Strapi, roles: number | number[]) => {
  const email = `user-${Math.random().toString(36).slice(2, 8)}@journey.test`;
  const token = await adminToken(strapi, { email, roleIds: [roles].flat() });
  const user = await strapi.db.query('admin::user').findOne({ where: { email } });
  return { id: user.id as number, token };
};
