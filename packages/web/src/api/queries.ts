import { api, apiPath, listOf } from './api-client.js';
import type {
  Automation,
  Project,
  Registry,
  RegistryMember,
  Run,
  SlackIntegration,
  Team,
  Viewer,
  Webhook,
} from './api-types.js';

/** Query definitions shared by pages, so one cache key always means one URL. */
export const queries = {
  viewer: () => ({ queryKey: ['viewer'], queryFn: () => api<Viewer>('/viewer') }),
  teams: () => ({
    queryKey: ['teams'],
    queryFn: async () => (await api<{ teams: Team[] }>('/teams')).teams,
  }),
  team: (team: string) => ({ queryKey: ['team', team], queryFn: () => api<Team>(apiPath`/teams/${team}`) }),
  projects: (team: string) => ({
    queryKey: ['projects', team],
    queryFn: async () => (await api<{ projects: Project[] }>(apiPath`/teams/${team}/projects`)).projects,
  }),
  project: (team: string, project: string) => ({
    queryKey: ['project', team, project],
    queryFn: () => api<Project>(apiPath`/teams/${team}/projects/${project}`),
  }),
  runs: (team: string, project: string) => ({
    queryKey: ['runs', team, project],
    queryFn: async () =>
      (await api<{ runs: Run[] }>(`${apiPath`/teams/${team}/projects/${project}/runs`}?limit=200`)).runs,
  }),
  automations: (team: string, filter: Record<string, string>) => ({
    queryKey: ['automations', team, filter],
    refetchInterval: 10_000,
    queryFn: async () =>
      (
        await api<{ automations: Automation[] }>(
          `${apiPath`/teams/${team}/automations`}?${new URLSearchParams(filter).toString()}`,
        )
      ).automations,
  }),
  webhooks: (team: string) => ({
    queryKey: ['webhooks', team],
    queryFn: async () => listOf<Webhook>(await api<unknown>(apiPath`/teams/${team}/webhooks`)),
  }),
  slack: (team: string) => ({
    queryKey: ['slack', team],
    queryFn: async () =>
      listOf<SlackIntegration>(await api<unknown>(apiPath`/teams/${team}/slack-integrations`)),
  }),
  registries: () => ({
    queryKey: ['registries'],
    queryFn: async () => listOf<Registry>(await api<unknown>('/registries')),
  }),
  registryMembers: (registry: string) => ({
    queryKey: ['registry-members', registry],
    queryFn: async () => listOf<RegistryMember>(await api<unknown>(apiPath`/registries/${registry}/members`)),
  }),
};

/** True when the role may create, edit and delete in a team (SPEC §7: team admins only). */
export function canManageTeam(role: string | null | undefined, isSiteAdmin = false): boolean {
  return role === 'admin' || (isSiteAdmin && (role === null || role === undefined));
}
