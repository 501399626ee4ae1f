import { ApiError } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';

/** An automation with the name of the team that owns it (the API's body does not carry it). */
export type OwnedAutomation = Automation & { team: string };

/** The list sorted as the API sorts one team's: by name, or latest firing first (never last). */
function sortAutomations(list: OwnedAutomation[], sort: string | undefined): OwnedAutomation[] {
  const byName = (a: OwnedAutomation, b: OwnedAutomation) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : a.team < b.team ? -1 : a.team > b.team ? 1 : 0;
  if (sort !== 'last_execution') return list.sort(byName);
  return list.sort((a, b) => (b.last_execution_at ?? -1) - (a.last_execution_at ?? -1) || byName(a, b));
}

/**
 * The automations of several teams matching one filter, merged and sorted, each tagged with its
 * team. A team whose list the caller may not read (a registry's member team the caller is not in,
 * with nothing the caller may see) contributes nothing rather than failing the whole list.
 */
export function teamAutomationsQuery(teams: readonly string[], filter: Record<string, string>) {
  return {
    queryKey: ['automations', 'teams', teams, filter],
    refetchInterval: 10_000,
    queryFn: async (): Promise<OwnedAutomation[]> => {
      const lists = await Promise.all(
        teams.map(async (team) => {
          try {
            const list = await queries.automations(team, filter).queryFn();
            return list.map((a) => ({ ...a, team }));
          } catch (error) {
            if (teams.length > 1 && error instanceof ApiError && error.status === 403) return [];
            throw error;
          }
        }),
      );
      const merged = lists.flat();
      return teams.length > 1 ? sortAutomations(merged, filter.sort) : merged;
    },
  };
}
