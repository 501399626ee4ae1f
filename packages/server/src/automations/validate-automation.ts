import {
  type AutomationInput,
  type AutomationPatch,
  checkRunFilter,
  invalid,
  parseAutomationInput,
  parseAutomationPatch,
  TEMPLATE_VARIABLE_NAMES,
  validateMessageTemplate,
  validatePayloadTemplate,
} from '@bellwether/core';
import {
  type Database,
  findArtifactCollection,
  findProject,
  findRegistry,
  findRegistryCollection,
  type Team,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { scopeKey } from './scope-keys.js';

/** Where a validated automation applies, by id. */
export interface ResolvedScope {
  scopeType: AutomationInput['scope']['type'];
  scopeKey: string;
  /** The project (project and collection scopes) or registry (registry scopes) it lies in. */
  projectId: string | null;
  registryId: string | null;
}

const parseOptions = { checkRunFilter: (filter: unknown) => checkRunFilter(filter, '') };

/** Validates a POST body (422 naming each offending field). */
export function parseAutomationBody(json: unknown): AutomationInput {
  return parseAutomationInput(json, parseOptions);
}

/** Validates a PATCH body (422 naming each offending field). */
export function parsePatchBody(json: unknown): AutomationPatch {
  return parseAutomationPatch(json, parseOptions);
}

/**
 * Resolves a scope's names to ids: 422 at `scope.team` when a team or project scope names another
 * team than the automation's owner, and at `scope.project` (etc.) when a name does not exist.
 */
export async function resolveScope(
  db: Kysely<Database>,
  orgId: string,
  team: Team,
  scope: AutomationInput['scope'],
): Promise<ResolvedScope> {
  switch (scope.type) {
    case 'team':
    case 'project':
    case 'artifact_collection': {
      if (scope.team !== team.name) {
        throw invalid('scope.team', `must be '${team.name}', the team that owns the automation`);
      }
      if (scope.type === 'team') {
        return { scopeType: 'team', scopeKey: scopeKey('team', team.id), projectId: null, registryId: null };
      }
      const project = await findProject(db, team.id, scope.project);
      if (!project) throw invalid('scope.project', `project '${team.name}/${scope.project}' does not exist`);
      if (scope.type === 'project') {
        return {
          scopeType: 'project',
          scopeKey: scopeKey('project', project.id),
          projectId: project.id,
          registryId: null,
        };
      }
      const collection = await findArtifactCollection(db, project.id, scope.collection);
      if (!collection) {
        throw invalid(
          'scope.collection',
          `artifact collection '${team.name}/${scope.project}/${scope.collection}' does not exist`,
        );
      }
      return {
        scopeType: 'artifact_collection',
        scopeKey: scopeKey('artifact_collection', collection.id),
        projectId: project.id,
        registryId: null,
      };
    }
    case 'registry':
    case 'registry_collection': {
      const registry = await findRegistry(db, orgId, scope.registry);
      if (!registry) throw invalid('scope.registry', `registry '${scope.registry}' does not exist`);
      if (scope.type === 'registry') {
        return {
          scopeType: 'registry',
          scopeKey: scopeKey('registry', registry.id),
          projectId: null,
          registryId: registry.id,
        };
      }
      const collection = await findRegistryCollection(db, registry.id, scope.collection);
      if (!collection) {
        throw invalid(
          'scope.collection',
          `registry collection '${scope.registry}/${scope.collection}' does not exist`,
        );
      }
      return {
        scopeType: 'registry_collection',
        scopeKey: scopeKey('registry_collection', collection.id),
        projectId: null,
        registryId: registry.id,
      };
    }
  }
}

/**
 * Checks the action against the team's integrations: the webhook or Slack integration must be the
 * team's (422 at `action.webhook_id` / `action.slack_integration_id`), and templates may name only
 * payload variables and the secrets that integration carries (`ACCESS_TOKEN`, the signing secret).
 */
export async function validateAction(
  db: Kysely<Database>,
  teamId: string,
  action: AutomationInput['action'],
): Promise<void> {
  if (action.type === 'GENERIC_WEBHOOK') {
    const webhook = await db
      .selectFrom('webhooks')
      .select(['access_token_secret', 'secret'])
      .where('team_id', '=', teamId)
      .where('id', '=', action.webhook_id)
      .executeTakeFirst();
    if (!webhook) throw invalid('action.webhook_id', `no webhook '${action.webhook_id}' in this team`);
    const secrets = new Set<string>();
    if (webhook.access_token_secret !== null) secrets.add('ACCESS_TOKEN');
    if (webhook.secret !== null) secrets.add(webhook.secret);
    validatePayloadTemplate(action.payload, {
      variables: TEMPLATE_VARIABLE_NAMES,
      secrets,
      path: 'action.payload',
    });
  } else if (action.type === 'NOTIFICATION') {
    const slack = await db
      .selectFrom('slack_integrations')
      .select('id')
      .where('team_id', '=', teamId)
      .where('id', '=', action.slack_integration_id)
      .executeTakeFirst();
    if (!slack) {
      throw invalid(
        'action.slack_integration_id',
        `no Slack integration '${action.slack_integration_id}' in this team`,
      );
    }
    // Slack messages never carry webhook secrets.
    const options = { variables: TEMPLATE_VARIABLE_NAMES, secrets: new Set<string>() };
    validateMessageTemplate(action.title, { ...options, path: 'action.title' });
    validateMessageTemplate(action.message, { ...options, path: 'action.message' });
  }
}
