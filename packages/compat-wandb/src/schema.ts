import { findRun, type Run } from '@bellwether/storage';
import { putRun } from '@bellwether/tracking';
import { buildSchema, type GraphQLSchema } from 'graphql';
import { parseExtendedJson } from './extended-json.js';
import { defaultEntity, projectFor, type WandbCaller } from './wandb-context.js';

/**
 * The part of W&B's GraphQL schema that the pinned client's documents select (core's
 * `core/internal/gql/*.graphql` and the Python side's raw queries): every field they name exists,
 * so graphql-js validates and answers them; what Bellwether does not keep answers null or empty.
 */
export const WANDB_SDL = /* GraphQL */ `
  scalar JSONString
  scalar Duration
  scalar Int64
  enum AlertSeverity { INFO WARN ERROR }

  type Query {
    viewer: User
    serverInfo: ServerInfo
    model(name: String, entityName: String): Project
    project(name: String, entityName: String): Project
    entity(name: String): Entity
  }

  type Mutation {
    upsertBucket(input: UpsertBucketInput!): UpsertBucketPayload
    createRunFiles(input: CreateRunFilesInput!): CreateRunFilesPayload
    notifyScriptableRunAlert(input: NotifyScriptableRunAlertInput!): NotifyScriptableRunAlertPayload
  }

  type User {
    id: ID!
    name: String
    entity: String
    username: String
    email: String
    admin: Boolean
    flags: JSONString
    teams: EntityConnection
  }
  type EntityConnection { edges: [EntityEdge!]! }
  type EntityEdge { node: Entity }
  type Entity {
    id: ID!
    name: String!
    organization: Organization
    xxhashDigestsEnabled: Boolean
  }
  type Organization { id: ID! coreWeaveOrganizationId: String }

  type ServerInfo {
    features: [ServerFeature!]!
    cliVersionInfo: JSONString
    latestLocalVersionInfo: LocalVersionInfo
  }
  type LocalVersionInfo { outOfDate: Boolean! latestVersionString: String! versionOnThisInstanceString: String! }
  type ServerFeature { name: String! isEnabled: Boolean! }

  type Project {
    id: ID!
    name: String!
    entityName: String!
    entity: Entity!
    bucket(name: String!, missingOk: Boolean): Run
    run(name: String!): Run
  }

  type Run {
    id: ID!
    name: String!
    displayName: String
    description: String
    notes: String
    config: JSONString
    summaryMetrics: JSONString
    sweepName: String
    state: String
    tags: [String!]!
    project: Project
    historyLineCount: Int
    logLineCount: Int
    eventsLineCount: Int
    historyTail: JSONString
    eventsTail: JSONString
    wandbConfig(keys: [String!]): JSONString
  }

  input UpsertBucketInput {
    id: String
    name: String
    groupName: String
    modelName: String
    entityName: String
    description: String
    displayName: String
    notes: String
    config: JSONString
    commit: String
    host: String
    debug: Boolean
    jobProgram: String
    jobRepo: String
    jobType: String
    state: String
    sweep: String
    tags: [String!]
    summaryMetrics: JSONString
  }
  type UpsertBucketPayload { bucket: Run inserted: Boolean }

  input CreateRunFilesInput { entityName: String! projectName: String! runName: String! files: [String!]! }
  type CreateRunFilesPayload { runID: ID! uploadHeaders: [String!]! files: [RunFile!]! }
  type RunFile { name: String! uploadUrl: String }

  input NotifyScriptableRunAlertInput {
    entityName: String!
    projectName: String!
    runName: String!
    title: String!
    text: String!
    severity: AlertSeverity
    waitDuration: Duration
  }
  type NotifyScriptableRunAlertPayload { success: Boolean! }
`;

export const wandbSchema: GraphQLSchema = buildSchema(WANDB_SDL);

/** The wandb run config (`{"key": {"value": v}, "_wandb": …}`) as Bellwether's plain config. */
export function unwrapConfig(config: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (!config || typeof config !== 'object') return out;
  for (const [key, entry] of Object.entries(config as Record<string, unknown>)) {
    if (key === '_wandb') continue;
    out[key] =
      entry && typeof entry === 'object' && 'value' in entry ? (entry as { value: unknown }).value : entry;
  }
  return out;
}

