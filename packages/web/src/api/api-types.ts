/** Wire types of the public API the UI reads (SPEC §8; mirrors /api/openapi.json). */

/** A team role. */
export type TeamRole = 'admin' | 'member' | 'viewer';

/** The signed-in user and the teams they belong to. */
export interface Viewer {
  id: string;
  username: string;
  email: string;
  display_name: string;
  is_admin: boolean;
  teams: { name: string; role: string | null }[];
}

/** A team as listed or read. */
export interface Team {
  id: string;
  name: string;
  role: string | null;
  created_at: number;
}

/** A team member with their role. */
export interface TeamMember {
  username: string;
  display_name: string;
  role: TeamRole;
  created_at: number;
}

/** A project of a team. */
export interface Project {
  id: string;
  team: string;
  name: string;
  description: string;
  created_at: number;
  updated_at: number;
}

/** A run state. */
export type RunState = 'running' | 'finished' | 'failed' | 'crashed' | 'killed';

/** A run as listed. */
export interface Run {
  id: string;
  run_id: string;
  display_name: string;
  user: string | null;
  state: RunState;
  config: Record<string, unknown>;
  tags: string[];
  summary: Record<string, unknown>;
  last_step: number;
  heartbeat_at: number | null;
  created_at: number;
  updated_at: number;
}

/** A run read alone, with the automations it triggered. */
export interface RunDetail extends Run {
  triggered_automations: {
    automation_id: string;
    name: string | null;
    execution_id: string;
    status: string;
    created_at: number;
  }[];
}

/** A metric value on the wire: non-finite numbers travel as strings. */
export type WireNumber = number | 'NaN' | 'Infinity' | '-Infinity';

/** One downsampled metric series: per bucket the first step, min, max, last value and count. */
export interface MetricSeries {
  total: number;
  steps: number[];
  min: WireNumber[];
  max: WireNumber[];
  last: WireNumber[];
  count: number[];
}

/** The answer of GET …/runs/{runId}/history. */
export interface HistoryResponse {
  run_id: string;
  series: Record<string, MetricSeries>;
}

/** An automation as read. */
export interface Automation {
  id: string;
  name: string;
  description: string;
  enabled: boolean;
  scope: Record<string, unknown> & { type: string };
  event: Record<string, unknown> & { type: string };
  action: Record<string, unknown> & { type: string };
  details_hidden: boolean;
  created_at: number;
  updated_at: number;
  last_execution_at: number | null;
  last_execution: { id: string; status: string; created_at: number } | null;
}

/** One attempt of a delivery. */
export interface DeliveryAttempt {
  id: string;
  attempt_no: number;
  started_at: number;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  request_url: string;
  request_headers: Record<string, string>;
  request_body: string;
  response_headers: Record<string, string> | null;
  response_body: string | null;
  error: string | null;
}

/** One delivery (one action) of an execution. */
export interface Delivery {
  id: string;
  action_type: string;
  action: Record<string, unknown>;
  status: string;
  attempt_count: number;
  next_attempt_at: number;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
  attempts: DeliveryAttempt[];
}

/** One history row of an automation. */
export interface Execution {
  id: string;
  automation_id: string;
  automation_name: string | null;
  status: 'pending' | 'finished' | 'failed' | 'skipped';
  event: Record<string, unknown>;
  reason: string;
  created_at: number;
  finished_at: number | null;
  deliveries: Delivery[];
}

/** A team secret: never its value. */
export interface Secret {
  name: string;
  created_at: number;
  updated_at: number;
  used_by: { id: string; name: string }[];
}

/** A webhook integration. */
export interface Webhook {
  id: string;
  name: string;
  url: string;
  access_token_secret: string | null;
  secret: string | null;
  disabled_at?: number | null;
  disabled_reason?: string | null;
  created_at: number;
}

/** What a webhook's receiver answered to a Test. */
export interface WebhookTestResult {
  status: number | null;
  headers: Record<string, string>;
  body: string | null;
  latency_ms: number;
  error: string | null;
}

/** A Slack integration (one workspace + channel). */
export interface SlackIntegration {
  id: string;
  type: string;
  channel?: string | null;
  name?: string;
  workspace?: string | null;
  created_at?: number;
}

/** An artifact collection of a project. */
export interface ArtifactCollection {
  id: string;
  name: string;
  type: string;
  description: string;
  tags: string[];
  version_count: number;
  created_at: number;
}

/** An artifact version. */
export interface ArtifactVersion {
  id: string;
  collection: string;
  version: string;
  index: number;
  digest: string;
  metadata: Record<string, unknown>;
  description: string;
  run_id: string | null;
  created_by: string | null;
  aliases: string[];
  tags: string[];
  created_at: number;
  path: string;
}

/** A registry. */
export interface Registry {
  id: string;
  name: string;
  description: string;
  role: RegistryRole;
  created_at: number;
}

/** A registry role, highest first. */
export type RegistryRole = 'admin' | 'member' | 'viewer' | 'restricted_viewer';

/** A registry member: a user or a team (`member` is `alice` or `team:ml`). */
export interface RegistryMember {
  member: string;
  kind: 'user' | 'team';
  name: string;
  role: RegistryRole;
  created_at: number;
}

/** A registry collection. */
export interface RegistryCollection {
  id: string;
  registry: string;
  name: string;
  type: string;
  description: string;
  tags: string[];
  version_count: number;
}

/** A version linked into a registry collection. */
export interface RegistryVersion {
  id: string;
  collection: string;
  version: string;
  index: number;
  artifact: string;
  /** The project artifact version this link points at (what history snapshots name). */
  artifact_version_id: string;
  aliases: string[];
  tags: string[];
  created_by: string | null;
  created_at: number;
}
