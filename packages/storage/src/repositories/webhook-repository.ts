import type { Kysely } from 'kysely';
import type { Database, WebhookTable } from '../database-schema.js';

/** A webhook integration: where GENERIC_WEBHOOK actions POST, and which secrets they carry. */
export interface Webhook {
  id: string;
  teamId: string;
  name: string;
  url: string;
  /** Name of the secret sent as `Authorization: Bearer …`, or null. */
  accessTokenSecret: string | null;
  /** Name of the signing secret, or null. */
  secret: string | null;
  /** When the current run of failures began (null while deliveries succeed). */
  failingSince: number | null;
  disabledAt: number | null;
  disabledReason: string | null;
  createdAt: number;
  updatedAt: number;
}

/** The fields a webhook update may change. */
export type WebhookPatch = Partial<Pick<Webhook, 'name' | 'url' | 'accessTokenSecret' | 'secret'>>;

function toWebhook(r: WebhookTable): Webhook {
  return {
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    url: r.url,
    accessTokenSecret: r.access_token_secret,
    secret: r.secret,
    failingSince: r.failing_since,
    disabledAt: r.disabled_at,
    disabledReason: r.disabled_reason,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Inserts a webhook. */
export async function insertWebhook(db: Kysely<Database>, w: Webhook): Promise<Webhook> {
  await db
    .insertInto('webhooks')
    .values({
      id: w.id,
      team_id: w.teamId,
      name: w.name,
      url: w.url,
      access_token_secret: w.accessTokenSecret,
      secret: w.secret,
      failing_since: w.failingSince,
      disabled_at: w.disabledAt,
      disabled_reason: w.disabledReason,
      created_at: w.createdAt,
      updated_at: w.updatedAt,
    })
    .execute();
  return w;
}

/** Finds a webhook by id (any team: the worker's look-up; routes check the team). */
export async function findWebhookById(db: Kysely<Database>, id: string): Promise<Webhook | undefined> {
  const row = await db.selectFrom('webhooks').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toWebhook(row);
}

/** Finds a team's webhook by name. */
export async function findWebhookByName(
  db: Kysely<Database>,
  teamId: string,
  name: string,
): Promise<Webhook | undefined> {
  const row = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where('name', '=', name)
    .executeTakeFirst();
  return row && toWebhook(row);
}

/** A team's webhooks by name. */
export async function listWebhooks(db: Kysely<Database>, teamId: string): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('name')
    .execute();
  return rows.map(toWebhook);
}

/** A team's webhooks that use the named secret as access token or signing secret. */
export async function listWebhooksUsingSecret(
  db: Kysely<Database>,
  teamId: string,
  secretName: string,
): Promise<Webhook[]> {
  const rows = await db
    .selectFrom('webhooks')
    .selectAll()
    .where('team_id', '=', teamId)
    .where((eb) => eb.or([eb('access_token_secret', '=', secretName), eb('secret', '=', secretName)]))
    .orderBy('name')
    .execute();
  return rows.map(toWebhook);
}

/**
 * Applies a patch; an edited webhook is enabled again with a clean failure record, since the
 * admin has presumably fixed what made it fail.
 */
export async function updateWebhook(
  db: Kysely<Database>,
  id: string,
  patch: WebhookPatch,
  now: number,
): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.url !== undefined ? { url: patch.url } : {}),
      ...(patch.accessTokenSecret !== undefined ? { access_token_secret: patch.accessTokenSecret } : {}),
      ...(patch.secret !== undefined ? { secret: patch.secret } : {}),
      failing_since: null,
      disabled_at: null,
      disabled_reason: null,
      updated_at: now,
    })
    .where('id', '=', id)
    .execute();
}

/** Deletes a webhook; false when it did not exist. */
export async function deleteWebhook(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('webhooks').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Notes a successful delivery: the webhook is no longer failing. */
export async function recordWebhookSuccess(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ failing_since: null })
    .where('id', '=', id)
    .where('failing_since', 'is not', null)
    .execute();
}

/**
 * Notes a failed attempt: starts the failure clock if it is not running, and disables the
 * webhook once it has failed with no success for `disableAfterMs` (Svix's grace period).
 */
export async function recordWebhookFailure(
  db: Kysely<Database>,
  id: string,
  now: number,
  disableAfterMs: number,
): Promise<void> {
  await db
    .updateTable('webhooks')
    .set({ failing_since: now })
    .where('id', '=', id)
    .where('failing_since', 'is', null)
    .execute();
  const days = Math.round((disableAfterMs / 86_400_000) * 10) / 10;
  await db
    .updateTable('webhooks')
    .set({
      disabled_at: now,
      disabled_reason: `disabled after failing for ${days} days without a successful delivery; edit the webhook to enable it again`,
    })
    .where('id', '=', id)
    .where('disabled_at', 'is', null)
    .where('failing_since', '<=', now - disableAfterMs)
    .execute();
}
