import { type AutomationInput, forbidden, notFound, type TeamRole } from '@bellwether/core';
import {
  type Automation,
  type Database,
  findRegistry,
  findRegistryMemberRole,
  findRegistryRoleForUser,
  findTeamById,
  findTeamByName,
  findTeamRole,
  type Team,
  type User,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { registryRoleAtLeast, teamRoleAtLeast } from '../auth/roles.js';

/** How much of an automation a caller may see: all of it, or (restricted viewers) its outline. */
export type AutomationView = 'full' | 'outline';

function isRegistryScope(
  scope: AutomationInput['scope'],
): scope is Extract<AutomationInput['scope'], { registry: string }> {
  return scope.type === 'registry' || scope.type === 'registry_collection';
}

async function teamRoleOf(db: Kysely<Database>, user: User, teamId: string): Promise<TeamRole | undefined> {
  return user.isAdmin ? 'admin' : findTeamRole(db, teamId, user.id);
}

async function registryRoleOf(db: Kysely<Database>, user: User, registryName: string) {
  if (user.isAdmin) return 'admin' as const;
  const registry = await findRegistry(db, user.orgId, registryName);
  return registry ? findRegistryRoleForUser(db, registry.id, user.id) : undefined;
}

/** Finds a team by name for an automation path: 404 when it does not exist. */
export async function requireTeam(db: Kysely<Database>, teamName: string): Promise<Team> {
  const team = await findTeamByName(db, teamName);
  if (!team) throw notFound(`Team '${teamName}'`);
  return team;
}

/**
 * 403 unless the caller may create, edit or delete automations of this scope (SPEC §7): team
 * admins for team, project and collection scopes; registry admins and members for registry scopes.
 */
export async function requireAutomationManager(
  db: Kysely<Database>,
  user: User,
  team: Team,
  scope: AutomationInput['scope'],
): Promise<void> {
  if (isRegistryScope(scope)) {
    const role = await registryRoleOf(db, user, scope.registry);
    if (!registryRoleAtLeast(role, 'member')) {
      throw forbidden(
        `Managing automations of registry '${scope.registry}' needs the role 'member' or higher there.`,
      );
    }
    // The owning team sees the automation's history: it must be one the caller belongs to, or a
    // member of the registry, so nobody files automations under an unrelated team.
    if ((await teamRoleOf(db, user, team.id)) !== undefined) return;
    const registry = await findRegistry(db, user.orgId, scope.registry);
    const teamRole =
      registry &&
      (await findRegistryMemberRole(db, { registryId: registry.id, kind: 'team', memberId: team.id }));
    if (teamRole !== undefined) return;
    throw forbidden(
      `Team '${team.name}' is not a member of registry '${scope.registry}', and you are not in the team.`,
    );
  }
  if (teamRoleAtLeast(await teamRoleOf(db, user, team.id), 'admin')) return;
  throw forbidden(`Only admins of team '${team.name}' may manage its automations.`);
}

/**
 * 403 unless the caller is an admin of the owning team when an action names one of its webhooks or
 * Slack integrations. Integrations and the secrets they reference are team settings only team
 * admins manage (SPEC §4, §7), whatever the automation's scope: otherwise a team viewer with a
 * registry role could file a registry automation whose payload interpolates `${ACCESS_TOKEN}` and
 * read the secret back from the attempt's response body.
 */
export async function requireIntegrationUse(
  db: Kysely<Database>,
  user: User,
  team: Team,
  action: AutomationInput['action'],
): Promise<void> {
  if (action.type === 'NO_OP') return;
  if (teamRoleAtLeast(await teamRoleOf(db, user, team.id), 'admin')) return;
  throw forbidden(`Only admins of team '${team.name}' may use its webhooks, Slack integrations and secrets.`);
}

/**
 * What the caller may see of an automation: team members and viewers, and registry viewers of
 * registry-scoped ones, everything; registry restricted viewers the outline; others get 403.
 */
export async function automationView(
  db: Kysely<Database>,
  user: User,
  automation: Pick<Automation, 'teamId' | 'definition'>,
): Promise<AutomationView> {
  if (teamRoleAtLeast(await teamRoleOf(db, user, automation.teamId), 'viewer')) return 'full';
  const scope = automation.definition.scope;
  if (isRegistryScope(scope)) {
    const role = await registryRoleOf(db, user, scope.registry);
    if (registryRoleAtLeast(role, 'viewer')) return 'full';
    if (role === 'restricted_viewer') return 'outline';
  }
  throw forbidden('You may not see this automation.');
}

/** 403 unless the caller may see the automation's definition and history (not restricted viewers). */
export async function requireAutomationDetails(
  db: Kysely<Database>,
  user: User,
  automation: Pick<Automation, 'teamId' | 'definition'>,
): Promise<void> {
  if ((await automationView(db, user, automation)) !== 'full') {
    throw forbidden('Restricted viewers see automations listed, not their definitions or history.');
  }
}

/** 403 unless the caller belongs to the team that owns a record (history of a deleted automation). */
export async function requireTeamViewerById(db: Kysely<Database>, user: User, teamId: string): Promise<void> {
  if (teamRoleAtLeast(await teamRoleOf(db, user, teamId), 'viewer')) return;
  const team = await findTeamById(db, teamId);
  throw forbidden(`You are not a member of team '${team?.name ?? teamId}'.`);
}
