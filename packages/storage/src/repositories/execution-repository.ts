import type { Kysely } from 'kysely';
import type { Database, DeliveryAttemptTable, DeliveryTable } from '../database-schema.js';
import { insertRows } from './insert-rows.js';

/** Executions (an automation's history rows) and their deliveries, written by the trigger hook. */

/** The lifecycle of an execution. */
export type ExecutionStatus = 'pending' | 'finished' | 'failed' | 'skipped';

/** An execution to insert: the firing's snapshot and the refs that link it to its run or artifact. */
export interface NewExecution {
  id: string;
  teamId: string;
  automationId: string;
  status: ExecutionStatus;
  eventType: string;
  event: Record<string, unknown>;
  reason: string;
  runPk: string | null;
  artifactVersionId: string | null;
  registryLinkId: string | null;
  projectId: string | null;
  registryId: string | null;
  createdAt: number;
  finishedAt: number | null;
}

/** A delivery to insert: one per action of a firing, due at once. */
export interface NewDelivery {
  id: string;
  teamId: string;
  executionId: string;
  automationId: string;
  actionType: string;
  action: Record<string, unknown>;
  createdAt: number;
}

/** One attempt at sending a delivery, as the delivery worker recorded it. */
export interface DeliveryAttempt {
  id: string;
  attemptNo: number;
  startedAt: number;
  durationMs: number;
  outcome: string;
  statusCode: number | null;
  requestUrl: string;
  requestHeaders: Record<string, string>;
  requestBody: string;
  responseHeaders: Record<string, string> | null;
  responseBody: string | null;
  error: string | null;
}

/** A delivery with its attempts (empty in listings). */
export interface Delivery {
  id: string;
  executionId: string;
  actionType: string;
  action: Record<string, unknown>;
  status: string;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
  attemptList: DeliveryAttempt[];
}

/** A stored execution with its automation's name (null once the automation is deleted). */
export interface Execution extends Omit<NewExecution, 'status'> {
  status: ExecutionStatus;
  automationName: string | null;
  deliveries: Delivery[];
}

/** Which executions to list: of one automation, project, registry or run. */
export type ExecutionFilter =
  | { automationId: string }
  | { projectId: string }
  | { registryId: string }
  | { runPk: string };

// A write can fire thousands (a history batch holds up to 100,000 rows): insertRows takes any
// number, under both databases' limits on bound values.
const EXECUTION_COLUMNS = {
  id: 'text',
  team_id: 'text',
  automation_id: 'text',
  status: 'text',
  event_type: 'text',
  event: 'text',
  reason: 'text',
  run_pk: 'text',
  artifact_version_id: 'text',
  registry_link_id: 'text',
  project_id: 'text',
  registry_id: 'text',
  created_at: 'bigint',
  finished_at: 'bigint',
} as const;

/** Inserts executions (any number). */
export async function insertExecutions(db: Kysely<Database>, list: readonly NewExecution[]): Promise<void> {
  if (list.length === 0) return;
  const rows = list.map((e) => ({
    id: e.id,
    team_id: e.teamId,
    automation_id: e.automationId,
    status: e.status,
    event_type: e.eventType,
    event: JSON.stringify(e.event),
    reason: e.reason,
    run_pk: e.runPk,
    artifact_version_id: e.artifactVersionId,
    registry_link_id: e.registryLinkId,
    project_id: e.projectId,
    registry_id: e.registryId,
    created_at: e.createdAt,
    finished_at: e.finishedAt,
  }));
  await insertRows(db, 'executions', EXECUTION_COLUMNS, rows);
}

const DELIVERY_COLUMNS = {
  id: 'text',
  team_id: 'text',
  execution_id: 'text',
  automation_id: 'text',
  action_type: 'text',
  action: 'text',
  status: 'text',
  attempts: 'integer',
  next_attempt_at: 'bigint',
  locked_by: 'text',
  locked_until: 'bigint',
  last_error: 'text',
  created_at: 'bigint',
  updated_at: 'bigint',
  finished_at: 'bigint',
} as const;

/** Inserts pending deliveries (attempts 0, due now; any number). */
export async function insertDeliveries(db: Kysely<Database>, list: readonly NewDelivery[]): Promise<void> {
  if (list.length === 0) return;
  const rows = list.map((d) => ({
    id: d.id,
    team_id: d.teamId,
    execution_id: d.executionId,
    automation_id: d.automationId,
    action_type: d.actionType,
    action: JSON.stringify(d.action),
    status: 'pending',
    attempts: 0,
    next_attempt_at: d.createdAt,
    locked_by: null,
    locked_until: null,
    last_error: null,
    created_at: d.createdAt,
    updated_at: d.createdAt,
    finished_at: null,
  }));
  await insertRows(db, 'deliveries', DELIVERY_COLUMNS, rows);
}