function wrapConfig(config: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(config)) out[key] = { value };
  return out;
}

function runObject(run: Run, team: string, project: string) {
  const projectObject = {
    id: run.projectId,
    name: project,
    entityName: team,
    entity: { id: run.teamId, name: team, organization: null },
  };
  const tail = run.lastStep >= 0 ? [JSON.stringify({ _step: run.lastStep, ...stepTiming(run) })] : [];
  return {
    id: run.id,
    name: run.runId,
    displayName: run.displayName,
    description: null,
    notes: null,
    config: JSON.stringify(wrapConfig(run.config)),
    summaryMetrics: JSON.stringify(run.summary),
    sweepName: null,
    state: run.state,
    tags: run.tags,
    project: projectObject,
    // A history offset: Bellwether keys rows by step, so the count only has to be positive when
    // the run has history (the client then continues from the tail's _step).
    historyLineCount: run.lastStep + 1,
    logLineCount: 0,
    eventsLineCount: 0,
    historyTail: JSON.stringify(tail),
    eventsTail: JSON.stringify([]),
    // The client takes a run as existing when this holds "t" (its telemetry).
    wandbConfig: JSON.stringify({ t: {} }),
  };
}

function stepTiming(run: Run): Record<string, unknown> {
  const runtime = run.summary._runtime;
  return typeof runtime === 'number' ? { _runtime: runtime } : {};
}

// biome-ignore lint/suspicious/noExplicitAny: graphql-js hands resolvers untyped arguments
type Args = any;

/** The root resolvers, bound to one authenticated caller. */
export function wandbRoot(caller: WandbCaller) {
  const { host, user } = caller;
  const db = host.tracking.storage.db;
  const dialect = host.tracking.storage.dialect;
  const projectResolver = async ({ name, entityName }: Args) => {
    const found = await projectFor(caller, entityName, name, 'viewer', false).catch(() => undefined);
    if (!found) return null;
    const { team, project } = found;
    const bucket = async ({ name: runName }: Args) => {
      const run = await findRun(db, project.id, runName, dialect);
      return run ? runObject(run, team.name, project.name) : null;
    };
    return {
      id: project.id,
      name: project.name,
      entityName: team.name,
      entity: { id: team.id, name: team.name, organization: null },
      bucket,
      run: bucket,
    };
  };
  return {
    viewer: async () => {
      const entity = await defaultEntity(caller).catch(() => null);
      return {
        id: user.id,
        name: user.username,
        entity,
        username: user.username,
        email: null,
        admin: false,
        flags: '{}',
        teams: { edges: entity ? [{ node: { id: entity, name: entity, organization: null } }] : [] },
      };
    },
    // No features: the client then uses its oldest, simplest request shapes.
    serverInfo: () => ({ features: [], cliVersionInfo: null, latestLocalVersionInfo: null }),
    model: projectResolver,
    project: projectResolver,
    // organization null: the client then never probes a cloud metadata address.
    entity: ({ name }: Args) => ({ id: name, name, organization: null, xxhashDigestsEnabled: false }),
    upsertBucket: async ({ input }: Args) => {
      const found = await projectFor(caller, input.entityName, input.modelName, 'member', true);
      if (!found) return null;
      const { team, project } = found;
      const runId: string = input.name ?? host.tracking.ids('run').slice(-8);
      const config = input.config ? unwrapConfig(parseExtendedJson(input.config)) : undefined;
      const result = await putRun(
        host.tracking,
        { user, team, project, runId },
        {
          display_name: input.displayName ?? undefined,
          config,
          tags: input.tags ?? undefined,
          heartbeat: true,
        },
        'upsert',
      );
      if (!result) return null;
      return { bucket: runObject(result.run, team.name, project.name), inserted: result.created };
    },
    createRunFiles: async ({ input }: Args) => {
      // Run files (config.yaml, output.log, requirements.txt…) are not kept: a null upload URL
      // makes the client skip the upload and carry on.
      await projectFor(caller, input.entityName, input.projectName, 'member', false);
      return {
        runID: input.runName,
        uploadHeaders: [],
        files: (input.files as string[]).map((name) => ({ name, uploadUrl: null })),
      };
    },
    notifyScriptableRunAlert: async () => ({ success: true }),
  };
}
