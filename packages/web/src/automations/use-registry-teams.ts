import { useQuery } from '@tanstack/react-query';
import type { Viewer } from '../api/api-types.js';
import { queries } from '../api/queries.js';

/**
 * The teams that may own automations of a registry, as far as the viewer can tell: the viewer's
 * teams (every team for organization admins) and the teams that are members of the registry,
 * the ones the API accepts as owners (automation-access.ts). Undefined while still loading.
 */
export function useRegistryTeams(registry: string, viewer: Viewer): string[] | undefined {
  const all = useQuery({ ...queries.teams(), enabled: viewer.is_admin });
  const members = useQuery(queries.registryMembers(registry));
  if (viewer.is_admin && all.isPending) return undefined;
  // Restricted viewers may not list members: their own teams are all they can ask about.
  if (members.isPending) return undefined;
  const mine = viewer.is_admin && all.data ? all.data.map((t) => t.name) : viewer.teams.map((t) => t.name);
  const inRegistry = (members.data ?? []).filter((m) => m.kind === 'team').map((m) => m.name);
  return [...new Set([...mine, ...inRegistry])];
}
