import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.js';

/** A secret as listed: everything but its value. */
export interface SecretSummary {
  id: string;
  teamId: string;
  name: string;
  createdBy: string | null;
  createdAt: number;
  updatedAt: number;
}

/** What {@link putSecret} stores: the value is already encrypted by the caller. */
export interface PutSecretInput {
  id: string;
  teamId: string;
  name: string;
  ciphertext: string;
  createdBy: string | null;
  now: number;
}

/**
 * Creates a secret or replaces the value of the one with this name; says which happened. The
 * caller runs it in a transaction so the existence check and the write agree.
 */
export async function putSecret(db: Kysely<Database>, input: PutSecretInput): Promise<'created' | 'updated'> {
  const updated = await db
    .updateTable('secrets')
    .set({ ciphertext: input.ciphertext, updated_at: input.now })
    .where('team_id', '=', input.teamId)
    .where('name', '=', input.name)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) > 0) return 'updated';
  await db
    .insertInto('secrets')
    .values({
      id: input.id,
      team_id: input.teamId,
      name: input.name,
      ciphertext: input.ciphertext,
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  return 'created';
}

/** A team's secrets by name, without their values. */
export async function listSecrets(db: Kysely<Database>, teamId: string): Promise<SecretSummary[]> {
  const rows = await db
    .selectFrom('secrets')
    .select(['id', 'team_id', 'name', 'created_by', 'created_at', 'updated_at'])
    .where('team_id', '=', teamId)
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    teamId: r.team_id,
    name: r.name,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }));
}

/** The encrypted values of the named secrets of a team that exist, by name (for sending). */
export async function findSecretCiphertexts(
  db: Kysely<Database>,
  teamId: string,
  names: readonly string[],
): Promise<Map<string, string>> {
  if (names.length === 0) return new Map();
  const rows = await db
    .selectFrom('secrets')
    .select(['name', 'ciphertext'])
    .where('team_id', '=', teamId)
    .where('name', 'in', [...names])
    .execute();
  return new Map(rows.map((r) => [r.name, r.ciphertext]));
}

/** Deletes a secret; false when there was none of that name. */
export async function deleteSecret(db: Kysely<Database>, teamId: string, name: string): Promise<boolean> {
  const result = await db
    .deleteFrom('secrets')
    .where('team_id', '=', teamId)
    .where('name', '=', name)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
