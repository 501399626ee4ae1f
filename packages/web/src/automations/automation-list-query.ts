import { api, apiPath } from '../api/api-client.js';
import type { Automation } from '../api/api-types.js';
import { queries } from '../api/queries.js';

/** An automation with the name of the team that owns it. */
export type OwnedAutomation = Automation & { team: string };

/** Where a list of automations comes from: one team's, or a registry's across owning teams. */
export type AutomationSource = { team: string } | { registry: string };

/**
 * The automations of a source matching a filter (search, sort and, for a team, scope), as the
 * API sorts them, each with its owning team.
 */
export function automationListQuery(source: AutomationSource, filter: Record<string, string>) {
  if ('team' in source) {
    const team = queries.automations(source.team, filter);
    return {
      ...team,
      // Not the key of the untagged list: the cached data differ.
      queryKey: ['automations', 'team', source.team, filter],
      queryFn: async (): Promise<OwnedAutomation[]> =>
        (await team.queryFn()).map((a) => ({ ...a, team: source.team })),
    };
  }
  return {
    queryKey: ['automations', 'registry', source.registry, filter],
    refetchInterval: 10_000,
    queryFn: async (): Promise<OwnedAutomation[]> =>
      (
        await api<{ automations: OwnedAutomation[] }>(
          `${apiPath`/registries/${source.registry}/automations`}?${new URLSearchParams(filter).toString()}`,
        )
      ).automations,
  };
}
