import { type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

/** True when `db` talks to Postgres (the adapter Kysely's Postgres dialect creates). */
export function isPostgres<DB>(db: Kysely<DB>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * `column IN (ids)` for a list of any length. On Postgres it is `column = any($1::text[])`: one
 * parameter, so the statement and the work of planning it stay the same whatever the count.
 * A hundred ids as a hundred parameters cost Postgres more to parse, copy and plan (a custom plan
 * at every bind) than to run. SQLite binds no arrays and plans an IN list cheaply; it keeps one.
 */
export function columnInIds<DB>(db: Kysely<DB>, column: string, ids: readonly string[]): RawBuilder<boolean> {
  return isPostgres(db)
    ? sql<boolean>`${sql.ref(column)} = any(${sql.val(ids)}::text[])`
    : sql<boolean>`${sql.ref(column)} in (${sql.join(ids)})`;
}
