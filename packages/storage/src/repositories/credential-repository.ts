import type { Kysely } from 'kysely';
import type { ApiKeyTable, Database } from '../database-schema.js';
import { toUser, type User } from './user-repository.js';

/** Stores an API key by its hash; the key itself is shown once and never stored. */
export async function insertApiKey(db: Kysely<Database>, row: ApiKeyTable): Promise<void> {
  await db.insertInto('api_keys').values(row).execute();
}

/** The user owning the API key with this hash. */
export async function findUserByApiKeyHash(db: Kysely<Database>, keyHash: string): Promise<User | undefined> {
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('users', 'users.id', 'api_keys.user_id')
    .selectAll('users')
    .where('api_keys.key_hash', '=', keyHash)
    .executeTakeFirst();
  return row && toUser(row);
}

/** Lists a user's API keys (names and prefixes only). */
export async function listApiKeys(db: Kysely<Database>, userId: string) {
  return db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'created_at', 'last_used_at'])
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .execute();
}

/** Stores a browser session by its token hash. */
export async function insertSession(
  db: Kysely<Database>,
  row: { id: string; token_hash: string; user_id: string; created_at: number; expires_at: number },
): Promise<void> {
  await db.insertInto('sessions').values(row).execute();
}

/** The user of an unexpired session. */
export async function findUserBySessionHash(
  db: Kysely<Database>,
  tokenHash: string,
  now: number,
): Promise<User | undefined> {
  const row = await db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .where('sessions.token_hash', '=', tokenHash)
    .where('sessions.expires_at', '>', now)
    .executeTakeFirst();
  return row && toUser(row);
}

/** Ends a session. */
export async function deleteSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
}
