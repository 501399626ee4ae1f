import { randomBytes } from 'node:crypto';
import type { IdGenerator } from '@bellwether/core';
import {
  countUsers,
  type Database,
  insertApiKey,
  insertTeam,
  insertUser,
  upsertTeamMember,
} from '@bellwether/storage';
import type { Kysely } from 'kysely';
import { hashPassword, newApiKey, tokenHash } from './auth/credentials.js';

/** The first credentials, returned only when this call created them. */
export interface FirstStart {
  username: string;
  password: string;
  apiKey: string;
  team: string;
  passwordGenerated: boolean;
}

/**
 * On an empty database: creates the organization, an admin user with a password and an API key,
 * and a first team. Returns the credentials to print once, or null when users already exist.
 * Concurrent first starts on Postgres are safe: the unique username makes all but one fail.
 */
export async function bootstrap(
  db: Kysely<Database>,
  deps: { ids: IdGenerator; now: number },
  options: { username: string; password: string | undefined; apiKey: string | undefined; team: string },
): Promise<FirstStart | null> {
  if ((await countUsers(db)) > 0) return null;
  const password = options.password ?? randomBytes(12).toString('base64url');
  const apiKey = options.apiKey ?? newApiKey();
  try {
    await db.transaction().execute(async (trx) => {
      const orgId = deps.ids('org');
      await trx
        .insertInto('organizations')
        .values({ id: orgId, name: 'default', created_at: deps.now })
        .execute();
      const user = await insertUser(trx, {
        id: deps.ids('usr'),
        org_id: orgId,
        username: options.username,
        email: `${options.username}@localhost`,
        display_name: 'Administrator',
        password_hash: hashPassword(password),
        is_admin: 1,
        created_at: deps.now,
      });
      await insertApiKey(trx, {
        id: deps.ids('key'),
        user_id: user.id,
        name: 'first start',
        key_hash: tokenHash(apiKey),
        prefix: apiKey.slice(0, 7),
        created_at: deps.now,
        last_used_at: null,
      });
      const team = await insertTeam(trx, {
        id: deps.ids('team'),
        orgId,
        name: options.team,
        createdAt: deps.now,
      });
      await upsertTeamMember(trx, { teamId: team.id, userId: user.id, role: 'admin', now: deps.now });
    });
  } catch (error) {
    if ((await countUsers(db)) > 0) return null;
    throw error;
  }
  return {
    username: options.username,
    password,
    apiKey,
    team: options.team,
    passwordGenerated: !options.password,
  };
}