function selectExecutions(db: Kysely<Database>) {
  return (
    db
      .selectFrom('executions')
      .leftJoin('automations', 'automations.id', 'executions.automation_id')
      .leftJoin('deleted_automations', 'deleted_automations.id', 'executions.automation_id')
      .selectAll('executions')
      // A deleted automation's history keeps its name (the row of deleted_automations).
      .select((eb) => eb.fn.coalesce('automations.name', 'deleted_automations.name').as('automation_name'))
  );
}

type ExecutionRow = Awaited<ReturnType<ReturnType<typeof selectExecutions>['execute']>>[number];

function toExecution(row: ExecutionRow, deliveries: Delivery[]): Execution {
  return {
    id: row.id,
    teamId: row.team_id,
    automationId: row.automation_id,
    automationName: row.automation_name,
    status: row.status as ExecutionStatus,
    eventType: row.event_type,
    event: JSON.parse(row.event) as Record<string, unknown>,
    reason: row.reason,
    runPk: row.run_pk,
    artifactVersionId: row.artifact_version_id,
    registryLinkId: row.registry_link_id,
    projectId: row.project_id,
    registryId: row.registry_id,
    createdAt: Number(row.created_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    deliveries,
  };
}

function toDelivery(row: DeliveryTable, attempts: DeliveryAttempt[]): Delivery {
  return {
    id: row.id,
    executionId: row.execution_id,
    actionType: row.action_type,
    action: JSON.parse(row.action) as Record<string, unknown>,
    status: row.status,
    attempts: Number(row.attempts),
    nextAttemptAt: Number(row.next_attempt_at),
    lastError: row.last_error,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    attemptList: attempts,
  };
}

function toAttempt(row: DeliveryAttemptTable): DeliveryAttempt {
  return {
    id: row.id,
    attemptNo: Number(row.attempt_no),
    startedAt: Number(row.started_at),
    durationMs: Number(row.duration_ms),
    outcome: row.outcome,
    statusCode: row.status_code === null ? null : Number(row.status_code),
    requestUrl: row.request_url,
    requestHeaders: JSON.parse(row.request_headers) as Record<string, string>,
    requestBody: row.request_body,
    responseHeaders:
      row.response_headers === null ? null : (JSON.parse(row.response_headers) as Record<string, string>),
    responseBody: row.response_body,
    error: row.error,
  };
}

async function deliveriesOf(db: Kysely<Database>, executionIds: readonly string[]) {
  const byExecution = new Map<string, DeliveryTable[]>();
  if (executionIds.length === 0) return byExecution;
  const rows = await db
    .selectFrom('deliveries')
    .selectAll()
    .where('execution_id', 'in', executionIds)
    .orderBy('id')
    .execute();
  for (const row of rows)
    byExecution.set(row.execution_id, [...(byExecution.get(row.execution_id) ?? []), row]);
  return byExecution;
}

/**
 * Lists executions newest first (ids sort by creation time), with their deliveries but not their
 * attempts; `cursor` is the last id of the previous page. `artifactVersionId` narrows the list to
 * the executions that version triggered.
 */
export async function listExecutions(
  db: Kysely<Database>,
  filter: ExecutionFilter,
  page: { limit: number; cursor?: string | undefined; artifactVersionId?: string | undefined },
): Promise<Execution[]> {
  let query = selectExecutions(db);
  if (page.artifactVersionId !== undefined) {
    query = query.where('executions.artifact_version_id', '=', page.artifactVersionId);
  }
  if ('automationId' in filter) query = query.where('executions.automation_id', '=', filter.automationId);
  else if ('projectId' in filter) query = query.where('executions.project_id', '=', filter.projectId);
  else if ('registryId' in filter) query = query.where('executions.registry_id', '=', filter.registryId);
  else query = query.where('executions.run_pk', '=', filter.runPk);
  if (page.cursor) query = query.where('executions.id', '<', page.cursor);
  const rows = await query.orderBy('executions.id', 'desc').limit(page.limit).execute();
  const deliveries = await deliveriesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) =>
    toExecution(
      r,
      (deliveries.get(r.id) ?? []).map((d) => toDelivery(d, [])),
    ),
  );
}

/** Finds an execution with its deliveries and every attempt of each. */
export async function findExecution(db: Kysely<Database>, id: string): Promise<Execution | undefined> {
  const row = await selectExecutions(db).where('executions.id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const deliveries = (await deliveriesOf(db, [id])).get(id) ?? [];
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .selectFrom('delivery_attempts')
          .selectAll()
          .where(
            'delivery_id',
            'in',
            deliveries.map((d) => d.id),
          )
          .orderBy('delivery_id')
          .orderBy('attempt_no')
          .execute();
  return toExecution(
    row,
    deliveries.map((d) => toDelivery(d, attempts.filter((a) => a.delivery_id === d.id).map(toAttempt))),
  );
}
