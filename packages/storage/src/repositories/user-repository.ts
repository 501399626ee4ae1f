import type { Kysely } from 'kysely';
import type { Database, UserTable } from '../database-schema.js';

/** A user as the rest of Bellwether sees it (never with its password hash). */
export interface User {
  id: string;
  orgId: string;
  username: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  createdAt: number;
}

/** Maps a users row to a User. */
export function toUser(row: UserTable): User {
  return {
    id: row.id,
    orgId: row.org_id,
    username: row.username,
    email: row.email,
    displayName: row.display_name,
    isAdmin: row.is_admin === 1,
    createdAt: row.created_at,
  };
}

/** Inserts a user. */
export async function insertUser(db: Kysely<Database>, row: UserTable): Promise<User> {
  await db.insertInto('users').values(row).execute();
  return toUser(row);
}

/** Finds a user by username. */
export async function findUserByUsername(
  db: Kysely<Database>,
  username: string,
): Promise<UserTable | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

/** Finds a user by id. */
export async function findUserById(db: Kysely<Database>, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toUser(row);
}

/** Lists every user of the organization. */
export async function listUsers(db: Kysely<Database>, orgId: string): Promise<User[]> {
  const rows = await db
    .selectFrom('users')
    .selectAll()
    .where('org_id', '=', orgId)
    .orderBy('username')
    .execute();
  return rows.map(toUser);
}

/** Counts users; zero means the database is new. */
export async function countUsers(db: Kysely<Database>): Promise<number> {
  const row = await db
    .selectFrom('users')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Usernames by user id, in one query. */
export async function findUsernamesByIds(
  db: Kysely<Database>,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'username'])
    .where('id', 'in', [...ids])
    .execute();
  return new Map(rows.map((r) => [r.id, r.username]));
}
