import type { RegistryRole, TeamRole } from '@bellwether/core';
import type { Database, Project, Registry, Team, User } from '@bellwether/storage';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { TrackingDeps } from './tracking-deps.js';

/** A team the caller may act in, with the caller's effective role there. */
export interface TeamGrant {
  team: Team;
  role: TeamRole;
}

/** A registry the caller may act in, with the caller's effective role there. */
export interface RegistryGrant {
  registry: Registry;
  role: RegistryRole;
}

/**
 * The role checks of SPEC §7, as the server applies them to its own REST API: each throws the
 * server's 404 (no such team, project or registry) or 403 (role too weak) `BellwetherError`.
 */
export interface AccessRules {
  requireTeamRole(db: Kysely<Database>, user: User, team: string, needed: TeamRole): Promise<TeamGrant>;
  requireProjectRole(
    db: Kysely<Database>,
    user: User,
    team: string,
    project: string,
    needed: TeamRole,
  ): Promise<TeamGrant & { project: Project }>;
  requireRegistryRole(
    db: Kysely<Database>,
    user: User,
    registry: string,
    needed: RegistryRole,
  ): Promise<RegistryGrant>;
}

/**
 * What a client-compatible API (MLflow's REST API, the wandb client's GraphQL and file_stream)
 * gets from the server that mounts it: the same tracking writes and role checks as the native
 * REST API, so its writes fire the same automations in the same transactions, and nothing else.
 */
export interface ClientApiHost {
  readonly tracking: TrackingDeps;
  readonly access: AccessRules;
  /** The user an API key belongs to, or undefined when the key is not valid. */
  userByApiKey(apiKey: string): Promise<User | undefined>;
  readonly logger: Logger;
  /** Where the server keeps files (artifacts uploaded through a compat API live below it). */
  readonly dataDir: string;
  /** The URL users reach this server at, without a trailing slash (for links and upload URLs). */
  readonly publicUrl: string;
}
