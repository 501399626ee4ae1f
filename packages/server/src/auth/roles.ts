import type { RegistryRole, TeamRole } from '@bellwether/core';

const TEAM_RANK: Readonly<Record<TeamRole, number>> = { viewer: 1, member: 2, admin: 3 };
const REGISTRY_RANK: Readonly<Record<RegistryRole, number>> = {
  restricted_viewer: 1,
  viewer: 2,
  member: 3,
  admin: 4,
};

/** Whether a team role includes everything `needed` may do. */
export function teamRoleAtLeast(role: TeamRole | undefined, needed: TeamRole): boolean {
  return role !== undefined && TEAM_RANK[role] >= TEAM_RANK[needed];
}

/** Whether a registry role includes everything `needed` may do. */
export function registryRoleAtLeast(role: RegistryRole | undefined, needed: RegistryRole): boolean {
  return role !== undefined && REGISTRY_RANK[role] >= REGISTRY_RANK[needed];
}

/** The stronger of two registry roles. */
export function strongerRegistryRole(
  a: RegistryRole | undefined,
  b: RegistryRole | undefined,
): RegistryRole | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return REGISTRY_RANK[a] >= REGISTRY_RANK[b] ? a : b;
}
