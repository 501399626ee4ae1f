/** Times are UTC milliseconds; JSON columns hold text so both dialects store them alike. */
export interface OrganizationTable {
  id: string;
  name: string;
  created_at: number;
}

export interface UserTable {
  id: string;
  org_id: string;
  username: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  is_admin: number;
  created_at: number;
}

export interface ApiKeyTable {
  id: string;
  user_id: string;
  name: string;
  key_hash: string;
  /** The first characters of the key, shown so people can tell keys apart. */
  prefix: string;
  created_at: number;
  last_used_at: number | null;
}

export interface SessionTable {
  id: string;
  token_hash: string;
  user_id: string;
  created_at: number;
  expires_at: number;
}

export interface TeamTable {
  id: string;
  org_id: string;
  name: string;
  created_at: number;
}

export interface TeamMemberTable {
  team_id: string;
  user_id: string;
  role: string;
  created_at: number;
}

export interface ProjectTable {
  id: string;
  team_id: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

export interface RunTable {
  id: string;
  team_id: string;
  project_id: string;
  run_id: string;
  display_name: string;
  user_id: string | null;
  state: string;
  config: string;
  tags: string;
  summary: string;
  /** The highest step logged so far (-1 before the first point). */
  last_step: number;
  /** How many history batches were written: orders metric chunks in log order. */
  history_seq: number;
  heartbeat_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface MetricChunkTable {
  team_id: string;
  run_pk: string;
  key: string;
  seq: number;
  min_step: number;
  max_step: number;
  count: number;
  /** Packed float64 triples (step, value, timestamp), sorted by step, unique steps. */
  data: Uint8Array;
}

export interface ArtifactCollectionTable {
  id: string;
  team_id: string;
  project_id: string;
  name: string;
  type: string;
  description: string;
  tags: string;
  next_index: number;
  created_at: number;
}

export interface ArtifactVersionTable {
  id: string;
  team_id: string;
  collection_id: string;
  idx: number;
  digest: string;
  metadata: string;
  description: string;
  run_pk: string | null;
  created_by: string | null;
  manifest: string;
  tags: string;
  created_at: number;
}

export interface ArtifactAliasTable {
  team_id: string;
  collection_id: string;
  alias: string;
  version_id: string;
  created_at: number;
}

export interface RegistryTable {
  id: string;
  org_id: string;
  name: string;
  description: string;
  created_at: number;
}

export interface RegistryMemberTable {
  org_id: string;
  registry_id: string;
  member_kind: string;
  member_id: string;
  role: string;
  created_at: number;
}

export interface RegistryCollectionTable {
  id: string;
  org_id: string;
  registry_id: string;
  name: string;
  type: string;
  description: string;
  tags: string;
  next_index: number;
  created_at: number;
}

export interface RegistryLinkTable {
  id: string;
  org_id: string;
  collection_id: string;
  idx: number;
  artifact_version_id: string;
  tags: string;
  created_by: string | null;
  created_at: number;
}

export interface RegistryAliasTable {
  org_id: string;
  collection_id: string;
  alias: string;
  link_id: string;
  created_at: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface AutomationTable {
  id: string;
  team_id: string;
  name: string;
  description: string;
  enabled: number;
  scope_type: string;
  scope_key: string;
  event_type: string;
  definition: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
  last_execution_at: number | null;
}

export interface AutomationRunStateTable {
  team_id: string;
  automation_id: string;
  run_pk: string;
  state: string;
  updated_at: number;
}

export interface AutomationRateStateTable {
  team_id: string;
  automation_id: string;
  minute: number;
  count: number;
}

export interface ExecutionTable {
  id: string;
  team_id: string;
  automation_id: string;
  status: string;
  event_type: string;
  event: string;
  reason: string;
  run_pk: string | null;
  artifact_version_id: string | null;
  registry_link_id: string | null;
  project_id: string | null;
  registry_id: string | null;
  created_at: number;
  finished_at: number | null;
}

export interface DeliveryTable {
  id: string;
  team_id: string;
  execution_id: string;
  automation_id: string;
  action_type: string;
  action: string;
  status: string;
  attempts: number;
  next_attempt_at: number;
  locked_by: string | null;
  locked_until: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface DeliveryAttemptTable {
  id: string;
  team_id: string;
  delivery_id: string;
  attempt_no: number;
  started_at: number;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  request_url: string;
  request_headers: string;
  request_body: string;
  response_headers: string | null;
  response_body: string | null;
  error: string | null;
}

export interface SecretTable {
  id: string;
  team_id: string;
  name: string;
  ciphertext: string;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookTable {
  id: string;
  team_id: string;
  name: string;
  url: string;
  access_token_secret: string | null;
  secret: string | null;
  failing_since: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  created_at: number;
  updated_at: number;
}

export interface SlackIntegrationTable {
  id: string;
  team_id: string;
  kind: string;
  name: string;
  channel: string | null;
  workspace: string | null;
  credential_ciphertext: string;
  created_at: number;
}

/** Every table Bellwether stores, for Kysely's typed queries. */
/** What remains of a deleted automation: its name, so the history it leaves still says whose it is. */
export interface DeletedAutomationTable {
  id: string;
  team_id: string;
  name: string;
  deleted_at: number;
}

/** A host, `*.suffix` or CIDR an organization admin allowed outbound requests to reach (the UI's allow-list). */
export interface OutboundAllowTable {
  org_id: string;
  entry: string;
  created_by: string;
  created_at: number;
}

/** Who added or removed which allow-list entry, and when. */
export interface OutboundAllowAuditTable {
  id: string;
  org_id: string;
  entry: string;
  action: 'add' | 'remove';
  username: string;
  at: number;
}

export interface Database {
  organizations: OrganizationTable;
  users: UserTable;
  api_keys: ApiKeyTable;
  sessions: SessionTable;
  teams: TeamTable;
  team_members: TeamMemberTable;
  projects: ProjectTable;
  runs: RunTable;
  metric_chunks: MetricChunkTable;
  artifact_collections: ArtifactCollectionTable;
  artifact_versions: ArtifactVersionTable;
  artifact_aliases: ArtifactAliasTable;
  registries: RegistryTable;
  registry_members: RegistryMemberTable;
  registry_collections: RegistryCollectionTable;
  registry_links: RegistryLinkTable;
  registry_aliases: RegistryAliasTable;
  meta: MetaTable;
  automations: AutomationTable;
  automation_run_states: AutomationRunStateTable;
  automation_rate_states: AutomationRateStateTable;
  executions: ExecutionTable;
  deliveries: DeliveryTable;
  delivery_attempts: DeliveryAttemptTable;
  secrets: SecretTable;
  webhooks: WebhookTable;
  slack_integrations: SlackIntegrationTable;
  deleted_automations: DeletedAutomationTable;
  outbound_allow: OutboundAllowTable;
  outbound_allow_audit: OutboundAllowAuditTable;
}
