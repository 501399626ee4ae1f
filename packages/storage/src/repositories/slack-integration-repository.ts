import type { Kysely } from 'kysely';
import type { Database, SlackIntegrationTable } from '../database-schema.js';

/** How a Slack integration was connected. */
export type SlackIntegrationKind = 'bot_token' | 'incoming_webhook' | 'oauth';

/** A Slack integration (one workspace + channel), without its credential. */
export interface SlackIntegration {
  id: string;
  teamId: string;
  kind: SlackIntegrationKind;
  name: string;
  channel: string | null;
  workspace: string | null;
  createdAt: number;
}

/** A Slack integration with its encrypted credential, for sending. */
export interface SlackIntegrationWithCredential extends SlackIntegration {
  credentialCiphertext: string;
}

function toIntegration(r: SlackIntegrationTable): SlackIntegrationWithCredential {
  return {
    id: r.id,
    teamId: r.team_id,
    kind: r.kind as SlackIntegrationKind,
    name: r.name,
    channel: r.channel,
    workspace: r.workspace,
    createdAt: r.created_at,
    credentialCiphertext: r.credential_ciphertext,
  };
}

function withoutCredential(i: SlackIntegrationWithCredential): SlackIntegration {
  const { credentialCiphertext: _, ...rest } = i;
  return rest;
}

/** Inserts a Slack integration. */
export async function insertSlackIntegration(
  db: Kysely<Database>,
  i: SlackIntegrationWithCredential,
): Promise<SlackIntegration> {
  await db
    .insertInto('slack_integrations')
    .values({
      id: i.id,
      team_id: i.teamId,
      kind: i.kind,
      name: i.name,
      channel: i.channel,
      workspace: i.workspace,
      credential_ciphertext: i.credentialCiphertext,
      created_at: i.createdAt,
    })
    .execute();
  return withoutCredential(i);
}

/** A team's Slack integrations, oldest first, without credentials. */
export async function listSlackIntegrations(
  db: Kysely<Database>,
  teamId: string,
): Promise<SlackIntegration[]> {
  const rows = await db
    .selectFrom('slack_integrations')
    .selectAll()
    .where('team_id', '=', teamId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows.map((r) => withoutCredential(toIntegration(r)));
}

/** Finds a Slack integration with its encrypted credential. */
export async function findSlackIntegration(
  db: Kysely<Database>,
  id: string,
): Promise<SlackIntegrationWithCredential | undefined> {
  const row = await db.selectFrom('slack_integrations').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toIntegration(row);
}

/** Deletes a team's Slack integration; false when it did not exist. */
export async function deleteSlackIntegration(
  db: Kysely<Database>,
  teamId: string,
  id: string,
): Promise<boolean> {
  const result = await db
    .deleteFrom('slack_integrations')
    .where('team_id', '=', teamId)
    .where('id', '=', id)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
