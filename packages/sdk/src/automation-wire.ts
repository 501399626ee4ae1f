/** An automation scope on the wire (SPEC §8). */
export type ScopeJson =
  | { type: 'team'; team: string }
  | { type: 'project'; team: string; project: string }
  | { type: 'artifact_collection'; team: string; project: string; collection: string }
  | { type: 'registry'; registry: string }
  | { type: 'registry_collection'; registry: string; collection: string };

/** An automation's event part on the wire: `type` plus its parameters, filters and firing controls. */
export interface EventJson {
  type: string;
  [key: string]: unknown;
}

/** An automation's action on the wire. */
export type ActionJson =
  | { type: 'GENERIC_WEBHOOK'; webhook_id: string; payload: Record<string, unknown> | string }
  | {
      type: 'NOTIFICATION';
      slack_integration_id: string;
      title: string;
      message: string;
      severity: 'INFO' | 'WARN' | 'ERROR';
    }
  | { type: 'NO_OP' };

/** A whole automation as POST /teams/{team}/automations takes it (a type alias, so it fits JSON bodies). */
export type AutomationJson = {
  name: string;
  description?: string;
  enabled?: boolean;
  scope: ScopeJson;
  event: EventJson;
  action: ActionJson;
};

/** Where an automation applies, built by name: `scopes.project('ml', 'cifar')`. */
export const scopes = {
  /** Everything in a team. */
  team: (team: string): ScopeJson => ({ type: 'team', team }),
  /** One project of a team. */
  project: (team: string, project: string): ScopeJson => ({ type: 'project', team, project }),
  /** One artifact collection of a project. */
  artifactCollection: (team: string, project: string, collection: string): ScopeJson => ({
    type: 'artifact_collection',
    team,
    project,
    collection,
  }),
  /** A registry (`model`, `dataset`). */
  registry: (registry: string): ScopeJson => ({ type: 'registry', registry }),
  /** One collection of a registry. */
  registryCollection: (registry: string, collection: string): ScopeJson => ({
    type: 'registry_collection',
    registry,
    collection,
  }),
};
