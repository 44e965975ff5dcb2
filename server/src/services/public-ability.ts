import type { Core } from '@strapi/strapi';
import { getService } from '../utils/get-service';

/** What a Strapi auth strategy's `authenticate` answers. */
export interface AuthResult {
  authenticated: boolean;
  credentials?: null;
  ability?: unknown;
}

type PermissionService = {
  findPublicPermissions: () => Promise<unknown[]>;
  toContentAPIPermission: (permission: unknown) => unknown;
};

type ContentApi = {
  permissions: { engine: { generateAbility: (permissions: unknown[]) => Promise<unknown> } };
};

/**
 * The public role's ability, built the way Users & Permissions builds it for a request without
 * credentials (its permissions read, a CASL ability generated), once per settings version instead
 * of once per request. Every write to a role, a permission or an API token moves that version
 * (settings-cache.ts, in the write's own transaction), so a revoke is seen by the next request on
 * this instance and, on another instance, as soon as it sees the version move: the same bound
 * the response cache's answers already have.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let kept: { version: string; result: AuthResult } | null = null;
  let building: { version: string; promise: Promise<AuthResult> } | null = null;

  const build = async (): Promise<AuthResult> => {
    const permissions = strapi
      .plugin('users-permissions')
      .service('permission') as unknown as PermissionService;
    const found = await permissions.findPublicPermissions();
    if (found.length === 0) return { authenticated: false };
    const ability = await (
      strapi.contentAPI as unknown as ContentApi
    ).permissions.engine.generateAbility(
      found.map((permission) => permissions.toContentAPIPermission(permission))
    );
    return { authenticated: true, credentials: null, ability };
  };

  return {
    /**
     * `versionRead` is the settings version read before authentication began (the response
     * cache's middleware reads it); the version must be read before the permissions, or a revoke
     * committed in between would leave the old ability kept under the new version.
     */
    async authenticate(versionRead?: string): Promise<AuthResult> {
      const version = versionRead ?? (await getService(strapi, 'settings-cache').get()).version;
      if (kept?.version === version) return kept.result;
      // Concurrent cold requests share one read instead of each building the same ability.
      let current = building?.version === version ? building.promise : null;
      if (!current) {
        const promise = build();
        current = promise;
        building = { version, promise };
        promise.then(
          (result) => {
            if (building?.promise !== promise) return;
            kept = { version, result };
            building = null;
          },
          () => {
            if (building?.promise === promise) building = null;
          }
        );
      }
      try {
        return await current;
      } catch {
        // As Users & Permissions answers a failure to read the public permissions.
        return { authenticated: false };
      }
    },
  };
};
