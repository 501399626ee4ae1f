import { forbidden, notFound, type RegistryRole } from '@bellwether/core';
import {
  type Database,
  findRegistry,
  findRegistryRoleForUser,
  type Registry,
  type User,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { registryRoleAtLeast } from './roles.js';

/** A registry the caller may act in, with the caller's effective role there. */
export interface RegistryAccess {
  registry: Registry;
  role: RegistryRole;
}

/**
 * Finds a registry of the caller's organization by name and checks the caller's role in it,
 * direct or through a team: 404 when it does not exist, 403 when the caller has no role or too
 * weak a one. Organization admins act as registry admins.
 */
export async function requireRegistryRole(
  db: Kysely<Database>,
  user: User,
  registryName: string,
  needed: RegistryRole,
): Promise<RegistryAccess> {
  const registry = await findRegistry(db, user.orgId, registryName);
  if (!registry) throw notFound(`Registry '${registryName}'`);
  const role = user.isAdmin ? 'admin' : await findRegistryRoleForUser(db, registry.id, user.id);
  if (role === undefined) throw forbidden(`You are not a member of registry '${registryName}'.`);
  if (!registryRoleAtLeast(role, needed)) {
    throw forbidden(
      `This needs the role '${needed}' or higher in registry '${registryName}'; you are '${role}'.`,
    );
  }
  return { registry, role };
}
